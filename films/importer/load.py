"""Load stage: typed records -> database rows. The only importer stage that
touches the ORM; the command runs it inside one transaction per document.

Rules, each in one place here:

- A document describes one film, matched on its normalised title and year
  (`find_film`), so pages from several sites end as one film. A document
  without a year matches the one film of that title; with a year, the film
  of that year or else the one film of that title without a year. When
  several films fit, the document is rejected rather than guessed.
- Each document has a capture time (`SourceDocument.captured_at`). When two
  documents give a film field or an imported row different values, the one
  that outranks the other keeps it (`CaptureOrder`): the site with the higher
  PRIORITY, then the newer capture. An older capture still adds rows only it
  has, and never reverts a value; so any set of documents, imported in any
  order and any number of times, gives the same database.
- Each film field remembers the value imported, the site and the document
  (`Film.source_values`). A field whose current value differs from what was
  imported was edited by hand: imports leave it alone and report a conflict.
- Every other imported row carries a fingerprint of the values it was given
  (`ImportedRow`) and the document that wrote them. A row that no longer
  matches its fingerprint was edited by hand (or made by hand) and is
  likewise left alone.
- Rows are found by natural keys (film + person + role, film + site +
  author, ...) that database constraints make unique, and written in bulk, so
  two imports running at once cannot duplicate anything and a second import of
  the same document changes nothing.
"""

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.text import slugify

from films import history, search
from films.models import (
    ChangeRecord,
    Company,
    ContentVersion,
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
    film_title_key,
)
from films.sql import insert
from reviews.models import AudienceReview, Critic, CriticReview, Publication, ReportedScore
from reviews.scores import refresh_scores

from .formats import get_format
from .records import DocumentError, KnownNames, ParsedDocument
from .text import title_key

# Film fields an import may set, in the order the report lists them.
FILM_FIELDS = [
    "year",
    "runtime_minutes",
    "certification",
    "certification_reason",
    "synopsis",
    "critics_consensus",
    "release_status",
    "original_language",
    "sound_mix",
    "aspect_ratio",
]
BATCH_SIZE = 500
# The kinds of rows a film's headline scores are computed from (reviews.scores).
SCORED_KINDS = ["critic reviews", "audience reviews", "reported scores"]


@dataclass
class LoadReport:
    film: Film
    outcome: str
    new_film: bool = False
    counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    conflicts: list[str] = field(default_factory=list)
    captures: "CaptureOrder | None" = None

    def count(self, kind, what, n=1):
        if n:
            self.counts[kind][what] += n

    @property
    def changed(self):
        return any(self.wrote(kind) for kind in self.counts)

    def wrote(self, kind):
        counts = self.counts.get(kind)  # not counts[kind]: that would add an empty kind
        return bool(counts and (counts["created"] or counts["updated"]))

    def summary(self):
        return {kind: dict(counter) for kind, counter in self.counts.items()}


def known_names():
    """Critics and publications the site can trust, to split run-together
    review lines reliably: those of a review that was split with certainty
    or that an editor checked (`needs_review` clear), and those an editor
    created or changed (their history names no source document). Never the
    guess of an unsure review, which may be a name cut short ("Daily" of
    "Daily Telegraph (UK)"), nor a guess left behind when an editor moved
    its review to the right name."""

    def trusted(model, link):
        by_editor = ChangeRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            source_document__isnull=True,
            action__in=[ChangeRecord.Action.CREATED, ChangeRecord.Action.CHANGED],
        ).values("object_id")
        checked = CriticReview.objects.filter(**{link: OuterRef("pk")}, needs_review=False)
        return frozenset(
            model.objects.filter(Q(Exists(checked)) | Q(pk__in=by_editor)).values_list(
                "name", flat=True
            )
        )

    return KnownNames(
        critics=trusted(Critic, "critic"), publications=trusted(Publication, "publication")
    )


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fingerprint(values: dict) -> str:
    parts = []
    for name in sorted(values):
        value = values[name]
        if isinstance(value, Decimal):
            value = format(value.normalize(), "f")
        elif isinstance(value, date):
            value = value.isoformat()
        parts.append(f"{name}={value!r}")
    return hashlib.md5("\x1f".join(parts).encode(), usedforsecurity=False).hexdigest()


# --- Entities found by name ------------------------------------------------------


def rows(sql, params):
    """The rows of a plain SQL read. The loader's reads run for every document;
    written as SQL they cost a fraction of what the ORM spends building them."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def unique_slug(model, text, taken=()):
    base = slugify(text)[:200] or "item"
    slug, n = base, 1
    table = model._meta.db_table
    while slug in taken or rows(f"SELECT 1 FROM {table} WHERE slug = %s", [slug]):
        n += 1
        slug = f"{base}-{n}"
    return slug


class NameCache:
    """Primary keys of people, critics, genres, ... by lower-cased name, kept
    for one import run so repeated names cost no query. Rows created by a
    document are learnt only once its transaction has committed, so a
    rolled-back document cannot leave dangling keys behind."""

    def __init__(self):
        self.known = defaultdict(dict)
        self.pending = defaultdict(dict)

    def get(self, model, key):
        return self.known[model].get(key)

    def add(self, model, key, pk):
        self.pending[model][key] = pk

    def commit(self):
        for model, entries in self.pending.items():
            self.known[model].update(entries)
        self.pending.clear()

    def discard(self):
        self.pending.clear()


def resolve_names(model, names, report, kind, cache, defaults=None):
    """Map each name (lower-cased) to the primary key of a row of `model`
    (Person, Critic, Genre, ...), creating the missing rows with
    `defaults(name)`. Names match ignoring case, as the unique constraints do."""
    wanted = {name.lower(): name for name in names if name}
    found = {key: pk for key in wanted if (pk := cache.get(model, key))}
    lookup = {key: name for key, name in wanted.items() if key not in found}
    created = 0
    if lookup:
        found |= fetch_by_names(model, lookup)
        missing = [name for key, name in lookup.items() if key not in found]
        if missing:
            new = [
                {
                    "name": name,
                    "slug": slugify(name)[:200] or "item",
                    **(defaults(name) if defaults else {}),
                }
                for name in missing
            ]
            # Another import may create the same rows at the same moment:
            # conflicts are skipped here and the rows fetched again below.
            insert(model, new, ignore_conflicts=True)
            found |= fetch_by_names(model, {name.lower(): name for name in missing})
            taken = {row["slug"] for row in new}
            for name in missing:
                if name.lower() not in found:  # the slug belongs to a different name
                    found[name.lower()] = create_with_free_slug(model, name, defaults, taken)
            created = len(missing)
        for key in lookup:
            cache.add(model, key, found[key])
    report.count(kind, "created", created)
    report.count(kind, "unchanged", len(wanted) - created)
    return found


def fetch_by_names(model, wanted):
    """Lower-cased name -> pk, comparing with the database's own LOWER() so
    the match agrees with the case-insensitive unique constraint."""
    # The same expression as the unique index on LOWER(name), which answers it.
    marks = ", ".join(["LOWER(%s)"] * len(wanted))
    found = rows(
        f"SELECT id, name FROM {model._meta.db_table} WHERE LOWER(name) IN ({marks})",
        list(wanted.values()),
    )
    return {name.lower(): pk for pk, name in found}


def create_with_free_slug(model, name, defaults, taken):
    for _attempt in range(5):
        slug = unique_slug(model, name, taken)
        try:
            with transaction.atomic():
                return model.objects.create(
                    name=name, slug=slug, **(defaults(name) if defaults else {})
                ).pk
        except IntegrityError:
            taken.add(slug)
            existing = fetch_by_names(model, {name.lower(): name})
            if existing:
                return existing[name.lower()]
    raise IntegrityError(f"could not create {model._meta.verbose_name} {name!r}")


# --- The film and its fields -----------------------------------------------------


def find_film(title, year):
    """The film a document about `title` (`year`, or None) describes, or None
    for a new film. Raises DocumentError when several films fit: a guess
    could merge two films, and a new film would duplicate one."""
    key = title_key(title)
    candidates = [
        (film_id, candidate_year)
        for film_id, candidate_title, candidate_year in rows(
            "SELECT id, title, year FROM films_film WHERE title_key = %s",
            [film_title_key(title)],
        )
        if title_key(candidate_title) == key  # the column holds the start of long keys
    ]
    if year:
        # A film of that year; else one created from a page that gave no year.
        fits = [pk for pk, y in candidates if y == year] or [
            pk for pk, y in candidates if y is None
        ]
    else:
        fits = [pk for pk, _year in candidates]
    if len(fits) <= 1:
        return Film.objects.get(pk=fits[0]) if fits else None
    films = "; ".join(
        f"{film} at {film.get_absolute_url()}"
        for film in Film.objects.filter(pk__in=fits).order_by("year", "pk")
    )
    given = f"gives the year {year}" if year else "gives no year"
    raise DocumentError(
        f"ambiguous film: the document {given} and {len(fits)} films on the site "
        f"fit the title {title!r} ({films}); add the year to the document, or merge "
        "the duplicates, and import it again"
    )


class CaptureOrder:
    """Whose values a film field or an imported row keeps when two documents
    disagree: the site with the higher PRIORITY, then the newer capture, then
    (captured at the same moment) the higher content hash. A total order, so
    the outcome of a set of documents never depends on the order they are read
    in; and an older capture never reverts what a newer one wrote.

    Knows the rank of `document` (the one being loaded) and learns the ranks
    of the documents that wrote the rows it meets, a query per batch."""

    def __init__(self, document):
        self.document = document
        self.rank = rank(document.format, document.captured_at, document.content_hash)
        self.ranks = {document.pk: self.rank}

    def learn(self, document_ids):
        missing = {pk for pk in document_ids if pk is not None and pk not in self.ranks}
        if not missing:
            return
        self.ranks |= dict.fromkeys(missing)  # a deleted document ranks nowhere
        found = SourceDocument.objects.filter(pk__in=missing).values_list(
            "pk", "format", "captured_at", "content_hash"
        )
        for pk, format_name, captured_at, digest in found:
            self.ranks[pk] = rank(format_name, captured_at, digest)

    def outranked_by(self, document_id, priority=None):
        """True when values written from `document_id` must stay. Without the
        document (deleted since), `priority` is what the values remember."""
        self.learn([document_id])
        other = self.ranks.get(document_id)
        if other is None:
            return priority is not None and priority > self.rank[0]
        return other > self.rank


# Ranks a document whose capture time is unknown below every capture.
NEVER = datetime.min.replace(tzinfo=UTC)


def rank(format_name, captured_at, content_hash):
    try:
        priority = getattr(get_format(format_name), "PRIORITY", 0)
    except DocumentError:  # documents of a format since removed
        priority = 0
    return (priority, captured_at or NEVER, content_hash)


def apply_film_fields(film, record, document, captures, report, created):
    """Set each imported film field unless an editor changed it by hand or a
    document that outranks this one (`CaptureOrder`) supplied it. Returns the
    fields whose value changed; `film.source_values` also follows the document
    that outranks the others when the value is the same."""
    changed = []
    captures.learn(entry.get("document") for entry in film.source_values.values())
    for name in FILM_FIELDS:
        incoming = getattr(record, name)
        if incoming in (None, ""):
            continue
        current = getattr(film, name)
        entry = film.source_values.get(name)
        if entry is None and not created and current not in (None, "") and current != incoming:
            report.conflicts.append(
                f"{name}: kept the value set by hand ({current!r}); the source says {incoming!r}"
            )
            continue
        if entry is not None and entry["value"] != current:
            if incoming != current:
                report.conflicts.append(
                    f"{name}: kept the value edited by hand ({current!r}); "
                    f"the source says {incoming!r}"
                )
            continue
        if entry is not None and captures.outranked_by(entry.get("document"), entry["priority"]):
            continue
        source = {
            "value": incoming,
            "site": document.source_site,
            "priority": captures.rank[0],
            "document": document.pk,
        }
        if entry != source:
            film.source_values[name] = source
        if current != incoming:
            setattr(film, name, incoming)
            changed.append(name)
    return changed


def create_film(record, document, captures, publish):
    base = f"{record.title} {record.year}" if record.year else record.title
    film = Film(
        title=record.title,
        slug=unique_slug(Film, base),
        source_values={},
        **publication_state(publish),
    )
    apply_film_fields(film, record, document, captures, LoadReport(film, ""), created=True)
    # Field checks in Python give messages naming the field; the database
    # enforces the constraints (and the parser already checked ranges).
    film.clean_fields(exclude=["slug"])
    film.save()
    return film


# --- Rows that belong to the film -------------------------------------------------


class RowSync:
    """Creates, updates or leaves alone one kind of imported row.

    `values` are the imported facts (fingerprinted, protected once edited);
    `bookkeeping` are importer fields that follow the document that outranks
    the others (`CaptureOrder`), as the values do. Call `learn(rows)` with the
    existing rows before applying to them."""

    def __init__(self, model, kind, film, document, report):
        self.model, self.kind = model, kind
        self.film, self.document, self.report = film, document, report
        self.captures = report.captures
        self.new, self.changed, self.update_fields = [], [], set()

    def learn(self, rows):
        self.captures.learn(row.source_document_id for row in rows)

    def apply(self, row, key_values, values, bookkeeping=None, describe=""):
        bookkeeping = bookkeeping or {}
        if row is None:
            self.new.append(
                {
                    "film_id": self.film.pk,
                    "source_document_id": self.document.pk,
                    "import_fingerprint": fingerprint(values),
                    **key_values,
                    **values,
                    **bookkeeping,
                }
            )
            self.report.count(self.kind, "created")
            return
        current = {name: getattr(row, name) for name in values}
        if self.captures.outranked_by(row.source_document_id):
            # Written from a newer capture (or a site of higher priority).
            same = current == values
            self.report.count(self.kind, "unchanged" if same else "kept from a newer capture")
            return
        dirty = written = False
        if current != values:
            if row.import_fingerprint != fingerprint(current):
                self.report.conflicts.append(
                    f"{self.kind} {describe or row}: kept the row edited by hand"
                )
                self.report.count(self.kind, "conflicts")
                return
            for name, value in values.items():
                setattr(row, name, value)
            row.import_fingerprint = fingerprint(values)
            self.update_fields.update(values, {"import_fingerprint"})
            dirty = written = True
        for name, value in bookkeeping.items():
            if getattr(row, name) != value:
                setattr(row, name, value)
                self.update_fields.add(name)
                dirty = written = True
        # The row now stands for this document, the highest-ranked that gave
        # it, even when the values were the same: a capture ranked between
        # them must not overwrite it later. (Rows made by hand stay so.)
        if row.source_document_id != self.document.pk and (written or row.source_document_id):
            row.source_document_id = self.document.pk
            self.update_fields.add("source_document")
            dirty = True
        if dirty:
            self.changed.append(row)
        self.report.count(self.kind, "updated" if written else "unchanged")

    def save(self):
        insert(self.model, self.new)
        if self.changed:
            self.model.objects.bulk_update(
                self.changed, sorted(self.update_fields), batch_size=BATCH_SIZE
            )


def sync_keyed(
    model, kind, film, document, report, items, key_fields, describe=str, bookkeeping=None
):
    """`items` maps a natural key (tuple of key_fields values) to its values;
    `bookkeeping` optionally maps keys to fields that always follow the import."""
    existing = (
        {}
        if report.new_film
        else {
            tuple(getattr(row, name) for name in key_fields): row
            for row in model.objects.filter(film=film)
        }
    )
    sync = RowSync(model, kind, film, document, report)
    sync.learn(existing.values())
    for key, values in items.items():
        sync.apply(
            existing.get(key),
            dict(zip(key_fields, key, strict=True)),
            values,
            (bookkeeping or {}).get(key),
            describe=describe(key),
        )
    sync.save()


def published_now():
    """New reviews are public at once (moderators hide them), and stay in
    whatever state moderators put them in on later imports."""
    return {"status": Publishable.Status.PUBLISHED, "published_at": timezone.now()}


def publication_state(publish):
    """Fields for new films and people: drafts, or published now with --publish."""
    if publish:
        return {"status": Film.Status.PUBLISHED, "published_at": timezone.now()}
    return {}


def load_credits(film, record, document, report, publish, cache):
    state = publication_state(publish)
    people = resolve_names(
        Person, [c.name for c in record.credits], report, "people", cache, lambda name: state
    )
    items = {}
    for credit in record.credits:
        key = (people[credit.name.lower()], credit.role)
        if key not in items:
            values = {"character": credit.character if credit.role == "cast" else ""}
            values["billing_order"] = credit.order
            items[key] = values
    names = {people[credit.name.lower()]: credit.name for credit in record.credits}
    sync_keyed(
        Credit, "credits", film, document, report, items, ["person_id", "role"],
        describe=lambda key: f"{names[key[0]]} ({key[1]})",
    )  # fmt: skip


def load_companies(film, record, document, report, publish, cache):
    companies = resolve_names(
        Company, [c.name for c in record.companies], report, "companies", cache
    )
    items = {}
    for company in record.companies:
        key = (companies[company.name.lower()], company.kind)
        items.setdefault(key, {"region": company.region, "position": company.order})
    sync_keyed(FilmCompany, "company roles", film, document, report, items, ["company_id", "kind"])


def load_release_dates(film, record, document, report, publish, cache):
    items = {(r.kind, r.date, r.region): {"note": r.note} for r in record.release_dates}
    sync_keyed(
        ReleaseDate, "release dates", film, document, report, items, ["kind", "date", "region"]
    )


def load_watch_options(film, record, document, report, publish, cache):
    names = [w.provider for w in record.watch_options if w.provider]
    providers = resolve_names(Provider, names, report, "providers", cache)
    # An offer is confirmed on the day the page showing it was captured.
    confirmed = timezone.localdate(document.captured_at)
    items = {}
    for option in record.watch_options:
        provider_id = providers[option.provider.lower()] if option.provider else None
        items[(provider_id, option.offer_type)] = {"last_confirmed": confirmed}
    sync_keyed(
        WatchOption, "watch options", film, document, report, items, ["provider_id", "offer_type"]
    )


def load_similar(film, record, document, report, publish, cache):
    linked = films_by_titles([entry.title for entry in record.similar])
    items, links = {}, {}
    for entry in record.similar:
        items[(entry.title,)] = {
            "position": entry.order,
            "tomatometer": entry.tomatometer,
            "audience_score": entry.audience_score,
        }
        target = linked.get(title_key(entry.title))
        if target and target != film.pk:
            # The link is derived from what the site has, not a source fact:
            # bookkeeping, never unset (an editor may have linked it by hand).
            links[(entry.title,)] = {"similar_film_id": target}
    sync_keyed(
        SimilarFilm, "similar films", film, document, report, items, ["title"], bookkeeping=links
    )
    if report.new_film:
        # Pages imported earlier may recommend this film: link them to it now.
        key = title_key(film.title)
        waiting = rows(
            "SELECT id, title FROM films_similarfilm"
            " WHERE LOWER(title) = LOWER(%s) AND similar_film_id IS NULL",
            [film.title],
        )
        ids = [pk for pk, title in waiting if title_key(title) == key]
        if ids:
            SimilarFilm.objects.filter(pk__in=ids).exclude(film=film).update(similar_film=film)


def films_by_titles(titles):
    """Normalised title -> id of the one film with that title (ambiguous
    titles, such as remakes, link to nothing)."""
    if not titles:
        return {}
    lowered = sorted({title.lower() for title in titles})
    marks = ", ".join(["%s"] * len(lowered))
    found = rows(f"SELECT id, title FROM films_film WHERE LOWER(title) IN ({marks})", lowered)
    matches = defaultdict(set)
    for film_id, title in found:
        matches[title_key(title)].add(film_id)
    return {key: ids.pop() for key, ids in matches.items() if len(ids) == 1}


def load_facts(film, record, document, report, publish, cache):
    items = {
        (label,): {"value": value, "position": position}
        for position, (label, value) in enumerate(record.extra_facts)
    }
    sync_keyed(FilmFact, "facts", film, document, report, items, ["label"])


def load_scores(film, record, document, report, publish, cache):
    if record.scores is None:
        return
    scores = record.scores
    values = {
        "tomatometer": scores.tomatometer,
        "critic_review_count": scores.critic_review_count,
        "audience_score": scores.audience_score,
        "audience_rating_count_text": scores.audience_rating_count_text,
        "audience_rating_count": scores.audience_rating_count,
        "audience_review_count": scores.audience_review_count,
        "reported_at": document.captured_at,
    }
    items = {(document.source_site,): values}
    sync_keyed(ReportedScore, "reported scores", film, document, report, items, ["source_site"])


def load_critic_reviews(film, record, document, report, publish, cache):
    reviews = record.critic_reviews
    publications = resolve_names(
        Publication, [r.publication for r in reviews], report, "publications", cache
    )
    # A new critic's usual publication is the one they first appear with.
    first_publication = {}
    for review in reviews:
        if review.critic and review.publication:
            first_publication.setdefault(review.critic, publications[review.publication.lower()])
    critics = resolve_names(
        Critic,
        [r.critic for r in reviews],
        report,
        "critics",
        cache,
        lambda name: {"publication_id": first_publication.get(name)},
    )
    existing = [] if report.new_film else list(CriticReview.objects.filter(film=film))
    by_source = {row.source_key: row for row in existing if row.source_key}
    by_author = {(row.critic_id, row.publication_id): row for row in existing}
    sync = RowSync(CriticReview, "critic reviews", film, document, report)
    sync.learn(existing)
    seen = set()
    for review in reviews:
        author = (
            critics[review.critic.lower()] if review.critic else None,
            publications[review.publication.lower()] if review.publication else None,
        )
        source_key = hashlib.sha1(review.raw.encode(), usedforsecurity=False).hexdigest()
        if author in seen:
            report.count("critic reviews", "duplicates in document")
            continue
        seen.add(author)
        row = by_source.get(source_key) or by_author.get(author)
        values = {
            "critic_id": author[0],
            "publication_id": author[1],
            "quote": review.quote,
            "score_text": review.score_text,
            "score": review.score,
            "sentiment": review.sentiment,
            "review_date": review.review_date,
            "note": review.note,
        }
        bookkeeping = {"raw_source": review.raw, "source_key": source_key}
        if row is None:
            bookkeeping |= {"needs_review": review.uncertain, **published_now()}
        elif (row.critic_id, row.publication_id) != author:
            # A split this import settles differently (unless an editor
            # changed the row, which the sync keeps): flagged as sure as it is.
            bookkeeping["needs_review"] = review.uncertain
        sync.apply(
            row, {}, values, bookkeeping, describe=f"by {review.critic or review.publication}"
        )
        unsure = review.uncertain if row is None else row.needs_review
        report.count("critic reviews", "still unsure", int(unsure))
    sync.save()


def load_audience_reviews(film, record, document, report, publish, cache):
    site = document.source_site
    rows = AudienceReview.objects.filter(film=film, source_site=site)
    existing = {} if report.new_film else {row.author_name: row for row in rows.iterator()}
    sync = RowSync(AudienceReview, "audience reviews", film, document, report)
    sync.learn(existing.values())
    seen = set()
    for review in record.audience_reviews:
        if review.author in seen:
            report.count("audience reviews", "duplicates in document")
            continue
        seen.add(review.author)
        values = {"stars": review.stars, "text": review.text, "review_date": review.review_date}
        row = existing.get(review.author)
        sync.apply(
            row,
            {"author_name": review.author, "source_site": site},
            values,
            None if row else published_now(),
            describe=f"by {review.author}",
        )
        if len(sync.new) >= BATCH_SIZE:  # keep memory bounded on huge documents
            sync.save()
            sync.new, sync.changed = [], []
    sync.save()


# --- Whole documents -------------------------------------------------------------


def load_document(
    parsed: ParsedDocument,
    *,
    file_name: str,
    data: bytes,
    text: str,
    publish: bool = False,
    cache: NameCache | None = None,
    captured_at: datetime | None = None,
):
    """Write one parsed document. Call inside a transaction; with a shared
    `cache`, call `cache.commit()` once it has committed.

    The document was captured when the page itself says, else at
    `captured_at`, else now. Content imported before keeps the capture time
    it was first given: the same bytes are the same capture."""
    cache = cache if cache is not None else NameCache()
    now = timezone.now()
    digest = content_hash(data)
    known = rows("SELECT id FROM films_sourcedocument WHERE content_hash = %s", [digest])
    document = SourceDocument.objects.get(pk=known[0][0]) if known else None
    if document is None:
        captured_at = parsed.captured_at or captured_at or now
        if captured_at > now:
            raise DocumentError(
                f"its capture time ({captured_at.isoformat(timespec='seconds')}) is in the "
                "future: give the time it was captured"
            )
        document = SourceDocument.objects.create(
            file_name=file_name,
            content_hash=digest,
            format=parsed.format,
            source_site=parsed.source_site,
            size_bytes=len(data),
            text=text,
            outcome=SourceDocument.Outcome.CREATED,
            captured_at=captured_at,
            first_imported_at=now,
            last_imported_at=now,
        )
    with history.acting_as(document=document):
        return _load_film(parsed, document, now, file_name, publish, cache)


def _load_film(parsed, document, now, file_name, publish, cache):
    captures = CaptureOrder(document)
    record = parsed.film

    film = find_film(record.title, record.year)
    created = film is None
    if created:
        film = create_film(record, document, captures, publish)
    report = LoadReport(film=film, outcome="", new_film=created, captures=captures)
    sources_before = dict(film.source_values)
    changed = created or apply_film_fields(film, record, document, captures, report, created=False)
    if changed and not created:
        film.clean_fields(exclude=["slug"])
        film.save()
    elif film.source_values != sources_before:
        # Same values, now owed to a document that outranks the earlier one.
        film.save(update_fields=["source_values"])
    genres = resolve_names(Genre, record.genres, report, "genres", cache)
    present = set() if created else set(film.genres.values_list("pk", flat=True))
    missing_genres = set(genres.values()) - present
    if missing_genres:
        # Rows straight into the link table: genres.add() would look up the
        # links `present` already holds. Its signal only bumps the content
        # version, which this load does below anyway.
        insert(
            Film.genres.through,
            [{"film_id": film.pk, "genre_id": pk} for pk in missing_genres],
            ignore_conflicts=True,
        )
    if created:
        report.count("films", "created")
    else:
        report.count("films", "updated" if changed or missing_genres else "unchanged")

    for load in (
        load_credits,
        load_companies,
        load_release_dates,
        load_watch_options,
        load_similar,
        load_facts,
        load_scores,
        load_critic_reviews,
        load_audience_reviews,
    ):
        load(film, record, document, report, publish, cache)

    if created:
        report.outcome = SourceDocument.Outcome.CREATED
    elif report.changed:
        report.outcome = SourceDocument.Outcome.UPDATED
    else:
        report.outcome = SourceDocument.Outcome.UNCHANGED
    # Headline scores derive from these rows only: when the document wrote
    # none of them, the scores are what they were (every other writer of
    # them refreshes the scores itself).
    if created or any(map(report.wrote, SCORED_KINDS)):
        refresh_scores([film.pk])
    # Bulk writes send no signals: the search entries and cached pages must still follow.
    search.refresh_film_and_links(film.pk)
    ContentVersion.bump()
    history.record_import(film, document, report, {})
    document.film = film
    document.file_name = file_name
    document.last_imported_at = now
    document.outcome = report.outcome
    document.summary = report.summary()
    document.warnings = list(parsed.warnings)
    document.conflicts = report.conflicts
    # Not the text: rewriting it would cost as much as the import on a big document.
    document.save(
        update_fields=[
            "film", "file_name", "last_imported_at", "outcome", "summary", "warnings", "conflicts"
        ]
    )  # fmt: skip
    return report
