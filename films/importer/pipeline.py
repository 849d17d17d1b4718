"""Import documents end to end: read -> parse -> load, one transaction each.

The management command and the admin upload both call `import_document`, so
editors and operators get the same checks and the same report.
"""

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, OperationalError, transaction

from . import parse_document
from .load import known_names, load_document
from .records import DocumentError

# Larger files are rejected before they are read: no real page comes close.
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
# Two imports of the same film at once: the loser of a unique-key race
# retries its whole document, which then finds the winner's rows.
RETRIES = 3


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


@dataclass
class ImportSummary:
    results: list[DocumentResult] = field(default_factory=list)

    @property
    def failed(self):
        return [r for r in self.results if not r.ok]

    def totals(self):
        totals = defaultdict(Counter)
        for result in self.results:
            for kind, counts in result.counts.items():
                totals[kind].update(counts)
        return totals


def collect_paths(paths):
    """Files named, and the files inside directories named (sorted, no hidden files)."""
    files = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        else:
            files.append(path)
    return files


def read_file(path):
    try:
        size = path.stat().st_size
    except OSError as error:
        raise DocumentError(f"cannot read the file: {error.strerror or error}") from error
    if size > MAX_DOCUMENT_BYTES:
        raise DocumentError(f"too large ({size:,} bytes; the limit is {MAX_DOCUMENT_BYTES:,})")
    try:
        return path.read_bytes()
    except OSError as error:
        raise DocumentError(f"cannot read the file: {error.strerror or error}") from error


def import_document(name, data, *, format=None, publish=False):
    """Parse and load one document. Never raises for a bad document: the
    result says what went wrong, and the database is left as it was."""
    try:
        parsed = parse_document(data, format=format, known=known_names())
    except DocumentError as error:
        return DocumentResult(name, ok=False, message=str(error))
    text = data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    for attempt in range(1, RETRIES + 1):
        try:
            with transaction.atomic():
                report = load_document(
                    parsed, file_name=name, data=data, text=text, publish=publish
                )
            break
        except (IntegrityError, OperationalError) as error:
            if attempt == RETRIES:
                return DocumentResult(name, ok=False, message=f"database error: {error}")
            time.sleep(0.05 * attempt)
        except DocumentError as error:
            return DocumentResult(name, ok=False, message=str(error))
        except ValidationError as error:
            problems = "; ".join(
                f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
            )
            return DocumentResult(name, ok=False, message=f"invalid value: {problems}")
        except (DatabaseError, ValueError) as error:
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


def import_documents(documents, *, format=None, dry_run=False, publish=False, progress=None):
    """Import (name, read) pairs, where read() returns the bytes or raises
    DocumentError. Each document is imported in its own transaction."""
    if not dry_run:
        return _import_all(documents, format, publish, progress)
    # A dry run wraps all documents in one transaction that is rolled back at
    # the end, so it reports exactly what a real run would do (the second
    # document of a film updates it rather than creating it again).
    with transaction.atomic():
        summary = _import_all(documents, format, publish, progress)
        transaction.set_rollback(True)
    return summary


def _import_all(documents, format, publish, progress):
    summary = ImportSummary()
    for index, (name, read) in enumerate(documents, start=1):
        if progress:
            progress(index, len(documents), name)
        try:
            data = read()
        except DocumentError as error:
            summary.results.append(DocumentResult(name, ok=False, message=str(error)))
            continue
        summary.results.append(import_document(name, data, format=format, publish=publish))
    return summary


def import_paths(paths, **options):
    files = collect_paths(paths)
    return import_documents([(str(path), partial(read_file, path)) for path in files], **options)
