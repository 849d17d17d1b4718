"""Issue #15 item 8 in a browser: an editor uploads a wide poster, sets its
focal point near the right edge, and the film form shows the upload with the
crop outlined there beside the rendition visitors see; the public page shows
that rendition. Screenshot: test-artifacts/screenshots/focal-point.png."""

import io

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from PIL import Image

from tests import factories as f

pytestmark = pytest.mark.browser

# What the page's images are once loaded: their drawn size and the file's own.
LOADED = """() => [...document.querySelectorAll(".crop-preview img")].map(
  (img) => [img.complete && img.naturalWidth > 0, img.naturalWidth, img.naturalHeight])"""
# Where the outline sits, as a share of the upload's width.
OUTLINE = """() => {
  const svg = document.querySelector(".crop-preview svg");
  const rect = svg.querySelector("rect");
  return rect.x.baseVal.value / svg.viewBox.baseVal.width;
}"""


def wide_poster():
    """900x300: red on the left two thirds, blue on the right third."""
    image = Image.new("RGB", (900, 300), "red")
    image.paste("blue", (600, 0, 900, 300))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    return buffer.getvalue()


def test_the_admin_shows_the_crop_the_focal_point_makes(
    browser,
    live_server,
    django_db_serialized_rollback,  # the flush after it keeps the migrations' groups
    django_user_model,
    settings,
    tmp_path,
    new_page,
    screenshot_dir,
):
    settings.MEDIA_ROOT = tmp_path
    film = f.FilmFactory(title="Focal Film")
    editor = django_user_model.objects.create_user("framer", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(editor)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    tab = context.new_page()
    tab.goto(reverse("admin:films_film_change", args=[film.pk]))
    tab.set_input_files(
        "#id_poster",
        files=[{"name": "wide.jpg", "mimeType": "image/jpeg", "buffer": wide_poster()}],
    )
    tab.fill("#id_poster_focus_x", "100")
    tab.fill("#id_poster_focus_y", "50")
    tab.click('input[name="_continue"]')
    tab.wait_for_load_state()
    assert "was changed successfully" in tab.locator(".messagelist").inner_text()
    preview = tab.locator(".crop-preview")
    preview.scroll_into_view_if_needed()
    loaded = tab.evaluate(LOADED)
    assert loaded and all(ok for ok, _, _ in loaded), loaded
    # A 2:3 crop of a 900x300 upload is 200 px wide: at the right edge, from x = 700.
    assert tab.evaluate(OUTLINE) == pytest.approx(700 / 900, abs=0.01)
    preview.screenshot(path=str(screenshot_dir / "focal-point.png"))
    context.close()

    # Visitors get the crop: a 2:3 rendition, all blue (the right third).
    visitor = new_page()
    visitor.goto(film.get_absolute_url())
    poster = visitor.locator("img.poster").first
    size = poster.evaluate("(img) => [img.naturalWidth, img.naturalHeight]")
    assert size[1] / size[0] == pytest.approx(1.5, abs=0.02)
    shot = Image.open(io.BytesIO(poster.screenshot())).convert("RGB")
    red, _green, blue = shot.getpixel((shot.width // 2, shot.height // 2))
    assert blue > 150 and red < 100
