"""Publishing, the content version and change history: the models both
content apps (films, reviews) build on. Nothing here knows those apps."""

import contextvars
import time
from contextlib import contextmanager

from django.db import models, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.dateformat import format as format_date

# --- Publishing ----------------------------------------------------------------


def published_q(relation="", at=None):
    """Items visitors may see: published, with a publication time now or past
    and no expiry or one still to come. `relation` ("film") applies it to
    related items through a join: filtering on `film__in=<published films>`
    makes SQLite read the whole catalogue for each row it looks up."""
    prefix = f"{relation}__" if relation else ""
    at = at or timezone.now()
    return Q(
        **{
            f"{prefix}status": Publishable.Status.PUBLISHED,
            f"{prefix}published_at__lte": at,
        }
    ) & (Q(**{f"{prefix}unpublish_at__isnull": True}) | Q(**{f"{prefix}unpublish_at__gt": at}))


def state_q(state, at=None):
    """The items in a PublicationState (Publishable.publication_state as a
    filter): the admin's status filter."""
    at = at or timezone.now()
    published = Q(status=Publishable.Status.PUBLISHED)
    was_live = Q(first_published_at__lte=at)
    expired = published & Q(unpublish_at__lte=at)
    return {
        PublicationState.DRAFT: ~published & ~was_live,
        PublicationState.SCHEDULED: published & Q(published_at__gt=at),
        PublicationState.PUBLISHED: published_q(at=at),
        PublicationState.UNPUBLISHED: (~published & was_live) | expired,
    }[state]


def sees_drafts(user):
    """Editors (staff) see drafts as well; everyone else only published items."""
    return user.is_authenticated and user.is_staff


def visible_q(user, relation=""):
    """What `user` may see (sees_drafts), as a Q; `relation` as for published_q."""
    if sees_drafts(user):
        return Q()
    return published_q(relation)


def format_time(value):
    """A time as editors read it, in the site's time zone: Jan 15, 2027 09:00."""
    return format_date(timezone.localtime(value), "M j, Y H:i")


class PublishStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class PublicationState(models.TextChoices):
    """What an item's state means to visitors now (Publishable.publication_state),
    computed from the stored status and times: the one status the admin and
    the staff view of the pages show."""

    DRAFT = "draft", "Draft"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"
    UNPUBLISHED = "unpublished", "Unpublished"


class PublishableQuerySet(models.QuerySet):
    def published(self, at=None):
        return self.filter(published_q(at=at))

    def scheduled(self, at=None):
        """Published items whose publication time is still to come."""
        return self.filter(
            status=Publishable.Status.PUBLISHED, published_at__gt=at or timezone.now()
        )

    def next_change(self, at=None):
        """When what visitors see of these items next changes by itself: the
        earliest publication time or expiry still to come (None: never).
        Pages and indexes built now are good until then. One query."""
        at = at or timezone.now()
        times = self.filter(status=Publishable.Status.PUBLISHED).aggregate(
            going_live=models.Min("published_at", filter=Q(published_at__gt=at)),
            expiry=models.Min("unpublish_at", filter=Q(unpublish_at__gt=at)),
        )
        return min(filter(None, times.values()), default=None)

    def in_state(self, state, at=None):
        return self.filter(state_q(state, at))

    def visible_to(self, user):
        return self.filter(visible_q(user))


class Publishable(models.Model):
    """Draft/published state shared by everything visitors can see.

    A published item with a publication time in the future stays hidden until
    then, and one with an expiry time hides again from then on: scheduling
    needs no cron job, only the `published()` filter (published_q).

    What visitors see now is one of four states (`publication_state`):
    Draft, Scheduled, Published, Unpublished. "Unpublished" means it was live
    and is not any more: expired, or moved back to draft after going live.
    `first_published_at` remembers the going live: the first time the item
    was (or, while still in the future, will be) live. `save()` and the
    admin's actions keep it: set from the publication time on publishing,
    following it while it is still to come, cleared when a scheduled item
    goes back to draft before its time.
    """

    Status = PublishStatus  # Publishable.Status, the name to use
    State = PublicationState

    status = models.CharField(
        "publishing",
        max_length=10,
        choices=PublishStatus,
        default=PublishStatus.DRAFT,
        help_text="Only published items appear on the site, from the publication date "
        "until the expiry.",
    )
    published_at = models.DateTimeField(
        "publication date",
        null=True,
        blank=True,
        help_text="When a published item goes live. A future time schedules it; "
        "left empty, it is set to now on publishing.",
    )
    unpublish_at = models.DateTimeField(
        "expiry",
        null=True,
        blank=True,
        help_text="When a published item leaves the site (it then shows as Unpublished). "
        "Leave empty to keep it published.",
    )
    first_published_at = models.DateTimeField(
        "first published",
        null=True,
        blank=True,
        editable=False,
        help_text="When the item first went live; empty if it never has.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PublishStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
                violation_error_message="Status must be draft or published.",
            ),
            models.CheckConstraint(
                condition=~Q(status=PublishStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="%(app_label)s_%(class)s_published_has_date",
                violation_error_message="A published item needs a publication date.",
            ),
            models.CheckConstraint(
                condition=Q(unpublish_at__isnull=True)
                | Q(published_at__isnull=True)
                | Q(unpublish_at__gt=models.F("published_at")),
                name="%(app_label)s_%(class)s_expiry_after_publication",
                violation_error_message="The expiry must be after the publication date.",
            ),
        ]

    def save(self, *args, **kwargs):
        # Here rather than in a signal: every save keeps first_published_at
        # (the class docstring), with no query for the values before.
        first = self.first_published_at
        self.first_published_at = self.first_going_live()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and self.first_published_at != first:
            kwargs["update_fields"] = {*update_fields, "first_published_at"}
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    def first_going_live(self, now=None):
        """first_published_at as the stored status and publication time make it."""
        now = now or timezone.now()
        first = self.first_published_at
        if first is not None and first <= now:
            return first  # it has been live: that stays true
        if self.status == self.Status.PUBLISHED:
            return self.published_at
        return None  # back to draft before going live: it never was

    @property
    def is_published(self):
        """published_q for one item already read."""
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now
            and (self.unpublish_at is None or self.unpublish_at > now)
        )

    @property
    def publication_state(self):
        """state_q for one item already read: what visitors see of it now."""
        now = timezone.now()
        if self.status == self.Status.PUBLISHED and self.published_at is not None:
            if self.published_at > now:
                return PublicationState.SCHEDULED
            if self.unpublish_at is None or self.unpublish_at > now:
                return PublicationState.PUBLISHED
            return PublicationState.UNPUBLISHED
        if self.first_published_at is not None and self.first_published_at <= now:
            return PublicationState.UNPUBLISHED
        return PublicationState.DRAFT

    def publication_label(self):
        """The state in words, with the time that explains it: "Scheduled ·
        Jan 15, 2027 09:00", "Unpublished · expired Feb 1, 2027 18:00"."""
        state = self.publication_state
        when = None
        if state == PublicationState.SCHEDULED:
            when = self.published_at
        elif state == PublicationState.PUBLISHED and self.unpublish_at:
            return self.with_pending(f"{state.label} · until {format_time(self.unpublish_at)}")
        elif state == PublicationState.UNPUBLISHED and self.status == self.Status.PUBLISHED:
            return self.with_pending(f"{state.label} · expired {format_time(self.unpublish_at)}")
        label = f"{state.label} · {format_time(when)}" if when else state.label
        return self.with_pending(label)

    def with_pending(self, label):
        """`label`, and the pending change where the object was read with
        one (`pending_state`, set by the admin and the staff's pages)."""
        pending = PENDING_LABELS.get(getattr(self, "pending_state", None))
        return f"{label} · {pending}" if pending else label

    def is_visible_to(self, user):
        """As PublishableQuerySet.visible_to, for one item already read."""
        return self.is_published or sees_drafts(user)


# What a pending change (RevisionInfo) adds to the status: "Published · draft changes".
PENDING_LABELS = {"draft": "draft changes", "awaiting": "changes awaiting review"}


# --- The content version ---------------------------------------------------------


class ContentVersion(models.Model):
    """One row whose number changes whenever published content may have
    changed. Cached pages are keyed on it, so an edit is visible on the next
    request in every server process (an import's once per document: `batched`)."""

    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        # Named when the model lived in films; kept so that moving it here
        # changed no more than the table's name.
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="films_contentversion_single_row"),
        ]

    def __str__(self):
        return f"content version {self.version}"

    @classmethod
    def current(cls):
        pinned = _pinned_version.get()
        if pinned is not None:
            return pinned
        return cls.objects.filter(pk=1).values_list("version", flat=True).first() or 0

    @classmethod
    @contextmanager
    def pinned(cls, version):
        """Inside the block, `current()` answers `version` without asking again:
        for a read-only request that has just read it (the page cache), so that
        the page and the film list's index agree on one version and the
        request costs one round trip less."""
        token = _pinned_version.set(version)
        try:
            yield
        finally:
            _pinned_version.reset(token)

    @classmethod
    def bump(cls):
        batch = _version_batch.get()
        if batch is not None:
            batch.pending = True
            return
        cls.increment()

    @classmethod
    def increment(cls):
        """Bump now, whether or not inside `batched` (VersionBatch.flush)."""
        if not cls.objects.filter(pk=1).update(version=models.F("version") + 1):
            cls.objects.get_or_create(pk=1, defaults={"version": 1})
        _pinned_version.set(None)  # a pinned version is out of date now
        # Once committed, listeners learn of it: a shared page cache keeps a
        # copy of the version (filmsite.content.page_cache).
        transaction.on_commit(lambda: content_version_changed.send(sender=cls))

    @classmethod
    @contextmanager
    def batched(cls, seconds=1.0):
        """Collect the bumps made inside the block: `flush()` bumps once for
        them when `seconds` have passed since the last bump, and leaving the
        block (on errors too) bumps once more if any is pending. For long runs
        of writes such as an import, which would otherwise bump several times
        per document. Pages cached meanwhile are keyed on an older version, so
        none outlives the final bump; until then they lag the data by
        `seconds` plus the time to the next `flush()` at most."""
        batch = VersionBatch(seconds)
        token = _version_batch.set(batch)
        try:
            yield batch
        finally:
            _version_batch.reset(token)
            batch.flush(force=True)


class VersionBatch:
    def __init__(self, seconds):
        self.seconds = seconds
        self.pending = False
        self.last = time.monotonic()

    def flush(self, force=False):
        if self.pending and (force or time.monotonic() - self.last >= self.seconds):
            ContentVersion.increment()
            self.pending = False
            self.last = time.monotonic()


# Sent after a bump of the content version commits (the model layer knows
# no cache: filmsite.content.page_cache listens).
content_version_changed = Signal()
_version_batch = contextvars.ContextVar("content_version_batch", default=None)
_pinned_version = contextvars.ContextVar("pinned_content_version", default=None)


# --- Change history ----------------------------------------------------------------


class ChangeRecord(models.Model):
    """One change to a piece of content: by whom (an editor) or from what (a
    source document), when, and which values changed (filmsite.content.history)."""

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        CHANGED = "changed", "Changed"
        DELETED = "deleted", "Deleted"
        IMPORTED = "imported", "Imported"
        MERGED = "merged", "Merged"
        RELEASED = "released", "Released to imports"
        DRAFTED = "drafted", "Draft change saved"
        SUBMITTED = "submitted", "Submitted for review"
        APPROVED = "approved", "Approved and published"
        REJECTED = "rejected", "Rejected"
        DISCARDED = "discarded", "Draft change discarded"
        REVERTED = "reverted", "Reverted"

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(max_length=200)
    action = models.CharField(max_length=20, choices=Action)
    user = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A lazy reference by name, not an import: the shared app imports neither
    # content app. Only the importer (films) sets it.
    source_document = models.ForeignKey(
        "films.SourceDocument", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changes = models.JSONField(default=dict, blank=True, help_text="field: [before, after]")
    # Stored values are kept as they were (the history page shows them with
    # the fields' labels, filmsite.content.history.readable); related rows
    # by name, as they were named then.
    row_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="The kind of row whose fields `changes` names, when not the object's own: "
        "a credit's changes are on its film's history.",
    )
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # Named when the model lived in films (see ContentVersion.Meta).
            models.Index(
                fields=["content_type", "object_id", "-created_at"], name="films_change_object_idx"
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.object_repr}"

    @property
    def actor(self):
        if self.user_id:
            return str(self.user)
        if self.source_document_id:
            return f"import of {self.source_document.name}"
        return "system"


# --- Old addresses -------------------------------------------------------------------


class SlugRedirect(models.Model):
    """An old slug of a film, a person, a critic or a publication (a rename,
    or a duplicate merged into another), answered with a permanent redirect
    to the object's current page so links and search engines keep working
    (filmsite.content.redirects). One table for every model, so the rule
    (one target per old slug of a kind) is written once."""

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    old_slug = models.SlugField(max_length=320)
    object_id = models.PositiveBigIntegerField(help_text="The object the old slug leads to.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["content_type", "old_slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "old_slug"], name="content_slugredirect_unique"
            ),
        ]
        indexes = [
            # A merge moves the redirects of the duplicate it deletes.
            models.Index(fields=["content_type", "object_id"], name="content_slugredirect_obj_idx"),
        ]

    def __str__(self):
        return f"{self.old_slug} → #{self.object_id}"


# --- Revisions ---------------------------------------------------------------------


class RevisionInfo(models.Model):
    """What a revision (django-reversion's Revision: the object and the rows
    that belong to it, as they were) is of and where it stands in the review
    workflow (filmsite.content.revisions). Saved revisions record a change
    made to the object; draft changes are proposed, not applied: the live
    page stays as it is until an editor approves one."""

    class State(models.TextChoices):
        SAVED = "saved", "Saved"
        DRAFT = "draft", "Draft change"
        AWAITING = "awaiting", "Awaiting review"
        APPROVED = "approved", "Approved and published"
        REJECTED = "rejected", "Rejected"
        DISCARDED = "discarded", "Discarded"

    PENDING = (State.DRAFT, State.AWAITING)

    revision = models.OneToOneField(
        "reversion.Revision", on_delete=models.CASCADE, related_name="info"
    )
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(max_length=200)
    state = models.CharField(max_length=10, choices=State, default=State.SAVED)
    # Imports record a revision per document and film (a lazy reference,
    # as for ChangeRecord: this app imports neither content app).
    source_document = models.ForeignKey(
        "films.SourceDocument", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    based_on = models.ForeignKey(
        "reversion.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="For a draft change: the saved revision that was live when it was made.",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(blank=True)

    class Meta:
        verbose_name = "revision"
        ordering = ["-revision_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    state__in=["saved", "draft", "awaiting", "approved", "rejected", "discarded"]
                ),
                name="content_revisioninfo_state_valid",
            ),
            # One pending change per object: a second would be made from the
            # live page without the first, and approving both would lose one.
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(state__in=["draft", "awaiting"]),
                name="content_revisioninfo_one_pending",
                violation_error_message="This object already has a pending change.",
            ),
            models.CheckConstraint(
                condition=~Q(state="rejected") | ~Q(review_comment=""),
                name="content_revisioninfo_rejection_says_why",
                violation_error_message="A rejection needs a comment.",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["awaiting", "rejected"]) | Q(submitted_at__isnull=False),
                name="content_revisioninfo_submitted_has_time",
            ),
        ]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "-revision"], name="content_rev_object_idx"
            ),
            models.Index(fields=["state"], name="content_rev_state_idx"),
        ]

    def __str__(self):
        return f"{self.object_repr}: {self.get_state_display().lower()} (#{self.revision_id})"

    @property
    def is_pending(self):
        return self.state in self.PENDING
