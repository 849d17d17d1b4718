"""factory_boy factories for every model; tests arrange only what they need."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from django.utils.text import slugify

from films.models import (
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
from reviews.models import AudienceReview, Critic, CriticReview, Publication, ReportedScore


class GenreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Genre
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Genre {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class FilmFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Film
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Invented Film {n}")
    year = 1999
    slug = factory.LazyAttribute(lambda o: slugify(f"{o.title} {o.year}"))
    runtime_minutes = 100
    synopsis = "An invented story."
    status = Film.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))

    class Params:
        draft = factory.Trait(status=Film.Status.DRAFT, published_at=None)

    @factory.post_generation
    def genres(self, create, extracted, **kwargs):
        if create and extracted:
            self.genres.add(*extracted)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Invented Person {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    status = Person.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))


class CreditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Credit

    film = factory.SubFactory(FilmFactory)
    person = factory.SubFactory(PersonFactory)
    role = Credit.Role.DIRECTOR


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Invented Pictures {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class FilmCompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FilmCompany

    film = factory.SubFactory(FilmFactory)
    company = factory.SubFactory(CompanyFactory)
    kind = FilmCompany.Kind.DISTRIBUTOR


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Streamer {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class WatchOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WatchOption

    film = factory.SubFactory(FilmFactory)
    provider = factory.SubFactory(ProviderFactory)
    offer_type = WatchOption.OfferType.SUBSCRIPTION


class ReleaseDateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReleaseDate

    film = factory.SubFactory(FilmFactory)
    kind = ReleaseDate.Kind.THEATRICAL
    date = datetime.date(1999, 5, 1)


class SimilarFilmFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SimilarFilm

    film = factory.SubFactory(FilmFactory)
    title = factory.Sequence(lambda n: f"Similar Film {n}")


class FilmFactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FilmFact

    film = factory.SubFactory(FilmFactory)
    label = "Box Office (Gross USA)"
    value = "$1.0M"


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication

    name = factory.Sequence(lambda n: f"Invented Gazette {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class CriticFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Critic

    name = factory.Sequence(lambda n: f"Invented Critic {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class CriticReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriticReview

    film = factory.SubFactory(FilmFactory)
    critic = factory.SubFactory(CriticFactory)
    publication = factory.SubFactory(PublicationFactory)
    quote = "An invented quote."
    review_date = datetime.date(2020, 1, 1)
    status = "published"
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))


class AudienceReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AudienceReview

    film = factory.SubFactory(FilmFactory)
    author_name = factory.Sequence(lambda n: f"Viewer {n}")
    source_site = "Rotten Tomatoes"
    stars = Decimal("4.0")
    text = "An invented opinion."
    status = "published"
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))


class ReportedScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportedScore

    film = factory.SubFactory(FilmFactory)
    source_site = "Rotten Tomatoes"
    tomatometer = 90
    audience_score = 80
    reported_at = factory.LazyFunction(timezone.now)


class SourceDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SourceDocument

    file_name = factory.Sequence(lambda n: f"invented_{n}.txt")
    content_hash = factory.Sequence(lambda n: f"{n:064x}")
    format = "rottentomatoes"
    source_site = "Rotten Tomatoes"
    size_bytes = 100
    text = "An invented document."
    outcome = SourceDocument.Outcome.CREATED


class ImportRunFactory(factory.django.DjangoModelFactory):
    """A finished run from the command line that imported one document;
    `failures=[...]` makes it one that rejected documents too."""

    class Meta:
        model = ImportRun

    class Params:
        days_ago = 0

    started_at = factory.LazyAttribute(
        lambda run: timezone.now() - datetime.timedelta(days=run.days_ago, minutes=1)
    )
    finished_at = factory.LazyAttribute(lambda run: run.started_at + datetime.timedelta(seconds=30))
    origin = ImportRun.Origin.COMMAND
    imported = 1
    failures = factory.List([])
    failed = factory.LazyAttribute(lambda run: len(run.failures))
