"""The admin at a 1280 px laptop screen, in headless chromium, as an editor.

Every changelist editors work in, and the film change form, must fit 1280 px
without a horizontal scrollbar: a column off to the right (the critic reviews'
"needs review") is a column nobody sees. A full-page screenshot of each lands in
the test's tmp dir for review.
"""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 1280, 800
CHANGELISTS = [
    "films_film",
    "films_person",
    "reviews_criticreview",
    "reviews_audiencereview",
    "reviews_critic",
    "reviews_publication",
    "films_sourcedocument",
    "films_importrun",
]
PAGE_WIDTH = "() => document.documentElement.scrollWidth"
# What the page's own width does not show: the admin puts a changelist's table in
# a box that scrolls sideways (div.results), so a too-wide table leaves the page
# 1280 px wide with its last columns hidden. Every visible element's right edge,
# and the content width of every box that scrolls, must stay on screen.
OVERFLOWING = """(limit) => {
  const found = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;  // nothing, or visually hidden
    const right = Math.max(box.right, box.left + element.scrollWidth) + window.scrollX;
    if (right > limit + 0.5) {
      const name = element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
        + [...element.classList].map((c) => "." + c).join("");
      found.push(`${name} to ${Math.round(right)} px`);
    }
  }
  return found;
}"""


@pytest.fixture
def editor_tab(browser, live_server, site_data, django_user_model):
    """A page at 1280x800 in a context logged in as an editor (the session
    cookie of a test client's force_login)."""
    user = django_user_model.objects.create_user(username="wide-editor", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(user)
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": WIDTH, "height": HEIGHT}
    )
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    yield context.new_page()
    context.close()


OPEN_ALL = "() => document.querySelectorAll('details').forEach((d) => { d.open = true; })"


def open_admin(tab, url, shot, *, expand=False):
    """Open `url`, with every collapsed section opened if `expand`, save a full-page
    screenshot and return what overflows 1280 px: the page's width if it is wider,
    and the elements reaching past it."""
    response = tab.goto(url)
    assert response.status == 200, f"{url} answered {response.status}"
    if expand:
        tab.evaluate(OPEN_ALL)
    tab.screenshot(path=str(shot), full_page=True)
    width = tab.evaluate(PAGE_WIDTH)
    return ([f"the page, {width} px"] if width > WIDTH else []) + tab.evaluate(OVERFLOWING, WIDTH)


@pytest.mark.parametrize("changelist", CHANGELISTS)
def test_changelist_fits_1280_pixels(editor_tab, changelist, tmp_path):
    url = reverse(f"admin:{changelist}_changelist")
    assert open_admin(editor_tab, url, tmp_path / f"{changelist}.png") == []


def test_critic_review_changelist_shows_needs_review_on_screen(editor_tab, tmp_path):
    open_admin(
        editor_tab, reverse("admin:reviews_criticreview_changelist"), tmp_path / "reviews.png"
    )
    header = editor_tab.locator("#result_list thead th.column-needs_review")
    box = header.bounding_box()
    assert box is not None and box["x"] + box["width"] <= WIDTH


def test_film_change_form_fits_1280_pixels_with_every_section_open(editor_tab, site_data, tmp_path):
    url = reverse("admin:films_film_change", args=[site_data.film.pk])
    assert open_admin(editor_tab, url, tmp_path / "film-change-open.png", expand=True) == []


def test_film_change_form_starts_with_the_rarely_edited_sections_closed(
    editor_tab, site_data, tmp_path
):
    url = reverse("admin:films_film_change", args=[site_data.film.pk])
    assert open_admin(editor_tab, url, tmp_path / "film-change.png") == []
    closed = editor_tab.locator("details:not([open]) > summary").all_text_contents()
    assert {"scores", "sources", "record", "release dates", "film companies"} <= {
        text.strip().casefold() for text in closed
    }
    # The Red Shoes imported: 7,132 px tall before #15, 4,014 px after.
    assert editor_tab.evaluate("() => document.documentElement.scrollHeight") < 4500
