"""The admin bases both content apps build on: permissions by content
(ContentAdmin), the change history page (HistoryAdmin), publishing
(PublishableAdmin), inlines of an item's rows (RowInline) and the merge
action (merge_selected). None of them
knows a content model: what is specific to one is a hook its ModelAdmin
provides (`merger`, `related_summary`, `after_bulk_change`)."""

from contextlib import contextmanager

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, Value, When
from django.template.response import TemplateResponse
from django.utils import timezone

from . import history, merging, permissions
from .forms import ContentForm
from .models import ChangeRecord, ContentVersion, Publishable, published_q, state_q


class ContentAdmin(admin.ModelAdmin):
    """Base of the content admins: who may change, delete or attach a row to
    what is decided by filmsite.content.permissions (published content and
    the rows that belong to it need the publish permission). Its form names
    the object a duplicate name belongs to (filmsite.content.forms)."""

    form = ContentForm

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or permissions.may_change(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or permissions.may_change(request.user, obj, "delete"))

    # Django's admin refuses with a bare PermissionDenied; these views say
    # which permission is missing, and the admin's 403 page shows it
    # (filmsite.views.permission_denied).

    def add_view(self, request, form_url="", extra_context=None):
        with self.explained(request, None, "add"):
            return super().add_view(request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        action = "change" if request.method == "POST" else "view"
        with self.explained(request, object_id, action):
            return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        with self.explained(request, object_id, "delete"):
            return super().delete_view(request, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        with self.explained(request, None, "view"):
            return super().changelist_view(request, extra_context)

    @contextmanager
    def explained(self, request, object_id, action):
        try:
            yield
        except PermissionDenied as denied:
            refusal = None if denied.args else self.refusal(request, object_id, action)
            if refusal is None:
                raise
            # Django logs each 403 with this traceback: the bare one adds nothing.
            raise PermissionDenied(str(refusal)) from None

    def refusal(self, request, object_id, action):
        """Why the user may not `action` the object (or the model): a
        filmsite.content.permissions.Refusal, or None."""
        model, user = self.model, request.user
        if action == "view":
            # Whoever may view a model sees its pages (read-only without change).
            return permissions.missing(user, model, "view", f"to see {permissions.a(model)}")
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        if obj is None:
            return permissions.missing(user, model, action, f"to {action} {permissions.a(model)}")
        return permissions.refusal(user, obj, action)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # A page the user may see but not change says why, above the form.
        if obj is not None and not self.has_change_permission(request, obj):
            note = f"You can see this {self.opts.verbose_name} but not change it."
            if refusal := permissions.refusal(request.user, obj, "change"):
                note = f"{note} {refusal}"
            context["readonly_note"] = note
        return super().render_change_form(request, context, add, change, form_url, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A row may be put only on a film the user may change (a contributor
        # cannot move a review onto a published film).
        if db_field.name in permissions.parent_paths(self.model):
            related = db_field.related_model._default_manager.all()
            kwargs["queryset"] = permissions.changeable(request.user, related)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def changeable(self, request, queryset, action="change"):
        """The selected rows an action may change; says how many it leaves alone."""
        allowed = permissions.changeable(request.user, queryset, action)
        if skipped := queryset.count() - allowed.count():
            self.message_user(
                request,
                f"{skipped} selected item(s) left unchanged: you may not change published content.",
                messages.WARNING,
            )
        return allowed

    def merger(self, obj):
        """For merge_selected: the filmsite.content.merging.Merger of `obj`'s model."""
        raise NotImplementedError(f"{type(self).__name__} does not merge")

    def related_summary(self, obj):
        """For merge_selected: a few words on what a merge would move, to
        help choose the one to keep."""
        return ""


class HistoryAdmin(ContentAdmin):
    """The History page lists every recorded change (filmsite.content.history),
    by editors and by imports, above Django's own admin log."""

    object_history_template = "admin/object_history_with_records.html"

    def history_view(self, request, object_id, extra_context=None):
        records = ChangeRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model),
            object_id=object_id if str(object_id).isdigit() else -1,
        ).select_related("user", "source_document", "content_type", "row_type")
        # Each entry names its document; the document's text can be megabytes.
        records = records.defer("source_document__text")
        records = history.readable(list(records[:500]))
        extra_context = {"change_records": records, **(extra_context or {})}
        with self.explained(request, object_id, "view"):
            return super().history_view(request, object_id, extra_context)


class PublicationStateFilter(admin.SimpleListFilter):
    """Draft, Scheduled, Published, Unpublished: the states the Status column
    shows (Publishable.publication_state), as filters (state_q)."""

    title = "status"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return Publishable.State.choices

    def queryset(self, request, queryset):
        if self.value() in Publishable.State.values:
            return queryset.filter(state_q(self.value()))
        return queryset


class PublishableAdmin(HistoryAdmin):
    """Draft/published state for films, people and reviews.

    Publishing needs the model's "publish" permission (Editors have it).
    Without it (Contributors) the state fields are read-only, new items are
    drafts, and published items can be viewed but not changed.

    Every publishable admin shows the state visitors see now
    (Publishable.publication_state): where its lists name the stored `status`
    the changelist shows the Status column and filters by the four states
    instead, and the form gets the expiry and a read-only Status line beside
    the publication date. One rule here rather than in each admin's lists."""

    actions = ["publish", "unpublish"]
    publish_fields = ["status", "published_at", "unpublish_at"]

    def has_publish_permission(self, request):
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")

    def get_list_display(self, request):
        shown = super().get_list_display(request)
        return [STATUS_COLUMN if name == "status" else name for name in shown]

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        return [PublicationStateFilter if name == "status" else name for name in filters]

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), STATUS_COLUMN]
        if not self.has_publish_permission(request):
            fields += [name for name in self.publish_fields if name not in fields]
        return fields

    def get_fieldsets(self, request, obj=None):
        return [
            (name, {**options, "fields": with_publishing(options["fields"])})
            for name, options in super().get_fieldsets(request, obj)
        ]

    @admin.display(description="Status")
    def publication_status(self, obj):
        return obj.publication_label()

    def save_model(self, request, obj, form, change):
        if not change and not self.has_publish_permission(request):
            obj.status, obj.published_at, obj.unpublish_at = Publishable.Status.DRAFT, None, None
        super().save_model(request, obj, form, change)

    @admin.action(description="Publish selected items now", permissions=["publish"])
    def publish(self, request, queryset):
        now = timezone.now()
        chosen = self.changeable(request, queryset)
        already = chosen.filter(published_q(at=now)).count()
        changed = self.change_state(
            chosen.exclude(published_q(at=now)),
            "Published now (action on the list)",
            status=Value(Publishable.Status.PUBLISHED),
            published_at=Value(now),
            # An expiry already past would take it down again at once.
            unpublish_at=Case(When(unpublish_at__lte=now, then=None), default="unpublish_at"),
            first_published_at=Case(
                When(first_published_at__lte=now, then="first_published_at"), default=Value(now)
            ),
        )
        text = f"Published {changed} item(s) now."
        if already:
            text += f" {already} already published, left unchanged."
        self.message_user(request, text, messages.SUCCESS)

    @admin.action(
        description="Unpublish selected items now (back to draft)", permissions=["publish"]
    )
    def unpublish(self, request, queryset):
        now = timezone.now()
        chosen = self.changeable(request, queryset)
        total = chosen.count()
        changed = self.change_state(
            chosen.filter(status=Publishable.Status.PUBLISHED),
            "Unpublished (action on the list)",
            status=Value(Publishable.Status.DRAFT),
            # Remember whether it has been live (Publishable.first_going_live).
            first_published_at=Case(
                When(first_published_at__lte=now, then="first_published_at"),
                When(published_at__lte=now, then="published_at"),
                default=None,
            ),
        )
        text = f"Moved {changed} item(s) back to draft."
        if left := total - changed:
            text += f" {left} already draft, left unchanged."
        self.message_user(request, text, messages.SUCCESS)

    def change_state(self, queryset, message, **values):
        """Set `values` (expressions) on the rows of `queryset` with one
        UPDATE, record each row's changed fields in its history
        (history.record_update), and let cached pages go once. Returns how
        many rows it changed."""
        related = self.list_select_related
        related = related if isinstance(related, (list, tuple)) else []
        with transaction.atomic():
            ids = list(queryset.values_list("pk", flat=True))
            if not ids:
                return 0
            # first_published_at is not tracked (editors do not set it), as
            # in every save's history entry.
            rows = self.model.objects.filter(pk__in=ids)
            history.record_update(rows, values, message, select_related=related)
            self.after_bulk_change(ids)
        return len(ids)

    def after_bulk_change(self, ids):
        """queryset.update() sends no signals: let cached pages go."""
        ContentVersion.bump()


STATUS_COLUMN = "publication_status"


def with_publishing(fields):
    """A fieldset's `fields` with the expiry beside the publication date and
    the read-only Status line before them, wherever an admin puts them."""
    placed = []
    for item in fields:
        names = list(item) if isinstance(item, (list, tuple)) else [item]
        names = [name for name in names if name not in ("unpublish_at", STATUS_COLUMN)]
        if not names:
            continue
        if "published_at" in names:
            placed.append(STATUS_COLUMN)
            names.append("unpublish_at")
        placed.append(tuple(names) if len(names) > 1 else names[0])
    return placed


class RowInline:
    """For inlines of the rows that belong to an item (a film's credits,
    reported scores...): they are edited on its page, and only by whoever may
    change the item (filmsite.content.permissions). Django ignores the
    changes an inline's permissions do not allow, whatever is posted."""

    extra = 0
    # Where an imported row came from, by file name: a read-only column, as
    # the import keys are never edited by hand (a select of every document
    # would also widen the table past the screen).
    readonly_fields = ["source"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.has_source():
            # The document's text can be megabytes: only its name is shown.
            queryset = queryset.select_related("source_document").defer("source_document__text")
        return queryset

    def has_source(self):
        return any(field.name == "source_document" for field in self.model._meta.get_fields())

    @admin.display(description="source")
    def source(self, row):
        document = getattr(row, "source_document", None)
        if document is None:
            return "by hand" if row.pk else "—"
        return document.name

    def has_add_permission(self, request, obj):
        allowed = super().has_add_permission(request, obj)
        return allowed and permissions.may_change_rows(request.user, self.model, obj, "add")

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and permissions.may_change_rows(request.user, self.model, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and permissions.may_change_rows(request.user, self.model, obj, "delete")


@admin.action(description="Merge selected into one…", permissions=["delete"])
def merge_selected(modeladmin, request, queryset):
    """Merge duplicates through the ModelAdmin's `merger` hook, in three
    steps (filmsite.content.merging): a page comparing them field by field
    where the editor chooses the one to keep; a page where, for each field
    on which they differ, the editor chooses the value to keep, and which
    lists the rows that would be dropped; then the merge."""
    objects = list(queryset)
    if permissions.changeable(request.user, queryset, "delete").count() < len(objects):
        modeladmin.message_user(request, "You may not merge published content.", messages.ERROR)
        return None
    if len(objects) < 2:
        modeladmin.message_user(request, "Select at least two to merge.", messages.WARNING)
        return None
    objects.sort(key=lambda o: o.pk)
    step = request.POST.get("step") or ("merge" if request.POST.get("confirm") == "yes" else "")
    target = next((o for o in objects if str(o.pk) == request.POST.get("target")), None)
    if step not in ("values", "merge"):
        return merge_page(modeladmin, request, objects, target or objects[0])
    if target is None:
        modeladmin.message_user(request, "Choose the one to keep.", messages.ERROR)
        return merge_page(modeladmin, request, objects, objects[0])
    duplicates = merging.others(target, objects)
    merger = modeladmin.merger(target)
    if step == "values":
        return merge_page(modeladmin, request, objects, target, merger)
    by_pk = {str(o.pk): o for o in objects}
    sources = {
        f.name: by_pk[request.POST[f"value_{f.name}"]]
        for f in merging.mergeable_fields(modeladmin.model)
        if request.POST.get(f"value_{f.name}") in by_pk
    }
    outcome = merging.merge(merger, target, duplicates, sources)
    modeladmin.message_user(
        request,
        f"Merged {len(duplicates)} into {target}: {outcome.summary()}.",
        messages.SUCCESS,
    )
    for line in outcome.dropped:
        modeladmin.message_user(request, f"Dropped: {line}", messages.WARNING)
    return None


def merge_page(modeladmin, request, objects, target, merger=None):
    """The comparison (no `merger`: choose the one to keep) or the values
    page (choose each differing value; see what the merge would drop)."""
    opts = modeladmin.opts
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": opts,
        "title": f"Merge {opts.verbose_name_plural}",
        "objects": objects,
        "target": target,
        "selected": [o.pk for o in objects],
    }
    if merger is None:
        rows = {o.pk: modeladmin.merger(o).related_rows(o) for o in objects}
        context |= {
            "step": "target",
            "fields": merging.all_fields(objects),
            "related": [(o, modeladmin.related_summary(o), rows[o.pk]) for o in objects],
        }
    else:
        duplicates = merging.others(target, objects)
        choices = []
        for f, shown in merging.differing_fields(objects):
            default = merging.default_source(f, target, duplicates)
            options = [(o, value, o == default) for o, value in zip(objects, shown, strict=True)]
            choices.append((f, options))
        context |= {
            "step": "values",
            "duplicates": duplicates,
            "choices": choices,
            "plan": merging.plan(merger, target, duplicates),
        }
    return TemplateResponse(request, "admin/merge_confirmation.html", context)
