"""What the film page shows besides the film itself: each section read
through the film's related managers, in the order the page shows it, and the
review sections from reviews.queries. A fixed number of queries whatever
the film (tests/test_query_counts.py)."""

from dataclasses import dataclass

from reviews.queries import review_totals, top_audience_reviews, top_reviews

from .models import Film

# What the page shows of a similar film: its title, and a link when published.
SIMILAR_FIELDS = [
    "film", "position", "title", "tomatometer", "audience_score", "similar_film__title",
    "similar_film__slug", "similar_film__year", "similar_film__status",
    "similar_film__published_at", "similar_film__unpublish_at",
]  # fmt: skip


@dataclass
class FilmPage:
    film: Film
    genres: list
    facts: list
    release_dates: list
    reported_scores: list
    credits: list  # by billing order, then name
    company_roles: list
    watch_options: list
    similar: list
    top_critic_reviews: list
    top_audience_reviews: list
    source_documents: list
    critic_review_total: int
    audience_review_total: int


def film_by_slug(slug):
    """The film at `slug`, published or not (callers check who may see it)."""
    try:
        return Film.objects.get(slug=slug)
    except Film.DoesNotExist:
        return None


def film_page(film):
    """Everything the film page shows about `film`."""
    critic_total, audience_total = review_totals(film)
    return FilmPage(
        film=film,
        genres=list(film.genres.order_by("name")),
        facts=list(film.facts.order_by("position", "label")),
        release_dates=list(film.release_dates.order_by("date", "kind")),
        reported_scores=list(film.reported_scores.order_by("source_site")),
        credits=list(
            film.credits.select_related("person").order_by("billing_order", "person__name", "role")
        ),
        company_roles=list(
            film.company_roles.select_related("company").order_by("kind", "position")
        ),
        watch_options=list(
            film.watch_options.select_related("provider").order_by("offer_type", "provider__name")
        ),
        similar=list(
            film.similar_entries.select_related("similar_film")
            .only(*SIMILAR_FIELDS)
            .order_by("position")
        ),
        top_critic_reviews=top_reviews(film),
        top_audience_reviews=top_audience_reviews(film),
        source_documents=list(film.source_documents.order_by("source_site")),
        critic_review_total=critic_total,
        audience_review_total=audience_total,
    )
