"""Score rules, in one place.

A film's headline scores (stored on Film, see `refresh_scores`) come from
whichever sample is larger: the site's own reviews (critic reviews marked
fresh or rotten; audience reviews with stars) or the scores a source
reported (e.g. "99% of 67 reviews" on Rotten Tomatoes). Marks follow the
usual conventions: fresh from 60%, certified fresh from 75% with at least
80 reviews; an audience score from 60% is "upright".
"""

from decimal import Decimal

from django.db.models import Count, Q

FRESH_FROM = 60
CERTIFIED_FRESH_FROM = 75
CERTIFIED_FRESH_MIN_REVIEWS = 80
UPRIGHT_FROM = 60
# An audience review counts as positive from 3.5 stars.
POSITIVE_STARS = Decimal("3.5")
# The headline scores stored on Film.
SCORE_FIELDS = [
    "tomatometer",
    "tomatometer_count",
    "audience_score",
    "audience_count",
    "audience_count_text",
]


def critics_mark(score, count):
    """'certified-fresh', 'fresh', 'rotten' or None (no score)."""
    if score is None:
        return None
    if score >= CERTIFIED_FRESH_FROM and count >= CERTIFIED_FRESH_MIN_REVIEWS:
        return "certified-fresh"
    return "fresh" if score >= FRESH_FROM else "rotten"


def audience_mark(score):
    """'upright', 'spilled' or None (no score)."""
    if score is None:
        return None
    return "upright" if score >= UPRIGHT_FROM else "spilled"


def percentage(part, whole):
    return round(100 * part / whole) if whole else None


def refresh_scores(film_ids):
    """Recompute the headline scores of these films from their reviews and
    reported scores, in a fixed number of queries and one UPDATE per film
    whose scores changed."""
    from films.models import Film
    from reviews.models import AudienceReview, CriticReview, ReportedScore

    film_ids = list(film_ids)
    if not film_ids:
        return
    critics = {
        row["film_id"]: row
        for row in CriticReview.objects.published()
        .filter(film_id__in=film_ids)
        .exclude(sentiment="")
        .values("film_id")
        .annotate(total=Count("id"), fresh=Count("id", filter=Q(sentiment="fresh")))
        .order_by()  # the reviews' default order only costs time here
    }
    audience = {
        row["film_id"]: row
        for row in AudienceReview.objects.published()
        .filter(film_id__in=film_ids, stars__isnull=False)
        .values("film_id")
        .annotate(total=Count("id"), positive=Count("id", filter=Q(stars__gte=POSITIVE_STARS)))
        .order_by()
    }
    reported = {}
    # By site within each film, as the default order has it, so ties go the
    # same way; without that order's join to the films table.
    for score in ReportedScore.objects.filter(film_id__in=film_ids).order_by(
        "film_id", "source_site"
    ):
        reported.setdefault(score.film_id, []).append(score)

    for film in Film.objects.filter(pk__in=film_ids).only(*SCORE_FIELDS).order_by():
        own = critics.get(film.pk)
        candidates = [(own["total"], percentage(own["fresh"], own["total"]))] if own else []
        candidates += [
            (s.critic_review_count or 0, s.tomatometer)
            for s in reported.get(film.pk, [])
            if s.tomatometer is not None
        ]
        scores = {}
        scores["tomatometer_count"], scores["tomatometer"] = max(candidates, default=(0, None))

        own = audience.get(film.pk)
        candidates = (
            [(own["total"], percentage(own["positive"], own["total"]), f"{own['total']:,}")]
            if own
            else []
        )
        for s in reported.get(film.pk, []):
            if s.audience_score is not None:
                count = s.audience_rating_count or s.audience_review_count or 0
                # As the source wrote it ("10,000+" is a lower bound).
                candidates.append(
                    (count, s.audience_score, s.audience_rating_count_text or f"{count:,}")
                )
        scores["audience_count"], scores["audience_score"], scores["audience_count_text"] = max(
            candidates, default=(0, None, ""), key=lambda c: c[0]
        )
        # One plain UPDATE per changed film: bulk_update's CASE expressions
        # cost several times more to build, even for hundreds of films.
        if any(getattr(film, name) != value for name, value in scores.items()):
            Film.objects.filter(pk=film.pk).update(**scores)
