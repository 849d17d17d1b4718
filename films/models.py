"""Films, the people who make them, and the facts a film page shows.

Rules that must always hold (unique slugs, one credit per film, person and
role, ranges of years and scores) are database constraints, so neither the
admin nor the importer can store bad data.
"""

from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from filmsite.content.models import Publishable, PublishableQuerySet

from .importer.text import title_key
from .links import slug_url
from .validators import validate_image

# --- Publishing ----------------------------------------------------------------


# --- Provenance ------------------------------------------------------------------


class SourceDocument(models.Model):
    """A source document the importer has read: one row per distinct content.

    Every imported row points back here, so editors can see where each fact
    came from. Documents that fail to import leave no row: a failed import
    leaves the database exactly as it was.
    """

    class Outcome(models.TextChoices):
        CREATED = "created", "Created the film"
        UPDATED = "updated", "Updated the film"
        UNCHANGED = "unchanged", "Nothing changed"

    file_name = models.CharField(max_length=255)
    content_hash = models.CharField("SHA-256 of the content", max_length=64, unique=True)
    format = models.CharField(max_length=40)
    source_site = models.CharField(max_length=100)
    size_bytes = models.PositiveIntegerField()
    text = models.TextField(help_text="The document as imported.")
    film = models.ForeignKey(
        "Film", on_delete=models.SET_NULL, null=True, blank=True, related_name="source_documents"
    )
    captured_at = models.DateTimeField(
        "captured",
        default=timezone.now,
        help_text="When the page was fetched: from the page itself where it says, else the "
        "time given on import, else the file's modification time. Values and scores come "
        "from a film's newest capture.",
    )
    first_imported_at = models.DateTimeField(default=timezone.now)
    last_imported_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=20, choices=Outcome)
    summary = models.JSONField(
        default=dict, blank=True, help_text="Rows created/updated/unchanged."
    )
    warnings = models.JSONField(default=list, blank=True)
    conflicts = models.JSONField(
        default=list, blank=True, help_text="Values edited by hand that the import left alone."
    )

    class Meta:
        ordering = ["-last_imported_at"]
        indexes = [
            models.Index(fields=["-last_imported_at"], name="films_sourcedoc_imported_idx"),
        ]

    def __str__(self):
        return f"{self.name} ({self.content_hash[:12]})"

    @property
    def name(self):
        """The file's name without its directory: the command line records the
        path it was given, which is the server's business, not the editors'."""
        return PurePath(self.file_name).name


class ImportRunQuerySet(models.QuerySet):
    # What the dashboard calls recent: a week covers a weekend's unattended runs.
    RECENT = timedelta(days=7)

    def with_failures(self):
        return self.filter(failed__gt=0)

    def without_failures(self):
        return self.filter(failed=0)

    def recent(self):
        return self.filter(started_at__gte=timezone.now() - self.RECENT)


class ImportRun(models.Model):
    """One run of the importer (films.importer.pipeline), from the command
    line or the admin's upload page: when, by whom, how many documents
    imported, unchanged and failed, and why each failure failed.

    Documents that fail leave no SourceDocument behind, so this is where an
    editor finds them afterwards. A row without `finished_at` is a run that
    is still going or that stopped half-way (its counts are what it had done).
    Dry runs write nothing, this record included.
    """

    class Origin(models.TextChoices):
        COMMAND = "command", "Command"
        ADMIN_UPLOAD = "admin upload", "Admin upload"

    started_at = models.DateTimeField("started", default=timezone.now)
    finished_at = models.DateTimeField(
        "finished", null=True, blank=True, help_text="Empty while running, or if the run stopped."
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_runs",
        help_text="Who uploaded the documents; empty for the command line (or a deleted user).",
    )
    origin = models.CharField(max_length=20, choices=Origin)
    imported = models.IntegerField(default=0, help_text="Documents that created or updated a film.")
    unchanged = models.IntegerField(default=0, help_text="Documents imported before, as they are.")
    failed = models.IntegerField(default=0, help_text="Documents rejected; see the failures.")
    failures = models.JSONField(
        default=list, blank=True, help_text='Each rejected document: {"file": …, "reason": …}.'
    )

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(imported__gte=0, unchanged__gte=0, failed__gte=0),
                name="films_importrun_counts_not_negative",
                violation_error_message="Document counts cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True) | Q(finished_at__gte=F("started_at")),
                name="films_importrun_finished_after_start",
                violation_error_message="A run cannot finish before it starts.",
            ),
        ]
        indexes = [models.Index(fields=["-started_at"], name="films_importrun_started_idx")]

    # No get_absolute_url: runs are the editors' business, shown in the admin only.

    def __str__(self):
        started = timezone.localtime(self.started_at)
        return f"{self.get_origin_display()} import of {started:%Y-%m-%d %H:%M}"


class ImportedRow(models.Model):
    """Rows the importer writes remember their document and a fingerprint of
    the values it wrote. A row whose values no longer match its fingerprint
    was edited by hand, and later imports leave it alone."""

    source_document = models.ForeignKey(
        SourceDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="%(app_label)s_%(class)s_rows",
        help_text="The document this row was imported from; empty when made by hand.",
    )
    import_fingerprint = models.CharField(max_length=32, blank=True, editable=False)

    class Meta:
        abstract = True


# --- Vocabularies ----------------------------------------------------------------


class Genre(models.Model):
    name = models.CharField(max_length=60)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            # Ignoring case, as the importer matches genres (importer.load.matching).
            models.UniqueConstraint(
                Lower("name"),
                name="films_genre_name_unique_ci",
                violation_error_message="A genre with this name already exists.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("films:film-list") + f"?genre={self.slug}"


class Company(models.Model):
    """A production company or distributor."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="films_company_name_unique_ci",
                violation_error_message="A company with this name already exists.",
            ),
        ]

    def __str__(self):
        return self.name


class Provider(models.Model):
    """A streaming service or shop where a film can be watched."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    url = models.URLField(blank=True, help_text="The provider's home page.")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="films_provider_name_unique_ci",
                violation_error_message="A provider with this name already exists.",
            ),
        ]

    def __str__(self):
        return self.name


# --- People ------------------------------------------------------------------------


# --- Focal points ------------------------------------------------------------------
# Renditions are cropped to 2:3 (films/images.py). The crop is centred on the
# image's focal point, which an editor moves off the centre when the subject is
# not there (a face at the left of a wide still).


def focus_field(axis):
    """The focal point across or down an image, in percent of its width or height."""
    edge = "left" if axis == "across" else "top"
    return models.PositiveSmallIntegerField(
        f"Focal point, {axis} (%)",
        default=50,
        validators=[MaxValueValidator(100)],
        help_text=f"Where the crop is centred, in percent from the {edge} (50 is the middle). "
        "The crop stays inside the image.",
    )


def focus_checks(prefix, model):
    return [
        models.CheckConstraint(
            condition=Q(**{f"{prefix}_focus_{axis}__lte": 100}),
            name=f"films_{model}_{prefix}_focus_{axis}_range",
            violation_error_message="A focal point is 0-100%.",
        )
        for axis in ("x", "y")
    ]


class Person(Publishable):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    birth_date = models.DateField(null=True, blank=True)
    biography = models.TextField(blank=True)
    photo = models.ImageField(
        upload_to="people/",
        blank=True,
        validators=[validate_image],
        help_text="JPEG, PNG or WebP, at most 8 MB and 40 megapixels. Shown cropped to 2:3.",
    )
    photo_focus_x = focus_field("across")
    photo_focus_y = focus_field("down")

    class Meta(Publishable.Meta):
        ordering = ["name"]
        verbose_name_plural = "people"
        permissions = [("publish_person", "Can publish and unpublish people")]
        constraints = [
            *Publishable.Meta.constraints,
            # One person per name: sources name people only by name, so the
            # importer could not tell namesakes apart anyway. Editors
            # disambiguate namesakes in the name itself ("John Smith (II)").
            models.UniqueConstraint(
                Lower("name"),
                name="films_person_name_unique_ci",
                violation_error_message="A person with this name already exists.",
            ),
            *focus_checks("photo", "person"),
        ]
        indexes = [
            models.Index(fields=["status", "published_at"], name="films_person_published_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("films:person-detail", self.slug)

    @property
    def photo_focus(self):
        """(across, down) in percent: what renditions() and picture() take."""
        return (self.photo_focus_x, self.photo_focus_y)


# --- Films --------------------------------------------------------------------------


def percentage_check(field, name):
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0, f"{field}__lte": 100}),
        name=name,
        violation_error_message=f"{field.replace('_', ' ').capitalize()} must be 0-100%.",
    )


class Certification(models.TextChoices):
    G = "G", "G"
    PG = "PG", "PG"
    PG_13 = "PG-13", "PG-13"
    R = "R", "R"
    NC_17 = "NC-17", "NC-17"
    NR = "NR", "NR (not rated)"
    TV_Y = "TV-Y", "TV-Y"
    TV_Y7 = "TV-Y7", "TV-Y7"
    TV_G = "TV-G", "TV-G"
    TV_PG = "TV-PG", "TV-PG"
    TV_14 = "TV-14", "TV-14"
    TV_MA = "TV-MA", "TV-MA"


class ReleaseStatus(models.TextChoices):
    NOW_PLAYING = "now_playing", "Now playing"
    COMING_SOON = "coming_soon", "Coming soon"
    RELEASED = "released", "Released"
    STREAMING = "streaming", "Streaming"


def film_title_key(title):
    """What `Film.title_key` holds for `title` (cut to the column's length)."""
    return title_key(title)[:300]


class Film(Publishable):
    title = models.CharField(max_length=300)
    # Kept in step with the title by films.signals; indexed so an import finds
    # a film by its title without reading the catalogue.
    title_key = models.CharField(
        max_length=300,
        blank=True,
        editable=False,
        help_text="The title without case, accents or punctuation: how imports find the film.",
    )
    slug = models.SlugField(
        max_length=320, unique=True, help_text="From the title and year: the-red-shoes-1948."
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    runtime_minutes = models.PositiveSmallIntegerField("runtime (minutes)", null=True, blank=True)
    certification = models.CharField(max_length=10, choices=Certification, blank=True)
    certification_reason = models.CharField(
        max_length=300, blank=True, help_text="Why it has its rating, e.g. 'Violence, Language'."
    )
    synopsis = models.TextField(blank=True)
    critics_consensus = models.TextField(blank=True)
    release_status = models.CharField(max_length=20, choices=ReleaseStatus, blank=True)
    original_language = models.CharField(max_length=100, blank=True)
    sound_mix = models.CharField(max_length=200, blank=True)
    aspect_ratio = models.CharField(max_length=100, blank=True)
    trailer_url = models.URLField(blank=True)
    poster = models.ImageField(
        upload_to="posters/",
        blank=True,
        validators=[validate_image],
        help_text="JPEG, PNG or WebP, at most 8 MB and 40 megapixels. Shown cropped to 2:3.",
    )
    poster_focus_x = focus_field("across")
    poster_focus_y = focus_field("down")
    genres = models.ManyToManyField(Genre, related_name="films", blank=True)
    companies = models.ManyToManyField(
        Company, through="FilmCompany", related_name="films", blank=True
    )
    source_values = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="For each imported field: the value imported, its site and document.",
    )
    # Headline scores, kept up to date by reviews.scores.refresh_scores()
    # whenever reviews or reported scores change. Stored rather than
    # aggregated per request because lists filter and sort on them across
    # thousands of films (bench/site_bench.py).
    tomatometer = models.PositiveSmallIntegerField(
        "Tomatometer (%)", null=True, blank=True, editable=False
    )
    tomatometer_count = models.PositiveIntegerField(
        "critic reviews counted", default=0, editable=False
    )
    audience_score = models.PositiveSmallIntegerField(
        "audience score (%)", null=True, blank=True, editable=False
    )
    audience_count = models.PositiveIntegerField(
        "audience ratings counted", default=0, editable=False
    )
    audience_count_text = models.CharField(
        "audience ratings, as shown", max_length=60, blank=True, editable=False
    )

    objects = PublishableQuerySet.as_manager()

    class Meta(Publishable.Meta):
        ordering = ["title", "year"]
        permissions = [("publish_film", "Can publish and unpublish films")]
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1870, year__lte=2100),
                name="films_film_year_range",
                violation_error_message="Year must be between 1870 and 2100.",
            ),
            models.CheckConstraint(
                condition=Q(runtime_minutes__isnull=True) | Q(runtime_minutes__gt=0),
                name="films_film_runtime_positive",
                violation_error_message="Runtime must be a positive number of minutes.",
            ),
            models.CheckConstraint(
                condition=Q(certification="") | Q(certification__in=Certification.values),
                name="films_film_certification_valid",
                violation_error_message="Unknown certification.",
            ),
            models.CheckConstraint(
                condition=Q(release_status="") | Q(release_status__in=ReleaseStatus.values),
                name="films_film_release_status_valid",
                violation_error_message="Unknown release status.",
            ),
            percentage_check("tomatometer", "films_film_tomatometer_range"),
            percentage_check("audience_score", "films_film_audience_score_range"),
            *focus_checks("poster", "film"),
        ]
        indexes = [
            models.Index(fields=["status", "published_at"], name="films_film_published_idx"),
            models.Index(fields=["year"], name="films_film_year_idx"),
            models.Index(Lower("title"), "year", name="films_film_title_year_ci_idx"),
            models.Index(fields=["title_key", "year"], name="films_film_title_key_idx"),
            models.Index(fields=["-created_at"], name="films_film_created_idx"),
            models.Index(fields=["release_status", "-published_at"], name="films_film_status_idx"),
            models.Index(fields=["-tomatometer", "title"], name="films_film_tomatometer_idx"),
            models.Index(fields=["-audience_score", "title"], name="films_film_audience_idx"),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})" if self.year else self.title

    def get_absolute_url(self):
        return slug_url("films:film-detail", self.slug)

    @property
    def poster_focus(self):
        """(across, down) in percent: what renditions() and picture() take."""
        return (self.poster_focus_x, self.poster_focus_y)


class FilmFact(ImportedRow):
    """A labelled fact from a source page that has no field of its own
    (e.g. "Box Office (Gross USA)"): kept rather than dropped."""

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="facts")
    label = models.CharField(max_length=100)
    value = models.CharField(max_length=500)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["film", "position", "label"]
        constraints = [
            models.UniqueConstraint(fields=["film", "label"], name="films_filmfact_unique_label"),
        ]

    def __str__(self):
        return f"{self.label}: {self.value}"


class CreditRole(models.TextChoices):
    DIRECTOR = "director", "Director"
    PRODUCER = "producer", "Producer"
    EXECUTIVE_PRODUCER = "executive_producer", "Executive producer"
    SCREENWRITER = "screenwriter", "Screenwriter"
    CAST = "cast", "Cast"
    CINEMATOGRAPHER = "cinematographer", "Cinematographer"
    EDITOR = "editor", "Film editor"
    COMPOSER = "composer", "Composer"
    PRODUCTION_DESIGNER = "production_designer", "Production designer"
    COSTUME_DESIGNER = "costume_designer", "Costume designer"


class Credit(ImportedRow):
    """One role of one person on one film. A person may hold several roles."""

    Role = CreditRole

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="credits")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="credits")
    role = models.CharField(max_length=30, choices=Role)
    character = models.CharField(
        max_length=300, blank=True, help_text="For cast: the character played."
    )
    billing_order = models.PositiveSmallIntegerField(
        default=0, help_text="Lower numbers are listed first."
    )

    class Meta:
        ordering = ["film", "role", "billing_order", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["film", "person", "role"], name="films_credit_unique_role"
            ),
            models.CheckConstraint(
                condition=Q(role__in=CreditRole.values),
                name="films_credit_role_valid",
                violation_error_message="Unknown role.",
            ),
            models.CheckConstraint(
                condition=Q(role="cast") | Q(character=""),
                name="films_credit_character_only_for_cast",
                violation_error_message="Only cast credits have a character.",
            ),
        ]
        indexes = [
            models.Index(
                fields=["film", "role", "billing_order"], name="films_credit_film_role_idx"
            ),
            models.Index(fields=["person", "role"], name="films_credit_person_role_idx"),
        ]

    def __str__(self):
        if self.character:
            return f"{self.person} as {self.character} in {self.film}"
        return f"{self.person}, {self.get_role_display().lower()} of {self.film}"


class CompanyKind(models.TextChoices):
    PRODUCTION = "production", "Production company"
    DISTRIBUTOR = "distributor", "Distributor"


class FilmCompany(ImportedRow):
    Kind = CompanyKind

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="company_roles")
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="film_roles")
    kind = models.CharField(max_length=20, choices=Kind)
    region = models.CharField(
        max_length=20, blank=True, help_text="Region tag from the source, e.g. 'us'."
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["film", "kind", "position"]
        verbose_name = "film company"
        verbose_name_plural = "film companies"
        constraints = [
            models.UniqueConstraint(
                fields=["film", "company", "kind"], name="films_filmcompany_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=CompanyKind.values),
                name="films_filmcompany_kind_valid",
                violation_error_message="Unknown company role.",
            ),
        ]

    def __str__(self):
        region = f" [{self.region}]" if self.region else ""
        return f"{self.company}{region} ({self.get_kind_display().lower()})"


class ReleaseKind(models.TextChoices):
    THEATRICAL = "theatrical", "Theaters"
    STREAMING = "streaming", "Streaming"
    PHYSICAL = "physical", "DVD / Blu-ray"
    TV = "tv", "Television"


class ReleaseDate(ImportedRow):
    Kind = ReleaseKind

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="release_dates")
    kind = models.CharField(max_length=20, choices=Kind)
    date = models.DateField()
    region = models.CharField(max_length=60, blank=True, help_text="e.g. 'USA'.")
    note = models.CharField(max_length=100, blank=True, help_text="e.g. 'Original', 'Wide'.")

    class Meta:
        ordering = ["film", "date", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["film", "kind", "date", "region"], name="films_releasedate_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ReleaseKind.values),
                name="films_releasedate_kind_valid",
                violation_error_message="Unknown release kind.",
            ),
        ]

    def __str__(self):
        parts = [self.get_kind_display(), str(self.date)]
        if self.region:
            parts.append(self.region)
        if self.note:
            parts.append(self.note)
        return ", ".join(parts)


class OfferType(models.TextChoices):
    THEATERS = "theaters", "In theaters"
    SUBSCRIPTION = "subscription", "Subscription"
    FREE = "free", "Free"
    RENT = "rent", "Rent"
    BUY = "buy", "Buy"


class WatchOption(ImportedRow):
    """Where a film can be watched. Theaters may have no provider."""

    OfferType = OfferType

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="watch_options")
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="watch_options", null=True, blank=True
    )
    offer_type = models.CharField(max_length=20, choices=OfferType)
    url = models.URLField(blank=True)
    last_confirmed = models.DateField(
        default=timezone.localdate,
        help_text="When a source last showed this offer; offers age.",
    )

    class Meta:
        ordering = ["film", "offer_type", "provider__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["film", "provider", "offer_type"],
                condition=Q(provider__isnull=False),
                name="films_watchoption_unique",
            ),
            models.UniqueConstraint(
                fields=["film", "offer_type"],
                condition=Q(provider__isnull=True),
                name="films_watchoption_unique_no_provider",
            ),
            models.CheckConstraint(
                condition=Q(offer_type__in=OfferType.values),
                name="films_watchoption_offer_type_valid",
                violation_error_message="Unknown offer type.",
            ),
            models.CheckConstraint(
                condition=Q(provider__isnull=False) | Q(offer_type="theaters"),
                name="films_watchoption_provider_required",
                violation_error_message="Only a theaters offer may have no provider.",
            ),
        ]
        indexes = [
            models.Index(fields=["provider", "offer_type"], name="films_watch_provider_idx"),
        ]

    def __str__(self):
        where = self.provider.name if self.provider_id else "Theaters"
        return f"{self.film}: {self.get_offer_type_display()} on {where}"


class SimilarFilm(ImportedRow):
    """ "More like this": a linked film when the site has it, otherwise the
    title and scores the source gave."""

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="similar_entries")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=300)
    similar_film = models.ForeignKey(
        Film,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        help_text="The film on this site, when there is one.",
    )
    tomatometer = models.PositiveSmallIntegerField(null=True, blank=True)
    audience_score = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["film", "position"]
        verbose_name = "similar film"
        indexes = [
            # Linking a newly imported film to the pages that recommend it.
            models.Index(Lower("title"), name="films_similar_title_ci_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["film", "title"], name="films_similarfilm_unique"),
            models.CheckConstraint(
                condition=~Q(similar_film=models.F("film")),
                name="films_similarfilm_not_self",
                violation_error_message="A film is not similar to itself.",
            ),
            percentage_check("tomatometer", "films_similarfilm_tomatometer_range"),
            percentage_check("audience_score", "films_similarfilm_audience_range"),
        ]

    def __str__(self):
        return f"{self.film} → {self.title}"


class SearchEntry(models.Model):
    """What the site search reads for one film, person, critic or publication
    (exactly one of them): its texts folded as films.search.fold() does, so
    accents and case never matter. Kept current by films.search on every
    write; the database's full-text engine indexes it (films.search).
    Visibility is not stored: searches filter it at query time."""

    film = models.OneToOneField(
        Film, on_delete=models.CASCADE, null=True, blank=True, related_name="search_entry"
    )
    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="search_entry"
    )
    critic = models.OneToOneField(
        "reviews.Critic",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="search_entry",
    )
    publication = models.OneToOneField(
        "reviews.Publication",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="search_entry",
    )
    title = models.TextField(help_text="The title or name.")
    names = models.TextField(blank=True, help_text="A film's people.")
    body = models.TextField(blank=True, help_text="A film's synopsis and critics consensus.")
    # PostgreSQL's weighted words of the three texts, written with them and
    # GIN-indexed (films.search); always empty on SQLite, where FTS5 indexes
    # the texts themselves.
    document = SearchVectorField(null=True, editable=False)
    # A film's Film.tomatometer_count and audience_count, copied (films.search
    # and reviews.scores keep them in step) so that a search orders its matches
    # by popularity through an index on the entries alone, without reading
    # the films. Empty for people, critics and publications.
    tomatometer_count = models.PositiveIntegerField(null=True, editable=False)
    audience_count = models.PositiveIntegerField(null=True, editable=False)

    class Meta:
        verbose_name_plural = "search entries"
        indexes = [
            # The films' search order (films.search.ORDER).
            models.Index(
                fields=["-tomatometer_count", "-audience_count", "title", "film"],
                condition=Q(film__isnull=False),
                name="films_search_film_order",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(film__isnull=False, person=None, critic=None, publication=None)
                | Q(film=None, person__isnull=False, critic=None, publication=None)
                | Q(film=None, person=None, critic__isnull=False, publication=None)
                | Q(film=None, person=None, critic=None, publication__isnull=False),
                name="films_searchentry_one_object",
            ),
        ]

    def __str__(self):
        return self.title
