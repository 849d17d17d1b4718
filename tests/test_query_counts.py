"""Every page costs a fixed number of queries, whatever the number of films,
credits or reviews: measured on small data and on ten times more."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from films.models import Certification

from . import factories as f

pytestmark = pytest.mark.django_db


def build(size):
    genres = [f.GenreFactory() for _ in range(3)]
    providers = [f.ProviderFactory() for _ in range(3)]
    critics = [f.CriticFactory() for _ in range(size)]
    publications = [f.PublicationFactory() for _ in range(size * 3)]
    films = [
        f.FilmFactory(genres=genres[: 1 + n % 3], release_status="now_playing") for n in range(size)
    ]
    film = films[0]
    person = f.PersonFactory(slug="the-person")
    for n, other in enumerate(films):
        f.CreditFactory(film=other, person=person, role="cast", character=f"Role {n}")
        f.CreditFactory(film=other, person=person, role="director")
        f.WatchOptionFactory(film=other, provider=providers[n % 3])
        f.SimilarFilmFactory(film=film, title=other.title, similar_film=other if n else None)
        f.ReleaseDateFactory(film=film, date=f"2000-01-{n % 28 + 1:02}", region=f"R{n}")
        f.FilmFactFactory(film=film, label=f"Fact {n}")
        f.ReportedScoreFactory(film=other, critic_review_count=50)
    for n in range(size * 2):
        f.CreditFactory(film=film, role="cast", character=f"Extra {n}")
    for n in range(size * 3):
        f.CriticReviewFactory(
            film=films[n % size], critic=critics[n % size], publication=publications[n]
        )
        f.AudienceReviewFactory(film=film, source_site=f"Site {n % 2}")
    return {
        "home": reverse("home"),
        "list": reverse("films:film-list"),
        "list filtered": reverse("films:film-list")
        + f"?genre={genres[0].slug}&genre={genres[1].slug}&year_min=1990&ordering=-audience_score"
        f"&provider={providers[0].slug}&offer=subscription&q=Film&page=1",
        "film": film.get_absolute_url(),
        "critic reviews": reverse("reviews:film-critic-reviews", args=[film.slug]) + "?sentiment=",
        "audience reviews": reverse("reviews:film-audience-reviews", args=[film.slug]),
        "person": person.get_absolute_url(),
        "critic": critics[0].get_absolute_url(),
        "publication": publications[0].get_absolute_url(),
        # Matches films, the person, critics and publications.
        "search": reverse("films:search") + "?q=invented",
    }


# Every page: 1 query for the content version (the page cache's key, which the
# film list's index reuses), then:
EXPECTED = {
    "home": 6,  # now playing, newest reviews, the chosen ones, cards, genres
    # The list's filters, counts and facets come from films.catalogue's index:
    "list": 3,  # the page's cards and their genres
    "list filtered": 4,  # the same and q's search (choices come from the index)
    # film, 9 sections, critic and audience review totals, top critic and
    # audience reviews
    "film": 15,
    "critic reviews": 5,  # film, counts, page count, page
    "audience reviews": 5,  # film, sites, page count, page
    "person": 3,  # person, credits with films
    "critic": 4,  # critic, page count, page
    "publication": 4,
    # Films (ranked pks), cards and genres, then people, critics and
    # publications: ranked pks and names for each.
    "search": 10,
}
# Pages that search: films.search runs one query per rank until it has found
# enough (and counts the films when the results page shows fewer than there
# are), so their cost depends on what matches, never on how much data there
# is. At most: 3 ranks, or 3 ranks and the typo search when nothing matched.
SEARCHES = {
    "list filtered": 4 + 3,  # the films' ranks and typo search
    # films: ranks and count (or typo search); people, critics and
    # publications: ranks and typo search
    "search": 10 + 3 + 3 * 3,
}


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("size", [2, 20])
def test_each_page_costs_a_fixed_number_of_queries(client, settings, size):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    urls = build(size)
    # The first visits build the film list's index (see the next test).
    for url in urls.values():
        client.get(url)
    counts = {name: count_queries(client, url) for name, url in urls.items()}
    expected = dict(EXPECTED)
    for name, at_most in SEARCHES.items():
        assert expected[name] <= counts.pop(name) <= expected[name] - EXPECTED[name] + at_most
        del expected[name]
    assert counts == expected


# Once per content version and process (films.catalogue): the films, the
# published ones, the next scheduled publication, genres, providers, the
# languages of each audience; then one query per facet option (3 genres, 12
# certifications, 3 providers: FilmFilter's queryset for that option alone)
# and one for the ordering shown. Whatever the number of films.
INDEX_BUILD = 7 + 3 + len(Certification.choices) + 3 + 1


@pytest.mark.parametrize("size", [2, 20])
def test_the_film_list_index_is_built_in_a_fixed_number_of_queries(client, settings, size):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    url = build(size)["list"]
    expected = EXPECTED["list"]
    client.get(url)  # builds the index
    f.FilmFactory()  # a change: the next request rebuilds the index
    assert count_queries(client, url) == expected + INDEX_BUILD
    assert count_queries(client, url) == expected
    f.FilmFactory()  # a change: the next request rebuilds the index
    assert count_queries(client, url) == expected + INDEX_BUILD


def build_admin_rows(size):
    genre = f.GenreFactory()
    for _ in range(size):
        film = f.FilmFactory(genres=[genre])
        person = f.PersonFactory()
        f.CreditFactory(film=film, person=person)
        f.CriticReviewFactory(film=film)
        f.AudienceReviewFactory(film=film)


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:films_film_changelist",
        "admin:films_person_changelist",
        "admin:reviews_criticreview_changelist",
        "admin:reviews_audiencereview_changelist",
        "admin:films_sourcedocument_changelist",
    ],
)
def test_admin_changelists_cost_the_same_whatever_the_rows(editor_client, url_name):
    url = reverse(url_name)
    build_admin_rows(3)
    small = count_queries(editor_client, url)
    build_admin_rows(30)
    assert count_queries(editor_client, url) == small
