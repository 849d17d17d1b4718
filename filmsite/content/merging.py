"""Merging duplicates: two spellings of one person, critic, publication or
film become one. The steps every merge shares are here; what points at a
duplicate, and so what moves, each content app says (films.merging,
reviews.merging).

Rows that point at a duplicate move to the one kept. Where the kept object
already has the same row (a credit for the same film and role, a review of
the same film by the same critic), the kept object's row wins and the
duplicate's is dropped: unique constraints allow only one. The merge is
recorded in the kept object's history.
"""

from django.db import transaction

from . import history
from .models import ChangeRecord, ContentVersion


def move_rows(rows, field, target, key_fields):
    """Point `rows` (a queryset) at `target` through `field`; a row whose
    key already exists on the target is deleted instead. Returns
    (moved, dropped)."""
    model = rows.model
    taken = set(model.objects.filter(**{field: target}).values_list(*key_fields))
    moved = dropped = 0
    for row in rows:
        key = tuple(getattr(row, name) for name in key_fields)
        if key in taken:
            row.delete()
            dropped += 1
        else:
            taken.add(key)
            setattr(row, field, target)
            row.save(update_fields=[field])
            moved += 1
    return moved, dropped


@transaction.atomic
def merge(target, duplicates, move):
    """Merge `duplicates` into `target` (same model) and delete them.
    `move(duplicate)` moves what points at one duplicate to `target` and
    returns (moved, dropped) as move_rows does. Returns the counts."""
    duplicates = [d for d in duplicates if d.pk != target.pk]
    if not duplicates:
        return {}
    counts = {"moved": 0, "dropped": 0}
    for duplicate in duplicates:
        moved, dropped = move(duplicate)
        counts["moved"] += moved
        counts["dropped"] += dropped
    names = ", ".join(str(d) for d in duplicates)
    for duplicate in duplicates:
        duplicate.delete()
    history.record(
        target,
        ChangeRecord.Action.MERGED,
        message=f"Merged {names} into this {target._meta.verbose_name}: "
        f"{counts['moved']} rows moved, {counts['dropped']} duplicates dropped.",
    )
    ContentVersion.bump()
    return counts
