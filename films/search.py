"""The site search: films, people, critics and publications, ranked by the
database's own full-text engine. Everything that differs between the two
databases lives in this module; the rest of the site calls its plain API:

- `films(q, user)`, `people(q, user)`, `critics(q)`, `publications(q)`: the
  ranked primary keys of what matches `q` and `user` may see (at most `limit`).
- `refresh_films(ids)`, `refresh_people(ids)`, `refresh_critics(ids)`,
  `refresh_publications(ids)`: bring the search entries of those rows up to
  date; films.signals calls them on every save, the importer and merges after
  their bulk writes. Deleting a row deletes its entry (a cascade).
- `index_everything()`: rebuild every entry (the migration, and the
  `rebuild_search_index` command for operators).

What is searched is one SearchEntry row per object, its texts folded by
`fold()` (no accents, case or punctuation), so both engines see the same text
and "almodovar" finds "Almodóvar". Visibility (drafts, scheduled publication)
is never stored: every search filters it at query time.

Ranking, the same on both engines: an exact title match first, then titles
starting with the words, then films with every word in the title, then in the
title and people's names, then anywhere (synopsis, critics consensus); within
a rank, films with more reviews first. Every word must match; the last one may be a prefix
("almod" finds Almodóvar while typing) when it has two letters or more.

- PostgreSQL: a weighted tsvector (title A, names B, synopsis and consensus
  C), stored in the entry's `document` and GIN-indexed, queried with weight-restricted
  tsqueries; and a trigram GIN index on titles and names (pg_trgm): when no
  entry has every word, a typo in a title word ("shawshenk") or a name
  ("almodobar") still finds it, most similar first.
- SQLite: an FTS5 table over the entries (external content, kept in step by
  triggers), column filters for the ranks. No typo matching. A migration that
  alters films_searchentry makes SQLite rebuild the table, which drops the
  triggers: such a migration must run `drop_engine` before and `create_engine`
  after (tests/test_search.py fails without).
"""

from django.apps import apps as global_apps
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchQuery, SearchVector, TrigramWordSimilarity
from django.db import connection, transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from .importer.text import title_key

MAX_TERMS = 8  # words of a query that count; the rest are ignored
MAX_QUERY_LENGTH = 200
FILM_LIMIT = 1000  # films a search answers at most, best first
PREFIX_MIN_LENGTH = 2  # a last word this long also matches as a prefix: "a*" is everything
TYPO_MIN_LENGTH = 4  # shorter queries are not matched by trigram similarity
FTS_TABLE = "films_search_fts"
CONFIG = "simple"  # no stemming and no stop words: as FTS5's unicode61 tokenizer


def fold(text):
    """Text as searched and stored: no accents, case or punctuation."""
    return title_key((text or "").replace("\x00", " "))


def terms(q):
    """The words of a query that count."""
    return fold((q or "")[:MAX_QUERY_LENGTH]).split()[:MAX_TERMS]


# --- Keeping the entries current ------------------------------------------------------


def _model(apps, name):
    return (apps or global_apps).get_model(name)


def _upsert(apps, field, rows):
    """rows: {object pk: (title, names, body)}; written in one transaction,
    leaving entries that are already up to date alone (a re-import writes nothing)."""
    SearchEntry = _model(apps, "films.SearchEntry")
    current = SearchEntry.objects.filter(**{f"{field}_id__in": list(rows)}).values_list(
        f"{field}_id", "title", "names", "body"
    )
    for pk, *texts in current:
        if rows.get(pk) == tuple(texts):
            del rows[pk]
    if not rows:
        return
    with transaction.atomic():
        SearchEntry.objects.bulk_create(
            [
                SearchEntry(**{f"{field}_id": pk}, title=title, names=names, body=body)
                for pk, (title, names, body) in rows.items()
            ],
            update_conflicts=True,
            unique_fields=[field],
            update_fields=["title", "names", "body"],
            batch_size=500,
        )
        if connection.vendor == "postgresql":
            entries = SearchEntry.objects.filter(**{f"{field}_id__in": list(rows)})
            entries.update(document=vector())


def refresh_films(ids, apps=None):
    ids = {pk for pk in ids if pk is not None}
    if not ids:
        return
    Film = _model(apps, "films.Film")
    Credit = _model(apps, "films.Credit")
    names = {}
    for film_id, name in (
        Credit.objects.filter(film_id__in=ids)
        .order_by("film_id", "billing_order", "pk")
        .values_list("film_id", "person__name")
    ):
        found = names.setdefault(film_id, [])
        if name not in found:
            found.append(name)
    rows = {
        pk: (fold(title), fold(" ".join(names.get(pk, []))), fold(f"{synopsis} {consensus}"))
        for pk, title, synopsis, consensus in Film.objects.filter(pk__in=ids).values_list(
            "pk", "title", "synopsis", "critics_consensus"
        )
    }
    _upsert(apps, "film", rows)


def _refresh_named(model_name, field, ids, apps=None):
    ids = {pk for pk in ids if pk is not None}
    if not ids:
        return
    model = _model(apps, model_name)
    rows = {
        pk: (fold(name), "", "")
        for pk, name in model.objects.filter(pk__in=ids).values_list("pk", "name")
    }
    _upsert(apps, field, rows)


def refresh_people(ids, apps=None):
    _refresh_named("films.Person", "person", ids, apps)


def refresh_critics(ids, apps=None):
    _refresh_named("reviews.Critic", "critic", ids, apps)


def refresh_publications(ids, apps=None):
    _refresh_named("reviews.Publication", "publication", ids, apps)


def refresh_film_and_links(film_id):
    """After an import wrote a film's rows in bulk (no signals): the film's
    entry, and entries for the people, critics and publications it brought
    that have none yet."""
    from reviews.models import Critic, Publication

    from .models import Person

    refresh_films([film_id])
    refresh_people(
        Person.objects.filter(credits__film_id=film_id, search_entry=None).values_list(
            "pk", flat=True
        )
    )
    refresh_critics(
        Critic.objects.filter(reviews__film_id=film_id, search_entry=None).values_list(
            "pk", flat=True
        )
    )
    refresh_publications(
        Publication.objects.filter(reviews__film_id=film_id, search_entry=None).values_list(
            "pk", flat=True
        )
    )


def index_everything(apps=None, batch=2000, slug_prefix=""):
    """Entries for every film, person, critic and publication (whose slug
    starts with `slug_prefix`: generate_demo_data's rows)."""
    for model_name, refresh in (
        ("films.Film", refresh_films),
        ("films.Person", refresh_people),
        ("reviews.Critic", refresh_critics),
        ("reviews.Publication", refresh_publications),
    ):
        rows = _model(apps, model_name).objects.filter(slug__startswith=slug_prefix)
        pks = list(rows.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), batch):
            refresh(pks[start : start + batch], apps=apps)


# --- The engines' tables and indexes (migrations) ------------------------------------


def vector():
    """The weighted words of an entry (PostgreSQL), stored in its `document`."""
    return (
        SearchVector("title", weight="A", config=CONFIG)
        + SearchVector("names", weight="B", config=CONFIG)
        + SearchVector("body", weight="C", config=CONFIG)
    )


KINDS = ("film", "person", "critic", "publication")


def postgresql_indexes():
    """One GIN index of words and one of title trigrams per kind of entry
    (partial): a search for people reads no film's entry."""
    indexes = []
    for kind in KINDS:
        entries = Q(**{f"{kind}__isnull": False})
        indexes += [
            GinIndex(fields=["document"], condition=entries, name=f"films_search_{kind}_doc"),
            GinIndex(
                OpClass("title", name="gin_trgm_ops"),
                condition=entries,
                name=f"films_search_{kind}_trgm",
            ),
        ]
    return indexes


SQLITE_SCHEMA = [
    f"""CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(
        title, names, body,
        content='films_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3')""",
    f"""CREATE TRIGGER films_search_fts_insert AFTER INSERT ON films_searchentry BEGIN
        INSERT INTO {FTS_TABLE}(rowid, title, names, body)
        VALUES (new.id, new.title, new.names, new.body);
    END""",
    f"""CREATE TRIGGER films_search_fts_delete AFTER DELETE ON films_searchentry BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, names, body)
        VALUES ('delete', old.id, old.title, old.names, old.body);
    END""",
    f"""CREATE TRIGGER films_search_fts_update AFTER UPDATE ON films_searchentry BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, names, body)
        VALUES ('delete', old.id, old.title, old.names, old.body);
        INSERT INTO {FTS_TABLE}(rowid, title, names, body)
        VALUES (new.id, new.title, new.names, new.body);
    END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS films_search_fts_insert",
    "DROP TRIGGER IF EXISTS films_search_fts_delete",
    "DROP TRIGGER IF EXISTS films_search_fts_update",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]


def create_engine(apps, schema_editor):
    """Migration step: the engine's index over films_searchentry, then every entry."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        model = apps.get_model("films", "SearchEntry")
        for index in postgresql_indexes():
            schema_editor.add_index(model, index)
    elif vendor == "sqlite":
        for statement in SQLITE_SCHEMA:
            schema_editor.execute(statement)
        # Entries written before (the table existed already): index them too.
        schema_editor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
    index_everything(apps)


def drop_engine(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        model = apps.get_model("films", "SearchEntry")
        for index in postgresql_indexes():
            schema_editor.remove_index(model, index)
    elif vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


# --- Searching ------------------------------------------------------------------------


def films(q, user=None, limit=FILM_LIMIT):
    """Pks of the films matching `q` that `user` may see, best first."""
    return _search("film", q, user, limit)


def people(q, user=None, limit=20):
    return _search("person", q, user, limit)


def critics(q, limit=20):
    return _search("critic", q, None, limit)


def publications(q, limit=20):
    return _search("publication", q, None, limit)


def _search(kind, q, user, limit):
    words = terms(q)
    if not words or limit <= 0:
        return []
    from .models import sees_drafts

    drafts = kind in ("critic", "publication") or (user is not None and sees_drafts(user))
    if connection.vendor == "postgresql":
        return _postgresql(kind, words, drafts, limit)
    if connection.vendor == "sqlite":
        return _sqlite(kind, words, drafts, limit)
    raise NotImplementedError(f"no search engine for {connection.vendor}")


ORDER = {
    "film": ["-film__tomatometer_count", "-film__audience_count", "title", "film_id"],
    "person": ["title", "person_id"],
    "critic": ["title", "critic_id"],
    "publication": ["title", "publication_id"],
}


def _tsquery(words, weights=""):
    """A raw tsquery: every word (quoted: only letters and digits reach here),
    the last one also as a prefix unless it is a single letter."""
    parts = [f"'{word}':{weights}" if weights else f"'{word}'" for word in words]
    if len(words[-1]) >= PREFIX_MIN_LENGTH:
        parts[-1] = f"'{words[-1]}':*{weights}"
    return SearchQuery(" & ".join(parts), search_type="raw", config=CONFIG)


def _postgresql(kind, words, drafts, limit):
    from .models import SearchEntry, published_q

    phrase = " ".join(words)
    entries = SearchEntry.objects.filter(**{f"{kind}__isnull": False})
    if not drafts:
        entries = entries.filter(published_q(kind))
    rank = Case(
        When(title=phrase, then=Value(0)),
        When(title__startswith=phrase, then=Value(1)),
        When(document=_tsquery(words, "A"), then=Value(2)),
        When(document=_tsquery(words, "AB"), then=Value(3)),
        default=Value(4),
        output_field=IntegerField(),
    )
    found = list(
        entries.filter(document=_tsquery(words))
        .alias(rank=rank)
        .order_by("rank", *ORDER[kind])
        .values_list(f"{kind}_id", flat=True)[:limit]
    )
    if found or len(phrase) < TYPO_MIN_LENGTH or min(map(len, words)) < 3:
        return found  # short words are too alike for similarity to mean anything
    # Nothing matches every word: perhaps a typo. Titles and names whose
    # words are most like the query's, by pg_trgm's word similarity.
    return list(
        entries.filter(title__trigram_word_similar=phrase)
        .annotate(similarity=TrigramWordSimilarity(phrase, "title"))
        .order_by("-similarity", *ORDER[kind])
        .values_list(f"{kind}_id", flat=True)[:limit]
    )


def _fts(words, columns=None):
    """An FTS5 query: every word quoted (only letters and digits reach here),
    the last one also as a prefix unless it is a single letter; `columns`
    restricts it to those columns."""
    query = " ".join(f'"{word}"' for word in words)
    if len(words[-1]) >= PREFIX_MIN_LENGTH:
        query += "*"
    return f"{{{' '.join(columns)}}} : ({query})" if columns else query


SQLITE_JOIN = {
    "film": ("films_film", "o.tomatometer_count DESC, o.audience_count DESC, e.title, o.id"),
    "person": ("films_person", "e.title, o.id"),
    "critic": ("reviews_critic", "e.title, o.id"),
    "publication": ("reviews_publication", "e.title, o.id"),
}


def _sqlite(kind, words, drafts, limit):
    from .models import published_sql

    table, order = SQLITE_JOIN[kind]
    phrase = " ".join(words)
    visible = "" if drafts else f"AND {published_sql('o')}"
    sql = f"""
        SELECT o.id, CASE
            WHEN e.title = %s THEN 0
            WHEN substr(e.title, 1, %s) = %s THEN 1
            WHEN e.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s) THEN 2
            WHEN e.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s) THEN 3
            ELSE 4 END AS rank
        FROM {FTS_TABLE} s
        JOIN films_searchentry e ON e.id = s.rowid
        JOIN {table} o ON o.id = e.{kind}_id
        WHERE {FTS_TABLE} MATCH %s {visible}
        ORDER BY rank, {order}
        LIMIT %s"""
    params = [
        phrase,
        len(phrase),
        phrase,
        _fts(words, ["title"]),
        _fts(words, ["title", "names"]),
        _fts(words),
    ]
    if not drafts:
        params.append(timezone.now())
    params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]
