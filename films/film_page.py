"""What the film page shows besides the film itself, read with fixed SQL.

The film page is the most visited page of the site. Through the ORM's prefetching,
its dozen queries cost about 12 ms of Python per request; here each section is a
fixed statement (films.sql says how they are run). Orderings and filters are
those of the ORM querysets they replace (tests/test_film_page.py compares both).
"""

from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections

from reviews.models import AudienceReview, Critic, CriticReview, Publication, ReportedScore

from .models import (
    TOP_AUDIENCE_REVIEWS_PER_SITE,
    TOP_REVIEWS,
    Company,
    Credit,
    Film,
    FilmCompany,
    FilmFact,
    Genre,
    Person,
    Provider,
    ReleaseDate,
    SimilarFilm,
    SourceDocument,
    WatchOption,
    published_sql,
)
from .sql import Columns, Query, fetch_all, now

_film = Columns(Film, "f", [field.name for field in Film._meta.concrete_fields])
FILM = Query(f"SELECT {_film.sql} FROM films_film f WHERE f.slug = %s", [_film])
_genre = Columns(Genre, "g", ["id", "name", "slug"])
GENRES = Query(
    f"SELECT {_genre.sql} FROM films_genre g"
    " INNER JOIN films_film_genres fg ON fg.genre_id = g.id"
    " WHERE fg.film_id = %s ORDER BY g.name ASC",
    [_genre],
)
_fact = Columns(FilmFact, "f", ["id", "film_id", "label", "value", "position"])
FACTS = Query(
    f"SELECT {_fact.sql} FROM films_filmfact f WHERE f.film_id = %s"
    " ORDER BY f.position ASC, f.label ASC",
    [_fact],
)
_release = Columns(ReleaseDate, "r", ["id", "film_id", "kind", "date", "region", "note"])
RELEASE_DATES = Query(
    f"SELECT {_release.sql} FROM films_releasedate r WHERE r.film_id = %s"
    " ORDER BY r.date ASC, r.kind ASC",
    [_release],
)
_reported = Columns(
    ReportedScore,
    "s",
    [
        "id", "film_id", "source_site", "tomatometer", "critic_review_count", "audience_score",
        "audience_rating_count_text", "audience_rating_count", "audience_review_count",
        "reported_at",
    ],
)  # fmt: skip
REPORTED_SCORES = Query(
    f"SELECT {_reported.sql} FROM reviews_reportedscore s WHERE s.film_id = %s"
    " ORDER BY s.source_site ASC",
    [_reported],
)
_credit = Columns(Credit, "c", ["id", "film_id", "person_id", "role", "character", "billing_order"])
_person = Columns(Person, "p", ["id", "name", "slug", "status", "published_at"])
CREDITS = Query(
    f"SELECT {_credit.sql}, {_person.sql} FROM films_credit c"
    " INNER JOIN films_person p ON p.id = c.person_id"
    " WHERE c.film_id = %s ORDER BY c.billing_order ASC, p.name ASC, c.role ASC",
    [_credit, _person],
    ["person"],
)
_company_role = Columns(FilmCompany, "fc", ["id", "film_id", "company_id", "kind", "region"])
_company = Columns(Company, "co", ["id", "name", "slug"])
COMPANY_ROLES = Query(
    f"SELECT {_company_role.sql}, {_company.sql} FROM films_filmcompany fc"
    " INNER JOIN films_company co ON co.id = fc.company_id"
    " WHERE fc.film_id = %s ORDER BY fc.kind ASC, fc.position ASC",
    [_company_role, _company],
    ["company"],
)
_watch = Columns(
    WatchOption, "w", ["id", "film_id", "provider_id", "offer_type", "url", "last_confirmed"]
)
_provider = Columns(Provider, "pr", ["id", "name", "slug"], nullable=True)
WATCH_OPTIONS = Query(
    f"SELECT {_watch.sql}, {_provider.sql} FROM films_watchoption w"
    " LEFT OUTER JOIN films_provider pr ON pr.id = w.provider_id"
    " WHERE w.film_id = %s ORDER BY w.offer_type ASC, pr.name ASC",
    [_watch, _provider],
    ["provider"],
)
_similar = Columns(
    SimilarFilm,
    "sf",
    ["id", "film_id", "position", "title", "similar_film_id", "tomatometer", "audience_score"],
)
_similar_film = Columns(
    Film, "tf", ["id", "title", "slug", "year", "status", "published_at"], nullable=True
)
SIMILAR = Query(
    f"SELECT {_similar.sql}, {_similar_film.sql} FROM films_similarfilm sf"
    " LEFT OUTER JOIN films_film tf ON tf.id = sf.similar_film_id"
    " WHERE sf.film_id = %s ORDER BY sf.position ASC",
    [_similar, _similar_film],
    ["similar_film"],
)
# Also what films.home reads of the latest reviews.
critic_review_columns = Columns(
    CriticReview,
    "r",
    [
        "id", "film_id", "critic_id", "publication_id", "quote", "score_text", "score",
        "sentiment", "is_top_critic", "review_date", "url", "note", "status", "published_at",
    ],
)  # fmt: skip
critic_columns = Columns(Critic, "cr", ["id", "name", "slug"], nullable=True)
publication_columns = Columns(Publication, "pu", ["id", "name", "slug"], nullable=True)
# The few reviews first, then their critics and publications: joined before the
# LIMIT, PostgreSQL would hash the whole critics table for each page.
TOP_CRITIC_REVIEWS = Query(
    f"SELECT {critic_review_columns.sql}, {critic_columns.sql}, {publication_columns.sql} FROM ("
    f"SELECT * FROM reviews_criticreview r WHERE r.film_id = %s AND {published_sql('r')}"
    f" ORDER BY r.is_top_critic DESC, r.review_date DESC, r.id DESC LIMIT {TOP_REVIEWS}"
    ") r"
    " LEFT OUTER JOIN reviews_critic cr ON cr.id = r.critic_id"
    " LEFT OUTER JOIN reviews_publication pu ON pu.id = r.publication_id"
    " ORDER BY r.is_top_critic DESC, r.review_date DESC, r.id DESC",
    [critic_review_columns, critic_columns, publication_columns],
    ["critic", "publication"],
)
_audience_review = Columns(
    AudienceReview,
    "a",
    [
        "id", "film_id", "author_name", "source_site", "stars", "text", "review_date",
        "status", "published_at",
    ],
)  # fmt: skip
# The newest few from each site, so every source is heard.
TOP_AUDIENCE_REVIEWS = Query(
    f"SELECT {_audience_review.sql} FROM ("
    "SELECT *, ROW_NUMBER() OVER (PARTITION BY source_site"
    " ORDER BY review_date DESC NULLS LAST, id DESC) AS site_rank"
    f" FROM reviews_audiencereview a WHERE a.film_id = %s AND {published_sql('a')}"
    f") a WHERE a.site_rank <= {TOP_AUDIENCE_REVIEWS_PER_SITE}"
    " ORDER BY a.review_date DESC NULLS LAST, a.source_site ASC, a.id DESC",
    [_audience_review],
)
_document = Columns(
    SourceDocument, "d", ["id", "film_id", "file_name", "source_site", "last_imported_at"]
)
SOURCE_DOCUMENTS = Query(
    f"SELECT {_document.sql} FROM films_sourcedocument d WHERE d.film_id = %s"
    " ORDER BY d.source_site ASC",
    [_document],
)
REVIEW_TOTALS = (
    "SELECT (SELECT COUNT(*) FROM reviews_criticreview r"
    f" WHERE r.film_id = %s AND {published_sql('r')}),"
    " (SELECT COUNT(*) FROM reviews_audiencereview a"
    f" WHERE a.film_id = %s AND {published_sql('a')})"
)


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
    found = FILM.instances([slug])
    return found[0] if found else None


def film_page(film):
    """Everything the film page shows about `film`: twelve fixed statements, sent
    together where the backend allows (`fetch_all`)."""
    db = connections[DEFAULT_DB_ALIAS]
    one = [film.pk]
    published = [film.pk, now(db)]
    sections = {
        "genres": (GENRES, one),
        "facts": (FACTS, one),
        "release_dates": (RELEASE_DATES, one),
        "reported_scores": (REPORTED_SCORES, one),
        "credits": (CREDITS, one),
        "company_roles": (COMPANY_ROLES, one),
        "watch_options": (WATCH_OPTIONS, one),
        "similar": (SIMILAR, one),
        "top_critic_reviews": (TOP_CRITIC_REVIEWS, published),
        "top_audience_reviews": (TOP_AUDIENCE_REVIEWS, published),
        "source_documents": (SOURCE_DOCUMENTS, one),
    }
    totals, *rows = fetch_all(
        [(REVIEW_TOTALS, published + published)]
        + [(query.sql, params) for query, params in sections.values()]
    )
    critic_total, audience_total = totals[0]
    return FilmPage(
        film=film,
        critic_review_total=critic_total,
        audience_review_total=audience_total,
        **{
            name: query.read(found, db)
            for (name, (query, _)), found in zip(sections.items(), rows, strict=True)
        },
    )
