"""Loading one document: its SourceDocument, the film and its fields, then
every kind of row it describes, then what follows from them (scores, search,
the content version and the history)."""

from datetime import datetime

from django.utils import timezone
from django.utils.text import capfirst

from films import search
from films.models import Film, Genre, SourceDocument
from filmsite.content import history, revisions
from filmsite.content.models import ContentVersion
from reviews.scores import refresh_scores

from ..records import DocumentError, ParsedDocument
from .film_rows import (
    load_companies,
    load_credits,
    load_facts,
    load_release_dates,
    load_similar,
    load_watch_options,
    publication_state,
)
from .matching import NameCache, find_film, resolve_names, unique_slug
from .provenance import CaptureOrder, content_hash
from .reviews import load_audience_reviews, load_critic_reviews, load_scores
from .rows import LoadReport

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
        # Conflicts are read by editors (the document's page, the film's history).
        label = capfirst(Film._meta.get_field(name).verbose_name)
        if entry is None and not created and current not in (None, "") and current != incoming:
            report.conflicts.append(
                f"{label}: kept the value set by hand ({current!r}); the source says {incoming!r}"
            )
            continue
        if entry is not None and entry["value"] != current:
            if incoming != current:
                report.conflicts.append(
                    f"{label}: kept the value edited by hand ({current!r}); "
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
    document = SourceDocument.objects.filter(content_hash=digest).first()
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
        links = Film.genres.through
        links.objects.bulk_create(
            [links(film_id=film.pk, genre_id=pk) for pk in missing_genres], ignore_conflicts=True
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
    if entry := history.record_import(film, document, report, {}):
        # A revision of the film as the document left it, beside its history entry.
        revisions.record(film, user=entry.user, comment=entry.message, document=document)
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
