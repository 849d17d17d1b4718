"""Film cards (the film list, the home page's shelves), read with fixed SQL as
the film page's sections are (films/film_page.py says why): two queries for a
page of cards, where the ORM's in_bulk() and genre prefetch cost ~5 ms of query
building per request on the film list."""

from django.db import DEFAULT_DB_ALIAS, connections

from .film_page import Columns, Query
from .models import Film

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
    marks = ", ".join(["%s"] * len(pks))
    films = Query(f"SELECT {_film.sql} FROM films_film f WHERE f.id IN ({marks})", [_film])
    by_pk = {}
    for film in films.instances(pks):
        film.genre_names = []
        by_pk[film.pk] = film
    db = connections[DEFAULT_DB_ALIAS]
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT fg.film_id, g.name FROM films_genre g"
            " INNER JOIN films_film_genres fg ON fg.genre_id = g.id"
            f" WHERE fg.film_id IN ({marks}) ORDER BY g.name ASC, g.id ASC",
            pks,
        )
        for film_id, name in cursor.fetchall():
            by_pk[film_id].genre_names.append(name)
    return [by_pk[pk] for pk in pks if pk in by_pk]
