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

from films.models import Film, SearchEntry

from .models import AudienceReview, CriticReview, ReportedScore

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
# Those that films.search copies onto the films' search entries.
SEARCH_COUNTS = ["tomatometer_count", "audience_count"]


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
    reported scores, and save those that changed (with the search entries'
    copies of the counts)."""
    film_ids = list(film_ids)
    if not film_ids:
        return
    critics = {
        row["film"]: (row["total"], row["fresh"])
        for row in CriticReview.objects.published()
        .filter(film__in=film_ids)
        .exclude(sentiment="")
        .order_by()
        .values("film")
        .annotate(
            total=Count("pk"), fresh=Count("pk", filter=Q(sentiment=CriticReview.Sentiment.FRESH))
        )
    }
    audience = {
        row["film"]: (row["total"], row["positive"])
        for row in AudienceReview.objects.published()
        .filter(film__in=film_ids, stars__isnull=False)
        .order_by()
        .values("film")
        .annotate(total=Count("pk"), positive=Count("pk", filter=Q(stars__gte=POSITIVE_STARS)))
    }
    reported = {}
    # By site within each film, as ReportedScore's default order has it, so
    # ties go the same way.
    for film_id, *values in (
        ReportedScore.objects.filter(film__in=film_ids)
        .order_by("film", "source_site")
        .values_list(
            "film",
            "critic_review_count",
            "tomatometer",
            "audience_score",
            "audience_rating_count",
            "audience_review_count",
            "audience_rating_count_text",
        )
    ):
        reported.setdefault(film_id, []).append(values)
    changed = {}
    for film in Film.objects.filter(pk__in=film_ids).only(*SCORE_FIELDS):
        scores = headline_scores(
            critics.get(film.pk), audience.get(film.pk), reported.get(film.pk, [])
        )
        if any(getattr(film, name) != value for name, value in scores.items()):
            for name, value in scores.items():
                setattr(film, name, value)
            changed[film.pk] = film
    if not changed:
        return
    Film.objects.bulk_update(changed.values(), SCORE_FIELDS)
    # The search orders films by these counts from its own copy.
    entries = list(SearchEntry.objects.filter(film__in=changed).only("film", *SEARCH_COUNTS))
    for entry in entries:
        for name in SEARCH_COUNTS:
            setattr(entry, name, getattr(changed[entry.film_id], name))
    SearchEntry.objects.bulk_update(entries, SEARCH_COUNTS)


def headline_scores(critics, audience, reported):
    """A film's SCORE_FIELDS, in that order: `critics` (total, fresh) and
    `audience` (total, positive) are counts of the site's own reviews, or None;
    `reported` are the reported scores' (critic_review_count, tomatometer,
    audience_score, audience_rating_count, audience_review_count,
    audience_rating_count_text). The larger sample wins; between equal ones,
    the first."""
    candidates = [(critics[0], percentage(critics[1], critics[0]))] if critics else []
    candidates += [
        (review_count or 0, tomatometer)
        for review_count, tomatometer, *_ in reported
        if tomatometer is not None
    ]
    tomatometer_count, tomatometer = max(candidates, default=(0, None))

    candidates = (
        [(audience[0], percentage(audience[1], audience[0]), f"{audience[0]:,}")]
        if audience
        else []
    )
    for _, _, score, rating_count, review_count, count_text in reported:
        if score is not None:
            count = rating_count or review_count or 0
            # As the source wrote it ("10,000+" is a lower bound).
            candidates.append((count, score, count_text or f"{count:,}"))
    audience_count, audience_score, audience_count_text = max(
        candidates, default=(0, None, ""), key=lambda c: c[0]
    )
    return {
        "tomatometer": tomatometer,
        "tomatometer_count": tomatometer_count,
        "audience_score": audience_score,
        "audience_count": audience_count,
        "audience_count_text": audience_count_text,
    }
