"""The film page's sections (films.film_page, reviews.queries): what each holds,
in the order the page shows it, on SQLite and on PostgreSQL; and film cards
(films.cards) in the order asked."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from films.cards import film_cards
from films.film_page import film_by_slug, film_page
from films.models import CreditRole, Publishable
from reviews.queries import TOP_AUDIENCE_REVIEWS_PER_SITE, TOP_REVIEWS

from . import factories as f

pytestmark = pytest.mark.django_db
NOW = timezone.now()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def film():
    film = f.FilmFactory(title="Section Test", year=1950)
    for name in ("Drama", "Romance", "Comedy"):
        film.genres.add(f.GenreFactory(name=name))
    f.FilmFactFactory(film=film, label="Box Office", value="$1M", position=2)
    f.FilmFactFactory(film=film, label="Aspect", value="1.37:1", position=1)
    f.ReleaseDateFactory(film=film, date=datetime.date(1950, 5, 1), kind="theatrical")
    f.ReleaseDateFactory(film=film, date=datetime.date(2001, 1, 2), kind="streaming")
    f.ReportedScoreFactory(film=film, source_site="Site B")
    f.ReportedScoreFactory(film=film, source_site="Site A", tomatometer=None)
    # Equal billing orders: ties go by name, then role.
    people = {name: f.PersonFactory(name=name) for name in ("Zoe Lead", "Adam Lead", "Mia S")}
    for name, role, order in [
        ("Zoe Lead", CreditRole.CAST, 0),
        ("Adam Lead", CreditRole.CAST, 0),
        ("Adam Lead", CreditRole.DIRECTOR, 0),
        ("Mia S", CreditRole.CAST, 3),
    ]:
        f.CreditFactory(film=film, person=people[name], role=role, billing_order=order)
    f.FilmCompanyFactory(film=film, kind="distributor", position=1, region="us")
    f.FilmCompanyFactory(film=film, kind="distributor", position=0)
    f.FilmCompanyFactory(film=film, kind="production", position=0)
    f.WatchOptionFactory(film=film, offer_type="rent", provider=f.ProviderFactory(name="Zed"))
    f.WatchOptionFactory(film=film, offer_type="rent", provider=f.ProviderFactory(name="Abc"))
    f.WatchOptionFactory(film=film, offer_type="theaters", provider=None)
    other = f.FilmFactory(title="Other One", year=1951)
    f.SimilarFilmFactory(film=film, title="Other One", similar_film=other, position=1)
    f.SimilarFilmFactory(film=film, title="Not Here", similar_film=None, position=0)
    for day in range(9):
        f.CriticReviewFactory(
            film=film,
            critic=f.CriticFactory() if day % 3 else None,
            publication=f.PublicationFactory() if day % 2 or day % 3 == 0 else None,
            is_top_critic=day in (2, 5),
            review_date=None if day == 4 else datetime.date(2020, 1, 1) + day * DAY,
            score=day * 10,
            sentiment="fresh" if day % 2 else "rotten",
        )
    # Neither a draft nor a scheduled review is shown or counted.
    f.CriticReviewFactory(film=film, status="draft", published_at=None, is_top_critic=True)
    f.CriticReviewFactory(film=film, published_at=NOW + DAY, is_top_critic=True)
    for day in range(7):
        for site in ("Site A", "Site B"):
            f.AudienceReviewFactory(
                film=film,
                source_site=site,
                stars=Decimal("3.5") if day % 2 else Decimal("5.0"),
                review_date=None if day == 3 else datetime.date(2021, 1, 1) + day * DAY,
            )
    f.AudienceReviewFactory(film=film, published_at=NOW + DAY)
    f.SourceDocumentFactory(film=film, source_site="Site B")
    return film


def test_the_film_sections_hold_their_items_in_page_order(film):
    page = film_page(film)

    assert [genre.name for genre in page.genres] == ["Comedy", "Drama", "Romance"]
    assert [fact.label for fact in page.facts] == ["Aspect", "Box Office"]
    assert [release.kind for release in page.release_dates] == ["theatrical", "streaming"]
    assert [score.source_site for score in page.reported_scores] == ["Site A", "Site B"]
    # Equal billing orders: ties go by name, then role.
    assert [(c.person.name, c.role) for c in page.credits] == [
        ("Adam Lead", CreditRole.CAST),
        ("Adam Lead", CreditRole.DIRECTOR),
        ("Zoe Lead", CreditRole.CAST),
        ("Mia S", CreditRole.CAST),
    ]
    assert [(role.kind, role.position) for role in page.company_roles] == [
        ("distributor", 0),
        ("distributor", 1),
        ("production", 0),
    ]
    assert [
        (option.offer_type, option.provider.name if option.provider else None)
        for option in page.watch_options
    ] == [("rent", "Abc"), ("rent", "Zed"), ("theaters", None)]
    assert [entry.title for entry in page.similar] == ["Not Here", "Other One"]
    assert page.similar[0].similar_film is None
    assert page.similar[1].similar_film.get_absolute_url() == "/films/other-one-1951/"
    assert [document.source_site for document in page.source_documents] == ["Site B"]


def test_top_critic_reviews_are_published_top_critics_first_then_newest(
    film, django_assert_num_queries
):
    reviews = film_page(film).top_critic_reviews
    assert len(reviews) == TOP_REVIEWS
    assert all(review.is_published for review in reviews)  # no draft, nothing scheduled
    assert [review.review_date for review in reviews[:2]] == [
        datetime.date(2020, 1, 6),
        datetime.date(2020, 1, 3),
    ]
    assert not any(review.is_top_critic for review in reviews[2:])
    dated = [review.review_date for review in reviews[2:] if review.review_date]
    assert dated == sorted(dated, reverse=True)
    with django_assert_num_queries(0):  # critics and publications come with them
        assert [review.author for review in reviews]


def test_top_audience_reviews_are_the_newest_few_of_each_site(film):
    page = film_page(film)
    newest = [datetime.date(2021, 1, 1) + day * DAY for day in (6, 5, 4, 2)]
    assert len(newest) == TOP_AUDIENCE_REVIEWS_PER_SITE
    assert [(review.review_date, review.source_site) for review in page.top_audience_reviews] == [
        (date, site) for date in newest for site in ("Site A", "Site B")
    ]


def test_review_totals_count_published_reviews_only(film):
    page = film_page(film)
    assert page.critic_review_total == 9
    assert page.audience_review_total == 14


def test_datetimes_are_aware_and_decimals_exact(film):
    page = film_page(film)
    assert page.top_critic_reviews[0].published_at.tzinfo is not None
    assert page.source_documents[0].last_imported_at.tzinfo is not None
    assert {review.stars for review in page.top_audience_reviews} == {
        Decimal("3.5"),
        Decimal("5.0"),
    }


def test_an_empty_film_has_empty_sections():
    page = film_page(f.FilmFactory())
    assert page.genres == page.credits == page.top_critic_reviews == page.similar == []
    assert page.critic_review_total == page.audience_review_total == 0


def test_film_by_slug_finds_drafts_too():
    draft = f.FilmFactory(status=Publishable.Status.DRAFT, published_at=None)
    assert film_by_slug(draft.slug) == draft
    assert film_by_slug("no-such-film") is None


def test_film_cards_come_in_the_order_asked_with_their_genre_names(film):
    other = f.FilmFactory(title="Card Two", year=None, tomatometer=None)
    cards = film_cards([other.pk, film.pk, 0])
    film.refresh_from_db()  # its reviews gave it scores
    assert [(card.title, card.year, card.tomatometer) for card in cards] == [
        ("Card Two", None, None),
        ("Section Test", 1950, film.tomatometer),
    ]
    assert [card.genre_names for card in cards] == [[], ["Comedy", "Drama", "Romance"]]
    assert all(card.is_published for card in cards)
    assert film_cards([]) == []
