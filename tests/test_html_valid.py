"""Every page type is valid HTML: html5lib's strict parser (the HTML5 parsing
algorithm, which reports every parse error) accepts it, and no id is used twice.
Real content from the importer, plus the invented films and reviews of
tests/browser's seed.

A failure lists each parse error with its line, column, html5lib's error code and
the offending source line.
"""

import re
from collections import Counter

import html5lib
import pytest
from django.urls import reverse

from .browser.seed import ALL_PAGE_IDS, page_by_id, seeded_database


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    with seeded_database(django_db_blocker) as site:
        yield site


def parse_errors(text):
    """[(line, col, code, details)] from html5lib's strict parse, all of them (the
    strict parser stops at the first; the lenient one with the same rules lists all)."""
    strict = html5lib.HTMLParser(strict=True, tree=html5lib.getTreeBuilder("etree"))
    try:
        strict.parse(text)
    except html5lib.html5parser.ParseError:
        pass
    else:
        assert not strict.errors
        return []
    lenient = html5lib.HTMLParser(strict=False, tree=html5lib.getTreeBuilder("etree"))
    lenient.parse(text)
    errors = [(line, col, code, details) for (line, col), code, details in lenient.errors]
    return errors or [(0, 0, "strict-parse-error", {})]


def duplicate_ids(text):
    """[(line, col, "duplicate-id", {"id": …})] for every id used more than once (a
    conformance error html5lib's parser does not report), at each later use."""
    tree = html5lib.parse(text, treebuilder="etree", namespaceHTMLElements=False)
    counts = Counter(element.get("id") for element in tree.iter() if element.get("id"))
    errors = []
    for value in sorted(name for name, count in counts.items() if count > 1):
        pattern = re.compile(r"""(?<=\s)id\s*=\s*["']?""" + re.escape(value) + r"""(?=["'\s>])""")
        for match in list(pattern.finditer(text))[1:]:
            line = text.count("\n", 0, match.start()) + 1
            col = match.start() - text.rfind("\n", 0, match.start())
            errors.append((line, col, "duplicate-id", {"id": value}))
        if not errors or errors[-1][3]["id"] != value:
            errors.append((0, 0, "duplicate-id", {"id": value}))
    return errors


def html_errors(text):
    return parse_errors(text) + duplicate_ids(text)


def visible(text):
    """Control characters (a NUL, say) shown as escapes, so the report stays text."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def error_report(url, text, errors):
    lines = text.splitlines()
    report = [f"{url}: {len(errors)} HTML error(s)"]
    for line, col, code, details in errors:
        source = lines[line - 1].strip() if 0 < line <= len(lines) else ""
        extra = f" {details}" if details else ""
        report.append(f"  line {line}, col {col}: {code}{extra}\n      {visible(source[:200])}")
    return "\n".join(report)


def assert_valid_html(url, response):
    assert response["Content-Type"].startswith("text/html"), response["Content-Type"]
    text = response.content.decode(response.charset or "utf-8")
    errors = html_errors(text)
    assert not errors, error_report(url, text, errors)


@pytest.mark.django_db
@pytest.mark.parametrize("page_id", ALL_PAGE_IDS)
def test_page_is_valid_html(page_id, site, client):
    page = page_by_id(site, page_id)
    response = client.get(page.url)
    assert response.status_code == page.status, f"{page.url} answered {response.status_code}"
    assert_valid_html(page.url, response)


@pytest.mark.django_db
def test_sitemap_is_well_formed_xml(site, client):
    from xml.etree import ElementTree

    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    locations = [element.text for element in root.iter() if element.tag.endswith("loc")]
    assert any(site.film.get_absolute_url() in location for location in locations), locations


@pytest.mark.django_db
def test_robots_txt_is_plain_text(client):
    response = client.get(reverse("robots-txt"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap:" in response.content.decode()


def test_the_checker_reports_errors():
    """The strict parse is not a formality: it finds a stray end tag and a NUL."""
    codes = {code for _, _, code, _ in parse_errors("<!DOCTYPE html><title>x</title></span>")}
    assert "unexpected-end-tag" in codes
    assert parse_errors("<!DOCTYPE html><title>x</title><p>a\x00b</p>")
    assert not parse_errors("<!DOCTYPE html><html lang=en><title>x</title><p>ok</p>")
    twice = '<!DOCTYPE html><title>x</title><p id="a">1</p>\n<p id="b"></p><p id="a">2</p>'
    assert duplicate_ids(twice) == [(2, 18, "duplicate-id", {"id": "a"})]
