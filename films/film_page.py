"""What the film page shows besides the film itself: one prefetch per section,
with the orderings the page shows them in, and the review sections from
reviews.queries. A fixed number of queries whatever the film
(tests/test_query_counts.py)."""

from dataclasses import dataclass

from django.db.models import Prefetch, prefetch_related_objects

from reviews.models import ReportedScore
from reviews.queries import review_totals, top_audience_reviews, top_reviews

from .models import (
    Credit,
    Film,
    FilmCompany,
    FilmFact,
    Genre,
    ReleaseDate,
    SimilarFilm,
    SourceDocument,
    WatchOption,
)

# The film's own sections, in the order the page shows their items.
SECTIONS = [
    Prefetch("genres", queryset=Genre.objects.order_by("name")),
    Prefetch("facts", queryset=FilmFact.objects.order_by("position", "label")),
    Prefetch("release_dates", queryset=ReleaseDate.objects.order_by("date", "kind")),
    Prefetch("reported_scores", queryset=ReportedScore.objects.order_by("source_site")),
    Prefetch(
        "credits",
        queryset=Credit.objects.select_related("person")
        .defer("person__biography")
        .order_by("billing_order", "person__name", "role"),
    ),
    Prefetch(
        "company_roles",
        queryset=FilmCompany.objects.select_related("company").order_by("kind", "position"),
    ),
    Prefetch(
        "watch_options",
        queryset=WatchOption.objects.select_related("provider").order_by(
            "offer_type", "provider__name"
        ),
    ),
    Prefetch(
        "similar_entries",
        # A similar film is shown by its title and link only.
        queryset=SimilarFilm.objects.select_related("similar_film")
        .defer(
            "similar_film__source_values",
            "similar_film__synopsis",
            "similar_film__critics_consensus",
        )
        .order_by("position"),
    ),
    Prefetch("source_documents", queryset=SourceDocument.objects.order_by("source_site")),
]


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
    return Film.objects.filter(slug=slug).first()


def film_page(film):
    """Everything the film page shows about `film`."""
    prefetch_related_objects([film], *SECTIONS)
    critic_total, audience_total = review_totals(film)
    return FilmPage(
        film=film,
        genres=list(film.genres.all()),
        facts=list(film.facts.all()),
        release_dates=list(film.release_dates.all()),
        reported_scores=list(film.reported_scores.all()),
        credits=list(film.credits.all()),
        company_roles=list(film.company_roles.all()),
        watch_options=list(film.watch_options.all()),
        similar=list(film.similar_entries.all()),
        top_critic_reviews=top_reviews(film),
        top_audience_reviews=top_audience_reviews(film),
        source_documents=list(film.source_documents.all()),
        critic_review_total=critic_total,
        audience_review_total=audience_total,
    )
