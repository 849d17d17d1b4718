"""The home page's shelves and latest critic reviews, read with fixed SQL as
the film page's sections are (films/sql.py): sent together and prepared on
PostgreSQL, where planning the ORM's queries cost the server more than
running them.

Four round trips on PostgreSQL in all: the content version (films.cache), the
"now playing" shelf with the newest reviews, the chosen reviews, and the
cards of every shelf.
"""

from django.db import DEFAULT_DB_ALIAS, connections
from django.urls import reverse

from .cards import film_cards
from .film_page import critic_columns, critic_review_columns, publication_columns
from .filters import DEFAULT_MIN_REVIEWS
from .models import Film, ReleaseStatus, published_sql
from .sql import Columns, Query, fetch_all, in_list, now

HOME_SHELF = 12
LATEST_REVIEWS = 8
# The newest published reviews read to find LATEST_REVIEWS of visible films.
REVIEW_CANDIDATES = LATEST_REVIEWS * 8

_film = Columns(Film, "f", ["id", "title", "slug", "year", "status", "published_at"])


# Plain SQL rather than the ORM's querysets: those pass the status values as
# parameters, and PostgreSQL's plan for the prepared statement then cannot
# tell that few films are now playing (it scanned thousands).
NOW_PLAYING = (
    f"SELECT f.id FROM films_film f WHERE f.release_status = '{ReleaseStatus.NOW_PLAYING}'"
    f" AND {published_sql('f')} ORDER BY f.published_at DESC, f.title ASC LIMIT {HOME_SHELF}"
)
# Walk the newest published reviews (an index scan) and keep those of films
# visitors see: filtering on the film first would sort them all.
NEWEST_REVIEWS = (
    f"SELECT r.id, r.film_id FROM reviews_criticreview r WHERE {published_sql('r')}"
    f" ORDER BY r.review_date DESC, r.id DESC LIMIT {REVIEW_CANDIDATES}"
)


def home_page(index):
    """(shelves, latest_reviews): shelves as (id, heading, film cards, link to
    the whole list); `index`: films.catalogue's index of published films."""
    at = [now(connections[DEFAULT_DB_ALIAS])]
    playing, candidates = fetch_all([(NOW_PLAYING, at), (NEWEST_REVIEWS, at)])
    chosen = [pk for pk, film_id in candidates if index.includes(film_id)][:LATEST_REVIEWS]

    list_url = reverse("films:film-list")
    shelves = [
        (
            "now-playing",
            "Now playing",
            [pk for (pk,) in playing],
            f"{list_url}?status={ReleaseStatus.NOW_PLAYING}",
        ),
        (
            "best-reviewed",
            "Best reviewed",
            # Ranked films come first in the ordering: those of the shelf's size.
            index.first("-tomatometer", HOME_SHELF),
            f"{list_url}?ordering=-tomatometer",
        ),
        (
            "recently-added",
            "Recently added",
            index.first("-created_at", HOME_SHELF),
            f"{list_url}?ordering=-created_at",
        ),
    ]
    latest_reviews = reviews_by_id(chosen)
    cards = {film.pk: film for film in film_cards([pk for _, _, pks, _ in shelves for pk in pks])}
    shelves = [
        (key, heading, [cards[pk] for pk in pks if pk in cards and shown(key, cards[pk])], more)
        for key, heading, pks, more in shelves
    ]
    return shelves, latest_reviews


def shown(shelf, film):
    """Whether a card belongs on its shelf now: visitors' films only (the index
    may be a few seconds behind an unpublication), and best reviewed only
    with enough reviews for the score to count."""
    if not film.is_published:
        return False
    return shelf != "best-reviewed" or (film.tomatometer_count or 0) >= DEFAULT_MIN_REVIEWS


def reviews_by_id(pks):
    """The critic reviews `pks`, in that order, with their film, critic and
    publication."""
    if not pks:
        return []
    db = connections[DEFAULT_DB_ALIAS]
    condition, params = in_list("r.id", pks, db)
    query = Query(
        f"SELECT {critic_review_columns.sql}, {_film.sql},"
        f" {critic_columns.sql}, {publication_columns.sql}"
        " FROM reviews_criticreview r"
        " INNER JOIN films_film f ON f.id = r.film_id"
        " LEFT OUTER JOIN reviews_critic cr ON cr.id = r.critic_id"
        " LEFT OUTER JOIN reviews_publication pu ON pu.id = r.publication_id"
        f" WHERE {condition}",
        [critic_review_columns, _film, critic_columns, publication_columns],
        ["film", "critic", "publication"],
    )
    (rows,) = fetch_all([(query.sql, params)])
    found = {review.pk: review for review in query.read(rows, db)}
    return [found[pk] for pk in pks if pk in found]
