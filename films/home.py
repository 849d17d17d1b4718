"""The home page's shelves and latest critic reviews.

Six queries in all: the content version (filmsite.content.page_cache), the "now playing"
shelf, the newest reviews and the chosen ones (reviews.queries), and the
cards of every shelf with their genres (films.cards).
"""

from django.urls import reverse

from reviews.queries import latest_reviews

from .cards import film_cards
from .filters import DEFAULT_MIN_REVIEWS
from .models import Film, ReleaseStatus

HOME_SHELF = 12
LATEST_REVIEWS = 8
# The newest published reviews read to find LATEST_REVIEWS of visible films.
REVIEW_CANDIDATES = LATEST_REVIEWS * 8


def home_page(index):
    """(shelves, latest_reviews): shelves as (id, heading, film cards, link to
    the whole list); `index`: films.catalogue's index of published films."""
    playing = (
        Film.objects.published()
        .filter(release_status=ReleaseStatus.NOW_PLAYING)
        .order_by("-published_at", "title")
        .values_list("pk", flat=True)[:HOME_SHELF]
    )
    list_url = reverse("films:film-list")
    shelves = [
        (
            "now-playing",
            "Now playing",
            list(playing),
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
    latest = latest_reviews(index.includes, LATEST_REVIEWS, REVIEW_CANDIDATES)
    cards = {film.pk: film for film in film_cards([pk for _, _, pks, _ in shelves for pk in pks])}
    shelves = [
        (key, heading, [cards[pk] for pk in pks if pk in cards and shown(key, cards[pk])], more)
        for key, heading, pks, more in shelves
    ]
    return shelves, latest


def shown(shelf, film):
    """Whether a card belongs on its shelf now: visitors' films only (the index
    may be a few seconds behind an unpublication), and best reviewed only
    with enough reviews for the score to count."""
    if not film.is_published:
        return False
    return shelf != "best-reviewed" or (film.tomatometer_count or 0) >= DEFAULT_MIN_REVIEWS
