"""URLs built without the full machinery each time (films.links, the templates'
static(), structured data): each must still be the one Django would give, under
any script prefix, URLconf or static settings."""

import pytest
from django.templatetags.static import static as django_static
from django.urls import (
    NoReverseMatch,
    clear_script_prefix,
    include,
    path,
    reverse,
    set_script_prefix,
)

from films.links import slug_url, url
from films.structured_data import absolute_urls


def named(request):  # pragma: no cover - never called, only reversed
    raise AssertionError


urlpatterns = [
    path("elsewhere/", named, name="home"),
    path("", include(([path("elsewhere/<slug:slug>/", named, name="film-detail")], "films"))),
]


@pytest.fixture
def script_prefix():
    set_script_prefix("/site/")
    yield
    clear_script_prefix()


def test_url_is_reverse():
    assert url("home") == reverse("home") == "/"
    assert url("films:film-detail", "the-red-shoes-1948") == "/films/the-red-shoes-1948/"
    assert url("films:film-detail", slug="a-b") == reverse("films:film-detail", args=["a-b"])
    assert slug_url("films:person-detail", "anton-walbrook") == "/people/anton-walbrook/"


def test_urls_follow_the_script_prefix(script_prefix):
    assert url("films:film-list") == "/site/films/"
    assert slug_url("films:film-detail", "x") == "/site/films/x/"


def test_the_urlconf_in_force_decides(settings):
    assert url("home") == "/"
    assert url("films:film-detail", "x") == slug_url("films:film-detail", "x") == "/films/x/"
    settings.ROOT_URLCONF = __name__
    assert url("home") == "/elsewhere/"
    assert url("films:film-detail", "x") == "/elsewhere/x/"
    assert slug_url("films:film-detail", "x") == "/elsewhere/x/"


def test_a_slug_reverse_would_quote_is_not_pasted_in():
    assert slug_url("films:film-detail", "a_b-1") == "/films/a_b-1/"
    with pytest.raises(NoReverseMatch):
        slug_url("films:film-detail", "a/b")


@pytest.mark.parametrize(
    "path",
    [
        "/films/x/",
        "/media/posters/a.jpg",
        "//cdn.example.org/a.jpg",
        "https://cdn.example.org/a.jpg",
        "/films/../people/x/",
        "/films/./x/",
        "relative/x/",
    ],
)
def test_absolute_urls_are_build_absolute_uri(rf, settings, path):
    settings.ALLOWED_HOSTS = ["filmsite.example"]
    request = rf.get("/films/x/", secure=True, HTTP_HOST="filmsite.example")
    assert absolute_urls(request)(path) == request.build_absolute_uri(path)


def test_static_urls_follow_the_settings(settings):
    from filmsite.jinja2 import static

    assert static("css/site.css") == django_static("css/site.css")
    settings.STATIC_URL = "/elsewhere/"
    assert static("css/site.css") == django_static("css/site.css")
    assert static("css/site.css").startswith("/elsewhere/")
