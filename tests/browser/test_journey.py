"""A visitor's journey through the site, in headless chromium, with JavaScript on and
off (the site is server-rendered: everything must work without it), at phone and
desktop widths.

Browse the films, filter them with the form (a genre, a year range, an ordering),
open a film from the results, follow a cast link to the person, come back, open the
audience reviews and page through all three pages.

Every step is saved as a full-page screenshot in test-artifacts/screenshots/
(journey-<phone|desktop>-<step>.png, from the run with JavaScript) for review.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from .seed import FILM_SLUG, PERSON_SLUG, audience_reviews_per_page

pytestmark = pytest.mark.browser

# The drama films from 1940 to 1960 in the seed, oldest first (title breaks ties).
EXPECTED_RESULTS = [
    "Invented Film 04",  # 1942
    "Invented Film 06",  # 1948
    "The Red Shoes",  # 1948
    "Invented Film 08",  # 1954
    "Invented Film 10",  # 1960
]
NEXT = re.compile(r"^\s*next\b", re.IGNORECASE)
VIEWER = re.compile(r"Invented Viewer \d\d")


def query(url):
    return parse_qs(urlsplit(url).query)


def path(url):
    return urlsplit(url).path


class Journey:
    def __init__(self, tab, name, screenshot_dir):
        self.tab = tab
        self.name = name
        self.screenshot_dir = screenshot_dir
        self.step = 0
        self.errors = []
        tab.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        tab.on(
            "console",
            lambda message: (
                self.errors.append(f"console {message.type}: {message.text}")
                if message.type == "error"
                else None
            ),
        )

    def shot(self, label):
        self.step += 1
        if self.screenshot_dir is None:
            return
        target = self.screenshot_dir / f"journey-{self.name}-{self.step:02d}-{label}.png"
        self.tab.screenshot(path=str(target), full_page=True)

    def main_text(self):
        return self.tab.get_by_role("main").inner_text()

    def h1(self):
        return self.tab.locator("h1").first.inner_text()


def reveal(tab, control):
    """On a phone the filters may sit in a closed <details>: open it as a person
    would, by its summary."""
    if control.is_visible():
        return
    closed = tab.locator("details:not([open])").filter(has=control)
    if closed.count():
        closed.last.locator("summary").first.click()
    assert control.is_visible(), "the filter controls are not visible (nor behind a <details>)"


class FilterForm:
    """The list's filter form: its controls may sit inside it or be tied to it with
    a form="…" attribute (such as the sort control above the results)."""

    def __init__(self, tab):
        self.tab = tab
        self.form = tab.locator("form").filter(has=tab.locator('[name="year_min"]'))
        assert self.form.count() == 1, "expected one filter form with a year_min field"
        self.id = self.form.get_attribute("id")

    def associated(self, selector):
        if not self.id:
            return self.form.locator(selector)
        return self.tab.locator(f'form#{self.id} {selector}, {selector}[form="{self.id}"]')

    def control(self, name):
        control = self.associated(f'[name="{name}"]')
        assert control.count(), f"the filter form has no {name!r} control"
        reveal(self.tab, control.first)
        return control

    def choose_genre(self, slug, label):
        genre = self.control("genre")
        if genre.first.evaluate("element => element.tagName") == "SELECT":
            genre.first.select_option(value=slug)
        else:
            checkbox = genre.and_(
                self.tab.get_by_role("checkbox", name=re.compile(rf"^\s*{label}\b"))
            )
            assert checkbox.count() == 1, f"no single {label!r} genre checkbox"
            checkbox.check()

    def submit(self):
        inside = self.form.locator(
            'button[type="submit"], input[type="submit"], button:not([type])'
        )
        button = inside.last if inside.count() else self.associated('[type="submit"]').last
        reveal(self.tab, button)
        button.click()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_browse_filter_film_person_and_reviews(
    viewport, javascript, site_data, new_page, screenshot_dir
):
    tab = new_page(viewport=viewport, javascript=javascript)
    # Screenshots of the JavaScript run only: without it the pages look the same.
    journey = Journey(tab, viewport, screenshot_dir if javascript else None)
    film_url = reverse("films:film-detail", args=[FILM_SLUG])
    person_url = reverse("films:person-detail", args=[PERSON_SLUG])
    audience_url = reverse("reviews:film-audience-reviews", args=[FILM_SLUG])

    # 1. The film list.
    response = tab.goto(reverse("films:film-list"))
    assert response.status == 200
    journey.shot("film-list")

    # 2. Filter with the form's controls: a genre, a year range, an ordering.
    filters = FilterForm(tab)
    filters.choose_genre("drama", "Drama")
    filters.control("year_min").fill("1940")
    filters.control("year_max").fill("1960")
    filters.control("ordering").select_option("year")
    journey.shot("filters-filled")
    filters.submit()
    tab.wait_for_url(re.compile(r"year_max=1960"))
    tab.wait_for_load_state()
    params = query(tab.url)
    assert path(tab.url) == reverse("films:film-list")
    assert params.get("genre") == ["drama"], tab.url
    assert params.get("year_min") == ["1940"], tab.url
    assert params.get("year_max") == ["1960"], tab.url
    assert params.get("ordering") == ["year"], tab.url
    text = journey.main_text()
    positions = [text.find(title) for title in EXPECTED_RESULTS]
    assert -1 not in positions, f"missing results: {EXPECTED_RESULTS} in\n{text}"
    assert positions == sorted(positions), f"results not oldest first:\n{text}"
    for excluded in ("Invented Film 02", "Invented Film 12", "Invented Film 05", "Draft"):
        assert excluded not in text, f"{excluded!r} should be filtered out"
    journey.shot("results")

    # 3. Open the film from the results.
    tab.get_by_role("main").get_by_role("link", name=re.compile(r"The Red Shoes")).first.click()
    tab.wait_for_url(f"**{film_url}")
    assert "The Red Shoes" in journey.h1()
    journey.shot("film")

    # 4. Follow a cast link to the person, then come back.
    tab.get_by_role("main").get_by_role("link", name="Moira Shearer", exact=True).first.click()
    tab.wait_for_url(f"**{person_url}")
    assert journey.h1().strip() == "Moira Shearer"
    assert "The Red Shoes" in journey.main_text()
    journey.shot("person")
    tab.go_back()
    tab.wait_for_url(f"**{film_url}")
    assert "The Red Shoes" in journey.h1()

    # 5. The audience reviews, page by page.
    tab.locator(f'main a[href^="{audience_url}"]').first.click()
    tab.wait_for_url(f"**{audience_url}")
    per_page = audience_reviews_per_page(site_data.film)
    seen = []
    for number in (1, 2, 3):
        if number > 1:
            tab.get_by_role("main").get_by_role("link", name=NEXT).first.click()
            tab.wait_for_url(re.compile(rf"[?&]page={number}\b"))
            assert path(tab.url) == audience_url
        viewers = VIEWER.findall(journey.main_text())
        assert viewers, f"no invented audience reviews on page {number}"
        assert len(viewers) <= per_page
        seen.append(set(viewers))
        journey.shot(f"audience-reviews-page-{number}")
    assert not (seen[0] & seen[1] or seen[1] & seen[2] or seen[0] & seen[2]), seen
    invented = site_data.film.audience_reviews.filter(author_name__startswith="Invented Viewer")
    assert set().union(*seen) == set(invented.values_list("author_name", flat=True))
    assert tab.get_by_role("main").get_by_role("link", name=NEXT).count() == 0, (
        "page 3 of 3 still offers a next page"
    )
    assert not journey.errors, "\n".join(journey.errors)
