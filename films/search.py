"""The site search: films, people, critics and publications, ranked by the
database's own full-text engine. Everything that differs between the two
databases lives in this module; the rest of the site calls its plain API:

- `films(q, user)`, `people(q, user)`, `critics(q)`, `publications(q)`: the
  ranked primary keys of what matches `q` and `user` may see (at most `limit`).
- `refresh_films(ids)`, `refresh_people(ids)`, `refresh_critics(ids)`,
  `refresh_publications(ids)`: bring the search entries of those rows up to
  date; films.signals and reviews.signals call them on every save, the
  importer and merges after their bulk writes. Deleting a row deletes its entry (a cascade).
- `index_everything()`: rebuild every entry (the migration, and the
  `rebuild_search_index` command for operators).

What is searched is one SearchEntry row per object, its texts folded by
`fold()` (no accents, case or punctuation), so both engines see the same text
and "almodovar" finds "Almodóvar". Visibility (drafts, scheduled publication,
expiry) is never stored: every search filters it at query time.

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
from django.db import connection, models, transaction
from django.db.models import Case, OuterRef, Q, Subquery, Value, When
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


TEXTS = ("title", "names", "body")
COUNTS = ("tomatometer_count", "audience_count")  # a film's, for the search order


def _upsert(apps, field, rows, columns=TEXTS):
    """rows: {object pk: values of `columns`}; written in one transaction,
    leaving entries that are already up to date alone (a re-import writes nothing)."""
    SearchEntry = _model(apps, "films.SearchEntry")
    current = SearchEntry.objects.filter(**{f"{field}_id__in": list(rows)}).values_list(
        f"{field}_id", *columns
    )
    for pk, *values in current:
        if rows.get(pk) == tuple(values):
            del rows[pk]
    if not rows:
        return
    with transaction.atomic():
        SearchEntry.objects.bulk_create(
            [
                SearchEntry(**{f"{field}_id": pk}, **dict(zip(columns, values, strict=True)))
                for pk, values in rows.items()
            ],
            update_conflicts=True,
            unique_fields=[field],
            update_fields=list(columns),
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
    # Migration 0013 indexes films with its own model, which has no counts yet.
    columns = TEXTS + COUNTS
    if not hasattr(_model(apps, "films.SearchEntry"), "tomatometer_count"):
        columns = TEXTS
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
        pk: (
            fold(title),
            fold(" ".join(names.get(pk, []))),
            fold(f"{synopsis} {consensus}"),
            *counts,
        )[: len(columns)]
        for pk, title, synopsis, consensus, *counts in Film.objects.filter(pk__in=ids).values_list(
            "pk", "title", "synopsis", "critics_consensus", *COUNTS
        )
    }
    _upsert(apps, "film", rows, columns)


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


# Only the texts: copying a film's review counts leaves FTS5 alone.
SQLITE_UPDATE_TRIGGER = f"""CREATE TRIGGER films_search_fts_update
    AFTER UPDATE OF title, names, body ON films_searchentry BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, names, body)
        VALUES ('delete', old.id, old.title, old.names, old.body);
        INSERT INTO {FTS_TABLE}(rowid, title, names, body)
        VALUES (new.id, new.title, new.names, new.body);
    END"""
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
    SQLITE_UPDATE_TRIGGER,
]


def title_indexes(vendor):
    """A btree index of titles per kind of entry (partial), for the first two
    ranks (the exact title, titles starting with the words). PostgreSQL
    matches a prefix (LIKE 'the%') through an index only with the pattern
    operator class unless the database's collation is C."""
    title = OpClass("title", name="text_pattern_ops") if vendor == "postgresql" else "title"
    return [
        models.Index(
            title, condition=Q(**{f"{kind}__isnull": False}), name=f"films_search_{kind}_title"
        )
        for kind in KINDS
    ]


def _title_indexes(schema_editor, model, add):
    """Add the missing title indexes, or remove those present: migration
    0013 creates them on a new database (create_engine), 0014 on one made before."""
    with schema_editor.connection.cursor() as cursor:
        present = schema_editor.connection.introspection.get_constraints(
            cursor, model._meta.db_table
        )
    for index in title_indexes(schema_editor.connection.vendor):
        if add and index.name not in present:
            schema_editor.add_index(model, index)
        elif not add and index.name in present:
            schema_editor.remove_index(model, index)


def add_counts_and_title_indexes(apps, schema_editor):
    """Migration step (0014): the film entries' review counts and the title
    indexes; on SQLite, the update trigger that leaves FTS5 alone when only
    the counts change."""
    model = apps.get_model("films", "SearchEntry")
    _title_indexes(schema_editor, model, add=True)
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS films_search_fts_update")
        schema_editor.execute(SQLITE_UPDATE_TRIGGER)
    films = apps.get_model("films", "Film").objects.filter(pk=OuterRef("film_id"))
    model.objects.filter(film__isnull=False).update(
        **{name: Subquery(films.values(name)) for name in COUNTS}
    )


def remove_title_indexes(apps, schema_editor):
    _title_indexes(schema_editor, apps.get_model("films", "SearchEntry"), add=False)


SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS films_search_fts_insert",
    "DROP TRIGGER IF EXISTS films_search_fts_delete",
    "DROP TRIGGER IF EXISTS films_search_fts_update",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]


def create_engine(apps, schema_editor):
    """Migration step: the engine's index over films_searchentry, then every entry."""
    vendor = schema_editor.connection.vendor
    model = apps.get_model("films", "SearchEntry")
    _title_indexes(schema_editor, model, add=True)
    if vendor == "postgresql":
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
    model = apps.get_model("films", "SearchEntry")
    _title_indexes(schema_editor, model, add=False)
    if vendor == "postgresql":
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
    from filmsite.content.models import sees_drafts

    drafts = kind in ("critic", "publication") or (user is not None and sees_drafts(user))
    if connection.vendor == "postgresql":
        return _postgresql(kind, words, drafts, limit)
    if connection.vendor == "sqlite":
        return _sqlite(kind, words, drafts, limit)
    raise NotImplementedError(f"no search engine for {connection.vendor}")


ORDER = {
    "film": ["-tomatometer_count", "-audience_count", "title", "film_id"],
    "person": ["title", "person_id"],
    "critic": ["title", "critic_id"],
    "publication": ["title", "publication_id"],
}


def film_results(q, user=None, shown=12):
    """The `shown` best films for `q` and how many films match (at most
    FILM_LIMIT): a results page shows a few and the number, which needs no
    ranking of them all."""
    pks = films(q, user, shown)
    if len(pks) < shown:
        return pks, len(pks)
    words = terms(q)
    from filmsite.content.models import sees_drafts

    drafts = user is not None and sees_drafts(user)
    if connection.vendor == "postgresql":
        return pks, _postgresql_count(words, drafts, FILM_LIMIT)
    return pks, _sqlite_count(words, drafts, FILM_LIMIT)


def _prefix(words):
    """What a title in the second rank starts with: the words, the last one
    only as a whole word when it is a single letter (as in the tsquery)."""
    phrase = " ".join(words)
    return phrase if len(words[-1]) >= PREFIX_MIN_LENGTH else f"{phrase} "


def _tsquery(words, weights=""):
    """A raw tsquery: every word (quoted: only letters and digits reach here),
    the last one also as a prefix unless it is a single letter."""
    parts = [f"'{word}':{weights}" if weights else f"'{word}'" for word in words]
    if len(words[-1]) >= PREFIX_MIN_LENGTH:
        parts[-1] = f"'{words[-1]}':*{weights}"
    return SearchQuery(" & ".join(parts), search_type="raw", config=CONFIG)


# Why not one query ordering every match by rank: that costs as much as the
# matches ("the" is in most films). The first two ranks are read from the
# title index (or in the films' order, from theirs) and stop at the LIMIT;
# the others, ordered by rank in one query, run only when those two found
# too few. The three queries' rows are disjoint: the results follow each other.
def _postgresql_ranks(kind, words):
    """(condition, order) of each rank's query."""
    phrase = " ".join(words)
    exact = Q(title=phrase)
    starts = exact | Q(title__startswith=_prefix(words))
    rest = Q(document=_tsquery(words)) & ~starts
    if kind != "film":  # the title is all there is
        return [(exact, ORDER[kind]), (starts & ~exact, ORDER[kind]), (rest, ORDER[kind])]
    rank = Case(
        When(document=_tsquery(words, "A"), then=Value(2)),
        When(document=_tsquery(words, "AB"), then=Value(3)),
        default=Value(4),
    )
    return [
        (exact, ORDER[kind]),
        (starts & ~exact, ORDER[kind]),
        (rest, [rank, *ORDER[kind]]),
    ]


def _postgresql_entries(kind, drafts):
    from filmsite.content.models import published_q

    from .models import SearchEntry

    entries = SearchEntry.objects.filter(**{f"{kind}__isnull": False})
    return entries if drafts else entries.filter(published_q(kind))


def _postgresql(kind, words, drafts, limit):
    phrase = " ".join(words)
    entries = _postgresql_entries(kind, drafts)
    found = []
    for condition, order in _postgresql_ranks(kind, words):
        rows = entries.filter(condition).order_by(*order).values_list(f"{kind}_id", flat=True)
        found += rows[: limit - len(found)]
        if len(found) >= limit:
            return found
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


def _postgresql_count(words, drafts, cap):
    """The films matching (or, when none does, similar to) `words`, counted up to `cap`."""
    entries = _postgresql_entries("film", drafts)
    count = entries.filter(document=_tsquery(words))[:cap].count()
    phrase = " ".join(words)
    if count or len(phrase) < TYPO_MIN_LENGTH or min(map(len, words)) < 3:
        return count
    return entries.filter(title__trigram_word_similar=phrase)[:cap].count()


def _fts(words, columns=None):
    """An FTS5 query: every word quoted (only letters and digits reach here),
    the last one also as a prefix unless it is a single letter; `columns`
    restricts it to those columns."""
    query = " ".join(f'"{word}"' for word in words)
    if len(words[-1]) >= PREFIX_MIN_LENGTH:
        query += "*"
    return f"{{{' '.join(columns)}}} : ({query})" if columns else query


SQLITE_ORDER = {
    "film": "e.tomatometer_count DESC, e.audience_count DESC, e.title, e.film_id",
    "person": "e.title, e.person_id",
    "critic": "e.title, e.critic_id",
    "publication": "e.title, e.publication_id",
}


def _sqlite_from(kind, drafts):
    """The entries `e` of `kind` that may be seen: a join, a WHERE condition
    and its parameters. Visitors see the entries of published items: the rule
    of published_q, with the items' table and columns taken from their model."""
    from .models import Publishable, SearchEntry

    if drafts:
        return "", f"e.{kind}_id IS NOT NULL", []
    opts = SearchEntry._meta.get_field(kind).related_model._meta
    quote = connection.ops.quote_name
    status = quote(opts.get_field("status").column)
    published_at = quote(opts.get_field("published_at").column)
    unpublish_at = quote(opts.get_field("unpublish_at").column)
    now = timezone.now()
    return (
        f"JOIN {quote(opts.db_table)} o ON o.{quote(opts.pk.column)} = e.{kind}_id",
        f"e.{kind}_id IS NOT NULL AND o.{status} = %s AND o.{published_at} <= %s"
        f" AND (o.{unpublish_at} IS NULL OR o.{unpublish_at} > %s)",
        [Publishable.Status.PUBLISHED, now, now],
    )


def _sqlite_ranks(kind, words):
    """(condition, order, parameters) of each rank's query, as
    _postgresql_ranks. A title starting with the words is a range of the
    title index: titles are compared byte by byte (SQLite's BINARY
    collation), so those starting with `prefix` sort from `prefix` to just
    before its last character's successor."""
    phrase = " ".join(words)
    prefix = _prefix(words)
    after = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    order = SQLITE_ORDER[kind]
    match = f"e.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"
    rest = f"{match} AND NOT (e.title = %s OR (e.title >= %s AND e.title < %s))"
    ranks = [
        ("e.title = %s", order, [phrase]),
        ("e.title >= %s AND e.title < %s AND e.title <> %s", order, [prefix, after, phrase]),
    ]
    if kind != "film":
        # The title is all there is: matching it alone leaves out the films'
        # texts, which FTS5 would otherwise read (one table for every kind).
        return [*ranks, (rest, order, [_fts(words, ["title"]), phrase, prefix, after])]
    rank = f"CASE WHEN {match} THEN 2 WHEN {match} THEN 3 ELSE 4 END"
    return [
        *ranks,
        (
            rest,
            f"{rank}, {order}",
            [
                _fts(words),
                phrase,
                prefix,
                after,
                _fts(words, ["title"]),
                _fts(words, ["title", "names"]),
            ],
        ),
    ]


def _sqlite(kind, words, drafts, limit):
    join, visible, params = _sqlite_from(kind, drafts)
    found = []
    with connection.cursor() as cursor:
        for condition, order, rank_params in _sqlite_ranks(kind, words):
            cursor.execute(
                f"SELECT e.{kind}_id FROM films_searchentry e {join}"
                f" WHERE {visible} AND {condition} ORDER BY {order} LIMIT %s",
                [*params, *rank_params, limit - len(found)],
            )
            found += [row[0] for row in cursor.fetchall()]
            if len(found) >= limit:
                break
    return found


def _sqlite_count(words, drafts, cap):
    join, visible, params = _sqlite_from("film", drafts)
    with connection.cursor() as cursor:
        cursor.execute(
            # From the FTS table: its matches stream, and stop at the cap.
            f"SELECT COUNT(*) FROM (SELECT 1 FROM {FTS_TABLE} s"
            f" JOIN films_searchentry e ON e.id = s.rowid {join}"
            f" WHERE {FTS_TABLE} MATCH %s AND {visible} LIMIT %s)",
            [_fts(words), *params, cap],
        )
        return cursor.fetchone()[0]
