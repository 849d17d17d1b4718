"""Each database constraint rejects bad data, whatever code tries to write it."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from films.models import Credit, Film, WatchOption

from . import factories as f

pytestmark = pytest.mark.django_db


def make_duplicate_slug_film():
    f.FilmFactory(slug="the-same-1999")
    f.FilmFactory(slug="the-same-1999")


def make_duplicate_credit():
    credit = f.CreditFactory(role=Credit.Role.DIRECTOR)
    f.CreditFactory(film=credit.film, person=credit.person, role=Credit.Role.DIRECTOR)


def make_duplicate_theaters_offer():
    film = f.FilmFactory()
    f.WatchOptionFactory(film=film, provider=None, offer_type=WatchOption.OfferType.THEATERS)
    f.WatchOptionFactory(film=film, provider=None, offer_type=WatchOption.OfferType.THEATERS)


def make_duplicate_provider_offer():
    option = f.WatchOptionFactory()
    f.WatchOptionFactory(film=option.film, provider=option.provider, offer_type=option.offer_type)


def make_self_similar_film():
    film = f.FilmFactory()
    f.SimilarFilmFactory(film=film, similar_film=film, title=film.title)


def make_duplicate_critic_review(**kwargs):
    review = f.CriticReviewFactory(**kwargs)
    f.CriticReviewFactory(film=review.film, critic=review.critic, publication=review.publication)


def make_duplicate_audience_review():
    review = f.AudienceReviewFactory()
    f.AudienceReviewFactory(
        film=review.film, source_site=review.source_site, author_name=review.author_name
    )


BAD_DATA = {
    "film slug unique": make_duplicate_slug_film,
    "film year 0": lambda: f.FilmFactory(year=0),
    "film year too early": lambda: f.FilmFactory(year=1800),
    "film runtime zero": lambda: f.FilmFactory(runtime_minutes=0),
    "film certification unknown": lambda: f.FilmFactory(certification="XXX"),
    "film release status unknown": lambda: f.FilmFactory(release_status="lost"),
    "film status unknown": lambda: f.FilmFactory(status="archived"),
    "published film without date": lambda: f.FilmFactory(status="published", published_at=None),
    "person slug unique": lambda: [f.PersonFactory(slug="same"), f.PersonFactory(slug="same")],
    "published person without date": lambda: f.PersonFactory(published_at=None),
    "genre name unique": lambda: [
        f.GenreFactory(name="Drama", slug="a"),
        f.GenreFactory(name="Drama", slug="b"),
    ],
    "company name unique ignoring case": lambda: [
        f.CompanyFactory(name="The Archers", slug="a"),
        f.CompanyFactory(name="the archers", slug="b"),
    ],
    "provider name unique ignoring case": lambda: [
        f.ProviderFactory(name="Max", slug="a"),
        f.ProviderFactory(name="MAX", slug="b"),
    ],
    "credit unique per film person role": make_duplicate_credit,
    "credit role unknown": lambda: f.CreditFactory(role="caterer"),
    "character only for cast": lambda: f.CreditFactory(role="director", character="Vicky"),
    "film company unique": lambda: (
        lambda fc: f.FilmCompanyFactory(film=fc.film, company=fc.company, kind=fc.kind)
    )(f.FilmCompanyFactory()),
    "film company kind unknown": lambda: f.FilmCompanyFactory(kind="caterer"),
    "release date unique": lambda: (
        lambda rd: f.ReleaseDateFactory(film=rd.film, kind=rd.kind, date=rd.date)
    )(f.ReleaseDateFactory()),
    "release kind unknown": lambda: f.ReleaseDateFactory(kind="vhs"),
    "watch option unique per provider": make_duplicate_provider_offer,
    "watch option unique theaters": make_duplicate_theaters_offer,
    "watch option needs provider": lambda: f.WatchOptionFactory(provider=None, offer_type="rent"),
    "watch option offer unknown": lambda: f.WatchOptionFactory(offer_type="borrow"),
    "similar film not itself": make_self_similar_film,
    "similar film tomatometer over 100": lambda: f.SimilarFilmFactory(tomatometer=101),
    "similar film audience over 100": lambda: f.SimilarFilmFactory(audience_score=150),
    "similar film title unique per film": lambda: (
        lambda s: f.SimilarFilmFactory(film=s.film, title=s.title)
    )(f.SimilarFilmFactory()),
    "film fact label unique per film": lambda: (
        lambda fact: f.FilmFactFactory(film=fact.film, label=fact.label)
    )(f.FilmFactFactory()),
    "publication name unique ignoring case": lambda: [
        f.PublicationFactory(name="PopMatters", slug="a"),
        f.PublicationFactory(name="popmatters", slug="b"),
    ],
    "genre name unique ignoring case": lambda: [
        f.GenreFactory(name="Film Noir", slug="a"),
        f.GenreFactory(name="film noir", slug="b"),
    ],
    "critic name unique ignoring case": lambda: [
        f.CriticFactory(name="Rich Cline", slug="a"),
        f.CriticFactory(name="RICH CLINE", slug="b"),
    ],
    "critic review needs critic or publication": lambda: f.CriticReviewFactory(
        critic=None, publication=None
    ),
    "critic review score over 100": lambda: f.CriticReviewFactory(score=101),
    "critic review sentiment unknown": lambda: f.CriticReviewFactory(sentiment="stale"),
    "critic review unique with both": make_duplicate_critic_review,
    "critic review unique without publication": lambda: make_duplicate_critic_review(
        publication=None
    ),
    "critic review unique without critic": lambda: make_duplicate_critic_review(critic=None),
    "audience stars zero": lambda: f.AudienceReviewFactory(stars=Decimal("0")),
    "audience stars off half steps": lambda: f.AudienceReviewFactory(stars=Decimal("3.3")),
    "audience stars over five": lambda: f.AudienceReviewFactory(stars=Decimal("5.5")),
    "audience review one per author": make_duplicate_audience_review,
    "reported tomatometer 999": lambda: f.ReportedScoreFactory(tomatometer=999),
    "reported audience score over 100": lambda: f.ReportedScoreFactory(audience_score=101),
    "reported score unique per site": lambda: (
        lambda s: f.ReportedScoreFactory(film=s.film, source_site=s.source_site)
    )(f.ReportedScoreFactory()),
}


@pytest.mark.parametrize("make_bad_data", BAD_DATA.values(), ids=BAD_DATA.keys())
def test_database_rejects_bad_data(make_bad_data):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_bad_data()


def test_one_person_may_hold_several_roles_on_one_film():
    film, person = f.FilmFactory(), f.PersonFactory()
    for role in (Credit.Role.DIRECTOR, Credit.Role.PRODUCER, Credit.Role.SCREENWRITER):
        f.CreditFactory(film=film, person=person, role=role)
    f.CreditFactory(film=film, person=person, role=Credit.Role.CAST, character="Julian Craster")
    assert film.credits.filter(person=person).count() == 4


@pytest.mark.parametrize("stars", ["0.5", "3.5", "5.0"])
def test_half_stars_are_accepted(stars):
    review = f.AudienceReviewFactory(stars=Decimal(stars))
    review.refresh_from_db()
    assert review.stars == Decimal(stars)


def test_audience_review_without_stars_is_accepted():
    assert f.AudienceReviewFactory(stars=None).pk


def test_theaters_offer_needs_no_provider():
    option = f.WatchOptionFactory(provider=None, offer_type=WatchOption.OfferType.THEATERS)
    assert str(option).endswith("In theaters on Theaters")


def test_validation_explains_the_broken_rule_to_editors():
    film = f.FilmFactory.build(year=0, slug="bad-year")
    with pytest.raises(ValidationError) as error:
        film.full_clean()
    assert "Year must be between 1870 and 2100." in str(error.value)


def test_publishing_without_a_date_sets_it_on_clean():
    film = f.FilmFactory.build(status=Film.Status.PUBLISHED, published_at=None, slug="x-1999")
    film.full_clean()
    assert film.published_at is not None


NAMED = {
    "person": f.PersonFactory,
    "critic": f.CriticFactory,
    "publication": f.PublicationFactory,
    "genre": f.GenreFactory,
    "company": f.CompanyFactory,
    "provider": f.ProviderFactory,
}


@pytest.mark.parametrize("noun", NAMED)
def test_validation_says_a_name_is_taken_in_words(noun):
    NAMED[noun](name="Moira Shearer", slug="moira-shearer")
    duplicate = NAMED[noun].build(name="MOIRA shearer", slug="another-slug")
    with pytest.raises(ValidationError) as error:
        duplicate.validate_constraints()
    assert error.value.messages == [f"A {noun} with this name already exists."]
