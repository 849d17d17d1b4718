"""Counting, creating, updating or keeping the rows an import writes for a film."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from films.models import Film

from .provenance import CaptureOrder, fingerprint

BATCH_SIZE = 500


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
                self.model(
                    film_id=self.film.pk,
                    source_document_id=self.document.pk,
                    import_fingerprint=fingerprint(values),
                    **key_values,
                    **values,
                    **bookkeeping,
                )
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
        """Write the rows applied so far; the sync can go on applying after."""
        # bulk_create sends no signals: the load refreshes the scores, the
        # search entries and the content version itself, once per document.
        self.model.objects.bulk_create(self.new, batch_size=BATCH_SIZE)
        if self.changed:
            self.model.objects.bulk_update(
                self.changed, sorted(self.update_fields), batch_size=BATCH_SIZE
            )
        self.new, self.changed = [], []


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
