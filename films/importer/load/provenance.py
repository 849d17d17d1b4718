"""Provenance: which document wrote what, and which document wins.

A fingerprint of the values an import gave a row shows later whether an
editor changed it by hand; `CaptureOrder` settles which of two documents
keeps a value (see the package docstring)."""

import hashlib
from datetime import UTC, date, datetime
from decimal import Decimal

from films.models import SourceDocument

from ..formats import get_format
from ..records import DocumentError


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
