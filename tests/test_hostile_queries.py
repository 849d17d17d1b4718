"""Hostile query strings never give a 500 and are never echoed unescaped."""

import pytest

from . import factories as f

pytestmark = pytest.mark.django_db
SCRIPT = "<script>alert(1)</script>"
ONERROR = '"><img src=x onerror=alert(1)>'

HOSTILE = {
    "negative page": "page=-1",
    "zero page": "page=0",
    "huge page": "page=999999",
    "float page": "page=1e9",
    "text page": "page=abc",
    "overflowing page": "page=" + "9" * 400,
    "text year": "year_min=abc",
    "nan score": "tomatometer_min=NaN",
    "infinite score": "audience_min=inf",
    "overflowing float": "tomatometer_min=1e309",
    "negative score": "tomatometer_min=-5",
    "huge min reviews": "min_reviews=99999999999999999999",
    "year range reversed": "year_min=2020&year_max=1900",
    "nul in q": "q=red%00shoes",
    "nul in genre": "genre=dra%00ma",
    "nul in ordering": "ordering=%00",
    "long q": "q=" + "a" * 10_000,
    "sql in q": "q=%27%20OR%201%3D1%20--",
    "sql drop in q": "q=%22%3B%20DROP%20TABLE%20films_film%3B%20--",
    "sql in ordering": "ordering=title%3B%20DROP%20TABLE%20films_film",
    "unknown ordering": "ordering=-password",
    "unknown genre": "genre=no-such-genre",
    "repeated ordering": "ordering=title&ordering=-year",
    "many genres": "&".join(["genre=drama"] * 1000),
    "script in q": "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "attribute breakout in q": "q=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
    "script in genre": "genre=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "script in decade": "decade=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "rtl override": "q=%E2%80%AEsdrawkcab",
    "zero width joiner": "q=a%E2%80%8Db",
    "emoji": "q=%F0%9F%8E%AC%F0%9F%8D%BF",
    "combining marks": "q=e%CC%81%CC%81%CC%81%CC%81",
    "lone surrogate": "q=%ED%A0%80",
    "overlong utf8": "q=%C0%AF",
    "invalid utf8": "q=%FF%FE",
    "long parameter name": "x" * 5000 + "=1",
    "page size zero": "page_size=0",
    "page size negative": "page_size=-5",
    "page size huge": "page_size=100000",
    "bare ampersands": "&&&&=&=",
    "percent garbage": "q=%%%zz",
    "plus signs": "q=+++",
    "offer unknown": "offer=steal",
    "provider script": "provider=%3Cscript%3E",
    "boolean garbage": "has_consensus=maybe",
}


@pytest.fixture(autouse=True)
def content():
    """A little of everything, so filters and pages have something to show."""
    film = f.FilmFactory(title="The Red Shoes", slug="the-red-shoes-1948", year=1948)
    critic = f.CriticFactory(name="Rich Cline", slug="rich-cline")
    f.CriticReviewFactory(film=film, critic=critic)
    f.AudienceReviewFactory(film=film)
    f.CreditFactory(film=film, person=f.PersonFactory(name="Moira Shearer", slug="moira-shearer"))


def assert_safe(response):
    assert response.status_code < 500
    body = response.content.decode("utf-8", "replace")
    assert SCRIPT not in body
    assert "onerror=alert(1)>" not in body


@pytest.mark.parametrize("query", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_film_list_queries(client, query):
    assert_safe(client.get("/films/", QUERY_STRING=query))


@pytest.mark.parametrize(
    "path",
    [
        "/films/the-red-shoes-1948/",
        "/films/the-red-shoes-1948/reviews/",
        "/films/the-red-shoes-1948/reviews/audience/",
        "/people/moira-shearer/",
        "/critics/rich-cline/",
    ],
)
@pytest.mark.parametrize(
    "query",
    [
        "page=-1",
        "page=abc",
        "sentiment=%00",
        "stars=%3Cscript%3E",
        "site=" + SCRIPT,
        "ordering=%27",
    ],
)
def test_hostile_queries_on_other_pages(client, path, query):
    assert_safe(client.get(path, QUERY_STRING=query))


def test_there_are_at_least_forty_hostile_queries():
    assert len(HOSTILE) >= 40
