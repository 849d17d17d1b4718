"""films.film_page reads the film page's sections with fixed SQL: each section must
hold exactly what the equivalent ORM queryset gives (same rows, order, values and
value types), on SQLite and on PostgreSQL."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from films.cards import film_cards
from films.film_page import film_by_slug, film_page
from films.models import (
    TOP_AUDIENCE_REVIEWS_PER_SITE,
    TOP_REVIEWS,
    CreditRole,
    Film,
    FilmFact,
)
from films.sql import sends_batches
from reviews.models import AudienceReview, CriticReview

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


def rows(instances, *names):
    """What the template sees: each attribute's value and type."""
    result = []
    for instance in instances:
        values = []
        for name in names:
            value = instance
            for part in name.split("."):
                value = getattr(value, part) if value is not None else None
            values.append((value, type(value)))
        result.append(values)
    return result


def test_every_section_matches_its_orm_queryset(film):
    page = film_page(film)

    assert rows(page.genres, "pk", "name", "slug") == rows(film.genres.all(), "pk", "name", "slug")
    assert rows(page.facts, "pk", "label", "value") == rows(
        film.facts.all(), "pk", "label", "value"
    )
    assert rows(page.release_dates, "pk", "kind", "date", "region", "note") == rows(
        film.release_dates.all(), "pk", "kind", "date", "region", "note"
    )
    reported = ("pk", "source_site", "tomatometer", "audience_score", "reported_at")
    assert rows(page.reported_scores, *reported) == rows(film.reported_scores.all(), *reported)

    credits = ("pk", "role", "billing_order", "character", "person.pk", "person.name")
    expected = sorted(
        film.credits.select_related("person"), key=lambda c: (c.billing_order, c.person.name)
    )
    assert rows(page.credits, *credits) == rows(expected, *credits)
    assert [c.person.get_absolute_url() for c in page.credits] == [
        c.person.get_absolute_url() for c in expected
    ]

    companies = ("pk", "kind", "region", "company.pk", "company.name")
    assert rows(page.company_roles, *companies) == rows(
        film.company_roles.select_related("company").order_by("kind", "position"), *companies
    )
    watch = ("pk", "offer_type", "url", "last_confirmed", "provider.pk", "provider.name")
    assert rows(page.watch_options, *watch) == rows(
        film.watch_options.select_related("provider").order_by("offer_type", "provider__name"),
        *watch,
    )
    similar = ("pk", "title", "tomatometer", "similar_film.pk", "similar_film.is_published")
    assert rows(page.similar, *similar) == rows(
        film.similar_entries.select_related("similar_film").order_by("position"), *similar
    )
    assert page.similar[1].similar_film.get_absolute_url() == "/films/other-one-1951/"

    critic = ("pk", "quote", "score", "sentiment", "is_top_critic", "review_date", "critic.pk")
    critic += ("publication.pk", "publication.name", "published_at", "author")
    top_critic = (
        CriticReview.objects.published()
        .filter(film=film)
        .select_related("critic", "publication")
        .order_by("-is_top_critic", "-review_date", "-id")[:TOP_REVIEWS]
    )
    assert len(page.top_critic_reviews) == TOP_REVIEWS
    assert rows(page.top_critic_reviews, *critic) == rows(top_critic, *critic)

    audience = ("pk", "author_name", "source_site", "stars", "text", "review_date")
    top_audience = (
        AudienceReview.objects.published()
        .filter(film=film)
        .annotate(
            site_rank=Window(
                RowNumber(),
                partition_by=[F("source_site")],
                order_by=[F("review_date").desc(nulls_last=True), F("id").desc()],
            )
        )
        .filter(site_rank__lte=TOP_AUDIENCE_REVIEWS_PER_SITE)
        .order_by(F("review_date").desc(nulls_last=True), "source_site", "-id")
    )
    assert len(page.top_audience_reviews) == 2 * TOP_AUDIENCE_REVIEWS_PER_SITE
    assert rows(page.top_audience_reviews, *audience) == rows(top_audience, *audience)

    documents = ("pk", "source_site", "file_name", "last_imported_at")
    assert rows(page.source_documents, *documents) == rows(
        film.source_documents.order_by("source_site"), *documents
    )
    assert page.critic_review_total == CriticReview.objects.published().filter(film=film).count()
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


def test_deferred_fields_load_on_access(film):
    """Columns a section does not read are deferred, as with .only(): reading one
    fetches it rather than giving a wrong value."""
    credit = film_page(film).credits[0]
    assert (
        credit.import_fingerprint
        == Film.objects.get(pk=film.pk).credits.get(pk=credit.pk).import_fingerprint
    )


def test_instances_behave_as_the_orms(film):
    """Instances are built without Model.__init__: they must still be saved
    instances of their database, which a save updates rather than inserts."""
    page = film_page(film)
    fact = page.facts[0]
    assert fact._state.adding is False
    assert fact._state.db == "default"
    assert fact.film_id == film.pk
    fact.value = "Changed"
    fact.save(update_fields=["value"])
    assert film.facts.get(pk=fact.pk).value == "Changed"
    assert film.facts.count() == len(page.facts)
    # A related object not read is fetched on access, as from the ORM.
    assert page.credits[0].film == film


def test_init_signal_receivers_still_run(film):
    """A model with pre_init or post_init receivers (an ImageField with
    dimension fields connects one) is built through Model.from_db()."""
    from django.db.models.signals import post_init

    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance.label)

    post_init.connect(receiver, sender=FilmFact)
    try:
        labels = [fact.label for fact in film_page(film).facts]
    finally:
        post_init.disconnect(receiver, sender=FilmFact)
    assert labels
    assert seen == labels


def test_the_film_by_slug_is_the_orm_film(film):
    film.source_values = {"title": {"value": "Section Test", "site": "x"}}
    film.certification = "PG"
    film.save()
    names = [field.attname for field in Film._meta.concrete_fields]
    read = film_by_slug(film.slug)
    assert rows([read], *names) == rows([Film.objects.get(slug=film.slug)], *names)
    assert film_by_slug("no-such-film") is None


def test_film_cards_match_the_orm_in_the_order_asked(film):
    other = f.FilmFactory(title="Card Two", year=None, tomatometer=None)
    cards = film_cards([other.pk, film.pk, 0])
    assert [card.pk for card in cards] == [other.pk, film.pk]
    names = [
        "title", "slug", "year", "runtime_minutes", "certification", "tomatometer",
        "tomatometer_count", "audience_score", "audience_count", "is_published", "poster",
    ]  # fmt: skip
    assert rows(cards, *names) == rows(
        [Film.objects.get(pk=pk) for pk in (other.pk, film.pk)], *names
    )
    assert [card.genre_names for card in cards] == [
        [],
        list(film.genres.order_by("name").values_list("name", flat=True)),
    ]
    assert film_cards([]) == []


def test_postgresql_runs_the_sections_prepared_in_one_round_trip(film):
    """On PostgreSQL the film page's statements go together and run as prepared
    statements, prepared once per connection; SQLite runs them one by one."""
    with CaptureQueriesContext(connection) as first:
        first_page = film_page(film)
    with CaptureQueriesContext(connection) as second:
        second_page = film_page(film)
    assert [c.person.name for c in second_page.credits] == [
        c.person.name for c in first_page.credits
    ]
    if not sends_batches(connection):
        assert len(first) == len(second) == 12
        assert "PREPARE" not in " ".join(q["sql"] for q in first.captured_queries)
        return
    statements = second.captured_queries
    assert len(statements) == 1  # one round trip
    assert statements[0]["sql"].count("EXECUTE filmsite_") == 12
    # The first call on this connection may have prepared them first (unless an
    # earlier test did): never again.
    assert len(first) in (1, 2)
    assert "PREPARE" not in statements[0]["sql"]


def test_film_cards_run_one_statement_whatever_the_number_of_films():
    """On PostgreSQL a list of ids is one array parameter, so a page of cards is
    one prepared statement whatever its length."""
    films = [f.FilmFactory() for _ in range(3)]
    film_cards([films[0].pk])
    with CaptureQueriesContext(connection) as queries:
        cards = film_cards([film.pk for film in reversed(films)])
    assert [card.pk for card in cards] == [film.pk for film in reversed(films)]
    if sends_batches(connection):
        assert len(queries) == 1
        assert "PREPARE" not in queries[0]["sql"]
    else:
        assert len(queries) == 2


def test_no_prepared_statements_behind_a_transaction_pooler(film, monkeypatch):
    """DJANGO_DB_POOLER sets Django's DISABLE_SERVER_SIDE_CURSORS: statements still
    go together on PostgreSQL, but none is prepared."""
    monkeypatch.setitem(connection.settings_dict, "DISABLE_SERVER_SIDE_CURSORS", True)
    with CaptureQueriesContext(connection) as queries:
        page = film_page(film)
    sent = " ".join(query["sql"] for query in queries.captured_queries)
    assert "PREPARE" not in sent and "EXECUTE" not in sent
    assert len(queries) == (1 if sends_batches(connection) else 12)
    assert [genre.name for genre in page.genres] == ["Comedy", "Drama", "Romance"]


def test_home_reviews_by_id_match_the_orm_in_the_order_asked(film):
    from films.home import reviews_by_id

    reviews = list(film.critic_reviews.all()[:4])
    pks = [reviews[2].pk, reviews[0].pk, 0, reviews[3].pk]
    found = reviews_by_id(pks)
    names = ("pk", "quote", "sentiment", "review_date", "critic.name", "publication.name")
    names += ("film.title", "film.slug", "film.is_published", "author")
    expected = CriticReview.objects.select_related("film", "critic", "publication").in_bulk(pks)
    assert rows(found, *names) == rows([expected[pk] for pk in pks if pk], *names)
    assert [str(review.film) for review in found] == ["Section Test (1950)"] * 3
    assert reviews_by_id([]) == []


def test_home_statements_match_the_orm():
    """films.home reads the "now playing" shelf and the newest reviews with
    fixed SQL: the same rows, in the same order, as the querysets they replace."""
    from films.home import HOME_SHELF, NEWEST_REVIEWS, NOW_PLAYING, REVIEW_CANDIDATES
    from films.sql import fetch_all

    for n in range(HOME_SHELF + 3):
        film = f.FilmFactory(
            release_status="now_playing" if n % 3 else "released",
            published_at=NOW - n * DAY if n != 4 else NOW + DAY,
            title=f"Film {n % 5}",
            slug=f"home-film-{n}",
        )
        f.CriticReviewFactory(film=film, review_date=(NOW - (n % 4) * DAY).date())
    f.FilmFactory(release_status="now_playing", status="draft", published_at=None)
    f.CriticReviewFactory(status="draft", published_at=None)

    now = connection.ops.adapt_datetimefield_value(timezone.now())
    playing, newest = fetch_all([(NOW_PLAYING, [now]), (NEWEST_REVIEWS, [now])])
    assert [pk for (pk,) in playing] == list(
        Film.objects.published()
        .filter(release_status="now_playing")
        .order_by("-published_at", "title")
        .values_list("pk", flat=True)[:HOME_SHELF]
    )
    assert len(playing) == 9
    assert newest == list(
        CriticReview.objects.published()
        .order_by("-review_date", "-id")
        .values_list("pk", "film_id")[:REVIEW_CANDIDATES]
    )
    assert len(newest) == HOME_SHELF + 3  # the films' visibility is checked later
