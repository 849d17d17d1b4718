"""The admin bases both content apps build on: permissions by content
(ContentAdmin), the change history page (HistoryAdmin), publishing
(PublishableAdmin), inlines of an item's rows (RowInline) and the merge
action (merge_selected). None of them
knows a content model: what is specific to one is a hook its ModelAdmin
provides (`merger`, `related_summary`, `after_bulk_change`)."""

from contextlib import contextmanager

from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, Value, When
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from . import history, merging, permissions, revisions
from .forms import ContentForm
from .models import (
    ChangeRecord,
    ContentVersion,
    Publishable,
    RevisionInfo,
    format_time,
    published_q,
    state_q,
)


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
        # cannot move a review onto a published film). A draft change of a
        # live row (RevisionAdmin) may keep its live film: nothing applies
        # until an editor approves it.
        proposing = getattr(request, "proposing_change", False)
        if db_field.name in permissions.parent_paths(self.model) and not proposing:
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


class RevisionAdmin(HistoryAdmin):
    """Revisions for the models registered with filmsite.content.revisions:
    each save in the admin stores one; an object's Revisions page lists
    them, compares any two and restores one; draft changes are saved without
    touching the live object, previewed, submitted for review, approved
    (applied and published) or rejected with a comment.

    Who may change a live object saves directly, or as a draft change with
    "Save as draft change". Who may only change drafts (Contributors) sees a
    live object's form editable all the same ("proposing"): every save of it
    becomes a draft change, through the same capture, so nothing of it
    reaches the live object before an editor approves it."""

    def revisioned(self):
        return revisions.is_registered(self.model)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not self.revisioned():
            return queryset
        return queryset.annotate(pending_state=revisions.pending_state(self.model))

    # --- Permissions while proposing ---------------------------------------------

    def has_change_permission(self, request, obj=None):
        if obj is not None and self.proposing(request, obj):
            return True
        return super().has_change_permission(request, obj)

    def proposing(self, request, obj):
        """Whether `request` edits `obj` as a draft change only: the user may
        change it as a draft but not as it is live."""
        if not self.revisioned() or obj is None or obj.pk is None:
            return False
        cached = getattr(request, "_proposing", {})
        if obj.pk not in cached:
            user = request.user
            cached[obj.pk] = super().has_change_permission(request, None) and (
                not permissions.may_change(user, obj) and revisions.may_propose(user, obj)
            )
            request._proposing = cached
        return cached[obj.pk]

    def message_user(self, request, message, *args, **kwargs):
        # The admin's "was changed successfully" is not true of a draft change.
        if not revisions.is_capturing():
            super().message_user(request, message, *args, **kwargs)

    # --- Saving -----------------------------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if not self.revisioned():
            return super().changeform_view(request, object_id, form_url, extra_context)
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        request.proposing_change = self.proposing(request, obj)
        # ?draft=N: the author goes on editing their draft change N. The form
        # shows it (applied in a transaction rolled back once the page is
        # rendered) and every save of it is a draft change again.
        editing = obj and revisions.editable_draft(obj, request.user, request.GET.get("draft"))
        request.editing_draft = editing
        extra_context = {**self.revision_context(request, obj), **(extra_context or {})}
        if request.method != "POST":
            if editing:
                return self.draft_form(request, obj, editing, object_id, form_url, extra_context)
            return super().changeform_view(request, object_id, form_url, extra_context)
        live = obj is not None and revisions.is_live(obj)
        draft = (
            request.proposing_change
            or editing
            or "_draft" in request.POST
            or ("_submit" in request.POST and live)
        )
        if draft and obj is not None:
            return self.save_draft_change(request, obj, object_id, form_url, extra_context)
        response = super().changeform_view(request, object_id, form_url, extra_context)
        saved = getattr(request, "revision_saved", None)
        if "_submit" in request.POST and saved is not None:
            try:
                info = revisions.submit_object(saved, request.user)
            except revisions.WorkflowError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(
                    request,
                    format_html(
                        "Submitted “{}” for review: an editor approves or rejects it.", saved
                    ),
                    messages.SUCCESS,
                )
                return redirect(self.revision_url(saved, info.revision_id))
        return response

    def save_draft_change(self, request, obj, object_id, form_url, extra_context):
        """The editor's save, made and rolled back: only its revision is kept,
        as a draft change (submitted for review with "_submit")."""
        with revisions.capturing() as result:
            if request.editing_draft:
                # The form was shown with the draft applied: the save goes on top of it.
                revisions.apply(obj, revisions.versions_of(request.editing_draft))
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if result.versions is None and hasattr(response, "render"):
                response.render()  # the form with its errors, while the draft is applied
        if result.versions is None:
            return response  # the form with its errors
        submit = "_submit" in request.POST
        try:
            info = revisions.save_draft(
                obj, result.versions, request.user, result.comment, submit=submit
            )
        except revisions.WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
            return redirect(self.admin_url(obj, "change"))
        done = "submitted for review" if submit else "saved as a draft change"
        ignored = [
            str(self.model._meta.get_field(name).verbose_name)
            for name in revisions.NOT_REVISED
            if hasattr(obj, name)
            and self.model._meta.get_field(name).editable
            and getattr(result.obj, name) != getattr(obj, name)
        ]
        if ignored:
            self.message_user(
                request,
                f"A draft change does not publish: {', '.join(sorted(ignored))} left as "
                "they are. Publish with Save or the list's actions.",
                messages.WARNING,
            )
        self.message_user(
            request,
            f"Your changes to “{obj}” were {done}: the live page is unchanged until an "
            "editor approves them.",
            messages.SUCCESS,
        )
        return redirect(self.revision_url(obj, info.revision_id))

    def draft_form(self, request, obj, info, object_id, form_url, extra_context):
        """The change form showing the draft change `info`, rendered with it
        applied in a transaction that is then rolled back."""
        with transaction.atomic():
            revisions.apply(obj, revisions.versions_of(info))
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()
            transaction.set_rollback(True)
        return response

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not self.revisioned():
            return
        obj = form.instance
        message = self.construct_change_message(request, form, formsets, not change)
        comment = revisions.admin_comment(message)
        if revisions.is_capturing():
            revisions.captured(obj, comment)
        elif message or not change:
            revisions.record(obj, user=request.user, comment=comment)
        request.revision_saved = obj

    def revision_context(self, request, obj):
        """What the change form shows of revisions: the buttons, the pending
        change, the author's rejected change and its comment."""
        if obj is None:
            may_publish = permissions.may_publish(request.user, self.model)
            buttons = [] if may_publish else [("_submit", "Save and submit for review")]
            return {"revision_buttons": buttons}
        user = request.user
        proposing = request.proposing_change or bool(request.editing_draft)
        live = revisions.is_live(obj)
        buttons = []
        if proposing:
            buttons = [
                ("_draft", "Save as draft change"),
                ("_submit", "Save and submit for review"),
            ]
        elif live:
            buttons = [("_draft", "Save as draft change")]
        elif not permissions.may_publish(user, self.model) and permissions.may_change(user, obj):
            buttons = [("_submit", "Save and submit for review")]
        own = revisions.revisions_of(obj).filter(revision__user=user).first()
        return {
            "revision_buttons": buttons,
            "proposing": proposing,
            "editing_draft": request.editing_draft,
            "pending_change": revisions.pending(obj),
            "rejected_change": own if own and own.state == RevisionInfo.State.REJECTED else None,
            "revisions_url": self.admin_url(obj, "revisions"),
        }

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and getattr(request, "proposing_change", False):
            refusal = permissions.refusal(request.user, obj, "change")
            context["readonly_note"] = (
                f"{refusal} Your changes are saved as a draft change, which an editor "
                "reviews: the live page stays as it is until then."
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- The revision pages ------------------------------------------------------------

    def get_urls(self):
        if not self.revisioned():
            return super().get_urls()
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/revisions/",
                view(self.revisions_view),
                name=f"{prefix}_revisions",
            ),
            path(
                "<path:object_id>/revisions/compare/",
                view(self.compare_view),
                name=f"{prefix}_revisions_compare",
            ),
            path(
                "<path:object_id>/revisions/<int:revision_id>/",
                view(self.revision_view),
                name=f"{prefix}_revision",
            ),
            path(
                "<path:object_id>/revisions/<int:revision_id>/preview/",
                view(self.preview_view),
                name=f"{prefix}_revision_preview",
            ),
            *super().get_urls(),
        ]

    def admin_url(self, obj, name, *args):
        opts = self.opts
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_{name}", args=[quote(obj.pk), *args]
        )

    def revision_url(self, obj, revision_id):
        return self.admin_url(obj, "revision", revision_id)

    def viewable(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(f"No {self.opts.verbose_name} with this id.")
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied(str(permissions.refusal(request.user, obj, "view") or ""))
        return obj

    def revision_page(self, request, obj, title, template, **context):
        opts = self.opts
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": opts,
                "object": obj,
                "title": title,
                "subtitle": str(obj),
                "change_url": self.admin_url(obj, "change"),
                "revisions_url": self.admin_url(obj, "revisions"),
                "compare_url": self.admin_url(obj, "revisions_compare"),
                **context,
            },
        )

    def revisions_view(self, request, object_id):
        obj = self.viewable(request, object_id)
        entries = list(revisions.revisions_of(obj)[:200])
        for entry in entries:
            entry.url = self.revision_url(obj, entry.revision_id)
        return self.revision_page(
            request,
            obj,
            f"Revisions of {obj}",
            "admin/revisions/list.html",
            entries=entries,
            pending=revisions.pending(obj),
        )

    def revision_info(self, obj, revision_id):
        info = revisions.revisions_of(obj).filter(revision_id=revision_id).first()
        if info is None:
            raise Http404("No such revision of this object.")
        return info

    def revision_view(self, request, object_id, revision_id):
        obj = self.viewable(request, object_id)
        info = self.revision_info(obj, revision_id)
        if request.method == "POST":
            return self.revision_action(request, obj, info)
        user = request.user
        State = RevisionInfo.State
        mine = info.revision.user_id == user.pk
        approver = revisions.may_approve(user, obj)
        base_changed = bool(
            info.is_pending
            and info.based_on_id
            and (latest := revisions.latest_saved(obj))
            and latest.revision_id != info.based_on_id
        )
        actions = {
            "submit": mine and info.state in (State.DRAFT, State.REJECTED),
            "edit": mine and info.state in (State.DRAFT, State.AWAITING, State.REJECTED),
            "approve": approver and info.is_pending,
            "reject": approver and info.is_pending,
            "discard": (mine or approver)
            and info.state in (State.DRAFT, State.AWAITING, State.REJECTED),
            "revert": info.state in (State.SAVED, State.APPROVED)
            and revisions.may_propose(user, obj),
        }
        comparison = revisions.compare(obj, revisions.capture(obj), revisions.versions_of(info))
        return self.revision_page(
            request,
            obj,
            f"Revision #{info.revision_id} of {obj}",
            "admin/revisions/detail.html",
            info=info,
            comparison=comparison,
            actions=actions,
            revert_applies=permissions.may_change(user, obj),
            base_changed=base_changed,
            preview_url=self.admin_url(obj, "revision_preview", info.revision_id)
            if revisions.preview_url(obj)
            else None,
        )

    def revision_action(self, request, obj, info):
        action = request.POST.get("action")
        comment = request.POST.get("comment", "").strip()
        user = request.user
        left_out = []
        try:
            if action == "submit":
                revisions.submit(info, user, obj)
                done = "Submitted the change for review."
            elif action == "approve":
                obj, left_out = revisions.approve(info, user, obj, comment)
                done = f"Approved: the change to “{obj}” is live."
            elif action == "reject":
                revisions.reject(info, user, obj, comment)
                done = "Rejected the change: its author sees your comment."
            elif action == "discard":
                revisions.discard(info, user, obj)
                done = "Discarded the draft change."
            elif action == "revert":
                draft, left_out = revisions.revert(info, user, obj)
                if draft is not None:
                    self.message_user(
                        request,
                        f"Made a draft change restoring revision #{info.revision_id}: "
                        "submit it for review to make it live.",
                        messages.SUCCESS,
                    )
                    return redirect(self.revision_url(obj, draft.revision_id))
                done = f"Restored revision #{info.revision_id}: it is a new revision."
            else:
                raise revisions.WorkflowError("Choose an action with its button.")
        except (revisions.WorkflowError, revisions.ApplyError) as error:
            self.message_user(request, str(error), messages.ERROR)
            return redirect(self.revision_url(obj, info.revision_id))
        self.message_user(request, done, messages.SUCCESS)
        for line in left_out:
            self.message_user(request, f"Left out: {line}", messages.WARNING)
        if action in ("approve", "revert"):
            return redirect(self.admin_url(obj, "revisions"))
        return redirect(self.revision_url(obj, info.revision_id))

    def compare_view(self, request, object_id):
        obj = self.viewable(request, object_id)

        def side(key):
            value = request.GET.get(key, "live")
            if value == "live":
                return "the live version", revisions.capture(obj)
            if not value.isdigit():
                raise Http404("Choose two revisions to compare.")
            info = self.revision_info(obj, int(value))
            return f"revision #{info.revision_id}", revisions.versions_of(info)

        (before_name, before), (after_name, after) = side("from"), side("to")
        return self.revision_page(
            request,
            obj,
            f"Compare {before_name} with {after_name}",
            "admin/revisions/compare.html",
            before_name=before_name,
            after_name=after_name,
            comparison=revisions.compare(obj, before, after),
        )

    def preview_view(self, request, object_id, revision_id):
        obj = self.viewable(request, object_id)
        info = self.revision_info(obj, revision_id)
        banner = (
            f"Preview of revision #{info.revision_id} ({info.get_state_display().lower()}) "
            "as visitors will see it once it is live."
        )
        try:
            response = revisions.preview(request, obj, revisions.versions_of(info), banner)
        except revisions.ApplyError as error:
            self.message_user(request, str(error), messages.ERROR)
            return redirect(self.revision_url(obj, info.revision_id))
        if response is None:
            raise Http404("This has no page of its own to preview.")
        return response


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


class PublishableAdmin(RevisionAdmin):
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
        return allowed and self.may_change_rows(request, obj, "add")

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and self.may_change_rows(request, obj, "change")

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and self.may_change_rows(request, obj, "delete")

    def may_change_rows(self, request, obj, action):
        if getattr(request, "proposing_change", False):
            # A draft change of a live item (RevisionAdmin): its rows are
            # edited as freely as its fields, and nothing is applied until
            # an editor approves; the model permission is still needed.
            return request.user.has_perm(permissions.perm(self.model, action))
        return permissions.may_change_rows(request.user, self.model, obj, action)


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


class ChangeStateFilter(admin.SimpleListFilter):
    """The states a change goes through (the queue lists no saved revisions)."""

    title = "state"
    parameter_name = "state__exact"  # the dashboard's links name it so

    def lookups(self, request, model_admin):
        return [(v, label) for v, label in RevisionInfo.State.choices if v != "saved"]

    def queryset(self, request, queryset):
        if self.value() in RevisionInfo.State.values:
            return queryset.filter(state=self.value())
        return queryset


@admin.register(RevisionInfo)
class RevisionInfoAdmin(admin.ModelAdmin):
    """The review queue: changes awaiting review, draft changes and what
    became of them, across every kind of content. Read-only: each change is
    reviewed on its own page in its object's admin (RevisionAdmin), which
    the first column links to. Whoever may publish sees everyone's changes;
    others see their own, with the reviewers' comments."""

    list_display = ["change", "kind", "state", "author", "submitted_at", "reviewed", "comment"]
    list_display_links = None
    list_filter = [ChangeStateFilter, ("content_type", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["object_repr", "revision__user__username", "review_comment"]
    list_select_related = ["revision__user", "reviewed_by", "content_type"]
    list_per_page = 50

    def get_queryset(self, request):
        queryset = super().get_queryset(request).exclude(state=RevisionInfo.State.SAVED)
        if not publishes_anything(request.user):
            queryset = queryset.filter(revision__user=request.user)
        return queryset

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        info = self.get_object(request, unquote(object_id))
        if info is None:
            raise Http404("No such change.")
        return redirect(change_url(info))

    @admin.display(description="Change", ordering="revision_id")
    def change(self, info):
        return format_html(
            '<a href="{}">#{} {}</a>', change_url(info), info.revision_id, info.object_repr
        )

    @admin.display(description="Kind", ordering="content_type")
    def kind(self, info):
        return capfirst_name(info.content_type)

    @admin.display(description="By", ordering="revision__user")
    def author(self, info):
        return info.revision.user or "import"

    @admin.display(description="Reviewed")
    def reviewed(self, info):
        if info.reviewed_by is None:
            return "—"
        return f"{info.reviewed_by} · {format_time(info.reviewed_at)}"

    @admin.display(description="Reviewer's comment")
    def comment(self, info):
        return info.review_comment or "—"


def publishes_anything(user):
    """Whether `user` holds any publish permission: a reviewer of changes."""
    return user.is_superuser or any(
        perm.split(".", 1)[1].startswith("publish_") for perm in user.get_all_permissions()
    )


def change_url(info):
    ct = info.content_type
    return reverse(
        f"admin:{ct.app_label}_{ct.model}_revision", args=[quote(info.object_id), info.revision_id]
    )


def capfirst_name(content_type):
    model = content_type.model_class()
    return str(model._meta.verbose_name).capitalize() if model else content_type.model
