"""What the film page shows besides the film itself, read with fixed SQL.

The film page is the most visited page of the site. Through the ORM's prefetching,
its dozen queries cost about 12 ms of Python per request (building and compiling each
query, about 1 ms apiece) against about 1 ms in the database. Here each section is a
fixed SQL statement, written once, that both SQLite and PostgreSQL run as is; its rows
become model instances with `Model.from_db()` after the same value conversions the
ORM applies, so templates and helpers see ordinary models. Orderings and filters are
those of the ORM querysets they replace (tests/test_film_page.py compares both).

A section's SQL names its columns through `Columns`, from the models' own field
definitions, so a renamed column cannot silently drift.
"""

from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone

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
    Publishable,
    ReleaseDate,
    SimilarFilm,
    SourceDocument,
    WatchOption,
)

PUBLISHED = Publishable.Status.PUBLISHED


class Columns:
    """Some of a model's fields, read from a table alias."""

    def __init__(self, model, alias, names, *, nullable=False):
        self.model = model
        self.alias = alias
        # In the model's field order: Model.from_db() expects its values so.
        wanted = {model._meta.get_field(name) for name in names}
        self.fields = [field for field in model._meta.concrete_fields if field in wanted]
        self.attnames = [field.attname for field in self.fields]
        # A LEFT JOINed row may be missing: its instance is then None.
        self.nullable = nullable
        self._converters = {}

    @property
    def sql(self):
        return ", ".join(f'{self.alias}."{field.column}"' for field in self.fields)

    def converters(self, db):
        """[(index, [converter, ...], column)] for the backend of `db` (a connection),
        as the ORM's compiler gathers them (e.g. SQLite's text datetimes to aware ones)."""
        vendor = db.vendor
        if vendor not in self._converters:
            found = []
            for index, model_field in enumerate(self.fields):
                column = model_field.cached_col
                functions = db.ops.get_db_converters(column) + model_field.get_db_converters(db)
                if functions:
                    found.append((index, functions, column))
            self._converters[vendor] = found
        return self._converters[vendor]

    def instance(self, values, db):
        """A model instance from a row's `values`, read on `db` (a connection: the
        `connection` proxy costs a thread-local lookup on every use)."""
        if self.nullable and values[0] is None:
            return None
        values = list(values)
        for index, functions, column in self.converters(db):
            value = values[index]
            for function in functions:
                value = function(value, column, db)
            values[index] = value
        return self.model.from_db(db.alias, self.attnames, values)


@dataclass
class Query:
    """A fixed statement whose rows are read as one instance per `Columns`; the
    first `Columns` is the row's own model, the others are attached to it under
    `relations` (attribute names, as select_related would)."""

    sql: str
    columns: list
    relations: list = field(default_factory=list)

    def instances(self, params):
        db = connections[DEFAULT_DB_ALIAS]
        with db.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        result = []
        for row in rows:
            start = 0
            parts = []
            for columns in self.columns:
                end = start + len(columns.fields)
                parts.append(columns.instance(row[start:end], db))
                start = end
            own = parts[0]
            for name, related in zip(self.relations, parts[1:], strict=True):
                setattr(own, name, related)
            result.append(own)
        return result


def _published(alias):
    return f'{alias}."status" = \'{PUBLISHED}\' AND {alias}."published_at" <= %s'


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
_critic_review = Columns(
    CriticReview,
    "r",
    [
        "id", "film_id", "critic_id", "publication_id", "quote", "score_text", "score",
        "sentiment", "is_top_critic", "review_date", "url", "note", "status", "published_at",
    ],
)  # fmt: skip
_critic = Columns(Critic, "cr", ["id", "name", "slug"], nullable=True)
_publication = Columns(Publication, "pu", ["id", "name", "slug"], nullable=True)
TOP_CRITIC_REVIEWS = Query(
    f"SELECT {_critic_review.sql}, {_critic.sql}, {_publication.sql}"
    " FROM reviews_criticreview r"
    " LEFT OUTER JOIN reviews_critic cr ON cr.id = r.critic_id"
    " LEFT OUTER JOIN reviews_publication pu ON pu.id = r.publication_id"
    f" WHERE r.film_id = %s AND {_published('r')}"
    f" ORDER BY r.is_top_critic DESC, r.review_date DESC, r.id DESC LIMIT {TOP_REVIEWS}",
    [_critic_review, _critic, _publication],
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
    f" FROM reviews_audiencereview a WHERE a.film_id = %s AND {_published('a')}"
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
    "SELECT"
    f" (SELECT COUNT(*) FROM reviews_criticreview r WHERE r.film_id = %s AND {_published('r')}),"
    f" (SELECT COUNT(*) FROM reviews_audiencereview a WHERE a.film_id = %s AND {_published('a')})"
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
    """Everything the film page shows about `film`: twelve fixed queries."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    one = [film.pk]
    with connection.cursor() as cursor:
        cursor.execute(REVIEW_TOTALS, [film.pk, now, film.pk, now])
        critic_total, audience_total = cursor.fetchone()
    return FilmPage(
        film=film,
        genres=GENRES.instances(one),
        facts=FACTS.instances(one),
        release_dates=RELEASE_DATES.instances(one),
        reported_scores=REPORTED_SCORES.instances(one),
        credits=CREDITS.instances(one),
        company_roles=COMPANY_ROLES.instances(one),
        watch_options=WATCH_OPTIONS.instances(one),
        similar=SIMILAR.instances(one),
        top_critic_reviews=TOP_CRITIC_REVIEWS.instances([film.pk, now]),
        top_audience_reviews=TOP_AUDIENCE_REVIEWS.instances([film.pk, now]),
        source_documents=SOURCE_DOCUMENTS.instances(one),
        critic_review_total=critic_total,
        audience_review_total=audience_total,
    )
