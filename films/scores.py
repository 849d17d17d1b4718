"""Score rules, in one place.

A film's headline scores (stored on Film, see `refresh_scores`) come from
whichever sample is larger: the site's own reviews (critic reviews marked
fresh or rotten; audience reviews with stars) or the scores a source
reported (e.g. "99% of 67 reviews" on Rotten Tomatoes). Marks follow the
usual conventions: fresh from 60%, certified fresh from 75% with at least
80 reviews; an audience score from 60% is "upright".
"""

from decimal import Decimal

from django.db import connection

from films.sql import fetch_all, in_list, now

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
    reported scores: four fixed statements (sent together on PostgreSQL), and
    one UPDATE per film whose scores changed. The importer calls this for
    every document, so it is written in SQL rather than built by the ORM,
    which cost several times more."""
    from films.models import published_sql

    film_ids = list(film_ids)
    if not film_ids:
        return
    films, params = in_list("film_id", film_ids, connection)
    own_films, _ = in_list("id", film_ids, connection)
    at = now(connection)
    critic_rows, audience_rows, reported_rows, film_rows = fetch_all(
        [
            (
                "SELECT film_id, COUNT(*), SUM(CASE WHEN sentiment = 'fresh' THEN 1 ELSE 0 END)"
                f" FROM reviews_criticreview r WHERE {films} AND {published_sql('r')}"
                " AND sentiment <> ''"
                " GROUP BY film_id",
                [*params, at],
            ),
            (
                "SELECT film_id, COUNT(*), SUM(CASE WHEN stars >= %s THEN 1 ELSE 0 END)"
                f" FROM reviews_audiencereview a WHERE {films} AND {published_sql('a')}"
                " AND stars IS NOT NULL GROUP BY film_id",
                [POSITIVE_STARS, *params, at],
            ),
            (
                # By site within each film, as ReportedScore's default order has
                # it, so ties go the same way.
                "SELECT film_id, critic_review_count, tomatometer, audience_score,"
                " audience_rating_count, audience_review_count, audience_rating_count_text"
                f" FROM reviews_reportedscore WHERE {films} ORDER BY film_id, source_site",
                params,
            ),
            (f"SELECT id, {', '.join(SCORE_FIELDS)} FROM films_film WHERE {own_films}", params),
        ]
    )
    critics = {film_id: (total, fresh) for film_id, total, fresh in critic_rows}
    audience = {film_id: (total, positive) for film_id, total, positive in audience_rows}
    reported = {}
    for film_id, *values in reported_rows:
        reported.setdefault(film_id, []).append(values)
    updates = []
    for film_id, *current in film_rows:
        scores = headline_scores(
            critics.get(film_id), audience.get(film_id), reported.get(film_id, [])
        )
        values = [scores[name] for name in SCORE_FIELDS]
        if values != current:
            updates.append([*values, film_id])
    if updates:
        assignments = ", ".join(f"{name} = %s" for name in SCORE_FIELDS)
        counts = [
            [values[SCORE_FIELDS.index(name)] for name in SEARCH_COUNTS] + [values[-1]]
            for values in updates
        ]
        copies = ", ".join(f"{name} = %s" for name in SEARCH_COUNTS)
        with connection.cursor() as cursor:
            cursor.executemany(f"UPDATE films_film SET {assignments} WHERE id = %s", updates)
            # The search orders films by these counts from its own copy.
            cursor.executemany(f"UPDATE films_searchentry SET {copies} WHERE film_id = %s", counts)


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
