"""Every page type is valid HTML: html5lib's strict parser reports no error."""

from io import StringIO
from pathlib import Path

import html5lib
import pytest
from django.core.management import call_command

from . import factories as f

pytestmark = pytest.mark.django_db
SOURCES = Path(__file__).resolve().parents[1].parent / "shared" / "sources"

PAGES = [
    "/",
    "/films/",
    "/films/?genre=drama&year_min=1940&year_max=1950&ordering=-audience_score&page_size=12",
    "/films/?year_min=abc&ordering=bogus&page=-1",
    "/films/?q=nothing-matches-this",
    "/films/the-red-shoes-1948/",
    "/films/the-red-shoes-1948/reviews/",
    "/films/the-red-shoes-1948/reviews/?sentiment=fresh&ordering=oldest",
    "/films/the-red-shoes-1948/reviews/audience/",
    "/films/the-red-shoes-1948/reviews/audience/?stars=5.0&page=2",
    "/people/michael-powell/",
    "/people/moira-shearer/",
    "/critics/rich-cline/",
    "/publications/popmatters/",
    "/films/no-such-film-1900/",
]


@pytest.fixture
def site():
    call_command("import_sources", str(SOURCES), publish=True, stdout=StringIO())
    f.FilmFactory(title="A Draft", draft=True)


@pytest.mark.parametrize("path", PAGES)
def test_page_is_valid_html(client, site, path):
    response = client.get(path)
    assert response.status_code in (200, 404)
    try:
        html5lib.HTMLParser(strict=True).parse(response.content, transport_encoding="utf-8")
    except html5lib.html5parser.ParseError:
        # Strict mode stops at the first error: list them all to fix them at once.
        parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"))
        parser.parse(response.content, transport_encoding="utf-8")
        pytest.fail(
            "\n".join(
                f"line {line}, column {col}: {code} {data or ''}"
                for (line, col), code, data in parser.errors
            )
        )


def test_the_checker_catches_invalid_markup():
    with pytest.raises(html5lib.html5parser.ParseError):
        html5lib.HTMLParser(strict=True).parse(b"<!DOCTYPE html><p><table></p>")
