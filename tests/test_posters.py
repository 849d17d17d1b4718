"""Poster renditions (films/images.py) and the picture() helper of the templates.

Images are made with Pillow in memory and stored under a temporary
MEDIA_ROOT, so nothing is written into the repository.
"""

import io
import logging
import re
from pathlib import Path

import html5lib
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.template import engines
from PIL import Image, ImageCms

from films.images import BACKGROUND, delete_renditions, renditions

from . import factories as f

pytestmark = pytest.mark.django_db

ALL_WIDTHS = [160, 240, 320, 480, 640]
RENDITION_NAME = re.compile(r"/media/renditions/[0-9a-f]{16}/[0-9a-f]{16}/(\d+)\.(webp|jpg)$")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def make_image(size=(640, 960), mode="RGB", color=(200, 40, 30), fmt="JPEG", **save_options):
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, fmt, **save_options)
    return buffer.getvalue()


def film_with_poster(data, name="poster.jpg", **kwargs):
    film = f.FilmFactory(**kwargs)
    film.poster.save(name, ContentFile(data))
    return film


def path_of(url):
    """The file behind a media URL."""
    return Path(settings.MEDIA_ROOT) / url.removeprefix(settings.MEDIA_URL).lstrip("/")


def open_rendition(url):
    image = Image.open(path_of(url))
    image.load()
    return image


def rendition_files(root):
    """Every file under renditions/, with its modification time."""
    return {p: p.stat().st_mtime_ns for p in (root / "renditions").rglob("*") if p.is_file()}


def close_to(pixel, expected, tolerance=12):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, expected, strict=True))


# --- Sizes, formats, crops ---------------------------------------------------------


def test_jpeg_poster_gets_webp_and_jpeg_at_every_width():
    film = film_with_poster(make_image((640, 960)))

    images = renditions(film.poster)

    assert [r.width for r in images.renditions] == ALL_WIDTHS
    for width, webp_url, jpeg_url in images.renditions:
        assert RENDITION_NAME.search(webp_url).groups() == (str(width), "webp")
        assert RENDITION_NAME.search(jpeg_url).groups() == (str(width), "jpg")
        webp, jpeg = open_rendition(webp_url), open_rendition(jpeg_url)
        assert (webp.format, webp.mode, webp.size) == ("WEBP", "RGB", (width, width * 3 // 2))
        assert (jpeg.format, jpeg.mode, jpeg.size) == ("JPEG", "RGB", (width, width * 3 // 2))
        assert jpeg.info.get("progressive")
        assert not jpeg.getexif() and "icc_profile" not in jpeg.info
        assert close_to(jpeg.getpixel((width // 2, width)), (200, 40, 30))
    # The <img> box and fallback for the default display width (240 px).
    assert (images.width, images.height) == (240, 360)
    assert images.fallback_url.endswith("/240.jpg")
    assert images.webp_srcset.startswith(images.renditions[0].webp_url + " 160w, ")


def test_fallback_is_the_smallest_rendition_at_least_as_wide_as_shown():
    film = film_with_poster(make_image((330, 495)))
    images = renditions(film.poster, default_width=300)
    assert (images.width, images.height) == (300, 450)
    assert images.fallback_url.endswith("/320.jpg")


def test_wide_source_is_centre_cropped_to_two_by_three():
    # Three vertical bands, 300 px each: the 2:3 crop of a 900x300 image is
    # the middle 200 px, all green.
    source = Image.new("RGB", (900, 300), (255, 0, 0))
    source.paste((0, 160, 0), (300, 0, 600, 300))
    source.paste((0, 0, 255), (600, 0, 900, 300))
    buffer = io.BytesIO()
    source.save(buffer, "PNG")
    film = film_with_poster(buffer.getvalue(), "wide.png")

    images = renditions(film.poster)

    # The crop is 200 px wide: 160, and the crop's own width; no upscaling.
    assert [r.width for r in images.renditions] == [160, 200]
    for width, _, jpeg_url in images.renditions:
        image = open_rendition(jpeg_url)
        assert image.size == (width, width * 3 // 2)
        for x in (0, width // 2, width - 1):
            assert close_to(image.getpixel((x, width)), (0, 160, 0), tolerance=30)


def test_small_source_is_never_upscaled():
    film = film_with_poster(make_image((200, 300)))
    images = renditions(film.poster)
    assert [r.width for r in images.renditions] == [160, 200]
    assert not any(
        p.name.startswith(("240.", "320.", "480.", "640."))
        for p in rendition_files(Path(film.poster.storage.location))
    )
    # Shown at 240 px: the largest there is, 200 px, is the fallback.
    assert images.fallback_url.endswith("/200.jpg")


# --- Colour modes and orientation -------------------------------------------------------


def test_png_with_alpha_is_flattened_on_the_poster_background():
    source = Image.new("RGBA", (330, 495), (0, 0, 0, 0))  # fully transparent...
    source.paste((20, 20, 200, 255), (0, 400, 330, 495))  # ...but an opaque blue foot
    buffer = io.BytesIO()
    source.save(buffer, "PNG")
    film = film_with_poster(buffer.getvalue(), "alpha.png")

    images = renditions(film.poster)

    assert [r.width for r in images.renditions] == [160, 240, 320, 330]
    for url in (images.renditions[0].webp_url, images.renditions[0].jpeg_url):
        image = open_rendition(url)
        assert image.mode == "RGB"
        assert close_to(image.getpixel((80, 10)), BACKGROUND)
        assert close_to(image.getpixel((80, 235)), (20, 20, 200), tolerance=20)


def palette_png(transparent):
    """A GIF-like two-colour palette PNG: upper half colour 0, lower half colour 1."""
    image = Image.new("P", (160, 240), 0)
    image.putpalette([10, 150, 60, 250, 200, 0])
    image.paste(1, (0, 120, 160, 240))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", **({"transparency": 0} if transparent else {}))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("transparent", "top"), [(False, (10, 150, 60)), (True, BACKGROUND)], ids=["opaque", "clear"]
)
def test_palette_images_become_rgb(transparent, top):
    film = film_with_poster(palette_png(transparent), "palette.png")

    jpeg = open_rendition(renditions(film.poster).fallback_url)

    assert (jpeg.mode, jpeg.size) == ("RGB", (160, 240))
    assert close_to(jpeg.getpixel((80, 20)), top)
    assert close_to(jpeg.getpixel((80, 220)), (250, 200, 0))


def test_exif_orientation_is_applied_and_metadata_stripped():
    # Stored landscape, left half red and right half blue; orientation 6
    # means "turn 90 degrees clockwise to show", so it is shown portrait,
    # red on top.
    stored = Image.new("RGB", (300, 200), (220, 0, 0))
    stored.paste((0, 0, 220), (150, 0, 300, 200))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "Invented Camera Co."  # Make: must not leak into renditions
    buffer = io.BytesIO()
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    stored.save(buffer, "JPEG", exif=exif, icc_profile=srgb, quality=95)
    film = film_with_poster(buffer.getvalue(), "turned.jpg")

    images = renditions(film.poster)

    assert [r.width for r in images.renditions] == [160, 200]
    for url in (images.renditions[-1].jpeg_url, images.renditions[-1].webp_url):
        image = open_rendition(url)
        assert image.size == (200, 300)
        assert close_to(image.getpixel((100, 30)), (220, 0, 0), tolerance=30)
        assert close_to(image.getpixel((100, 270)), (0, 0, 220), tolerance=30)
        assert not image.getexif() and "icc_profile" not in image.info


def test_cmyk_jpeg_becomes_rgb():
    film = film_with_poster(make_image((240, 360), mode="CMYK", color=(0, 255, 255, 0)))

    images = renditions(film.poster)

    for url in (images.renditions[0].jpeg_url, images.renditions[0].webp_url):
        image = open_rendition(url)
        assert image.mode == "RGB"
        red, green, blue = image.getpixel((80, 120))
        assert red > 200 and green < 60 and blue < 60


# --- Made once, keyed on the source -------------------------------------------------------


def test_second_call_reuses_the_renditions(media_root):
    film = film_with_poster(make_image((500, 750)))
    first = renditions(film.poster)
    files = rendition_files(media_root)
    assert len(files) == 2 * 5 + 1  # five widths (160...480 and 500), two formats, manifest
    assert sum(p.name == "manifest.json" for p in files) == 1

    again = renditions(film.poster)

    # Nothing rewritten (re-saving would also have added "…_abc1234.webp" names).
    assert again == first
    assert rendition_files(media_root) == files


def test_replaced_poster_gets_new_urls():
    film = film_with_poster(make_image((480, 720), color=(200, 0, 0)))
    old = renditions(film.poster)

    # A new upload: Django stores it under a new name.
    film.poster.save("poster.jpg", ContentFile(make_image((480, 720), color=(0, 0, 200))))
    new = renditions(film.poster)
    assert {r.jpeg_url for r in new.renditions}.isdisjoint(r.jpeg_url for r in old.renditions)
    assert close_to(open_rendition(new.fallback_url).getpixel((100, 100)), (0, 0, 200))

    # Overwritten in place under the same name (a restore, a script): the
    # size and time change, and so do the URLs.
    path_of(film.poster.url).write_bytes(make_image((480, 720), color=(0, 160, 0), quality=70))
    rewritten = renditions(film.poster)
    assert rewritten.fallback_url not in {new.fallback_url, old.fallback_url}
    assert close_to(open_rendition(rewritten.fallback_url).getpixel((100, 100)), (0, 160, 0))


def test_delete_renditions_removes_every_version_of_one_source(media_root):
    film = film_with_poster(make_image((320, 480)))
    other = film_with_poster(make_image((320, 480)), "other.jpg")
    renditions(film.poster)
    path_of(film.poster.url).write_bytes(make_image((320, 480), quality=60))
    renditions(film.poster)  # a second version of the same name
    kept = renditions(other.poster)
    others = {path_of(r.jpeg_url) for r in kept.renditions}
    before = len(rendition_files(media_root))

    deleted = delete_renditions(film.poster.name)

    assert deleted == 2 * (3 * 2 + 1)  # two versions of 160/240/320 x 2 formats + manifest
    assert len(rendition_files(media_root)) == before - deleted
    assert all(p.exists() for p in others)
    assert film.poster.storage.exists(film.poster.name)  # the source is left alone
    assert delete_renditions(film.poster.name) == 0
    assert renditions(film.poster) is not None  # made again when asked


# --- Bad sources ---------------------------------------------------------------------


def test_corrupt_poster_gives_none_and_a_warning_once(caplog):
    film = film_with_poster(b"\xff\xd8\xff\xe0 this is not really a JPEG", "broken.jpg")

    with caplog.at_level(logging.WARNING, logger="films.images"):
        assert renditions(film.poster) is None
        assert renditions(film.poster) is None

    warnings = [r for r in caplog.records if "broken" in r.getMessage()]
    assert len(warnings) == 1  # the failure is remembered, not decoded again


def test_missing_or_empty_poster_gives_none(caplog):
    film = film_with_poster(make_image((240, 360)))
    path_of(film.poster.url).unlink()
    with caplog.at_level(logging.WARNING, logger="films.images"):
        assert renditions(film.poster) is None
    assert "source not readable" in caplog.text
    assert renditions(f.FilmFactory().poster) is None


# --- picture() in the public pages' templates (films.display) -----------------------------


def render(source, **context):
    return engines["jinja2"].from_string(source).render(context)


def parse(html):
    """Parse strictly: any HTML error fails the test."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parseFragment(html)


def test_picture_tag_renders_responsive_markup(django_assert_num_queries):
    film = film_with_poster(make_image((640, 960)), title="Poster & Co")
    renditions(film.poster)  # made beforehand, as on any page after the first

    with django_assert_num_queries(0):
        html = render(
            "{{ picture(film.poster, alt=film.title, title=film.title, width=240,"
            ' css_class="poster", sizes="(min-width: 60rem) 240px, 45vw") }}',
            film=film,
        )

    fragment = parse(html)
    source = fragment.find("picture/source")
    img = fragment.find("picture/img")
    assert source.get("type") == "image/webp"
    assert source.get("sizes") == img.get("sizes") == "(min-width: 60rem) 240px, 45vw"
    for srcset, ext in ((source.get("srcset"), "webp"), (img.get("srcset"), "jpg")):
        candidates = [c.rsplit(" ", 1) for c in srcset.split(", ")]
        assert [d for _, d in candidates] == [f"{w}w" for w in ALL_WIDTHS]
        assert all(url.endswith(f".{ext}") for url, _ in candidates)
    assert img.get("src").endswith("/240.jpg")
    assert (img.get("width"), img.get("height")) == ("240", "360")
    assert (img.get("loading"), img.get("decoding")) == ("lazy", "async")
    assert img.get("alt") == "Poster & Co"
    assert 'alt="Poster &amp; Co"' in html
    assert img.get("class") == "poster"
    assert "style=" not in html


def test_picture_tag_height_follows_the_display_width():
    film = film_with_poster(make_image((240, 360)))
    img = parse(render("{{ picture(film.poster, width=200) }}", film=film)).find("picture/img")
    assert (img.get("width"), img.get("height"), img.get("sizes")) == ("200", "300", "200px")
    assert img.get("alt") == ""


def test_picture_tag_placeholder_escapes_the_title():
    film = f.FilmFactory(title="<b>X</b>")

    html = render('{{ picture(film.poster, title=film.title, css_class="poster") }}', film=film)

    parse(html)
    assert "<b>" not in html
    assert (
        '<span class="poster poster-placeholder" role="img" aria-label="No poster for '
        '&lt;b&gt;X&lt;/b&gt;"><span>&lt;b&gt;X&lt;/b&gt;</span></span>'
    ) in html
    assert "style=" not in html
    assert not render(
        "{{ picture(film.poster, title=film.title, placeholder=False) }}", film=film
    ).strip()


def test_picture_tag_shows_the_placeholder_for_a_corrupt_poster():
    film = film_with_poster(b"GIF89a nonsense", "broken.gif", title="Broken")
    html = render("{{ picture(film.poster, title=film.title) }}", film=film)
    assert "<picture" not in html
    assert 'aria-label="No poster for Broken"' in html
