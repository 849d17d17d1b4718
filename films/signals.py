"""Keep films' derived state in step with edits made anywhere (admin, shell,
tests): title keys, image files and the site search's
entries; and the roles' permissions after each migrate. History and the
content version are filmsite.content.signals', connected in films.apps;
reviews keep their own (reviews.signals); old slugs' redirects are
filmsite.content.redirects', connected in films.apps too. Bulk writes
(queryset.update, the importer's bulk_create) send no signals; their callers
do the same work explicitly."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_migrate, post_save, pre_save
from django.dispatch import receiver

from filmsite.content.signals import bulk_deleting

from . import search
from .images import delete_image
from .models import Credit, Film, Person, SearchEntry, film_title_key

# The apps whose models are content: the roles' permissions cover them.
CONTENT_APPS = {"films", "reviews"}
# Not content: the search's entries are derived, and the import runs' log is
# written by the importer alone (Editors only read it, see below).
INTERNAL_MODELS = {"searchentry", "importrun"}


@receiver(pre_save, sender=Film)
def keep_title_key(sender, instance, **kwargs):
    instance.title_key = film_title_key(instance.title)


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
        not raw and not deleting_film and not bulk_deleting()
    ):  # a deleted film takes its entry with it
        search.refresh_films([instance.film_id])


@receiver(post_migrate)
def grant_role_permissions(sender, using="default", **kwargs):
    """Keep the roles' permissions in step with the content models, including
    ones added after the groups' own migrations. Editors: everything on
    content. Contributors: add, change and view content (drafts only, see
    PublishableAdmin), never delete, publish, merge or import. Neither role
    touches users, groups or settings. Editors also read the import runs' log
    (ImportRun); nobody but a superuser writes to it from the admin."""
    if sender.label != "reviews":  # once, after both content apps migrated
        return
    content = (
        Permission.objects.using(using)
        .filter(content_type__app_label__in=CONTENT_APPS)
        .exclude(content_type__model__in=INTERNAL_MODELS)
    )
    # Both roles see the review queue (filmsite.content's RevisionInfo): editors
    # everyone's changes, contributors their own.
    queue = Permission.objects.using(using).filter(
        content_type__app_label="content", codename="view_revisioninfo"
    )
    editors = Group.objects.using(using).filter(name="Editors").first()
    if editors is not None:
        editors.permissions.add(
            *content,
            *queue,
            *Permission.objects.using(using).filter(
                content_type__app_label="films", codename="view_importrun"
            ),
        )
    contributors = Group.objects.using(using).filter(name="Contributors").first()
    if contributors is not None:
        allowed = content.filter(
            Q(codename__startswith="add_") | Q(codename__startswith="change_")
            | Q(codename__startswith="view_")
        ).exclude(codename="add_sourcedocument")  # fmt: skip
        contributors.permissions.set([*allowed, *queue])
