"""Critics, publications, reviews and the scores sources report.

Scores a source reported (ReportedScore) are kept apart from the scores the
site computes from its own reviews (reviews.scores). Reviews are published or
drafts like films: moderators hide a review by unpublishing it.
"""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from films.links import slug_url
from films.models import Film, ImportedRow, percentage_check
from filmsite.content.models import Publishable

STAR_VALUES = [Decimal(half) / 2 for half in range(1, 11)]  # 0.5, 1.0, … 5.0


class Publication(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    url = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="reviews_publication_name_unique_ci",
                violation_error_message="A publication with this name already exists.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("reviews:publication-detail", self.slug)


class Critic(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    publication = models.ForeignKey(
        Publication,
        on_delete=models.SET_NULL,
        related_name="critics",
        null=True,
        blank=True,
        help_text="The publication the critic usually writes for.",
    )
    is_top_critic = models.BooleanField("top critic", default=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="reviews_critic_name_unique_ci",
                violation_error_message="A critic with this name already exists.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("reviews:critic-detail", self.slug)


class CriticReview(Publishable, ImportedRow):
    """A critic's review of a film. Either the critic or the publication may
    be unknown, never both."""

    class Sentiment(models.TextChoices):
        FRESH = "fresh", "Fresh"
        ROTTEN = "rotten", "Rotten"

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="critic_reviews")
    critic = models.ForeignKey(
        Critic, on_delete=models.PROTECT, related_name="reviews", null=True, blank=True
    )
    publication = models.ForeignKey(
        Publication, on_delete=models.PROTECT, related_name="reviews", null=True, blank=True
    )
    quote = models.TextField()
    score_text = models.CharField(
        "score as written", max_length=20, blank=True, help_text="e.g. 4/4, B+, 9/10."
    )
    score = models.PositiveSmallIntegerField(
        "score (0-100)",
        null=True,
        blank=True,
        help_text="The written score on a 0-100 scale, where it can be converted.",
    )
    sentiment = models.CharField(max_length=10, choices=Sentiment, blank=True)
    is_top_critic = models.BooleanField("top critic", default=False)
    review_date = models.DateField(null=True, blank=True)
    url = models.URLField("link to the full review", max_length=500, blank=True)
    note = models.CharField(max_length=200, blank=True, help_text="e.g. 'Full review in Spanish'.")
    needs_review = models.BooleanField(
        default=False,
        help_text="The importer was unsure where the critic's name, the publication and the "
        "quote divide. Check them against the source text, then clear this.",
    )
    raw_source = models.TextField(
        "source text", blank=True, help_text="The review exactly as the source document had it."
    )
    source_key = models.CharField(
        max_length=40, blank=True, editable=False, help_text="Identifies the source text."
    )

    class Meta(Publishable.Meta):
        ordering = ["-review_date", "-id"]
        permissions = [("publish_criticreview", "Can publish and hide critic reviews")]
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                condition=Q(critic__isnull=False) | Q(publication__isnull=False),
                name="reviews_criticreview_has_author",
                violation_error_message="A critic review needs a critic or a publication.",
            ),
            percentage_check("score", "reviews_criticreview_score_range"),
            models.CheckConstraint(
                condition=Q(sentiment__in=["", "fresh", "rotten"]),
                name="reviews_criticreview_sentiment_valid",
                violation_error_message="Sentiment must be fresh, rotten or unknown.",
            ),
            # One review of a film per critic and publication. NULLs are never
            # equal in a plain unique constraint, hence one per case.
            models.UniqueConstraint(
                fields=["film", "critic", "publication"],
                condition=Q(critic__isnull=False, publication__isnull=False),
                name="reviews_criticreview_unique",
            ),
            models.UniqueConstraint(
                fields=["film", "critic"],
                condition=Q(publication__isnull=True),
                name="reviews_criticreview_unique_no_publication",
            ),
            models.UniqueConstraint(
                fields=["film", "publication"],
                condition=Q(critic__isnull=True),
                name="reviews_criticreview_unique_no_critic",
            ),
        ]
        indexes = [
            models.Index(fields=["film", "-review_date"], name="reviews_critic_film_date_idx"),
            models.Index(fields=["critic", "-review_date"], name="reviews_critic_critic_date_idx"),
            models.Index(
                fields=["publication", "-review_date"], name="reviews_critic_pub_date_idx"
            ),
            # Re-imports find a review by its source text.
            models.Index(fields=["film", "source_key"], name="reviews_critic_source_key_idx"),
            # The home page's latest reviews.
            models.Index(
                fields=["status", "-review_date", "-id"], name="reviews_critic_latest_idx"
            ),
        ]

    def __str__(self):
        return f"{self.author} on {self.film}"

    @property
    def author(self):
        names = [str(part) for part in (self.critic, self.publication) if part]
        return ", ".join(names)


class AudienceReview(Publishable, ImportedRow):
    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="audience_reviews")
    author_name = models.CharField(max_length=150)
    source_site = models.CharField(
        max_length=100,
        help_text="The site the review was written on, e.g. 'Rotten Tomatoes'.",
    )
    stars = models.DecimalField(
        max_digits=2,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="0.5 to 5 in half stars; empty when the reviewer gave none.",
    )
    text = models.TextField()
    review_date = models.DateField(null=True, blank=True)

    class Meta(Publishable.Meta):
        ordering = ["-review_date", "-id"]
        permissions = [("publish_audiencereview", "Can publish and hide audience reviews")]
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                condition=Q(stars__isnull=True) | Q(stars__in=STAR_VALUES),
                name="reviews_audiencereview_stars_half_steps",
                violation_error_message="Stars must be 0.5 to 5 in half steps.",
            ),
            models.UniqueConstraint(
                fields=["film", "source_site", "author_name"],
                name="reviews_audiencereview_one_per_author",
            ),
        ]
        indexes = [
            models.Index(fields=["film", "-review_date"], name="reviews_aud_film_date_idx"),
            models.Index(fields=["film", "stars"], name="reviews_aud_film_stars_idx"),
        ]

    def __str__(self):
        return f"{self.author_name} ({self.source_site}) on {self.film}"


class ReportedScore(ImportedRow):
    """The scores a source site reported for a film, as it reported them."""

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="reported_scores")
    source_site = models.CharField(max_length=100)
    tomatometer = models.PositiveSmallIntegerField("Tomatometer (%)", null=True, blank=True)
    critic_review_count = models.PositiveIntegerField(null=True, blank=True)
    audience_score = models.PositiveSmallIntegerField("audience score (%)", null=True, blank=True)
    audience_rating_count_text = models.CharField(
        "number of ratings as written", max_length=60, blank=True, help_text="e.g. '10,000+'."
    )
    audience_rating_count = models.PositiveIntegerField(
        "number of ratings (at least)",
        null=True,
        blank=True,
        help_text="The lower bound of the written count: 10,000 for '10,000+'.",
    )
    audience_review_count = models.PositiveIntegerField(null=True, blank=True)
    reported_at = models.DateTimeField(help_text="When the source page was read.")

    class Meta:
        ordering = ["film", "source_site"]
        constraints = [
            models.UniqueConstraint(
                fields=["film", "source_site"], name="reviews_reportedscore_unique"
            ),
            percentage_check("tomatometer", "reviews_reportedscore_tomatometer_range"),
            percentage_check("audience_score", "reviews_reportedscore_audience_range"),
        ]

    def __str__(self):
        return f"{self.film} on {self.source_site}"
