"""Merging duplicates: two spellings of one person, critic, publication or
film become one. The steps every merge shares are here; what points at a
duplicate, and so what moves, each content app says with a `Merger`
(films.merging, reviews.merging).

Rows that point at a duplicate move to the one kept. Where the kept object
already has a row with the same unique key (a credit for the same film and
role, a review of the same film by the same critic), only one can stay: the
kept object's. A duplicate's row with the same values is dropped as a copy;
one with other values (another character, another quote) is dropped too,
but never silently: the confirmation page lists it with its values before
the merge (`plan`), and the success message and the history entry after.

The editor chooses, field by field, which object's value the one kept ends
with (`differing_fields`, `default_source`). The duplicates' addresses
redirect to the one kept (filmsite.content.redirects). The merge is one
history entry on the one kept: what was merged, the values taken, the rows
moved and the rows dropped.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import FileField

from . import history, redirects, revisions
from .models import ChangeRecord, ContentVersion, Publishable

# Fields that say where a row came from or when, not what it says: two rows
# that differ only in these are copies.
PROVENANCE = {"source_document", "import_fingerprint", "source_key", "source_values"}
# The history entry names the rows moved up to this many (a film can have
# hundreds of reviews); it names every row dropped.
MOVED_LISTED = 100
# Publishing is the publish actions' business, and a slug is an address:
# the one kept keeps its own (the others' redirect to it).
NOT_MERGED = {"slug", *(f.name for f in Publishable._meta.local_fields)}


@dataclass
class Part:
    """The rows of `model` that point at an object through `field`, unique
    on `key` (field names) besides it. `describe` names a row for editors."""

    model: type
    field: str
    key: list
    describe: Callable = str

    def rows(self, obj):
        return self.model._default_manager.filter(**{self.field: obj})

    def key_of(self, row):
        return tuple(getattr(row, self.model._meta.get_field(name).attname) for name in self.key)

    def values(self, row):
        """What a row says: every field but its id, key, owner and provenance."""
        skip = {self.field, *self.key, *PROVENANCE, "created_at", "updated_at"}
        return {
            f.name: getattr(row, f.attname)
            for f in self.model._meta.concrete_fields
            if not f.primary_key and f.name not in skip
        }

    def difference(self, row, kept):
        """`row`'s values that `kept` (same key) lacks, in words."""
        mine, theirs = self.values(row), self.values(kept)
        return "; ".join(
            f"{self.model._meta.get_field(name).verbose_name} {shown(value)}, "
            f"where the one kept has {shown(theirs[name])}"
            for name, value in mine.items()
            if value != theirs[name]
        )


class Merger:
    """What merging objects of one model involves. A content app subclasses
    it: `parts` (the rows that point at an object), `move_more` (what else
    follows the one kept), `finish` (work once all moved, such as rescoring)."""

    def parts(self):
        return []

    def move_more(self, target, duplicate):
        pass

    def finish(self, target, duplicates):
        pass

    def file_replaced(self, model, field_name, name):
        """The one kept took another's file for `field_name`: its own, `name`,
        is no longer used (the model's own upkeep removes it)."""

    def related_rows(self, obj, limit=50):
        """What points at `obj`, a line per row, for the confirmation page."""
        lines = []
        for part in self.parts():
            lines += [part.describe(row) for row in part.rows(obj)[:limit]]
        return lines


@dataclass
class Outcome:
    """What a merge moves and drops: `dropped` names each row dropped although
    its values differ from the kept object's row, with those values."""

    moved: int = 0
    identical: int = 0
    dropped: list = field(default_factory=list)
    moved_rows: list = field(default_factory=list)  # the first MOVED_LISTED, named
    values: dict = field(default_factory=dict)  # field name: [before, after]

    def summary(self):
        words = [f"{self.moved} rows moved", f"{self.identical} identical rows dropped"]
        if self.dropped:
            words.append(f"{len(self.dropped)} differing rows dropped")
        return ", ".join(words)


def sort_rows(merger, target, duplicates):
    """Each duplicate's rows as (part, row, kept) where `kept` is the row of
    the one kept (or of an earlier duplicate) with the same key, or None when
    the row can move."""
    for part in merger.parts():
        taken = {part.key_of(row): row for row in part.rows(target)}
        for duplicate in duplicates:
            for row in part.rows(duplicate):
                kept = taken.setdefault(part.key_of(row), row)
                yield part, row, (None if kept is row else kept)


def plan(merger, target, duplicates):
    """What `merge` would do, without doing it."""
    outcome = Outcome()
    for part, row, kept in sort_rows(merger, target, others(target, duplicates)):
        count(outcome, part, row, kept)
    return outcome


def count(outcome, part, row, kept):
    if kept is None:
        outcome.moved += 1
        if len(outcome.moved_rows) < MOVED_LISTED:
            outcome.moved_rows.append(part.describe(row))
    elif part.values(row) == part.values(kept):
        outcome.identical += 1
    else:
        outcome.dropped.append(f"{part.describe(row)} ({part.difference(row, kept)})")


@transaction.atomic
def merge(merger, target, duplicates, sources=None):
    """Merge `duplicates` into `target` (same model) and delete them.
    `sources` ({field name: object}) says whose value the one kept ends with
    for each field; fields not named keep `default_source`'s. Returns an
    Outcome."""
    duplicates = others(target, duplicates)
    if not duplicates:
        return Outcome()
    outcome = Outcome()
    # Rows sorted first, moved after: a row moved would count as the kept
    # object's own for the next part.
    for part, row, kept in list(sort_rows(merger, target, duplicates)):
        count(outcome, part, row, kept)
        if kept is None:
            setattr(row, part.field, target)
            row.save(update_fields=[part.field])
        else:
            row.delete()
    chosen = chosen_values(target, duplicates, sources or {})
    for duplicate in duplicates:
        merger.move_more(target, duplicate)
        redirects.move(duplicate, target)
    names = ", ".join(str(d) for d in duplicates)
    for duplicate in duplicates:
        duplicate.delete()  # before taking its values: names are unique
    outcome.values = take_values(merger, target, chosen)
    merger.finish(target, duplicates)
    message = "".join(
        [
            f"Merged {names} into this {target._meta.verbose_name}: {outcome.summary()}.",
            *(f"\nMoved: {line}" for line in outcome.moved_rows),
            *(f"\nDropped: {line}" for line in outcome.dropped),
        ]
    )
    entry = history.record(
        target, ChangeRecord.Action.MERGED, changes=outcome.values, message=message
    )
    if revisions.is_registered(type(target)):
        revisions.record(target, user=entry.user, comment=message)
    ContentVersion.bump()
    return outcome


def others(target, objects):
    return [o for o in objects if o.pk != target.pk]


# --- Values, field by field ----------------------------------------------------------


def mergeable_fields(model):
    return [
        f
        for f in model._meta.concrete_fields
        if f.editable
        and not f.primary_key
        and f.name not in NOT_MERGED
        and f.name not in history.UNTRACKED
    ]


def is_empty(value):
    return value in (None, "") or (hasattr(value, "name") and not value.name)


def comparable(value):
    return value.name if hasattr(value, "name") and hasattr(value, "storage") else value


def shown(value):
    """A value as the editor reads it."""
    if is_empty(value):
        return "(empty)"
    if value is True or value is False:
        return "yes" if value else "no"
    return str(comparable(value))


def display(obj, f):
    if f.choices:
        return (
            shown(getattr(obj, f"get_{f.name}_display")()) if getattr(obj, f.attname) else "(empty)"
        )
    return shown(getattr(obj, f.name))


def differing_fields(objects):
    """The fields on which `objects` disagree, with each object's value shown."""
    rows = []
    for f in mergeable_fields(type(objects[0])):
        values = [comparable(getattr(o, f.attname)) for o in objects]
        if len(set(map(repr, values))) > 1:
            rows.append((f, [display(o, f) for o in objects]))
    return rows


def all_fields(objects):
    """Every field to compare, each with the objects' values and whether they differ."""
    differing = {f.name for f, _ in differing_fields(objects)}
    return [
        (f, [display(o, f) for o in objects], f.name in differing)
        for f in mergeable_fields(type(objects[0]))
    ]


def default_source(f, target, duplicates):
    """The one kept's value, or the first duplicate's when the kept one is empty."""
    if not is_empty(getattr(target, f.attname)):
        return target
    return next((d for d in duplicates if not is_empty(getattr(d, f.attname))), target)


def chosen_values(target, duplicates, sources):
    """{field: value} to set on `target`: where the source chosen (or the
    default) is a duplicate and its value differs."""
    chosen = {}
    for f in mergeable_fields(type(target)):
        source = sources.get(f.name) or default_source(f, target, duplicates)
        value = getattr(source, f.attname)
        if source is not target and comparable(value) != comparable(getattr(target, f.attname)):
            chosen[f] = value
    return chosen


def take_values(merger, target, chosen):
    """Set the chosen values on `target`; returns them as history changes."""
    if not chosen:
        return {}
    model = type(target)
    before = {f.attname: history.plain(getattr(target, f.attname)) for f in chosen}
    files = [(f, getattr(target, f.attname).name) for f in chosen if isinstance(f, FileField)]
    for f, value in chosen.items():
        setattr(target, f.attname, comparable(value) if hasattr(value, "storage") else value)
    # Written without signals first, so that the save below (which runs the
    # model's own upkeep: search entries, title keys) finds nothing changed
    # and records no second history entry: the merge's entry says it all.
    model._default_manager.filter(pk=target.pk).update(
        **{f.attname: getattr(target, f.attname) for f in chosen}
    )
    target.save()
    for f, name in files:
        if name:
            merger.file_replaced(model, f.name, name)
    after = {f.attname: history.plain(getattr(target, f.attname)) for f in chosen}
    return history.named(model, history.diff(before, after))
