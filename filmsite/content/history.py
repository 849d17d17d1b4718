"""Change history: who or what changed which values of a film, a person, a
review, a critic or a publication, and when.

Changes are recorded by signals, so edits from anywhere (admin, shell,
tests) are kept, with the actor taken from the current context: the admin
user (set by `HistoryMiddleware`) or the source document being imported
(set by the importer with `acting_as`). The importer's bulk writes send no
signals; it records one entry per document and film itself
(`record_import`). Merges record themselves (filmsite.content.merging).
The signal receivers that call it are in filmsite.content.signals.
"""

import contextvars
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models.fields.files import FieldFile

from .models import ChangeRecord

_actor = contextvars.ContextVar("history_actor", default=(None, None))


@contextmanager
def acting_as(user=None, document=None):
    token = _actor.set((user, document))
    try:
        yield
    finally:
        _actor.reset(token)


class HistoryMiddleware:
    """Changes made while handling a request are credited to its user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user if request.user.is_authenticated else None
        with acting_as(user=user):
            return self.get_response(request)


def plain(value):
    """A JSON-friendly, human-readable form of a field value."""
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


def tracked_values(instance, only=None):
    """The values history keeps of `instance` (of the fields `only`, if given)."""
    return {
        field.attname: plain(getattr(instance, field.attname))
        for field in instance._meta.concrete_fields
        if field.editable
        and not field.primary_key
        and field.attname not in UNTRACKED
        and (only is None or field.attname in only)
    }


UNTRACKED = {"created_at", "updated_at", "import_fingerprint", "source_values", "source_key"}


def diff(before, after):
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


def named(model, changes):
    """`changes` of a `model` row (by attname, as `diff` gives them) by field
    name, with related rows by name rather than by id: "person": [Ann, Bo]."""
    result = {}
    for field in model._meta.concrete_fields:
        if field.attname not in changes:
            continue
        values = changes[field.attname]
        if field.is_relation:
            rows = field.related_model._default_manager.in_bulk([v for v in values if v])
            values = [None if v is None else str(rows.get(v, v)) for v in values]
        result[field.name] = values
    return result


def record(instance, action, changes=None, message="", document=None):
    user, current_document = _actor.get()
    return ChangeRecord.objects.create(
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=instance.pk,
        object_repr=str(instance)[:200],
        action=action,
        user=user,
        source_document=document or current_document,
        changes=changes or {},
        message=message,
    )


def record_import(film, document, report, changed_fields):
    """One entry per imported document and film: what it changed. An import
    that changed nothing records nothing, even when it left values edited by
    hand alone: those conflicts stay on the document, and a re-import would
    otherwise add the same entry every time."""
    counts = {
        kind: {what: n for what, n in counter.items() if what in ("created", "updated") and n}
        for kind, counter in report.counts.items()
    }
    counts = {kind: c for kind, c in counts.items() if c}
    if not (changed_fields or counts):
        return None
    parts = [
        f"{kind}: " + ", ".join(f"{n} {what}" for what, n in c.items())
        for kind, c in sorted(counts.items())
    ]
    parts += [f"kept by hand: {conflict}" for conflict in report.conflicts]
    return record(
        film,
        ChangeRecord.Action.IMPORTED,
        changes=changed_fields,
        message="; ".join(parts),
        document=document,
    )
