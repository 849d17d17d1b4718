"""Keep derived state in step with edits made anywhere (admin, shell, tests):
headline scores, old-slug redirects and the content version that cached
pages are keyed on. Bulk writes (queryset.update, the importer's
bulk_create) send no signals; their callers do the same work explicitly."""

import contextlib
from contextvars import ContextVar

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_save
from django.dispatch import receiver

from reviews.models import AudienceReview, Critic, CriticReview, Publication, ReportedScore
from reviews.scores import refresh_scores

from . import history, search
from .images import delete_renditions
from .models import (
    ChangeRecord,
    ContentVersion,
    Credit,
    Film,
    FilmRedirect,
    Person,
    SearchEntry,
    film_title_key,
)

CONTENT_APPS = {"films", "reviews"}
INTERNAL_MODELS = {"contentversion", "changerecord", "searchentry"}

_bulk_delete = ContextVar("bulk_delete", default=False)


@contextlib.contextmanager
def bulk_delete():
    """Deletes inside this block skip the per-row upkeep below (rescoring,
    history entries, search entries, content version bumps): for deleting
    many rows at once with QuerySet.delete(), whose caller does that work
    once for the whole set (generate_demo_data --clear). Files of deleted
    images are still removed."""
    token = _bulk_delete.set(True)
    try:
        yield
    finally:
        _bulk_delete.reset(token)


@receiver(pre_save, sender=Film)
def keep_title_key(sender, instance, **kwargs):
    instance.title_key = film_title_key(instance.title)


@receiver(pre_save, sender=Film)
def remember_old_slug(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    old_slug = Film.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
    if old_slug and old_slug != instance.slug:
        FilmRedirect.objects.filter(old_slug=instance.slug).delete()
        FilmRedirect.objects.update_or_create(old_slug=old_slug, defaults={"film": instance})


@receiver(pre_save, sender=Film)
@receiver(pre_save, sender=Person)
def remove_replaced_image(sender, instance, raw=False, **kwargs):
    """A replaced or cleared poster or photo leaves no files behind."""
    if raw or instance.pk is None:
        return
    field = "poster" if sender is Film else "photo"
    old = sender.objects.filter(pk=instance.pk).values_list(field, flat=True).first()
    if old and old != getattr(instance, field).name:
        transaction.on_commit(lambda: delete_image(sender, field, old))


@receiver(post_delete, sender=Film)
@receiver(post_delete, sender=Person)
def remove_deleted_image(sender, instance, **kwargs):
    field = "poster" if sender is Film else "photo"
    name = getattr(instance, field).name
    if name:
        transaction.on_commit(lambda: delete_image(sender, field, name))


def delete_image(model, field, name):
    # Another row may share the file (an editor copied it): keep it then.
    if not model.objects.filter(**{field: name}).exists():
        model._meta.get_field(field).storage.delete(name)
        delete_renditions(name)


@receiver([post_save, post_delete], sender=CriticReview)
@receiver([post_save, post_delete], sender=AudienceReview)
@receiver([post_save, post_delete], sender=ReportedScore)
def rescore_film(sender, instance, raw=False, **kwargs):
    if not raw and not _bulk_delete.get():
        refresh_scores([instance.film_id])


# --- The site search's entries (films.search) ----------------------------------------


@receiver(post_save, sender=Film)
def index_film(sender, instance, raw=False, **kwargs):
    if not raw:
        search.refresh_films([instance.pk])


@receiver(post_save, sender=Person)
def index_person(sender, instance, raw=False, **kwargs):
    if raw:
        return
    renamed = not SearchEntry.objects.filter(
        person=instance, title=search.fold(instance.name)
    ).exists()
    search.refresh_people([instance.pk])
    if renamed:  # the films credit the person by name
        search.refresh_films(
            Credit.objects.filter(person=instance).values_list("film_id", flat=True).distinct()
        )


@receiver(post_save, sender=Credit)
@receiver(post_delete, sender=Credit)
def index_credited_film(sender, instance, raw=False, origin=None, **kwargs):
    deleting_film = isinstance(origin, Film) or getattr(origin, "model", None) is Film
    if (
        not raw and not deleting_film and not _bulk_delete.get()
    ):  # a deleted film takes its entry with it
        search.refresh_films([instance.film_id])


@receiver(post_save, sender=Critic)
def index_critic(sender, instance, raw=False, **kwargs):
    if not raw:
        search.refresh_critics([instance.pk])


@receiver(post_save, sender=Publication)
def index_publication(sender, instance, raw=False, **kwargs):
    if not raw:
        search.refresh_publications([instance.pk])


HISTORY_MODELS = {
    "films.film", "films.person", "films.genre", "films.company", "films.provider",
    "reviews.critic", "reviews.publication", "reviews.criticreview", "reviews.audiencereview",
}  # fmt: skip
# Rows that belong to a film are recorded on the film's history.
FILM_PARTS = {
    "films.credit", "films.filmcompany", "films.releasedate", "films.watchoption",
    "films.similarfilm", "films.filmfact", "reviews.reportedscore",
}  # fmt: skip


def remember_values(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._history_before = None
        return
    before = sender.objects.filter(pk=instance.pk).first()
    instance._history_before = history.tracked_values(before) if before else None


def record_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    after = history.tracked_values(instance)
    before = getattr(instance, "_history_before", None)
    if sender._meta.label_lower in FILM_PARTS:
        # Recorded on the film, with the values: "tomatometer: 100 → 12".
        verb = "added" if created else "changed"
        changes = history.diff(before or {}, after)
        if before is None:  # added: its values, but not the film whose history this is
            changes = {k: v for k, v in changes.items() if k != "film_id" and v[1] != ""}
        if changes or created:
            history.record(
                instance.film,
                "changed",
                changes=history.named(sender, changes),
                message=f"{sender._meta.verbose_name.capitalize()} {verb}: {instance}",
            )
        return
    if created or before is None:
        changes = {name: [None, value] for name, value in after.items() if value not in ("", None)}
        history.record(instance, "created", changes)
    elif changes := history.diff(before, after):
        history.record(instance, "changed", changes)


def record_delete(sender, instance, **kwargs):
    if _bulk_delete.get():
        return
    if sender._meta.label_lower in FILM_PARTS:
        film = Film.objects.filter(pk=instance.film_id).first()
        if film is not None:
            removed = {
                name: [value, None]
                for name, value in history.tracked_values(instance).items()
                if name != "film_id" and value not in ("", None)
            }
            history.record(
                film,
                "changed",
                changes=history.named(sender, removed),
                message=f"{sender._meta.verbose_name.capitalize()} removed: {instance}",
            )
        return
    history.record(instance, "deleted")


def connect_history_signals(app_models):
    for model in app_models:
        label = model._meta.label_lower
        if label in HISTORY_MODELS or label in FILM_PARTS:
            uid = f"history-{label}"
            pre_save.connect(remember_values, sender=model, dispatch_uid=f"{uid}-pre")
            post_save.connect(record_save, sender=model, dispatch_uid=f"{uid}-post")
            post_delete.connect(record_delete, sender=model, dispatch_uid=f"{uid}-delete")


def content_changed(sender, raw=False, **kwargs):
    if (
        not raw
        and not _bulk_delete.get()
        and sender._meta.app_label in CONTENT_APPS
        and sender
        not in (
            ContentVersion,
            ChangeRecord,
        )
    ):
        ContentVersion.bump()


def genres_changed(sender, action, **kwargs):
    # Film.genres changes save no model: post_save never hears of them.
    if action.startswith("post_"):
        ContentVersion.bump()


def connect_content_signals(app_models):
    m2m_changed.connect(genres_changed, sender=Film.genres.through, dispatch_uid="bump-genres")
    for model in app_models:
        post_save.connect(content_changed, sender=model, dispatch_uid=f"bump-{model._meta.label}")
        post_delete.connect(
            content_changed, sender=model, dispatch_uid=f"bump-delete-{model._meta.label}"
        )


@receiver(post_migrate)
def grant_role_permissions(sender, using="default", **kwargs):
    """Keep the roles' permissions in step with the content models, including
    ones added after the groups' own migrations. Editors: everything on
    content. Contributors: add, change and view content (drafts only, see
    PublishableAdmin), never delete, publish, merge or import. Neither role
    touches users, groups or settings."""
    if sender.label != "reviews":  # once, after both content apps migrated
        return
    content = (
        Permission.objects.using(using)
        .filter(content_type__app_label__in=CONTENT_APPS)
        .exclude(content_type__model__in=INTERNAL_MODELS)
    )
    editors = Group.objects.using(using).filter(name="Editors").first()
    if editors is not None:
        editors.permissions.add(*content)
    contributors = Group.objects.using(using).filter(name="Contributors").first()
    if contributors is not None:
        allowed = content.filter(
            Q(codename__startswith="add_") | Q(codename__startswith="change_")
            | Q(codename__startswith="view_")
        ).exclude(codename="add_sourcedocument")  # fmt: skip
        contributors.permissions.set(allowed)
