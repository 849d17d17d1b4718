"""Hostile query strings: never a 500, never the input echoed unescaped, and the page
that answers is still valid HTML.

The query strings are sent byte for byte as written here (percent-encoded where a
browser would encode): the test client's QUERY_STRING is the raw WSGI value, so
Django itself decodes the NULs, lone surrogates and overlong UTF-8 below. An
exception in a view makes the test client raise it: that is the 500, and the
traceback says where.
"""

from urllib.parse import parse_qsl

import pytest

from .browser.seed import FILM_SLUG, PERSON_SLUG, seeded_database
from .test_html_valid import error_report, html_errors

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ONERROR = "onerror=alert(1)>"
SCRIPT_Q = "%3Cscript%3Ealert(1)%3C%2Fscript%3E"
BREAKOUT_Q = "%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"

FILM_LIST = {
    # Pages and page sizes.
    "page-negative": "page=-1",
    "page-zero": "page=0",
    "page-huge": "page=999999",
    "page-float-exponent": "page=1e9",
    "page-text": "page=abc",
    "page-empty": "page=",
    "page-fraction": "page=1.5",
    "page-overflowing-int": "page=" + "9" * 400,
    "page-nul": "page=%00",
    "page-repeated": "page=2&page=1&page=abc",
    "page-size-zero": "page_size=0",
    "page-size-negative": "page_size=-5",
    "page-size-huge": "page_size=100000",
    "page-size-text": "page_size=abc",
    # Non-numbers in numeric filters.
    "year-min-text": "year_min=abc",
    "year-max-negative": "year_max=-1",
    "year-min-huge": "year_min=99999999999999999999",
    "year-range-reversed": "year_min=2020&year_max=1900",
    "year-min-nul": "year_min=19%0048",
    "tomatometer-nan": "tomatometer_min=NaN",
    "tomatometer-inf": "tomatometer_min=inf",
    "tomatometer-minus-inf": "tomatometer_min=-Infinity",
    "tomatometer-1e309": "tomatometer_min=1e309",
    "audience-inf": "audience_min=inf",
    "audience-negative-zero": "audience_min=-0",
    "min-reviews-1e400": "min_reviews=1e400",
    "min-reviews-huge": "min_reviews=99999999999999999999",
    "decade-text": "decade=abcd",
    "decade-not-a-choice": "decade=1935",
    "decade-exponent": "decade=1e3",
    # NUL bytes.
    "q-nul": "q=%00",
    "q-nul-inside": "q=red%00shoes",
    "genre-nul": "genre=dra%00ma",
    "ordering-nul": "ordering=%00",
    "language-nul": "language=%00",
    "status-nul": "status=now_playing%00",
    # Size.
    "q-10000-chars": "q=" + "a" * 10_000,
    "q-10000-multibyte-chars": "q=" + "%C3%A9" * 10_000,
    "param-name-5000-chars": "x" * 5000 + "=1",
    "genre-1000-times": "&".join(["genre=drama"] * 1000),
    "genre-1001-times": "&".join(["genre=drama"] * 1001),
    "1000-distinct-unknown-params": "&".join(f"p{n}=1" for n in range(1000)),
    # SQL-looking text.
    "sql-or-1-eq-1": "q=%27%20OR%201%3D1%20--",
    "sql-drop-table": "q=%22%3B%20DROP%20TABLE%20films_film%3B%20--",
    "sql-union": "q=%27%20UNION%20SELECT%20password%20FROM%20auth_user%20--",
    "sql-like-wildcards": "q=%25%25_%5C",
    "sql-in-ordering": "ordering=title%3B%20DROP%20TABLE%20films_film",
    "sql-in-genre": "genre=%27%20OR%201%3D1%20--",
    # Unknown choices.
    "ordering-unknown": "ordering=nonsense",
    "ordering-private-field": "ordering=-password",
    "ordering-dunder": "ordering=__class__",
    "ordering-repeated": "ordering=title&ordering=-year",
    "genre-unknown": "genre=no-such-genre",
    "genre-repeated-and-unknown": "genre=drama&genre=drama&genre=nope",
    "genre-php-array": "genre%5B%5D=drama",
    "certification-unknown": "certification=XXX",
    "provider-path-traversal": "provider=..%2F..%2Fetc%2Fpasswd",
    "offer-unknown": "offer=steal",
    "status-unknown": "status=lost",
    "has-consensus-garbage": "has_consensus=maybe",
    # Unusual unicode and broken encodings.
    "rtl-override": "q=%E2%80%AEsdrawkcab",
    "zero-width-joiner": "q=a%E2%80%8Db",
    "emoji-zwj-family": "q=%F0%9F%91%A8%E2%80%8D%F0%9F%91%A9%E2%80%8D%F0%9F%91%A7",
    "combining-marks": "q=e" + "%CC%81" * 50,
    "lone-surrogate": "q=%ED%A0%80",
    "overlong-utf8-slash": "q=%C0%AF",
    "invalid-utf8-bytes": "q=%FF%FE",
    "truncated-utf8": "q=%E2%82",
    "beyond-unicode": "q=%F4%90%80%80",
    "bom-and-nbsp": "q=%EF%BB%BF%C2%A0red",
    "lone-surrogate-param-name": "%ED%A0%80=1",
    "broken-percent-escapes": "q=%%%zz%G1%",
    "plus-signs-and-ampersands": "q=+++&&&&=&=",
    # HTML and script injection.
    "script-in-q": f"q={SCRIPT_Q}",
    "attribute-breakout-in-q": f"q={BREAKOUT_Q}",
    "script-in-genre": f"genre={SCRIPT_Q}",
    "script-in-decade": f"decade={SCRIPT_Q}",
    "script-in-year": f"year_min={SCRIPT_Q}",
    "breakout-in-ordering": f"ordering={BREAKOUT_Q}",
    "breakout-in-page-size": f"page_size={BREAKOUT_Q}",
    "script-in-page": f"page={SCRIPT_Q}",
    "script-in-language": f"language={SCRIPT_Q}",
    "script-as-param-name": f"{SCRIPT_Q}=1",
    "script-raw-unencoded": "q=<script>alert(1)</script>",
    "javascript-url-in-q": "q=javascript%3Aalert(1)",
}

FILM = f"/films/{FILM_SLUG}/"
OTHER_PAGES = {
    "film-page-nul": (FILM, "q=%00"),
    "film-page-script": (FILM, f"tab={SCRIPT_Q}"),
    "film-page-bad-page": (FILM, "page=-1"),
    "critic-reviews-page-negative": (f"{FILM}reviews/", "page=-1"),
    "critic-reviews-page-huge": (f"{FILM}reviews/", "page=999999"),
    "critic-reviews-page-nul": (f"{FILM}reviews/", "page=%00"),
    "critic-reviews-sentiment-script": (f"{FILM}reviews/", f"sentiment={SCRIPT_Q}"),
    "critic-reviews-ordering-breakout": (f"{FILM}reviews/", f"ordering={BREAKOUT_Q}"),
    "critic-reviews-sentiment-repeated": (f"{FILM}reviews/", "sentiment=fresh&sentiment=rotten"),
    "critic-reviews-lone-surrogate": (f"{FILM}reviews/", "ordering=%ED%A0%80"),
    "audience-reviews-page-abc": (f"{FILM}reviews/audience/", "page=abc"),
    "audience-reviews-page-1e9": (f"{FILM}reviews/audience/", "page=1e9"),
    "audience-reviews-stars-nan": (f"{FILM}reviews/audience/", "stars=NaN"),
    "audience-reviews-stars-1e309": (f"{FILM}reviews/audience/", "stars=1e309"),
    "audience-reviews-stars-script": (f"{FILM}reviews/audience/", f"stars={SCRIPT_Q}"),
    "audience-reviews-site-breakout": (f"{FILM}reviews/audience/", f"site={BREAKOUT_Q}"),
    "audience-reviews-site-nul": (f"{FILM}reviews/audience/", "site=Rotten%00Tomatoes"),
    "person-page-script": (f"/people/{PERSON_SLUG}/", f"q={SCRIPT_Q}"),
    "home-script": ("/", f"q={SCRIPT_Q}"),
    "script-in-path": (f"/films/{SCRIPT_Q}/", ""),
    "nul-in-path": ("/films/the-red-shoes-1948%00/", ""),
    "breakout-in-person-path": (f"/people/{BREAKOUT_Q}/", ""),
    "lone-surrogate-in-path": ("/films/%ED%A0%80/", ""),
}


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    with seeded_database(django_db_blocker) as site:
        yield site


def injected(query):
    """The decoded names and values that carry markup: none may come back verbatim."""
    pairs = parse_qsl(query, keep_blank_values=True, errors="replace")
    return {text for pair in pairs for text in pair if "<" in text or '"' in text}


def assert_safe(path, query, response):
    url = f"{path}?{query}" if query else path
    shown = url if len(url) < 200 else url[:200] + f"… ({len(url)} characters)"
    assert response.status_code < 500, f"{shown} answered {response.status_code}"
    body = response.content.decode(response.charset or "utf-8", "replace")
    assert SCRIPT not in body, f"{shown}: the script tag is echoed unescaped"
    assert ONERROR not in body, f"{shown}: the onerror attribute is echoed unescaped"
    for text in injected(query):
        if "<" in text:
            assert text not in body, f"{shown}: {text!r} is echoed unescaped"
    if response["Content-Type"].startswith("text/html"):
        errors = html_errors(body)
        assert not errors, error_report(shown, body, errors)


@pytest.mark.parametrize("query", FILM_LIST.values(), ids=FILM_LIST.keys())
def test_hostile_film_list_query(query, site, client):
    response = client.get("/films/", QUERY_STRING=query)
    assert response.request["QUERY_STRING"] == query  # sent as written
    assert_safe("/films/", query, response)


# The search page gets every hostile string the film list's q gets, and the
# search engines' own operators.
SEARCH = {name: query for name, query in FILM_LIST.items() if query.startswith("q=")} | {
    "fts-quote": "q=%22",
    "fts-unbalanced-quotes": "q=%22red%20%22shoes",
    "fts-star": "q=*",
    "fts-star-prefix": "q=re*",
    "fts-near": "q=NEAR(red%20shoes)",
    "fts-near-bare": "q=NEAR",
    "fts-and-or-not": "q=red%20AND%20OR%20NOT%20shoes",
    "fts-minus": "q=-red",
    "fts-column-filter": "q=title%3Ared",
    "fts-braces": "q=%7Btitle%7D%3A%20red",
    "fts-caret-plus": "q=%5Ered%20%2Bshoes",
    "tsquery-operators": "q=red%20%26%20!shoes%20%7C%20(%3A*A)",
    "tsquery-phrase": "q=red%20%3C-%3E%20shoes",
    "only-punctuation": "q=!%40%23%24%25%5E%26*()_%2B-%3D%5B%5D%7B%7D%3B%27%3A%22%2C.%2F%3C%3E%3F",
    "backslashes": "q=%5C%5C%5C",
    "single-letter": "q=a",
    "many-words": "q=" + "%20".join(["word"] * 500),
    "ordering-relevance-without-q": "ordering=relevance",
}


@pytest.mark.parametrize("query", SEARCH.values(), ids=SEARCH.keys())
def test_hostile_search_query(query, site, client):
    for path in ("/search/", "/films/"):
        response = client.get(path, QUERY_STRING=query)
        assert_safe(path, query, response)


@pytest.mark.parametrize(("path", "query"), OTHER_PAGES.values(), ids=OTHER_PAGES.keys())
def test_hostile_query_on_other_pages(path, query, site, client):
    response = client.get(path, QUERY_STRING=query)
    assert_safe(path, query, response)


def test_many_hostile_queries():
    assert len(FILM_LIST) >= 40
    assert len(OTHER_PAGES) >= 10


def test_unshowable_characters_are_dropped_not_the_query(site, client):
    """A NUL inside a search is noise: the rest of the text still searches."""
    response = client.get("/films/", QUERY_STRING="q=Red%00%20Sho%01es")
    assert response.status_code == 200
    assert site.film.get_absolute_url() in response.content.decode()
    assert response.context_data["filter"].form.cleaned_data["q"] == "Red Shoes"
