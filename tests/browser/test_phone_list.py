"""The film list on a phone (issue 16): the first films show in the first screen,
below a compact bar (result count, sort, "Filters (N)"); the filters open from that
control, with the keyboard, with and without JavaScript; active filters are chips
that remove themselves. From 900 px the filters stay beside the results.

Screenshots of the phone list, closed and open, in both colour schemes, land in
test-artifacts/screenshots/ (phone-list-<scheme>-<state>.png)."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from .test_accessibility import AXE_SOURCE, AXE_TAGS, RUN_AXE, SCHEMES, axe_report

pytestmark = pytest.mark.browser

PHONE_HEIGHT = 844
FILTERED = "/films/?genre=drama&year_min=1940"
LISTS = ["/films/", "/films/?genre=drama", "/films/?q=red", FILTERED, "/search/?q=red"]

BOX = """(selector) => {
  const element = document.querySelector(selector);
  if (!element) return null;
  const box = element.getBoundingClientRect();
  return {top: box.top + scrollY, bottom: box.bottom + scrollY, left: box.left, right: box.right};
}"""
FOCUS_IN_PANEL = """() => {
  const panel = document.querySelector("details.filters-disclosure");
  const element = document.activeElement;
  return !!(panel && element && panel.contains(element) && element.tagName !== "SUMMARY");
}"""


def box(tab, selector):
    found = tab.evaluate(BOX, selector)
    assert found, f"{tab.url}: nothing matches {selector!r}"
    return found


@pytest.mark.parametrize("url", LISTS)
def test_first_film_card_is_in_the_first_screen(url, site_data, new_page):
    tab = new_page(viewport="phone")
    tab.goto(url)
    card = box(tab, "main .film-card")
    assert card["top"] < PHONE_HEIGHT - 200, f"{url}: the first card starts at {card['top']}px"
    # Below the compact bar: the Filters control, the count and the sort control.
    bar = (".filters-summary", "#results-heading", "#id_ordering")
    if url.startswith("/search/"):
        bar = (".filters-link", "#films-heading", "#search-ordering")
    for selector in bar:
        assert box(tab, selector)["bottom"] <= card["top"], f"{url}: {selector} below a card"


def test_search_results_sort_and_filter_on_the_film_list(site_data, new_page):
    tab = new_page(viewport="phone", javascript=False)
    tab.goto("/search/?q=red")
    tab.locator("#search-ordering").select_option("title")
    tab.get_by_role("button", name="Sort").click()
    tab.wait_for_url(re.compile(r"/films/\?"))
    assert parse_qs(urlsplit(tab.url).query) == {"q": ["red"], "ordering": ["title"]}
    tab.goto("/search/?q=red")
    tab.locator(".filters-link").click()
    tab.wait_for_url(re.compile(r"/films/\?q=red#filters$"))
    assert "Search: “red”" in tab.get_by_role("list", name="Active filters").inner_text()


def test_the_filters_control_counts_the_active_filters(site_data, new_page):
    tab = new_page(viewport="phone")
    tab.goto(FILTERED)
    summary = tab.locator("summary.filters-summary")
    assert re.fullmatch(r"Filters \(2 active\)", summary.text_content().strip())
    tab.goto("/films/")
    assert "(0 active)" in summary.text_content()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_the_filters_open_with_the_keyboard(javascript, site_data, new_page):
    tab = new_page(viewport="phone", javascript=javascript)
    tab.goto(FILTERED)
    year_min = tab.locator("#id_year_min")
    assert not year_min.is_visible(), "the filters are open before they are asked for"
    summary = tab.locator("summary.filters-summary")
    summary.focus()
    tab.keyboard.press("Enter")
    assert tab.locator("details.filters-disclosure").evaluate("panel => panel.open")
    assert year_min.is_visible()
    assert year_min.input_value() == "1940"
    # Every filter and facet count the desktop has.
    assert tab.locator(".filters .facet-count").count() >= 4
    if javascript:
        assert tab.evaluate(FOCUS_IN_PANEL), "focus did not move into the opened panel"
    else:
        tab.keyboard.press("Tab")  # the next stop is the panel's first filter
        assert tab.evaluate("() => document.activeElement.id") == "id_q"
    # Filter from the panel and submit, all by keyboard.
    year_min.fill("1950")
    year_min.press("Enter")
    tab.wait_for_url(re.compile(r"year_min=1950"))
    assert parse_qs(urlsplit(tab.url).query)["genre"] == ["drama"]


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_chip_removes_its_filter(viewport, site_data, new_page):
    tab = new_page(viewport=viewport)
    tab.goto(FILTERED)
    count_before = tab.locator("#results-heading").inner_text()
    chips = tab.get_by_role("list", name="Active filters")
    for name in ("Remove filter: Drama", "Remove filter: From 1940"):
        assert chips.get_by_role("link", name=name).is_visible(), f"no visible chip {name!r}"
    tab.get_by_role("link", name="Remove filter: Drama").click()
    tab.wait_for_url(lambda url: "genre" not in url)
    assert parse_qs(urlsplit(tab.url).query) == {"year_min": ["1940"]}
    assert tab.get_by_role("link", name="Remove filter: From 1940").count() == 1
    assert tab.get_by_role("link", name=re.compile("Remove filter: Drama")).count() == 0
    assert tab.locator("#results-heading").inner_text() != count_before


def test_filters_stay_beside_the_results_on_a_desktop(site_data, new_page):
    tab = new_page(viewport="desktop")
    tab.goto(FILTERED)
    assert not tab.locator("summary.filters-summary").is_visible()
    assert tab.locator("#id_year_min").is_visible()
    form, results = box(tab, "form#filters"), box(tab, "section.results")
    assert form["right"] < results["left"]
    assert abs(form["top"] - results["top"]) < 50


def test_phone_list_screenshots_and_axe_with_the_filters_open(site_data, new_page, screenshot_dir):
    """Light and dark, closed and open; axe (its closed state is in
    test_accessibility) finds nothing in the open panel either."""
    found = {}
    for scheme in SCHEMES:
        tab = new_page(viewport="phone", color_scheme=scheme)
        tab.goto(FILTERED)
        tab.screenshot(path=str(screenshot_dir / f"phone-list-{scheme}-closed.png"))
        tab.locator("summary.filters-summary").click()
        tab.screenshot(path=str(screenshot_dir / f"phone-list-{scheme}-open.png"), full_page=True)
        tab.evaluate(AXE_SOURCE)
        violations = tab.evaluate(RUN_AXE, AXE_TAGS)
        if violations:
            found[f"{scheme}/phone/open"] = violations
    assert not found, axe_report(FILTERED, found)
