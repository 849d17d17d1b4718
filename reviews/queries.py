"""What other pages read of reviews: one named query per section, with the
ORM. The film page shows a film's top reviews and totals; the home page the
latest reviews of films visitors can see."""

from django.db.models import Count, F, OuterRef, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber

from films.models import TOP_AUDIENCE_REVIEWS_PER_SITE, TOP_REVIEWS, Film

from .models import AudienceReview, CriticReview

# What a review card shows of its film: the rest of a film row is large
# (source_values above all) and would only be parsed to be dropped.
UNSHOWN_FILM_FIELDS = ["film__source_values", "film__synopsis", "film__critics_consensus"]


def top_reviews(film):
    """The film page's critic reviews: top critics first, then the newest."""
    return list(
        CriticReview.objects.published()
        .filter(film=film)
        .select_related("critic", "publication")
        .order_by("-is_top_critic", "-review_date", "-id")[:TOP_REVIEWS]
    )


def top_audience_reviews(film):
    """The newest few published audience reviews from each site, so that every
    source is heard; newest first."""
    newest_first = [F("review_date").desc(nulls_last=True), F("id").desc()]
    return list(
        AudienceReview.objects.published()
        .filter(film=film)
        .annotate(
            site_rank=Window(RowNumber(), partition_by=[F("source_site")], order_by=newest_first)
        )
        .filter(site_rank__lte=TOP_AUDIENCE_REVIEWS_PER_SITE)
        .order_by(F("review_date").desc(nulls_last=True), "source_site", "-id")
    )


def _published_count(model):
    """The published reviews of the outer film, counted in a subquery (0 when none)."""
    counts = (
        model.objects.published()
        .filter(film=OuterRef("pk"))
        .order_by()
        .values("film")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counts), 0)


def review_totals(film):
    """(critic reviews, audience reviews) published for `film`, in one query."""
    return (
        Film.objects.filter(pk=film.pk)
        .values_list(_published_count(CriticReview), _published_count(AudienceReview))
        .get()
    )


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
        .defer(*UNSHOWN_FILM_FIELDS)
        .in_bulk(chosen)
    )
    return [found[pk] for pk in chosen if pk in found]
