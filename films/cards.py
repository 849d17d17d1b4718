"""Film cards (the film list, the home page's shelves), read with fixed SQL as
the film page's sections are (films/sql.py says why): two statements for
a page of cards, sent together on PostgreSQL, where the ORM's in_bulk() and
genre prefetch cost ~5 ms of query building per request on the film list."""

from django.db import DEFAULT_DB_ALIAS, connections

from .models import Film
from .sql import Columns, Query, fetch_all, in_list

# What a card shows (templates/jinja2/includes/components.html, film_card).
_film = Columns(
    Film,
    "f",
    [
        "id", "title", "slug", "year", "runtime_minutes", "certification", "status",
        "published_at", "poster", "tomatometer", "tomatometer_count", "audience_score",
        "audience_count",
    ],
)  # fmt: skip


def film_cards(pks):
    """The films `pks`, in that order (missing ones left out), each with
    `genre_names`: the names of its genres, in order (plain strings: a card
    shows nothing else of them)."""
    if not pks:
        return []
    db = connections[DEFAULT_DB_ALIAS]
    film_in, params = in_list("f.id", pks, db)
    genre_in, _ = in_list("fg.film_id", pks, db)
    films = Query(f"SELECT {_film.sql} FROM films_film f WHERE {film_in}", [_film])
    genres = (
        "SELECT fg.film_id, g.name FROM films_genre g"
        " INNER JOIN films_film_genres fg ON fg.genre_id = g.id"
        f" WHERE {genre_in} ORDER BY g.name ASC, g.id ASC"
    )
    film_rows, genre_rows = fetch_all([(films.sql, params), (genres, params)])
    by_pk = {}
    for film in films.read(film_rows, db):
        film.genre_names = []
        by_pk[film.pk] = film
    for film_id, name in genre_rows:
        by_pk[film_id].genre_names.append(name)
    return [by_pk[pk] for pk in pks if pk in by_pk]
