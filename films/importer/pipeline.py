"""Import documents end to end: read -> parse -> load, one transaction each.

A run reads its documents twice: a cheap first pass settles the critic and
publication names every review is split with (films.importer.names), then
each document is parsed in full and loaded. Parsed documents are not kept
between the passes: the first keeps a few words per review, and parsing
again costs less than holding a long run's records in memory.

The management command and the admin upload both call `import_documents`, so
editors and operators get the same checks and the same report, and every run
is recorded the same way (an ImportRun row, see `recorded_run`).
"""

import multiprocessing
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import partial
from itertools import repeat

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, OperationalError, connection, transaction
from django.utils import timezone

from films.models import ImportRun
from filmsite.content.models import ContentVersion

from .load import NameCache, known_names, load_document
from .names import resolve_run_names
from .records import DocumentError
from .sources import collect_paths, given, modified_at, parse_one, read_file

# Two imports of the same film at once: the loser of a unique-key race
# retries its whole document, which then finds the winner's rows.
RETRIES = 3
# From this many documents on, parsing runs in a worker process.
PARALLEL_FROM = 64


@dataclass
class DocumentResult:
    name: str
    ok: bool
    message: str = ""
    outcome: str = ""
    film: object = None
    counts: dict = field(default_factory=dict)
    conflicts: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def verdict(self):
        """ "imported", "skipped" (it changed nothing) or "rejected"."""
        if not self.ok:
            return "rejected"
        return "skipped" if self.outcome == "unchanged" else "imported"

    @property
    def verdict_text(self):
        """The verdict in words, for a report's line of this document:
        "imported: created the film", "skipped: unchanged", "rejected: empty document"."""
        if not self.ok:
            return f"rejected: {self.message}"
        if self.verdict == "skipped":
            return "skipped: unchanged"
        return f"imported: {self.outcome} the film"


@dataclass
class ImportSummary:
    results: list[DocumentResult] = field(default_factory=list)

    @property
    def failed(self):
        return [r for r in self.results if not r.ok]

    def verdicts(self):
        """How many documents were imported, skipped and rejected."""
        counts = Counter(result.verdict for result in self.results)
        return {verdict: counts[verdict] for verdict in ("imported", "skipped", "rejected")}

    def totals(self):
        totals = defaultdict(Counter)
        for result in self.results:
            for kind, counts in result.counts.items():
                totals[kind].update(counts)
        return totals


def load_parsed(name, data, parsed, *, publish=False, cache=None, versions=None, captured_at=None):
    """Load one parsed document in its own transaction. Never raises for a
    bad document: the result says what went wrong, and the database is left
    as it was. With `versions` (a ContentVersion batch), the document's bumps
    of the content version are made once, in that same transaction."""
    text = data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    cache = cache if cache is not None else NameCache()
    for attempt in range(1, RETRIES + 1):
        try:
            with transaction.atomic():
                report = load_document(
                    parsed,
                    file_name=name,
                    data=data,
                    text=text,
                    publish=publish,
                    cache=cache,
                    captured_at=captured_at,
                )
                if versions is not None:
                    # Committed with the document, so that a crash cannot
                    # leave its content behind pages cached before it.
                    versions.flush(force=True)
            cache.commit()
            break
        except (IntegrityError, OperationalError) as error:
            # Lost a race with another import (or a row it knew was deleted):
            # start again from what the database holds now.
            cache.known.clear()
            cache.discard()
            if attempt == RETRIES:
                return DocumentResult(name, ok=False, message=f"database error: {error}")
            time.sleep(0.05 * attempt)
        except DocumentError as error:
            cache.discard()
            return DocumentResult(name, ok=False, message=str(error))
        except ValidationError as error:
            cache.discard()
            problems = "; ".join(
                f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
            )
            return DocumentResult(name, ok=False, message=f"invalid value: {problems}")
        except (DatabaseError, ValueError) as error:
            cache.discard()
            return DocumentResult(name, ok=False, message=f"cannot store it: {error}")
    return DocumentResult(
        name,
        ok=True,
        outcome=report.outcome,
        film=report.film,
        counts=report.summary(),
        conflicts=report.conflicts,
        warnings=list(parsed.warnings),
    )


def import_documents(
    documents,
    *,
    origin,
    user=None,
    format=None,
    dry_run=False,
    publish=False,
    progress=None,
    captured_at=None,
):
    """Import (name, read) pairs, where read() returns the bytes or raises
    DocumentError. Each document is imported in its own transaction; the
    run is recorded as an ImportRun of `origin`, by `user` (if given).

    `captured_at` maps a name to when that document was captured (used
    unless the page itself says); documents it does not name count as
    captured now."""
    captured_at = captured_at or {}
    summary = ImportSummary()
    if not dry_run:
        with recorded_run(summary, origin=origin, user=user):
            _import_all(documents, format, publish, progress, captured_at, summary)
        return summary
    # A dry run wraps all documents in one transaction that is rolled back at
    # the end, so it reports exactly what a real run would do (the second
    # document of a film updates it rather than creating it again). It
    # promises to write nothing, so it leaves no ImportRun either.
    with transaction.atomic():
        _import_all(documents, format, publish, progress, captured_at, summary)
        transaction.set_rollback(True)
    return summary


@contextmanager
def recorded_run(summary, *, origin, user=None):
    """Record the run whose documents' results `summary` collects. The row is
    written before the first document and completed after the last, both
    outside the documents' transactions, so a rejected document cannot take
    it with it; a run that stops half-way keeps its row, with what it had
    done and no finish time (a process killed outright leaves it at zero)."""
    run = ImportRun.objects.create(origin=origin, user=user)
    try:
        yield run
    except BaseException:
        # Best effort: the error that stopped the run is the one to report.
        with suppress(DatabaseError):
            _record(run, summary, finished=False)
        raise
    _record(run, summary, finished=True)


def _record(run, summary, *, finished):
    verdicts = summary.verdicts()
    run.imported = verdicts["imported"]
    run.unchanged = verdicts["skipped"]
    run.failed = verdicts["rejected"]
    run.failures = [{"file": result.name, "reason": result.message} for result in summary.failed]
    run.finished_at = timezone.now() if finished else None
    run.save()


@contextmanager
def _parsing_pool(count):
    """Worker processes for a long run (None for a short one). The first
    pass has the machine to itself, so it splits in two workers; while the
    second parses, this process loads, so loading never waits for parsing."""
    if count < PARALLEL_FROM:
        yield None
        return
    context = multiprocessing.get_context("spawn")  # no forked database connections
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        yield pool


def _resolve_names(documents, format, pool):
    if pool is None:
        return resolve_run_names(documents, format, known_names())
    return resolve_run_names(documents, format, known_names(), map=partial(pool.map, chunksize=16))


def _parse_all(documents, format, known, pool):
    """Parsed documents in order, from the worker processes if there are."""
    if pool is None:
        for name, read in documents:
            yield parse_one(name, read, format, known)
        return
    names, reads = zip(*documents, strict=True)
    yield from pool.map(parse_one, names, reads, repeat(format), repeat(known), chunksize=16)


@contextmanager
def sqlite_checkpoints_deferred(pages=20_000):
    """On SQLite (in WAL mode), move the log into the database every `pages`
    pages rather than every 1,000 (SQLite's default), and once at the end.
    Each move syncs the disk twice: every ~20 documents by default, which cost
    an import about a tenth of its time. Durability is unchanged: commits
    stay in the log, which SQLite reads as it reads the database."""
    if connection.vendor != "sqlite":
        yield
        return
    # A PRAGMA sets SQLite's connection, not rows: neither the ORM nor
    # connection.ops says it, so plain statements on the cursor.
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA wal_autocheckpoint = {int(pages)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA wal_autocheckpoint = {int(before)}")
            if not connection.in_atomic_block:  # a dry run's transaction is still open
                cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")


def _import_all(documents, format, publish, progress, captured_at, summary):
    """Import each document, adding its result to `summary` as it goes (so a
    run that stops half-way still has the results of those before)."""
    cache = NameCache()
    # Each document would bump the content version several times (its saves'
    # signals, the load itself): once, in its transaction, will do.
    with (
        _parsing_pool(len(documents)) as pool,
        sqlite_checkpoints_deferred(),
        ContentVersion.batched() as versions,
    ):
        # Every document is split with the same names: those the site trusts
        # and those the run's own certain splits establish (importer.names).
        known = _resolve_names(documents, format, pool)
        parsed_documents = _parse_all(documents, format, known, pool)
        for index, (name, data, parsed) in enumerate(parsed_documents, start=1):
            if progress:
                progress(index, len(documents), name)
            if data is None:
                summary.results.append(DocumentResult(name, ok=False, message=parsed))
            else:
                result = load_parsed(
                    name,
                    data,
                    parsed,
                    publish=publish,
                    cache=cache,
                    versions=versions,
                    captured_at=captured_at.get(name),
                )
                summary.results.append(result)


def import_uploads(uploads, *, user, captured_at=None, **options):
    """Import files that `user` uploaded (Django UploadedFile objects),
    captured at `captured_at` (default: now, as uploads carry no file times)."""
    documents = [(u.name, partial(given, u.read())) for u in uploads]
    times = {name: captured_at for name, _read in documents} if captured_at else None
    return import_documents(
        documents, origin=ImportRun.Origin.ADMIN_UPLOAD, user=user, captured_at=times, **options
    )


def import_paths(paths, *, captured_at=None, **options):
    """Import files, and the files in directories, captured at `captured_at`
    or else when each file was last modified."""
    files = collect_paths(paths)
    documents = [(str(path), partial(read_file, path)) for path in files]
    times = {str(path): captured_at or modified_at(path) for path in files}
    return import_documents(
        documents, origin=ImportRun.Origin.COMMAND, captured_at=times, **options
    )
