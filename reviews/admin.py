from django.contrib import admin
from django.db.models import Count
from django.template.defaultfilters import truncatechars

from filmsite.content.admin import HistoryAdmin, PublishableAdmin, RowInline, merge_selected
from filmsite.content.models import ContentVersion

from . import merging
from .models import AudienceReview, Critic, CriticReview, Publication, ReportedScore
from .scores import refresh_scores


class ReportedScoreInline(RowInline, admin.TabularInline):
    """On the film's page (films.admin.FilmAdmin)."""

    model = ReportedScore


class ReviewerAdmin(HistoryAdmin):
    """Critics and publications: merged when two spellings name one."""

    actions = [merge_selected]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(review_count=Count("reviews"))

    @admin.display(description="Reviews", ordering="review_count")
    def review_count(self, reviewer):
        return reviewer.review_count

    def merge(self, target, duplicates):
        return merging.merge(target, duplicates)

    def related_summary(self, reviewer):
        return f"{reviewer.reviews.count()} reviews"


class ReviewAdmin(PublishableAdmin):
    """Moderation: publishing shows a review on the site, unpublishing hides
    it; either way the film's scores are recomputed."""

    def after_bulk_change(self, ids):
        refresh_scores(set(self.model.objects.filter(pk__in=ids).values_list("film_id", flat=True)))
        ContentVersion.bump()


@admin.register(Publication)
class PublicationAdmin(ReviewerAdmin):
    list_display = ["name", "slug", "url", "review_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Critic)
class CriticAdmin(ReviewerAdmin):
    list_display = ["name", "publication", "is_top_critic", "review_count"]
    list_filter = ["is_top_critic"]
    search_fields = ["name", "publication__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["publication"]
    list_select_related = ["publication"]


@admin.register(CriticReview)
class CriticReviewAdmin(ReviewAdmin):
    list_display = [
        "film",
        "critic",
        "publication",
        "short_quote",
        "score_text",
        "score",
        "sentiment",
        "review_date",
        "status",
        "needs_review",
    ]
    list_filter = [
        "needs_review",
        "status",
        "sentiment",
        "is_top_critic",
        "source_document",
        "review_date",
    ]
    search_fields = ["film__title", "critic__name", "publication__name", "quote"]
    autocomplete_fields = ["film", "critic", "publication"]
    list_select_related = ["film", "critic", "publication"]
    date_hierarchy = "review_date"
    fields = [
        "film",
        ("status", "published_at"),
        ("critic", "publication", "is_top_critic"),
        "quote",
        ("score_text", "score", "sentiment"),
        ("review_date", "url"),
        "note",
        "needs_review",
        "raw_source",
        "source_document",
    ]
    readonly_fields = ["raw_source", "source_document"]
    actions = [*ReviewAdmin.actions, "mark_reviewed"]

    @admin.action(
        description="Mark the split as checked (clear 'needs review')", permissions=["change"]
    )
    def mark_reviewed(self, request, queryset):
        count = self.changeable(request, queryset).update(needs_review=False)
        self.message_user(request, f"Marked {count} review(s) as checked.")

    @admin.display(description="Quote")
    def short_quote(self, review):
        return truncatechars(review.quote, 80)


@admin.register(AudienceReview)
class AudienceReviewAdmin(ReviewAdmin):
    list_display = [
        "film",
        "author_name",
        "source_site",
        "stars",
        "short_text",
        "review_date",
        "status",
    ]
    list_filter = ["status", "source_site", "stars", "review_date"]
    search_fields = ["film__title", "author_name", "text"]
    autocomplete_fields = ["film"]
    list_select_related = ["film"]
    date_hierarchy = "review_date"

    @admin.display(description="Text")
    def short_text(self, review):
        return truncatechars(review.text, 80)
