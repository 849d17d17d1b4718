"""What other pages read of reviews: one named query per section, with the
ORM. The film page shows a film's top reviews and totals; the home page the
latest reviews of films visitors can see."""

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from .models import AudienceReview, CriticReview

# How many critic and audience reviews the film page shows before "see all".
TOP_REVIEWS = 6
TOP_AUDIENCE_REVIEWS_PER_SITE = 4

# What the review cards show (templates/jinja2/includes/components.html):
# reading only these halves the cost of building the rows.
CRITIC_REVIEW_FIELDS = [
    "film", "quote", "score_text", "score", "sentiment", "is_top_critic", "review_date", "url",
    "note", "status", "published_at", "unpublish_at", "critic__name", "critic__slug",
    "publication__name", "publication__slug",
]  # fmt: skip
AUDIENCE_REVIEW_FIELDS = [
    "film", "author_name", "source_site", "stars", "text", "review_date", "status", "published_at",
    "unpublish_at",
]  # fmt: skip
# What the home page's review cards show of their film.
FILM_FIELDS = [
    "film__title", "film__slug", "film__year", "film__status", "film__published_at",
    "film__unpublish_at",
]  # fmt: skip


def top_reviews(film):
    """The film page's critic reviews: top critics first, then the newest."""
    return list(
        CriticReview.objects.published()
        .filter(film=film)
        .select_related("critic", "publication")
        .only(*CRITIC_REVIEW_FIELDS)
        .order_by("-is_top_critic", "-review_date", "-id")[:TOP_REVIEWS]
    )


def top_audience_reviews(film):
    """The newest few published audience reviews from each site, so that every
    source is heard; newest first."""
    newest_first = [F("review_date").desc(nulls_last=True), F("id").desc()]
    return list(
        AudienceReview.objects.published()
        .filter(film=film)
        .only(*AUDIENCE_REVIEW_FIELDS)
        .annotate(
            site_rank=Window(RowNumber(), partition_by=[F("source_site")], order_by=newest_first)
        )
        .filter(site_rank__lte=TOP_AUDIENCE_REVIEWS_PER_SITE)
        .order_by(F("review_date").desc(nulls_last=True), "source_site", "-id")
    )


def review_totals(film):
    """(critic reviews, audience reviews) published for `film`. Two counts:
    one query with a count subquery for each costs more to build than the
    second round trip (bench: 1.0-1.7 ms against 0.6 ms on SQLite)."""
    return film.critic_reviews.published().count(), film.audience_reviews.published().count()


def latest_reviews(film_is_shown, count, candidates):
    """The `count` newest published critic reviews whose film passes
    `film_is_shown(film_id)`, with their film, critic and publication.

    The newest `candidates` reviews are read first (an index scan of the
    published reviews by date) and checked against `film_is_shown`: filtering on
    the films' visibility in the database would sort every review of every
    visible film."""
    newest = (
        CriticReview.objects.published()
        .order_by("-review_date", "-id")
        .values_list("pk", "film_id")[:candidates]
    )
    chosen = [pk for pk, film_id in newest if film_is_shown(film_id)][:count]
    if not chosen:
        return []
    found = (
        CriticReview.objects.select_related("film", "critic", "publication")
        .only(*CRITIC_REVIEW_FIELDS, *FILM_FIELDS)
        .in_bulk(chosen)
    )
    return [found[pk] for pk in chosen if pk in found]
