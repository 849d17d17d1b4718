"""Revisions of films, people, critics, publications and reviews: drafts of
changes, the review workflow, compare and revert.

Storage is django-reversion's: a Revision (who, when, a comment) holds one
Version per row, the object and the rows that belong to it (a film's
credits, watch options...) serialized as they were. Each content app
registers its models with `register`. Beside each revision, a RevisionInfo
(filmsite.content.models) says what it is of and where it stands:

- Saved: a change made to the object (an edit in the admin, an import, a
  revert, an approval). `record` takes one after each of them.
- Draft change / Awaiting review: a change proposed and not applied, so the
  live page stays as it is. The admin makes one by running the editor's save
  in a transaction that it rolls back, keeping only what the save would
  have stored (`capturing`): every form and inline is validated and saved as
  for a real edit, and nothing of it remains but the revision.
- Approved, Rejected (with the reviewer's comment), Discarded.

Applying a revision (approving, reverting, previewing) saves the rows
through the models, so every save's upkeep runs as for an edit (history
entries, search entries, scores, the content version). Reversion's own
revert saves "raw", which skips all of that. Publishing fields, timestamps
and computed values are not part of a revision: reverting a film restores
what it says, not whether it is live (approving a draft object publishes it).
A preview applies the revision in a transaction that is rolled back once the
page is rendered.
"""

import contextvars
import json
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

import reversion
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
from django.db.models import OuterRef, Subquery
from django.http import QueryDict
from django.urls import resolve
from django.utils import timezone
from reversion.models import Revision, Version

from . import history, permissions
from .models import ChangeRecord, Publishable, RevisionInfo, format_time, sees_drafts

State = RevisionInfo.State
Action = ChangeRecord.Action

# Never part of a revision: whether and when the object is live is set by
# publishing, not by restoring an old version; the timestamps by saving.
NOT_REVISED = {
    "status",
    "published_at",
    "unpublish_at",
    "first_published_at",
    "created_at",
    "updated_at",
}


@dataclass(frozen=True)
class Part:
    accessor: str  # the related manager on the object: "credits"
    model: type
    parent_key: str  # the row's foreign key to the object: "film_id"
    related: tuple  # what the rows' names show, selected with them
    fields: tuple  # the names of the fields a revision keeps of each row


@dataclass(frozen=True)
class Spec:
    fields: tuple  # the names of the fields a revision keeps
    parts: tuple  # Part per kind of row that belongs to the object
    exclude: frozenset = frozenset()


REGISTRY = {}


def register(model, parts=None, exclude=()):
    """Keep revisions of `model`, with the rows of `parts` ({accessor: the
    related rows their names show, to select with them}): a film's
    {"credits": ["person"], ...}. `exclude` names fields computed from
    elsewhere (scores), which a revert must not restore. Each content app
    registers what it knows: called again for a model, it adds to it (the
    reviews app adds a film's reported scores)."""
    spec = REGISTRY.get(model, Spec((), ()))
    excluded = spec.exclude | set(exclude)
    part_specs = list(spec.parts)
    for accessor, related in (parts or {}).items():
        relation = model._meta.get_field(accessor)
        part = relation.related_model
        part_fields = _fields(part, editable_only=False)
        if not reversion.is_registered(part):
            reversion.register(part, fields=part_fields)
        part_specs.append(Part(accessor, part, relation.field.attname, tuple(related), part_fields))
    fields = _fields(model, excluded)
    if reversion.is_registered(model):
        reversion.unregister(model)
    # Versions are read back with reversion's field_dict, which needs the
    # model registered with the same fields; its `follow` is not used: the
    # rows are taken and applied here (capture, apply).
    reversion.register(model, fields=fields)
    REGISTRY[model] = Spec(fields, tuple(part_specs), excluded)


def _fields(model, exclude=(), editable_only=True):
    """The fields a revision keeps: of an object, what editors edit; of a
    row that belongs to one, its import keys as well, so that an import
    still finds a row that a revert brought back."""
    opts = model._meta
    return tuple(
        f.name
        for f in [*opts.concrete_fields, *opts.many_to_many]
        if not f.primary_key
        and (f.editable or not editable_only)
        and f.name not in NOT_REVISED
        and f.name not in exclude
        and not (f.many_to_many and not f.remote_field.through._meta.auto_created)
    )


def is_registered(model):
    return model in REGISTRY


# --- Taking revisions ---------------------------------------------------------------


def capture(obj):
    """The object and its rows as they are now, as unsaved Versions: what
    a revision of it stores. One query per kind of row (and one for each
    many-to-many field); each kind is serialized in one pass."""
    spec = REGISTRY[type(obj)]
    groups = [([obj], spec.fields)]
    for part in spec.parts:
        queryset = getattr(obj, part.accessor).all()
        if part.related:
            queryset = queryset.select_related(*part.related)
        groups.append((list(queryset.order_by("pk")), part.fields))
    versions = []
    for rows, fields in groups:
        if not rows:
            continue
        content_type = ContentType.objects.get_for_model(type(rows[0]))
        data = serializers.serialize("python", rows, fields=fields)
        versions += [
            Version(
                content_type=content_type,
                object_id=str(row.pk),
                db="default",
                format="json",  # what reversion reads back: the json serializer's list
                serialized_data=json.dumps([item], cls=DjangoJSONEncoder, ensure_ascii=False),
                object_repr=str(row)[:200],
            )
            for row, item in zip(rows, data, strict=True)
        ]
    return versions


def store(obj, versions, user=None, comment="", state=State.SAVED, **info):
    """Save `versions` (from `capture`) as a revision of `obj`; `info` sets
    RevisionInfo fields (source_document, based_on...)."""
    with transaction.atomic():
        revision = Revision.objects.create(
            date_created=timezone.now(), user=user, comment=comment[:2000]
        )
        for version in versions:
            version.revision = revision
        Version.objects.bulk_create(versions)
        RevisionInfo.objects.create(
            revision=revision,
            content_type=ContentType.objects.get_for_model(type(obj)),
            object_id=obj.pk,
            object_repr=str(obj)[:200],
            state=state,
            submitted_at=timezone.now() if state == State.AWAITING else None,
            **info,
        )
    return revision


def record(obj, user=None, comment="", document=None):
    """A saved revision of `obj` as it is now (after an edit, an import...)."""
    return store(obj, capture(obj), user=user, comment=comment, source_document=document)


def admin_comment(change_message):
    """The admin's change message (ModelAdmin.construct_change_message) in words."""
    if not change_message:
        return ""
    return LogEntry(change_message=json.dumps(change_message)).get_change_message()


_capture = contextvars.ContextVar("revision_capture", default=None)


@contextmanager
def capturing():
    """Run a save whose effects are rolled back, keeping the revision it
    would have stored: the block calls `captured(obj)` once the object and
    its rows are saved; the result's `.versions` holds them afterwards
    (None when the block saved nothing, e.g. a form with errors)."""
    result = Captured()
    token = _capture.set(result)
    try:
        with transaction.atomic():
            yield result
            transaction.set_rollback(True)
    finally:
        _capture.reset(token)


@dataclass
class Captured:
    obj: object = None
    versions: list = None
    comment: str = ""


def is_capturing():
    return _capture.get() is not None


def captured(obj, comment=""):
    """Inside `capturing`: the save of `obj` is done; keep what it made."""
    result = _capture.get()
    result.obj, result.versions, result.comment = obj, capture(obj), comment


# --- Reading revisions ----------------------------------------------------------------


def revisions_of(obj):
    ct = ContentType.objects.get_for_model(type(obj))
    return (
        RevisionInfo.objects.filter(content_type=ct, object_id=obj.pk)
        .select_related("revision__user", "reviewed_by", "source_document")
        .defer("source_document__text")
    )


def pending(obj):
    """The change awaiting review or in draft on `obj`, or None."""
    return revisions_of(obj).filter(state__in=RevisionInfo.PENDING).first()


def pending_of(model):
    """The pending changes (a draft change or one awaiting review) of `model` objects."""
    return RevisionInfo.objects.filter(
        content_type=ContentType.objects.get_for_model(model), state__in=RevisionInfo.PENDING
    )


def pending_state(model):
    """The state of a row's pending change, as a subquery to annotate a
    queryset of `model` with: the status labels read it as `pending_state`
    ("Published · draft changes"). One subquery, whatever the number of rows."""
    return Subquery(pending_of(model).filter(object_id=OuterRef("pk")).values("state")[:1])


def mark_pending(obj, user):
    """For the staff's view of a public page: set `obj.pending_state`, which
    its status label shows. One query, for staff only; visitors' pages cost
    nothing more."""
    if sees_drafts(user):
        found = pending_of(type(obj)).filter(object_id=obj.pk)
        obj.pending_state = found.values_list("state", flat=True).first()
    return obj


@dataclass
class Row:
    model: type
    pk: str
    name: str
    values: dict


def rows(versions):
    """{(model, pk): Row} of `versions`, with the values as history keeps them."""
    found = {}
    for version in versions:
        model = version._model
        values = {
            key: sorted(value) if isinstance(value, list) else history.plain(value)
            for key, value in version.field_dict.items()
        }
        found[model, version.object_id] = Row(model, version.object_id, version.object_repr, values)
    return found


def versions_of(info):
    return list(info.revision.version_set.all())


@dataclass
class RowChanges:
    """The rows of one kind that differ between two revisions."""

    label: str
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    changed: list = field(default_factory=list)  # (name, [history.Change])


@dataclass
class Comparison:
    fields: list  # [history.Change] of the object's own fields
    rows: list  # [RowChanges]

    @property
    def empty(self):
        return not self.fields and not self.rows


def compare(obj, before, after):
    """What changes from the versions `before` to `after` of `obj`: its own
    fields, and its rows added, removed and changed, with the fields'
    labels and values as the history page shows them (history.readable)."""
    model = type(obj)
    old, new = rows(before), rows(after)
    main = (model, str(obj.pk))
    content_type = ContentType.objects.get_for_model(model)
    entries = []
    own = _entry(content_type, None, old.get(main), new.get(main))
    groups = []
    for part in REGISTRY[model].parts:
        group = RowChanges(str(part.model._meta.verbose_name_plural).capitalize())
        keys = {k for k in [*old, *new] if k[0] is part.model}
        for key in sorted(keys, key=lambda k: (len(k[1]), k[1])):
            if key not in new:
                group.removed.append(old[key].name)
            elif key not in old:
                group.added.append(new[key].name)
            else:
                entry = _entry(content_type, part.model, old[key], new[key], skip={part.parent_key})
                if entry.changes:
                    entries.append(entry)
                    group.changed.append((new[key].name, entry))
        if group.added or group.removed or group.changed:
            groups.append(group)
    history.readable([own, *entries])
    for group in groups:
        group.changed = [(name, entry.readable) for name, entry in group.changed]
    return Comparison(own.readable, groups)


def _entry(content_type, part, old, new, skip=()):
    changes = {
        key: values
        for key, values in history.diff(
            old.values if old else {}, new.values if new else {}
        ).items()
        if key not in history.UNTRACKED and key not in skip
    }
    row_type = ContentType.objects.get_for_model(part) if part else None
    return ChangeRecord(content_type=content_type, row_type=row_type, changes=changes)


# --- Applying revisions -----------------------------------------------------------------


class ApplyError(Exception):
    """A revision that cannot be applied as it is (the message says why)."""


def apply(obj, versions, publish=False):
    """Make `obj` and its rows what `versions` say, saving through the models
    (every save's upkeep runs). Rows that refer to something deleted since
    are left out and named in the returned list. `publish` also makes a
    publishable object live now if it is not. Returns (obj, left out)."""
    model = type(obj)
    spec = REGISTRY[model]
    left_out = []
    with transaction.atomic():
        obj = model._default_manager.select_for_update().get(pk=obj.pk)
        own = [v for v in versions if v._model is model and v.object_id == str(obj.pk)]
        if not own:
            raise ApplyError(f"The revision does not hold {obj}.")
        values = own[0].field_dict
        missing = _missing_targets(versions)
        many = {}
        for name in spec.fields:
            f = model._meta.get_field(name)
            if f.many_to_many:
                many[f] = [
                    pk for pk in values.get(f.attname, []) if (f.related_model, pk) not in missing
                ]
            elif f.attname in values:
                value = values[f.attname]
                if f.is_relation and (f.related_model, value) in missing:
                    left_out.append(f"{f.verbose_name}: it no longer exists")
                    value = None if f.null else getattr(obj, f.attname)
                elif isinstance(f, models.FileField) and value and not f.storage.exists(str(value)):
                    # A replaced image's file is deleted with it: keep the current one.
                    left_out.append(f"{f.verbose_name}: its file {value} no longer exists")
                    continue
                setattr(obj, f.attname, value)
        if publish and isinstance(obj, Publishable) and not obj.is_published:
            obj.status, obj.published_at = Publishable.Status.PUBLISHED, timezone.now()
            if obj.unpublish_at and obj.unpublish_at <= obj.published_at:
                obj.unpublish_at = None
        try:
            obj.save()
            for f, pks in many.items():
                getattr(obj, f.name).set(pks)
            for part in spec.parts:
                wanted = [v for v in versions if v._model is part.model]
                left_out += _apply_rows(obj, part, wanted, missing)
        except IntegrityError as error:
            raise ApplyError(f"The revision clashes with the data as it is now: {error}") from None
    return obj, left_out


def _apply_rows(obj, part, versions, missing):
    model = part.model
    current = {str(row.pk): row for row in getattr(obj, part.accessor).all()}
    wanted = {int(v.object_id) for v in versions if v.object_id not in current}
    taken = set(model._default_manager.filter(pk__in=wanted).values_list("pk", flat=True))
    keep, save, left_out = set(), [], []
    for version in versions:
        values = {**version.field_dict, part.parent_key: obj.pk}
        gone = [
            f.verbose_name
            for f in model._meta.concrete_fields
            if f.is_relation and (f.related_model, values.get(f.attname)) in missing
        ]
        if gone:
            left_out.append(f"{version.object_repr} ({', '.join(gone)} no longer exists)")
            continue
        row = current.get(version.object_id)
        if row is None:
            # A row the revision adds: with its id while that is free, so
            # that a draft change applied twice (shown in the form, then
            # saved from it) gives its rows the same ids both times.
            free = int(version.object_id) not in taken
            row = model(pk=int(version.object_id)) if free else model()
        else:
            keep.add(version.object_id)
            if all(getattr(row, k) == v for k, v in values.items()):
                continue
        for key, value in values.items():
            setattr(row, key, value)
        save.append(row)
    for pk, row in current.items():
        if pk not in keep:
            row.delete()
    for row in save:
        row.save()
    return left_out


def editable_draft(obj, user, revision_id):
    """The draft change `revision_id` of `obj` if `user` may go on editing it
    (their own, pending or rejected), else None."""
    if not str(revision_id).isdigit():
        return None
    return (
        revisions_of(obj)
        .filter(
            revision_id=revision_id,
            revision__user=user,
            state__in=[*RevisionInfo.PENDING, State.REJECTED],
        )
        .first()
    )


def _missing_targets(versions):
    """{(model, pk)} of the rows `versions` refer to that no longer exist."""
    wanted = defaultdict(set)
    for version in versions:
        model = version._model
        values = version.field_dict
        for f in [*model._meta.concrete_fields, *model._meta.many_to_many]:
            if not f.is_relation or f.attname not in values:
                continue
            value = values[f.attname]
            for pk in value if isinstance(value, list) else [value]:
                if pk is not None:
                    wanted[f.related_model].add(pk)
    missing = set()
    for model, pks in wanted.items():
        existing = set(model._default_manager.filter(pk__in=pks).values_list("pk", flat=True))
        missing |= {(model, pk) for pk in pks - existing}
    return missing


# --- The workflow -------------------------------------------------------------------------


class WorkflowError(Exception):
    """A workflow step that is not allowed now (the message says why)."""


def may_propose(user, obj):
    """Whether `user` may make a draft change of `obj`: the model's change
    permission (and the parent's) is enough; the publish permission is not
    needed, since nothing is applied until an editor approves."""
    refusal = permissions.refusal(user, obj, "change")
    return refusal is None or refusal.action == "publish"


def is_live(obj):
    """Whether visitors see `obj` (or something that shows it): what a change
    of it needs the publish permission for (filmsite.content.permissions)."""
    return any(permissions.is_live(obj, path) for path, _ in permissions.locks(type(obj)))


def may_approve(user, obj):
    """Approving applies the change to the live page: it needs the right to
    change `obj` as it is live (the publish permission of what makes it live)."""
    model = type(obj)
    return user.has_perm(permissions.perm(model, "change")) and permissions.may_publish(user, model)


def latest_saved(obj):
    return revisions_of(obj).filter(state__in=[State.SAVED, State.APPROVED]).first()


def save_draft(obj, versions, user, comment="", submit=False):
    """Store a draft change of `obj` (versions captured from an unapplied
    save). It replaces the user's own pending change; another user's must be
    settled first (approved, rejected or discarded)."""
    with transaction.atomic():
        current = pending(obj)
        if current is not None:
            if current.revision.user_id != user.pk:
                by = current.revision.user or "someone else"
                raise WorkflowError(
                    f"{by} has a pending change of this {obj._meta.verbose_name} "
                    f"({current.get_state_display().lower()}): it must be approved, "
                    "rejected or discarded before another is made."
                )
            _settle(current, State.DISCARDED, user, "Replaced by a newer draft change")
        base = latest_saved(obj)
        if base is None:  # the live state, so that the change can be compared and undone
            base = record(obj, user=None, comment="As it was before the first draft change")
        else:
            base = base.revision
        state = State.AWAITING if submit else State.DRAFT
        revision = store(obj, versions, user=user, comment=comment, state=state, based_on=base)
        history.record(
            obj,
            Action.SUBMITTED if submit else Action.DRAFTED,
            message=_words(comment, revision),
        )
    return revision.info


def submit(info, user, obj):
    if info.revision.user_id != user.pk:
        raise WorkflowError("Only the author of a draft change may submit it.")
    with transaction.atomic():
        _locked(info, State.DRAFT, State.REJECTED)
        if info.state == State.REJECTED and pending(obj) is not None:
            raise WorkflowError("Another change of this object is pending.")
        info.state, info.submitted_at = State.AWAITING, timezone.now()
        # A rejected change sent again: the rejection stays in the history.
        info.reviewed_by, info.reviewed_at, info.review_comment = None, None, ""
        info.save(
            update_fields=["state", "submitted_at", "reviewed_by", "reviewed_at", "review_comment"]
        )
        history.record(obj, Action.SUBMITTED, message=_words("", info.revision))


def submit_object(obj, user):
    """Submit a draft object (never approved) as it is now for review."""
    return save_draft(obj, capture(obj), user, "Submitted for publication", submit=True)


def approve(info, user, obj, comment=""):
    """Apply the change to the live object (publishing it if it is a draft),
    as a new saved revision. Returns the rows it had to leave out."""
    if not may_approve(user, obj):
        raise WorkflowError("Approving needs the permission to publish this.")
    author = info.revision.user or "an import"
    message = f"Approved change #{info.revision_id} by {author}"
    if comment:
        message += f": {comment}"
    with transaction.atomic():
        _locked(info, *RevisionInfo.PENDING)
        obj, left_out = _apply_recorded(
            obj, versions_of(info), user, message, Action.APPROVED, publish=True
        )
        _settle(info, State.APPROVED, user, comment)
    return obj, left_out


def reject(info, user, obj, comment):
    if not may_approve(user, obj):
        raise WorkflowError("Rejecting needs the permission to publish this.")
    if not comment.strip():
        raise WorkflowError("Say why the change is rejected: the author reads the comment.")
    with transaction.atomic():
        _locked(info, *RevisionInfo.PENDING)
        _settle(info, State.REJECTED, user, comment.strip())
        history.record(
            obj,
            Action.REJECTED,
            message=f"Change #{info.revision_id} by {info.revision.user}: {comment.strip()}",
        )


def discard(info, user, obj):
    if info.revision.user_id != user.pk and not may_approve(user, obj):
        raise WorkflowError("Only its author or an editor may discard a draft change.")
    with transaction.atomic():
        _locked(info, *RevisionInfo.PENDING, State.REJECTED)
        _settle(info, State.DISCARDED, user, "")
        history.record(obj, Action.DISCARDED, message=f"Change #{info.revision_id}")


def revert(info, user, obj):
    """Restore the revision `info`: applied at once for whoever may change
    the live object (itself a saved revision), else made a draft change."""
    if info.state not in (State.SAVED, State.APPROVED):
        raise WorkflowError("Only saved revisions can be restored.")
    versions = versions_of(info)
    if not permissions.may_change(user, obj):
        if not may_propose(user, obj):
            raise WorkflowError("You may not change this.")
        copies = [
            Version(
                content_type_id=v.content_type_id,
                object_id=v.object_id,
                db=v.db,
                format=v.format,
                serialized_data=v.serialized_data,
                object_repr=v.object_repr,
            )
            for v in versions
        ]
        comment = f"Restore revision #{info.revision_id}"
        return save_draft(obj, copies, user, comment), []
    when = timezone.localtime(info.revision.date_created)
    message = f"Reverted to revision #{info.revision_id} of {format_time(when)}"
    _, left_out = _apply_recorded(obj, versions, user, message, Action.REVERTED)
    return None, left_out


def _apply_recorded(obj, versions, user, message, action, publish=False):
    """apply(), then a saved revision of the result and a history entry
    (`action`) saying what was done and which rows were left out."""
    with transaction.atomic():
        obj, left_out = apply(obj, versions, publish=publish)
        record(obj, user=user, comment=message)
        history.record(obj, action, message=message + _left_out(left_out))
    return obj, left_out


def _locked(info, *states):
    """`info` read again and locked, in a transaction: two reviewers acting at
    once settle it once. WorkflowError unless it is in one of `states`."""
    fresh = RevisionInfo.objects.select_for_update().get(pk=info.pk)
    if fresh.state not in states:
        raise WorkflowError(f"This change is {fresh.get_state_display().lower()}.")
    info.state = fresh.state
    return info


def _settle(info, state, user, comment):
    info.state, info.reviewed_by, info.reviewed_at = state, user, timezone.now()
    info.review_comment = comment
    info.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_comment"])


def _words(comment, revision):
    return f"Change #{revision.pk}" + (f": {comment}" if comment else "")


def _left_out(left_out):
    return "; left out: " + "; ".join(left_out) if left_out else ""


# --- Preview ----------------------------------------------------------------------------


def preview_url(obj):
    """The public page that shows `obj`: its own, or its film's (a review)."""
    if hasattr(obj, "get_absolute_url"):
        return obj.get_absolute_url()
    for path in permissions.parent_paths(type(obj)):
        parent = getattr(obj, path)
        if hasattr(parent, "get_absolute_url"):
            return parent.get_absolute_url()
    return None


def preview(request, obj, versions, banner):
    """The public page of `obj` as visitors will see it once `versions` are
    applied and live: rendered with the revision applied in a transaction
    that is rolled back, for an anonymous visitor, outside the page cache
    (the view is called directly). None if `obj` has no public page."""
    with transaction.atomic():
        obj, _ = apply(obj, versions, publish=True)
        url = preview_url(obj)
        if url is None:
            transaction.set_rollback(True)
            return None
        match = resolve(url)
        visitor = _visitor_request(request, url, match, banner)
        response = match.func(visitor, *match.args, **match.kwargs)
        if hasattr(response, "render"):
            response.render()
        transaction.set_rollback(True)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _visitor_request(request, url, match, banner):
    visitor = type(request).__new__(type(request))
    visitor.__dict__.update(request.__dict__)
    visitor.method = "GET"
    visitor.GET = QueryDict()
    visitor.POST = QueryDict()
    visitor.path = visitor.path_info = url
    visitor.META = {**request.META, "QUERY_STRING": "", "REQUEST_METHOD": "GET", "PATH_INFO": url}
    visitor.resolver_match = match
    visitor.user = AnonymousUser()
    visitor.preview_banner = banner
    return visitor
