"""Load stage: typed records -> database rows. The only importer stage that
touches the ORM; the command runs it inside one transaction per document.

Rules, each in one place here:

- A document describes one film, matched on its normalised title and year
  (`find_film`), so pages from several sites end as one film.
- Each film field remembers the value imported, the site and the document
  (`Film.source_values`). A field whose current value differs from what was
  imported was edited by hand: imports leave it alone and report a conflict.
  Between sites, the format with the higher PRIORITY wins a field, so the
  result does not depend on the order documents are imported in.
- Every other imported row carries a fingerprint of the values it was given
  (`ImportedRow`). A row that no longer matches its fingerprint was edited by
  hand (or made by hand) and is likewise left alone.
- Rows are found by natural keys (film + person + role, film + site +
  author, ...) that database constraints make unique, and written in bulk, so
  two imports running at once cannot duplicate anything and a second import of
  the same document changes nothing.
"""

import hashlib
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify

from films.models import (
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
)
from reviews.models import AudienceReview, Critic, CriticReview, Publication, ReportedScore

from .formats import get_format
from .records import KnownNames, ParsedDocument

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


@dataclass
class LoadReport:
    film: Film
    outcome: str
    counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    conflicts: list[str] = field(default_factory=list)

    def count(self, kind, what, n=1):
        if n:
            self.counts[kind][what] += n

    @property
    def changed(self):
        return any(c["created"] or c["updated"] for c in self.counts.values())

    def summary(self):
        return {kind: dict(counter) for kind, counter in self.counts.items()}


def known_names():
    """Critics and publications editors already know, to split run-together
    review lines reliably."""
    return KnownNames(
        critics=frozenset(Critic.objects.values_list("name", flat=True)),
        publications=frozenset(Publication.objects.values_list("name", flat=True)),
    )


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def title_key(title: str) -> str:
    """Normalised title for matching: no accents, case, punctuation or
    spacing differences ("Amélie" == "AMELIE"; "Lock, Stock & ..." == "lock stock and ...")."""
    text = unicodedata.normalize("NFKD", title.replace("&", " and "))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text).split())


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


def unique_slug(model, text, taken=()):
    base = slugify(text)[:200] or "item"
    slug, n = base, 1
    while slug in taken or model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def resolve_names(model, names, report, kind, defaults=None):
    """Map each name to a row of `model` (Person, Critic, Genre, ...), creating
    the missing ones with `defaults`. Names match ignoring case, as the unique
    constraints do."""
    wanted = {name.lower(): name for name in names if name}
    if not wanted:
        return {}
    found = fetch_by_names(model, wanted)
    missing = [wanted[key] for key in wanted if key not in found]
    if missing:
        taken = set()
        new = []
        for name in missing:
            slug = slugify(name)[:200] or "item"
            taken.add(slug)
            new.append(model(name=name, slug=slug, **(defaults or {})))
        # Another import may create the same rows at the same moment:
        # conflicts are skipped here and the rows fetched again below.
        model.objects.bulk_create(new, ignore_conflicts=True)
        found |= fetch_by_names(model, {name.lower(): name for name in missing})
        for name in missing:
            if name.lower() not in found:  # the slug belongs to a different name
                found[name.lower()] = create_with_free_slug(model, name, defaults, taken)
        report.count(kind, "created", len(missing))
    report.count(kind, "unchanged", len(wanted) - len(missing))
    return found


def fetch_by_names(model, wanted):
    rows = model.objects.annotate(name_lower=Lower("name")).filter(
        Q(name_lower__in=list(wanted)) | Q(name__in=list(wanted.values()))
    )
    return {row.name.lower(): row for row in rows}


def create_with_free_slug(model, name, defaults, taken):
    for _attempt in range(5):
        slug = unique_slug(model, name, taken)
        try:
            with transaction.atomic():
                return model.objects.create(name=name, slug=slug, **(defaults or {}))
        except IntegrityError:
            taken.add(slug)
            existing = fetch_by_names(model, {name.lower(): name})
            if existing:
                return existing[name.lower()]
    raise IntegrityError(f"could not create {model._meta.verbose_name} {name!r}")


# --- The film and its fields -----------------------------------------------------


def find_film(title, year):
    key = title_key(title)
    candidates = Film.objects.filter(year=year) if year else Film.objects.filter(year__isnull=True)
    for film_id, candidate_title in candidates.values_list("id", "title").iterator():
        if title_key(candidate_title) == key:
            return Film.objects.get(pk=film_id)
    return None


def apply_film_fields(film, record, document, priority, report, created):
    """Set each imported film field unless an editor changed it by hand or a
    source of higher priority supplied it."""
    changed = []
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
        # Another site supplied this field: a source of higher priority
        # replaces it; between equals, the first one keeps it.
        other_site = entry is not None and entry["site"] != document.source_site
        if other_site and entry["priority"] >= priority:
            continue
        if entry is None or current != incoming or entry["site"] != document.source_site:
            film.source_values[name] = {
                "value": incoming,
                "site": document.source_site,
                "priority": priority,
                "document": document.pk,
            }
            if current != incoming:
                setattr(film, name, incoming)
            changed.append(name)
    return changed


def create_film(record, document, priority, publish):
    base = f"{record.title} {record.year}" if record.year else record.title
    film = Film(
        title=record.title,
        slug=unique_slug(Film, base),
        source_values={},
        **publication_state(publish),
    )
    apply_film_fields(film, record, document, priority, LoadReport(film, ""), created=True)
    film.full_clean(exclude=["slug"], validate_unique=False, validate_constraints=True)
    film.save()
    return film


# --- Rows that belong to the film -------------------------------------------------


class RowSync:
    """Creates, updates or leaves alone one kind of imported row.

    `values` are the imported facts (fingerprinted, protected once edited);
    `bookkeeping` are importer fields that always follow the source."""

    def __init__(self, model, kind, film, document, report):
        self.model, self.kind = model, kind
        self.film, self.document, self.report = film, document, report
        self.new, self.changed, self.update_fields = [], [], set()

    def apply(self, row, key_values, values, bookkeeping=None, describe=""):
        bookkeeping = bookkeeping or {}
        if row is None:
            self.new.append(
                self.model(
                    film=self.film,
                    source_document=self.document,
                    import_fingerprint=fingerprint(values),
                    **key_values,
                    **values,
                    **bookkeeping,
                )
            )
            self.report.count(self.kind, "created")
            return
        current = {name: getattr(row, name) for name in values}
        dirty = False
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
            dirty = True
        for name, value in bookkeeping.items():
            if getattr(row, name) != value:
                setattr(row, name, value)
                self.update_fields.add(name)
                dirty = True
        if dirty:
            self.changed.append(row)
            self.report.count(self.kind, "updated")
        else:
            self.report.count(self.kind, "unchanged")

    def save(self):
        self.model.objects.bulk_create(self.new, batch_size=BATCH_SIZE)
        if self.changed:
            self.model.objects.bulk_update(
                self.changed, sorted(self.update_fields), batch_size=BATCH_SIZE
            )


def sync_keyed(model, kind, film, document, report, items, key_fields, describe=str):
    """`items` maps a natural key (tuple of key_fields values) to its values."""
    existing = {
        tuple(getattr(row, name) for name in key_fields): row
        for row in model.objects.filter(film=film)
    }
    sync = RowSync(model, kind, film, document, report)
    for key, values in items.items():
        sync.apply(
            existing.get(key),
            dict(zip(key_fields, key, strict=True)),
            values,
            describe=describe(key),
        )
    sync.save()


def publication_state(publish):
    """Fields for new films and people: drafts, or published now with --publish."""
    if publish:
        return {"status": Film.Status.PUBLISHED, "published_at": timezone.now()}
    return {}


def load_credits(film, record, document, report, publish):
    people = resolve_names(
        Person, [c.name for c in record.credits], report, "people", publication_state(publish)
    )
    items = {}
    for credit in record.credits:
        key = (people[credit.name.lower()].pk, credit.role)
        if key not in items:
            values = {"character": credit.character if credit.role == "cast" else ""}
            values["billing_order"] = credit.order
            items[key] = values
    names = {person.pk: person.name for person in people.values()}
    sync_keyed(
        Credit, "credits", film, document, report, items, ["person_id", "role"],
        describe=lambda key: f"{names[key[0]]} ({key[1]})",
    )  # fmt: skip


def load_companies(film, record, document, report, publish):
    companies = resolve_names(Company, [c.name for c in record.companies], report, "companies")
    items = {}
    for company in record.companies:
        key = (companies[company.name.lower()].pk, company.kind)
        items.setdefault(key, {"region": company.region, "position": company.order})
    sync_keyed(FilmCompany, "companies", film, document, report, items, ["company_id", "kind"])


def load_release_dates(film, record, document, report, publish):
    items = {(r.kind, r.date, r.region): {"note": r.note} for r in record.release_dates}
    sync_keyed(
        ReleaseDate, "release dates", film, document, report, items, ["kind", "date", "region"]
    )


def load_watch_options(film, record, document, report, publish):
    names = [w.provider for w in record.watch_options if w.provider]
    providers = resolve_names(Provider, names, report, "providers")
    # An offer is confirmed on the day its page version was first read.
    confirmed = timezone.localdate(document.first_imported_at)
    items = {}
    for option in record.watch_options:
        provider_id = providers[option.provider.lower()].pk if option.provider else None
        items[(provider_id, option.offer_type)] = {"last_confirmed": confirmed}
    sync_keyed(
        WatchOption, "watch options", film, document, report, items, ["provider_id", "offer_type"]
    )


def load_similar(film, record, document, report, publish):
    linked = {}
    for entry in record.similar:
        match = find_film_by_title(entry.title)
        linked[entry.title] = match.pk if match and match.pk != film.pk else None
    items = {
        (entry.title,): {
            "position": entry.order,
            "tomatometer": entry.tomatometer,
            "audience_score": entry.audience_score,
            "similar_film_id": linked[entry.title],
        }
        for entry in record.similar
    }
    sync_keyed(SimilarFilm, "similar films", film, document, report, items, ["title"])


def find_film_by_title(title):
    key = title_key(title)
    matches = [
        film_id
        for film_id, candidate in Film.objects.filter(title__iexact=title).values_list(
            "id", "title"
        )
        if title_key(candidate) == key
    ]
    return Film(pk=matches[0]) if len(matches) == 1 else None


def load_facts(film, record, document, report, publish):
    items = {
        (label,): {"value": value, "position": position}
        for position, (label, value) in enumerate(record.extra_facts)
    }
    sync_keyed(FilmFact, "facts", film, document, report, items, ["label"])


def load_scores(film, record, document, report, publish):
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
        "reported_at": document.first_imported_at,
    }
    items = {(document.source_site,): values}
    sync_keyed(ReportedScore, "reported scores", film, document, report, items, ["source_site"])


def load_critic_reviews(film, record, document, report, publish):
    reviews = record.critic_reviews
    critics = resolve_names(Critic, [r.critic for r in reviews], report, "critics")
    publications = resolve_names(
        Publication, [r.publication for r in reviews], report, "publications"
    )
    # A new critic's usual publication is the one they first appear with.
    for review in reviews:
        if review.critic and review.publication:
            critic = critics[review.critic.lower()]
            if critic.publication_id is None:
                critic.publication_id = publications[review.publication.lower()].pk
                Critic.objects.filter(pk=critic.pk, publication__isnull=True).update(
                    publication=publications[review.publication.lower()]
                )
    existing = list(CriticReview.objects.filter(film=film))
    by_source = {row.source_key: row for row in existing if row.source_key}
    by_author = {(row.critic_id, row.publication_id): row for row in existing}
    sync = RowSync(CriticReview, "critic reviews", film, document, report)
    seen = set()
    for review in reviews:
        critic = critics[review.critic.lower()] if review.critic else None
        publication = publications[review.publication.lower()] if review.publication else None
        author = (critic.pk if critic else None, publication.pk if publication else None)
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
            bookkeeping["needs_review"] = review.uncertain
        sync.apply(
            row, {}, values, bookkeeping, describe=f"by {review.critic or review.publication}"
        )
    sync.save()


def load_audience_reviews(film, record, document, report, publish):
    site = document.source_site
    existing = {
        row.author_name: row
        for row in AudienceReview.objects.filter(film=film, source_site=site).iterator()
    }
    sync = RowSync(AudienceReview, "audience reviews", film, document, report)
    seen = set()
    for review in record.audience_reviews:
        if review.author in seen:
            report.count("audience reviews", "duplicates in document")
            continue
        seen.add(review.author)
        values = {"stars": review.stars, "text": review.text, "review_date": review.review_date}
        sync.apply(
            existing.get(review.author),
            {"author_name": review.author, "source_site": site},
            values,
            describe=f"by {review.author}",
        )
        if len(sync.new) >= BATCH_SIZE:  # keep memory bounded on huge documents
            sync.save()
            sync.new, sync.changed = [], []
    sync.save()


# --- Whole documents -------------------------------------------------------------


def load_document(parsed: ParsedDocument, *, file_name: str, data: bytes, text: str, publish=False):
    """Write one parsed document. Call inside a transaction."""
    now = timezone.now()
    digest = content_hash(data)
    document = SourceDocument.objects.filter(content_hash=digest).first()
    if document is None:
        document = SourceDocument.objects.create(
            file_name=file_name,
            content_hash=digest,
            format=parsed.format,
            source_site=parsed.source_site,
            size_bytes=len(data),
            text=text,
            outcome=SourceDocument.Outcome.CREATED,
            first_imported_at=now,
            last_imported_at=now,
        )
    priority = getattr(get_format(parsed.format), "PRIORITY", 0)
    record = parsed.film

    film = find_film(record.title, record.year)
    created = film is None
    if created:
        film = create_film(record, document, priority, publish)
    report = LoadReport(film=film, outcome="")
    changed = created or apply_film_fields(film, record, document, priority, report, created=False)
    if changed and not created:
        film.full_clean(exclude=["slug"], validate_unique=False)
        film.save()
    genres = resolve_names(Genre, record.genres, report, "genres")
    missing_genres = {genre.pk for genre in genres.values()} - set(
        film.genres.values_list("pk", flat=True)
    )
    if missing_genres:
        film.genres.add(*missing_genres)
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
        load(film, record, document, report, publish)

    if created:
        report.outcome = SourceDocument.Outcome.CREATED
    elif report.changed:
        report.outcome = SourceDocument.Outcome.UPDATED
    else:
        report.outcome = SourceDocument.Outcome.UNCHANGED
    document.film = film
    document.file_name = file_name
    document.last_imported_at = now
    document.outcome = report.outcome
    document.summary = report.summary()
    document.warnings = list(parsed.warnings)
    document.conflicts = report.conflicts
    document.save()
    return report
