from pathlib import PurePath

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.widgets import AdminTextareaWidget
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from filmsite.content import history, permissions
from filmsite.content.admin import HistoryAdmin, PublishableAdmin, RowInline, merge_selected
from filmsite.content.models import ChangeRecord
from reviews.admin import ReportedScoreInline

from . import merging
from .display import picture
from .forms import ImportDocumentsForm
from .images import crop_outline
from .importer.pipeline import import_uploads
from .models import (
    Company,
    Credit,
    Film,
    FilmCompany,
    FilmFact,
    Genre,
    ImportRun,
    Person,
    Provider,
    ReleaseDate,
    SimilarFilm,
    SourceDocument,
    WatchOption,
)


def image_preview(image, width):
    if not image:
        return "—"
    return format_html('<img src="{}" width="{}" alt="">', image.url, width)


def crop_preview(image, focus, width):
    """The upload with the 2:3 crop outlined (the rest shaded, the focal point
    marked), beside the rendition visitors see: picture(), as the site calls it.
    An SVG laid over the image draws the outline, in the upload's own pixel
    coordinates (viewBox), so no inline style is needed (the CSP forbids them);
    static/css/admin.css stretches it over the image."""
    if not image:
        return "—"
    outline = crop_outline(image, focus)
    shown = picture(image, focus=focus, width=width, sizes=f"{width}px", placeholder=False)
    if outline is None or not shown:
        return format_html(
            '{} <p class="help">Not a readable image.</p>', image_preview(image, 200)
        )
    (image_width, image_height), (left, top, right, bottom) = outline
    stroke = max(image_width, image_height) / 150
    numbers = [
        f"{round(value, 1):g}"  # SVG user units: the upload's pixels
        for value in (
            *(left, top, right - left, bottom - top),
            stroke,
            image_width * focus[0] / 100,
            image_height * focus[1] / 100,
            stroke * 2.5,
        )
    ]
    x, y, crop_width, crop_height, stroke, dot_x, dot_y, dot_radius = numbers
    return format_html(
        '<div class="crop-preview">'
        '<figure><span class="crop-frame"><img src="{}" width="200" alt="">'
        '<svg viewBox="0 0 {} {}" preserveAspectRatio="none" aria-hidden="true">'
        '<path d="M0 0H{}V{}H0Z M{} {}h{}v{}h-{}Z" fill-rule="evenodd" fill="#000" '
        'fill-opacity="0.5"/>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#ffd400" '
        'stroke-width="{}"/>'
        '<circle cx="{}" cy="{}" r="{}" fill="#ffd400" stroke="#000" stroke-width="{}"/>'
        "</svg></span><figcaption>The upload. Outlined: the part visitors see; "
        "the dot: the focal point.</figcaption></figure>"
        "<figure>{}<figcaption>What visitors see</figcaption></figure></div>",
        image.url,
        image_width,
        image_height,
        image_width,
        image_height,
        x,
        y,
        crop_width,
        crop_height,
        crop_width,
        x,
        y,
        crop_width,
        crop_height,
        stroke,
        dot_x,
        dot_y,
        dot_radius,
        stroke,
        shown,
    )


# --- Inlines on the film page ----------------------------------------------------


# Credits and watch options are what editors change most; the other rows are
# mostly imported and rarely edited by hand, so they start collapsed.
RARELY_EDITED = ["collapse"]


class CreditInline(RowInline, admin.TabularInline):
    model = Credit
    autocomplete_fields = ["person"]
    fields = ["person", "role", "character", "billing_order", "source"]
    ordering = ["role", "billing_order"]


class FilmCompanyInline(RowInline, admin.TabularInline):
    model = FilmCompany
    autocomplete_fields = ["company"]
    fields = ["company", "kind", "region", "position", "source"]
    classes = RARELY_EDITED


class ReleaseDateInline(RowInline, admin.TabularInline):
    model = ReleaseDate
    fields = ["kind", "date", "region", "note", "source"]
    classes = RARELY_EDITED


class WatchOptionInline(RowInline, admin.TabularInline):
    model = WatchOption
    autocomplete_fields = ["provider"]
    fields = ["offer_type", "provider", "url", "last_confirmed", "source"]


class SimilarFilmInline(RowInline, admin.TabularInline):
    model = SimilarFilm
    fk_name = "film"
    autocomplete_fields = ["similar_film"]
    fields = ["position", "title", "similar_film", "tomatometer", "audience_score", "source"]
    classes = RARELY_EDITED


class FilmFactInline(RowInline, admin.TabularInline):
    model = FilmFact
    fields = ["label", "value", "position", "source"]
    classes = RARELY_EDITED


class PresenceFilter(admin.SimpleListFilter):
    """Rows with or without something (a poster, conflicts, failures):
    `absent` is the lookup of the rows without it, `noun` what it is."""

    WITH, WITHOUT = "with", "without"
    absent = Q()
    noun = ""

    def lookups(self, request, model_admin):
        return [(self.WITH, f"With {self.noun}"), (self.WITHOUT, f"Without {self.noun}")]

    def queryset(self, request, queryset):
        if self.value() == self.WITH:
            return queryset.exclude(self.absent)
        if self.value() == self.WITHOUT:
            return queryset.filter(self.absent)
        return queryset


class PosterFilter(PresenceFilter):
    """Films still waiting for a poster (imports bring none)."""

    title = parameter_name = "poster"
    noun = "a poster"
    absent = Q(poster="")


class ConflictFilter(PresenceFilter):
    """Documents whose import left values edited by hand alone."""

    title = parameter_name = "conflicts"
    noun = "conflicts"
    absent = Q(conflicts=[])


class FailureFilter(PresenceFilter):
    """Import runs that rejected documents; "recent" is what the dashboard counts."""

    title = parameter_name = "failures"
    noun = "failures"
    absent = Q(failed=0)
    RECENT = "recent"

    def lookups(self, request, model_admin):
        found, missing = super().lookups(request, model_admin)
        return [found, (self.RECENT, "With failures, last 7 days"), missing]

    def queryset(self, request, queryset):
        if self.value() == self.RECENT:
            return queryset.with_failures().recent()
        return super().queryset(request, queryset)


class PersonCreditInline(admin.TabularInline):
    """Where a person is credited. Credits belong to films: they are edited on
    the film's page, by whoever may change the film."""

    model = Credit
    fields = ["film", "role", "character", "billing_order"]
    readonly_fields = fields
    ordering = ["film__title", "role", "billing_order"]
    extra = 0
    verbose_name_plural = "credits (edited on each film's page)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("film")

    def has_add_permission(self, request, obj):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Films -----------------------------------------------------------------------

# The headline scores stored on each film (reviews.scores keeps them): shown, never edited.
SCORES = ["tomatometer", "tomatometer_count", "audience_score", "audience_count"]


@admin.register(Film)
class FilmAdmin(PublishableAdmin):
    actions = [*PublishableAdmin.actions, merge_selected]
    list_display = [
        "poster_thumbnail",
        "title",
        "year",
        "certification",
        "release_status",
        "status",
        "published_at",
        "updated_at",
    ]
    list_display_links = ["poster_thumbnail", "title"]
    list_filter = ["status", PosterFilter, "release_status", "certification", "genres", "year"]
    # A film is found by the people credited on it too ("Kurosawa"); the
    # changelist drops the duplicate rows a film with several matching
    # credits would give.
    search_fields = ["title", "slug", "original_language", "credits__person__name"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title", "year"]}
    # A search box rather than two lists side by side (filter_horizontal),
    # which took a screen's height.
    autocomplete_fields = ["genres"]
    readonly_fields = [
        "poster_preview",
        "reviews",
        "provenance",
        *SCORES,
        "created_at",
        "updated_at",
    ]
    list_per_page = 50

    # Synopses and consensus run to a few lines: Django's ten-row boxes made
    # the form a screen longer.
    formfield_overrides = {models.TextField: {"widget": AdminTextareaWidget(attrs={"rows": 4})}}

    class Media:
        css = {"all": ["css/admin.css"]}

    # Grouped so that an editor finds a field without scrolling: what is
    # edited most comes first, what is rarely read starts collapsed.
    fieldsets = [
        (
            "Basics",
            {
                "fields": [
                    ("title", "year"),
                    ("certification", "certification_reason"),
                    ("runtime_minutes", "release_status"),
                    "genres",
                    "original_language",
                ]
            },
        ),
        ("Publishing", {"fields": [tuple(PublishableAdmin.publish_fields)]}),
        ("Text", {"fields": ["synopsis", "critics_consensus"]}),
        ("Poster", {"fields": ["poster", ("poster_focus_x", "poster_focus_y"), "poster_preview"]}),
        # Not inlines: a popular film has thousands of reviews, more than one
        # form can carry (DATA_UPLOAD_MAX_NUMBER_FIELDS); they are moderated
        # on their own lists, which page, search and filter them.
        ("Reviews", {"fields": ["reviews"]}),
        (
            "Scores",
            {
                "fields": [tuple(SCORES)],
                "classes": ["collapse"],
                "description": "Computed from the reviews, or the score a source reported "
                "when its sample is larger (the reported scores are below).",
            },
        ),
        (
            "Links and identifiers",
            {"fields": ["slug", "trailer_url", ("sound_mix", "aspect_ratio")]},
        ),
        (
            "Sources",
            {
                "fields": ["provenance"],
                "classes": ["collapse"],
                "description": "Where each imported value came from. A value edited by hand "
                "is kept by later imports.",
            },
        ),
        ("Record", {"fields": [("created_at", "updated_at")], "classes": ["collapse"]}),
    ]
    inlines = [
        CreditInline,
        WatchOptionInline,
        ReleaseDateInline,
        FilmCompanyInline,
        ReportedScoreInline,
        SimilarFilmInline,
        FilmFactInline,
    ]

    def merger(self, obj):
        return merging.merger_for(obj)

    def related_summary(self, film):
        reviews = film.critic_reviews.count()
        return f"{film.year or 'no year'}, {film.credits.count()} credits, {reviews} critic reviews"

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # Choosing the film a row belongs to (a review's film): offer only the
        # films the user may change, as the form accepts only those.
        if request.resolver_match and request.resolver_match.url_name == "autocomplete":
            try:
                source = apps.get_model(request.GET["app_label"], request.GET["model_name"])
            except (KeyError, LookupError):
                source = None
            if source and request.GET.get("field_name") in permissions.parent_paths(source):
                queryset = permissions.changeable(request.user, queryset)
        return queryset, may_have_duplicates

    def get_urls(self):
        return [
            path(
                "<int:object_id>/release/<str:field>/",
                self.admin_site.admin_view(self.release_view),
                name="films_film_release",
            ),
            *super().get_urls(),
        ]

    def release_view(self, request, object_id, field):
        """Release a value edited by hand: the next import may replace it."""
        film = self.get_object(request, str(object_id))
        if request.method != "POST" or film is None:
            raise PermissionDenied("Release a value with its button on the film's page.")
        # Not has_change_permission: a contributor may edit a live film's form,
        # as a draft change, but releasing a value changes the film itself.
        if not permissions.may_change(request.user, film):
            raise PermissionDenied(str(permissions.refusal(request.user, film)))
        entry = film.source_values.get(field)
        if entry is not None and getattr(film, field) != entry["value"]:
            imported = entry["value"]
            entry["value"] = getattr(film, field)
            film.save(update_fields=["source_values"])
            label = capfirst(Film._meta.get_field(field).verbose_name)
            history.record(
                film,
                ChangeRecord.Action.RELEASED,
                message=f"{label}: the next import may replace the value edited by hand "
                f"(last imported: {imported!r})",
            )
            self.message_user(request, f"Released {label}: the next import may update it.")
        return redirect(reverse("admin:films_film_change", args=[film.pk]))

    @admin.display(description="Poster")
    def poster_thumbnail(self, film):
        return image_preview(film.poster, 40)

    @admin.display(description="Preview")
    def poster_preview(self, film):
        return crop_preview(film.poster, film.poster_focus, 200)

    @admin.display(description="Reviews")
    def reviews(self, film):
        if film.pk is None:
            return "Reviews are added on their own pages once the film is saved."
        critic = film.critic_reviews.aggregate(
            total=Count("pk"), waiting=Count("pk", filter=Q(needs_review=True))
        )
        audience = film.audience_reviews.count()
        critics = reverse("admin:reviews_criticreview_changelist") + f"?film__id__exact={film.pk}"
        audiences = reverse("admin:reviews_audiencereview_changelist")
        parts = [
            format_html('<a href="{}">{} critic reviews</a>', critics, intcomma(critic["total"])),
            format_html(
                '<a href="{}?film__id__exact={}">{} audience reviews</a>',
                audiences,
                film.pk,
                intcomma(audience),
            ),
        ]
        if critic["waiting"]:
            parts.append(
                format_html(
                    '<a href="{}&amp;needs_review__exact=1">{} need review</a>',
                    critics,
                    intcomma(critic["waiting"]),
                )
            )
        return format_html_join(mark_safe(" · "), "{}", ((part,) for part in parts))

    @admin.display(description="Imported values")
    def provenance(self, film):
        if not film.source_values:
            return "Nothing imported: every value was entered by hand."
        documents = SourceDocument.objects.defer("text").in_bulk(
            {entry["document"] for entry in film.source_values.values()}
        )
        rows = []
        for name, entry in sorted(film.source_values.items()):
            document = documents.get(entry["document"])
            link = (
                format_html(
                    '<a href="{}">{}</a>',
                    reverse("admin:films_sourcedocument_change", args=[document.pk]),
                    document.name,
                )
                if document
                else "(document deleted)"
            )
            if getattr(film, name) != entry["value"]:
                # A submit button of the change form, sent to the release view.
                edited = format_html(
                    'edited by hand (protected) <button type="submit" formmethod="post" '
                    'formaction="{}" formnovalidate>Release to imports</button>',
                    reverse("admin:films_film_release", args=[film.pk, name]),
                )
            else:
                edited = ""
            label = Film._meta.get_field(name).verbose_name
            rows.append((label, entry["site"], link, edited))
        return format_html(
            "<table><thead><tr><th>Field</th><th>Site</th><th>Document</th><th>State</th>"
            "</tr></thead><tbody>{}</tbody></table>",
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
        )


@admin.register(Person)
class PersonAdmin(PublishableAdmin):
    actions = [*PublishableAdmin.actions, merge_selected]
    list_display = ["name", "birth_date", "credit_count", "status", "published_at"]
    list_filter = ["status", "credits__role"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["photo_preview", "created_at", "updated_at"]
    fields = [
        "name",
        "slug",
        ("status", "published_at"),
        "birth_date",
        "biography",
        "photo",
        ("photo_focus_x", "photo_focus_y"),
        "photo_preview",
        ("created_at", "updated_at"),
    ]
    inlines = [PersonCreditInline]

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(credit_count=Count("credits"))

    def merger(self, obj):
        return merging.merger_for(obj)

    def related_summary(self, person):
        return f"{person.credits.count()} credits"

    @admin.display(description="Credits", ordering="credit_count")
    def credit_count(self, person):
        return person.credit_count

    @admin.display(description="Preview")
    def photo_preview(self, person):
        return crop_preview(person.photo, person.photo_focus, 160)


@admin.register(Genre)
class GenreAdmin(HistoryAdmin):
    list_display = ["name", "slug", "film_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(film_count=Count("films"))

    @admin.display(description="Films", ordering="film_count")
    def film_count(self, genre):
        return genre.film_count


@admin.register(Company)
class CompanyAdmin(HistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Provider)
class ProviderAdmin(HistoryAdmin):
    list_display = ["name", "slug", "url"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


# --- Imports ----------------------------------------------------------------------


@admin.register(SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    """Import history: every document read, its outcome and what it changed.
    Documents are added by importing them (the "Import documents" button)."""

    list_display = [
        "document",
        "format",
        "film",
        "outcome",
        "conflict_count",
        "captured_at",
        "last_imported_at",
    ]
    list_filter = ["outcome", ConflictFilter, "format", "source_site"]
    search_fields = ["file_name", "content_hash", "film__title"]
    list_select_related = ["film"]
    date_hierarchy = "last_imported_at"
    fields = [
        ("document", "format", "source_site"),
        ("film", "outcome"),
        ("captured_at", "first_imported_at", "last_imported_at"),
        ("content_hash", "size_bytes"),
        "summary",
        "warnings",
        "conflicts",
        "text",
    ]
    readonly_fields = [
        name for entry in fields for name in (entry if isinstance(entry, tuple) else [entry])
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Conflicts")
    def conflict_count(self, document):
        return len(document.conflicts)

    @admin.display(description="Document", ordering="file_name")
    def document(self, document):
        return document.name

    def has_import_permission(self, request):
        return request.user.has_perm("films.add_sourcedocument")

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="films_sourcedocument_import",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {"has_import_permission": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        if not self.has_import_permission(request):
            refusal = permissions.Refusal(SourceDocument, "add", "to import documents")
            raise PermissionDenied(str(refusal))
        summary = None
        form = ImportDocumentsForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            summary = import_uploads(
                form.cleaned_data["documents"],
                format=form.cleaned_data["format"] or None,
                dry_run=form.cleaned_data["dry_run"],
                publish=form.cleaned_data["publish"],
                captured_at=form.cleaned_data["captured_at"],
                user=request.user,
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import documents",
            "form": form,
            "summary": summary,
            "verdicts": summary and summary.verdicts(),
            "dry_run": form.is_bound and form.is_valid() and form.cleaned_data["dry_run"],
        }
        return TemplateResponse(request, "admin/films/sourcedocument/import.html", context)


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """The import runs' log, written by the importer alone: Editors read it
    (to find the documents a run rejected, which left nothing else behind);
    only a superuser may delete a run."""

    list_display = [
        "started_at",
        "finished_at",
        "user",
        "origin",
        "imported",
        "unchanged",
        "failed",
        "failed_files",
    ]
    list_filter = [FailureFilter, "origin"]
    list_select_related = ["user"]
    date_hierarchy = "started_at"
    fields = [
        ("started_at", "finished_at"),
        ("user", "origin"),
        ("imported", "unchanged", "failed"),
        "failure_list",
    ]
    readonly_fields = [
        name for entry in fields for name in (entry if isinstance(entry, tuple) else [entry])
    ]
    # The list names at most this many failed files; the run's page lists them all.
    FILES_SHOWN = 3

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.display(description="Failures")
    def failed_files(self, run):
        """The failed files' names (without the server's directories), escaped
        by the admin as plain text."""
        names = [PurePath(failure["file"]).name for failure in run.failures]
        shown = ", ".join(names[: self.FILES_SHOWN])
        more = len(names) - self.FILES_SHOWN
        return f"{shown} and {more} more" if more > 0 else shown

    @admin.display(description="Failed documents")
    def failure_list(self, run):
        if not run.failures:
            return "None"
        rows = format_html_join(
            "\n",
            "<tr><td>{}</td><td>{}</td></tr>",
            ((PurePath(f["file"]).name, f["reason"]) for f in run.failures),
        )
        return format_html(
            '<table><thead><tr><th scope="col">File</th><th scope="col">Reason</th></tr>'
            "</thead><tbody>{}</tbody></table>",
            rows,
        )
