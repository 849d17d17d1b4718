"""The admin's index page with a dashboard above the list of models: what is
waiting for an editor (drafts, changes awaiting review, reviews whose split
needs checking, import conflicts, recent import runs that rejected documents,
films without a poster), each a count linking to the changelist filtered to
exactly those rows.

It spans both content apps, so it lives in the project package rather than in
filmsite.content (which imports neither). The site is Django's own admin site
with `index` extended: settings.INSTALLED_APPS names
filmsite.apps.AdminConfig in place of "django.contrib.admin", as Django
documents for overriding the default site. The counts cost a fixed number
of COUNT queries, whatever the catalogue's size.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import admin
from django.db.models import Count, Q
from django.urls import reverse

from films.models import Film, ImportRun, Person, SourceDocument
from filmsite.content.models import Publishable, RevisionInfo, state_q
from reviews.models import CriticReview


@dataclass
class Tally:
    label: str
    count: int
    url: str


def changelist(model, **filters):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return f"{url}?{urlencode(filters)}"


def state_counts(model, **more):
    """How many `model` items are drafts and scheduled (and the `more`
    aggregates): one query."""
    return model.objects.aggregate(
        drafts=Count("pk", filter=state_q(Publishable.State.DRAFT)),
        scheduled=Count("pk", filter=state_q(Publishable.State.SCHEDULED)),
        **more,
    )


def state_tallies(model, noun, counts):
    draft, scheduled = Publishable.State.DRAFT, Publishable.State.SCHEDULED
    return [
        Tally(f"Draft {noun}", counts["drafts"], changelist(model, state=draft)),
        Tally(f"Scheduled {noun}", counts["scheduled"], changelist(model, state=scheduled)),
    ]


def dashboard(request, site):
    """The counts the user may see (view permission on the model), in order."""
    # Not at the top: this module is imported while the admin site is being
    # set up, before films.admin can register its ModelAdmins on it.
    from films.admin import ConflictFilter, FailureFilter, PosterFilter
    from filmsite.content.admin import ChangeStateFilter, publishes_anything

    def visible(model):
        model_admin = site.get_model_admin(model) if site.is_registered(model) else None
        return model_admin is not None and model_admin.has_view_permission(request)

    counts = []
    if visible(Film):
        films = state_counts(Film, no_poster=Count("pk", filter=Q(poster="")))
        counts += state_tallies(Film, "films", films)
    if visible(Person):
        counts += state_tallies(Person, "people", state_counts(Person))
    if visible(RevisionInfo):
        # Through the queue's own queryset: a contributor counts their own changes.
        queue = site.get_model_admin(RevisionInfo).get_queryset(request)
        changes = queue.aggregate(
            awaiting=Count("pk", filter=Q(state=RevisionInfo.State.AWAITING)),
            rejected=Count("pk", filter=Q(state=RevisionInfo.State.REJECTED)),
        )
        awaiting = RevisionInfo.State.AWAITING
        counts.append(
            Tally(
                "Changes awaiting review",
                changes["awaiting"],
                changelist(RevisionInfo, **{ChangeStateFilter.parameter_name: awaiting}),
            )
        )
        if not publishes_anything(request.user):
            rejected = RevisionInfo.State.REJECTED
            counts.append(
                Tally(
                    "Your rejected changes",
                    changes["rejected"],
                    changelist(RevisionInfo, **{ChangeStateFilter.parameter_name: rejected}),
                )
            )
    if visible(CriticReview):
        waiting = CriticReview.objects.filter(needs_review=True).count()
        counts.append(
            Tally(
                "Critic reviews that need review",
                waiting,
                changelist(CriticReview, needs_review__exact=1),
            )
        )
    if visible(SourceDocument):
        conflicts = SourceDocument.objects.exclude(conflicts=[]).count()
        counts.append(
            Tally(
                "Imported documents with conflicts",
                conflicts,
                changelist(SourceDocument, **{ConflictFilter.parameter_name: ConflictFilter.WITH}),
            )
        )
    if visible(ImportRun):
        failing = ImportRun.objects.recent().with_failures().count()
        counts.append(
            Tally(
                "Recent imports with failures",
                failing,
                changelist(ImportRun, **{FailureFilter.parameter_name: FailureFilter.RECENT}),
            )
        )
    if visible(Film):
        counts.append(
            Tally(
                "Films without a poster",
                films["no_poster"],
                changelist(Film, **{PosterFilter.parameter_name: PosterFilter.WITHOUT}),
            )
        )
    return counts


class AdminSite(admin.AdminSite):
    # The model list beside every page took 270 px of a 1280 px screen, which
    # the changelists' columns need; the index and the breadcrumbs lead to
    # every model.
    enable_nav_sidebar = False

    def index(self, request, extra_context=None):
        extra_context = {"dashboard": dashboard(request, self), **(extra_context or {})}
        return super().index(request, extra_context)
