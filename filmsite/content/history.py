"""Change history: who or what changed which values of a film, a person, a
review, a critic or a publication, and when.

Changes are recorded by signals, so edits from anywhere (admin, shell,
tests) are kept, with the actor taken from the current context: the admin
user (set by `HistoryMiddleware`) or the source document being imported
(set by the importer with `acting_as`). The importer's bulk writes send no
signals; it records one entry per document and film itself
(`record_import`). Merges record themselves (filmsite.content.merging).
Bulk actions update through `record_update`, which records each row it
changes. The signal receivers that call it are in filmsite.content.signals.
The history page reads the entries through `readable`.
"""

import contextvars
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.text import capfirst

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
    """A JSON-friendly, human-readable form of a field value. Times keep whole
    seconds, as the admin's time fields do: a form that writes a time back
    without its microseconds changes nothing an editor can see, and must not
    add an entry to the history on every save."""
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
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
    """`changes` of a `model` row (by attname, as `diff` gives them) with
    related rows by name rather than by id: "publication": ["Sight and
    Sound", "Empire"], one query per related field that changed. Names are
    taken when the change is recorded: the row named may be renamed, or
    deleted by a merge, later. Other keys are kept as they are."""
    fields = {field.attname: field for field in model._meta.concrete_fields}
    result = {}
    for key, values in changes.items():
        field = fields.get(key)
        if field is not None and field.is_relation and field.attname != field.name:
            rows = field.related_model._default_manager.in_bulk(
                [v for v in values if v is not None]
            )
            values = [None if v is None else str(rows.get(v, v)) for v in values]
            key = field.name
        result[key] = values
    return result


def change_record(instance, action, changes=None, message="", document=None, model=None):
    """An unsaved ChangeRecord for `record`, or for bulk_create."""
    user, current_document = _actor.get()
    model = model or type(instance)
    own = model._meta.concrete_model is instance._meta.concrete_model
    return ChangeRecord(
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=instance.pk,
        object_repr=str(instance)[:200],
        action=action,
        user=user,
        source_document=document or current_document,
        changes=named(model, changes or {}),
        row_type=None if own else ContentType.objects.get_for_model(model),
        message=message,
    )


def record(instance, action, changes=None, message="", document=None, model=None):
    """Record a change to `instance`. `changes` ({attname: [before, after]},
    as `diff` gives them) are of its own fields, or of `model`'s: the values
    of a row that belongs to it (a credit, on its film's history)."""
    entry = change_record(instance, action, changes, message, document, model)
    entry.save()
    return entry


def record_update(queryset, values, message="", select_related=()):
    """`queryset.update(**values)`, which sends no signals, with a history
    entry for each row whose values it changed: the fields before and after.
    Rows that already held the values get none. `select_related` names what
    the rows' names show (a review's film and critic). A fixed number of
    queries, whatever the number of rows. Returns the entries."""
    model = queryset.model
    fields = [model._meta.get_field(name).attname for name in values]
    with transaction.atomic():
        ids = list(queryset.values_list("pk", flat=True))
        rows = model._default_manager.filter(pk__in=ids)
        if select_related:
            rows = rows.select_related(*select_related)
        # Locked, so that the values read are the values the update replaces.
        rows = list(rows.select_for_update(of=("self",)))
        if not rows:
            return []
        model._default_manager.filter(pk__in=ids).update(**values)
        after = model._default_manager.only(*values).in_bulk(ids)
        entries = []
        for row in rows:
            before = tracked_values(row, fields)
            for name in fields:
                setattr(row, name, getattr(after[row.pk], name))
            if changes := diff(before, tracked_values(row, fields)):
                entries.append(change_record(row, ChangeRecord.Action.CHANGED, changes, message))
        return ChangeRecord.objects.bulk_create(entries)


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


# --- Reading the history ----------------------------------------------------------

# Longer values fold into a <details> on the history page, their start shown.
LONG_VALUE = 300
PREVIEW = 120


@dataclass
class Value:
    text: str

    @property
    def long(self):
        return len(self.text) > LONG_VALUE

    @property
    def preview(self):
        return self.text[:PREVIEW].rstrip() + "…"


@dataclass
class Change:
    label: str
    before: Value
    after: Value


def readable(entries):
    """Set `.readable` on each ChangeRecord of `entries`: its changes as
    editors read them, a list of Change. Field names become the fields'
    verbose names, choices their labels, times and dates the site's formats;
    values are shown whole. Labels are looked up here rather than stored:
    the stored values stay comparable (["draft", "published"]), and entries
    recorded before a label changed read like the newer ones. Related rows
    are stored by name (`named`); entries recorded by id before that are
    named here, one query per kind of related row on the page."""
    ids = defaultdict(set)
    for entry in entries:
        fields = _fields(entry)
        for key, values in entry.changes.items():
            field = fields.get(key)
            if field is not None and field.is_relation:
                ids[field.related_model].update(v for v in values if _is_id(v))
    names = {model: model._default_manager.in_bulk(pks) for model, pks in ids.items() if pks}
    for entry in entries:
        fields = _fields(entry)
        entry.readable = []
        for key, values in entry.changes.items():
            field = fields.get(key)
            before, after = values
            entry.readable.append(
                Change(
                    _label(field, key),
                    Value(_shown(field, before, names)),
                    Value(_shown(field, after, names)),
                )
            )
    return entries


def _fields(entry):
    model = (entry.row_type or entry.content_type).model_class()
    if model is None:  # a model since removed
        return {}
    return {
        name: field for field in model._meta.concrete_fields for name in (field.name, field.attname)
    }


def _is_id(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _label(field, key):
    if field is None:
        return key.replace("_", " ").capitalize()
    return capfirst(field.verbose_name)


def _shown(field, value, names):
    if value is None or value == "":
        return "(empty)"
    if field is None:
        return str(value)
    if field.is_relation:
        if _is_id(value):
            row = names.get(field.related_model, {}).get(value)
            return str(row) if row is not None else f"#{value} (deleted)"
        return str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(field, models.DateTimeField) and (moment := parse_datetime(str(value))):
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return date_format(moment, "DATETIME_FORMAT")
    if isinstance(field, models.DateField) and (day := parse_date(str(value))):
        return date_format(day, "DATE_FORMAT")
    return str(value)
