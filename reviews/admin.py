from django.contrib import admin
from django.db.models import Count
from django.template.defaultfilters import truncatechars
from django.utils.html import format_html

from filmsite.content import history
from filmsite.content.admin import PublishableAdmin, RevisionAdmin, RowInline, merge_selected
from filmsite.content.models import ContentVersion

from . import merging
from .models import AudienceReview, Critic, CriticReview, Publication, ReportedScore
from .scores import refresh_scores

# A quote shortened to what two lines of a changelist column hold.
QUOTE_CHARACTERS = 90


class ReportedScoreInline(RowInline, admin.StackedInline):
    """On the film's page (films.admin.FilmAdmin): one per source site,
    stacked, as its nine columns side by side would not fit the screen.
    Imported and rarely edited: it starts collapsed."""

    model = ReportedScore
    fields = [
        ("source_site", "reported_at", "source"),
        ("tomatometer", "critic_review_count"),
        (
            "audience_score",
            "audience_rating_count_text",
            "audience_rating_count",
            "audience_review_count",
        ),
    ]
    classes = ["collapse"]


class SentimentFilter(admin.SimpleListFilter):
    """Fresh, rotten, or none: the reviews whose sentiment an editor still has to set."""

    title = "sentiment"
    parameter_name = "sentiment"
    NONE = "none"

    def lookups(self, request, model_admin):
        return [*CriticReview.Sentiment.choices, (self.NONE, "No sentiment")]

    def queryset(self, request, queryset):
        if self.value() == self.NONE:
            return queryset.filter(sentiment="")
        if self.value() in CriticReview.Sentiment.values:
            return queryset.filter(sentiment=self.value())
        return queryset


class ReviewerAdmin(RevisionAdmin):
    """Critics and publications: merged when two spellings name one."""

    actions = [merge_selected]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(review_count=Count("reviews"))

    @admin.display(description="Reviews", ordering="review_count")
    def review_count(self, reviewer):
        return reviewer.review_count

    def merger(self, obj):
        return merging.merger_for(obj)

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
    # Fits a 1280 px screen with "needs review" on it: who wrote the review and
    # its quote share a column, as do the sentiment and the score.
    list_display = ["film", "review", "rating", "review_date", "status", "needs_review"]
    list_filter = [
        "needs_review",
        "status",
        SentimentFilter,
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
        entries = history.record_update(
            self.changeable(request, queryset),
            {"needs_review": False},
            message="Marked as checked (action on the list)",
            select_related=self.list_select_related,
        )
        self.message_user(request, f"Marked {len(entries)} review(s) as checked.")

    @admin.display(description="Review", ordering="critic__name")
    def review(self, review):
        byline = " · ".join(str(name) for name in (review.critic, review.publication) if name)
        return format_html(
            "{}<br><small>{}</small>", byline, truncatechars(review.quote, QUOTE_CHARACTERS)
        )

    @admin.display(description="Rating", ordering="sentiment")
    def rating(self, review):
        parts = [review.get_sentiment_display(), review.score_text]
        return " · ".join(part for part in parts if part) or "—"


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
