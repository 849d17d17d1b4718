"""Upkeep that every content model shares, by signals, so edits made anywhere
(admin, shell, tests) are kept: the change history (filmsite.content.history)
and the content version that cached pages are keyed on. Each content app
connects its own models from its AppConfig.ready() (`connect_history`,
`connect_content_version`). Bulk writes (queryset.update, the importer's
bulk_create) send no signals; their callers do the same work explicitly."""

import contextlib
from contextvars import ContextVar
from functools import partial

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from . import history
from .models import ChangeRecord, ContentVersion

Action = ChangeRecord.Action

_bulk_delete = ContextVar("bulk_delete", default=False)


@contextlib.contextmanager
def bulk_delete():
    """Deletes inside this block skip the per-row upkeep of the content apps
    (rescoring, history entries, search entries, content version bumps): for
    deleting many rows at once with QuerySet.delete(), whose caller does that
    work once for the whole set (generate_demo_data --clear). Files of
    deleted images are still removed."""
    token = _bulk_delete.set(True)
    try:
        yield
    finally:
        _bulk_delete.reset(token)


def bulk_deleting():
    """Whether a `bulk_delete()` block is running: receivers skip their work."""
    return _bulk_delete.get()


# --- Change history --------------------------------------------------------------


def remember_values(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._history_before = None
        return
    before = sender.objects.filter(pk=instance.pk).first()
    instance._history_before = history.tracked_values(before) if before else None


def record_save(sender, instance, created, raw=False, parent=None, **kwargs):
    if raw:
        return
    after = history.tracked_values(instance)
    before = getattr(instance, "_history_before", None)
    if parent is not None:
        # Recorded on what it belongs to, with the values: "tomatometer: 100 → 12".
        parent_key = sender._meta.get_field(parent).attname
        verb = "added" if created else "changed"
        changes = history.diff(before or {}, after)
        if before is None:  # added: its values, but not the parent whose history this is
            changes = {k: v for k, v in changes.items() if k != parent_key and v[1] != ""}
        if changes or created:
            history.record(
                getattr(instance, parent),
                Action.CHANGED,
                changes=changes,
                message=f"{sender._meta.verbose_name.capitalize()} {verb}: {instance}",
                model=sender,
            )
        return
    if created or before is None:
        changes = {name: [None, value] for name, value in after.items() if value not in ("", None)}
        history.record(instance, Action.CREATED, changes)
    elif changes := history.diff(before, after):
        history.record(instance, Action.CHANGED, changes)


def record_delete(sender, instance, parent=None, **kwargs):
    if bulk_deleting():
        return
    if parent is not None:
        field = sender._meta.get_field(parent)
        parent_key = field.attname
        owner = field.related_model._default_manager.filter(
            pk=getattr(instance, parent_key)
        ).first()
        if owner is not None:
            removed = {
                name: [value, None]
                for name, value in history.tracked_values(instance).items()
                if name != parent_key and value not in ("", None)
            }
            history.record(
                owner,
                Action.CHANGED,
                changes=removed,
                message=f"{sender._meta.verbose_name.capitalize()} removed: {instance}",
                model=sender,
            )
        return
    history.record(instance, Action.DELETED)


def connect_history(models, parts=None):
    """Record the changes of `models` in their own history, and those of
    `parts` ({model: the foreign key to what it belongs to}) in the history
    of what they belong to (a credit's changes in its film's)."""
    for model, parent in [*((m, None) for m in models), *(parts or {}).items()]:
        uid = f"history-{model._meta.label_lower}"
        save = partial(record_save, parent=parent)
        delete = partial(record_delete, parent=parent)
        pre_save.connect(remember_values, sender=model, dispatch_uid=f"{uid}-pre")
        post_save.connect(save, sender=model, weak=False, dispatch_uid=f"{uid}-post")
        post_delete.connect(delete, sender=model, weak=False, dispatch_uid=f"{uid}-delete")


# --- The content version --------------------------------------------------------------


def content_changed(sender, raw=False, **kwargs):
    if not raw and not bulk_deleting():
        ContentVersion.bump()


def relation_changed(sender, action, **kwargs):
    # Many-to-many changes save no model: post_save never hears of them.
    if action.startswith("post_"):
        ContentVersion.bump()


def connect_content_version(models, many_to_many=()):
    """Bump the content version whenever a row of `models` is saved or
    deleted, or a relation of `many_to_many` (through models) changes."""
    for model in models:
        label = model._meta.label
        post_save.connect(content_changed, sender=model, dispatch_uid=f"bump-{label}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"bump-delete-{label}")
    for through in many_to_many:
        m2m_changed.connect(
            relation_changed, sender=through, dispatch_uid=f"bump-{through._meta.label}"
        )
