"""Focal points (#15 item 8): every rendition's 2:3 crop is centred on the
editor's focal point, the admin shows that crop, and the database refuses
points outside the image."""

import io

import html5lib
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from PIL import Image

from films.images import crop_box, renditions
from films.models import Film, Person

from . import factories as f
from .admin_forms import form_data
from .test_posters import close_to, open_rendition

pytestmark = pytest.mark.django_db

RED, GREEN, BLUE = (255, 0, 0), (0, 160, 0), (0, 0, 255)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def banded_png(size=(900, 300), bands=(RED, GREEN, BLUE), vertical=False):
    """Three equal bands, left to right (or top to bottom when `vertical`)."""
    image = Image.new("RGB", size, bands[0])
    step = (size[1] if vertical else size[0]) // 3
    for i, colour in enumerate(bands[1:], start=1):
        box = (
            (0, i * step, size[0], (i + 1) * step)
            if vertical
            else (i * step, 0, (i + 1) * step, size[1])
        )
        image.paste(colour, box)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def film_with_poster(data, **kwargs):
    film = f.FilmFactory(**kwargs)
    film.poster.save("wide.png", ContentFile(data))
    return film


def colours_across(url):
    """The colours at the left edge, middle and right edge of a rendition."""
    image = open_rendition(url)
    row = image.height // 2
    return [image.getpixel((x, row)) for x in (1, image.width // 2, image.width - 2)]


def all_close(pixels, colour):
    return all(close_to(pixel, colour, tolerance=30) for pixel in pixels)


# --- The crop -------------------------------------------------------------------


def test_the_crop_is_centred_on_the_focal_point_and_kept_inside_the_image():
    # 900x300: the 2:3 crop is 200 px wide.
    assert crop_box(900, 300) == (350, 0, 550, 300)
    assert crop_box(900, 300, focus=(70, 50)) == (530, 0, 730, 300)  # centred on x=630
    assert crop_box(900, 300, focus=(100, 50)) == (700, 0, 900, 300)  # clamped at the edge
    assert crop_box(900, 300, focus=(0, 0)) == (0, 0, 200, 300)
    # A tall image moves down instead.
    assert crop_box(200, 900, focus=(50, 0)) == (0, 0, 200, 300)
    assert crop_box(200, 900, focus=(50, 90)) == (0, 600, 200, 900)


def test_a_focal_point_at_the_right_crops_from_the_right():
    film = film_with_poster(banded_png(), poster_focus_x=100)

    for width, _, jpeg_url in renditions(film.poster, focus=film.poster_focus).renditions:
        assert all_close(colours_across(jpeg_url), BLUE), width


def test_the_default_focal_point_crops_the_centre():
    film = film_with_poster(banded_png())
    assert film.poster_focus == (50, 50)

    for width, _, jpeg_url in renditions(film.poster, focus=film.poster_focus).renditions:
        assert all_close(colours_across(jpeg_url), GREEN), width


def test_a_focal_point_near_a_border_shows_both_sides_of_it():
    # Focus at x=630: the crop runs 530-730, across the green/blue border at 600.
    film = film_with_poster(banded_png(), poster_focus_x=70)

    images = renditions(film.poster, focus=film.poster_focus)
    left, _, right = colours_across(images.fallback_url)
    assert close_to(left, GREEN, tolerance=30)
    assert close_to(right, BLUE, tolerance=30)


def test_a_focal_point_down_a_tall_photo_crops_from_the_top():
    person = f.PersonFactory(photo_focus_y=0)
    person.photo.save("tall.png", ContentFile(banded_png((200, 900), vertical=True)))

    images = renditions(person.photo, focus=person.photo_focus)
    image = open_rendition(images.fallback_url)
    column = image.width // 2
    assert all_close([image.getpixel((column, y)) for y in (1, image.height - 2)], RED)


def test_moving_the_focal_point_gives_new_urls_and_moving_it_back_the_old_ones():
    film = film_with_poster(banded_png())
    centred = renditions(film.poster)
    assert renditions(film.poster, focus=(50, 50)) == centred  # no focus: the centre

    moved = renditions(film.poster, focus=(80, 50))
    centred_urls = {url for r in centred.renditions for url in r[1:]}
    assert not centred_urls & {url for r in moved.renditions for url in r[1:]}
    assert renditions(film.poster, focus=(50, 50)) == centred


# --- Pages ----------------------------------------------------------------------


def image_sources(html):
    document = html5lib.parse(html, namespaceHTMLElements=False)
    return [img.get("src") for img in document.iter("img")]


def test_the_film_page_and_cards_show_the_focused_crop(client):
    film = film_with_poster(banded_png(), poster_focus_x=100)
    page = renditions(film.poster, focus=film.poster_focus, default_width=240).fallback_url
    card = renditions(film.poster, focus=film.poster_focus, default_width=200).fallback_url
    centred = renditions(film.poster, default_width=240).fallback_url
    assert page != centred

    assert page in image_sources(client.get(film.get_absolute_url()).content.decode())
    assert card in image_sources(client.get(reverse("films:film-list")).content.decode())


def test_the_person_page_shows_the_focused_crop(client):
    person = f.PersonFactory(photo_focus_x=0)
    person.photo.save("wide.png", ContentFile(banded_png()))
    expected = renditions(person.photo, focus=(0, 50), default_width=160).fallback_url

    html = client.get(person.get_absolute_url()).content.decode()
    assert expected in image_sources(html)
    assert all_close(colours_across(expected), RED)


# --- The admin ------------------------------------------------------------------


def test_the_admin_shows_the_crop_visitors_see_beside_the_outlined_upload(editor_client):
    film = film_with_poster(banded_png(), poster_focus_x=100)
    visitors_see = renditions(film.poster, focus=(100, 50), default_width=200).fallback_url

    html = editor_client.get(reverse("admin:films_film_change", args=[film.pk])).content.decode()

    assert {film.poster.url, visitors_see} <= set(image_sources(html))
    assert "What visitors see" in html
    document = html5lib.parse(html, namespaceHTMLElements=False)
    (rect,) = [e for e in document.iter() if isinstance(e.tag, str) and e.tag.endswith("rect")]
    # The crop of the 900x300 upload, in its pixels: the right-most 200 px.
    assert [rect.get(a) for a in ("x", "y", "width", "height")] == ["700", "0", "200", "300"]
    assert 'name="poster_focus_x" value="100"' in html


def test_an_editor_moves_the_focal_point_in_the_admin(editor_client):
    film = film_with_poster(banded_png())
    url = reverse("admin:films_film_change", args=[film.pk])

    data = form_data(editor_client.get(url)) | {"poster_focus_x": "0", "_continue": "1"}
    data.pop("poster", None)  # keep the upload
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]

    film.refresh_from_db()
    assert film.poster_focus == (0, 50)
    html = editor_client.get(url).content.decode()
    shown = renditions(film.poster, focus=(0, 50), default_width=200).fallback_url
    assert shown in image_sources(html)
    assert all_close(colours_across(shown), RED)


def test_the_person_admin_shows_the_crop(editor_client):
    person = f.PersonFactory()
    person.photo.save("wide.png", ContentFile(banded_png()))
    shown = renditions(person.photo, default_width=160).fallback_url

    html = editor_client.get(reverse("admin:films_person_change", args=[person.pk]))
    assert shown in image_sources(html.content.decode())


def test_the_admin_preview_of_an_unreadable_upload_says_so(editor_client):
    film = film_with_poster(b"not an image at all")

    html = editor_client.get(reverse("admin:films_film_change", args=[film.pk])).content.decode()
    assert "Not a readable image." in html


# --- Rules ----------------------------------------------------------------------


@pytest.mark.parametrize(("model", "field"), [(Film, "poster_focus_x"), (Person, "photo_focus_y")])
def test_the_database_refuses_a_focal_point_past_the_edge(model, field):
    obj = f.FilmFactory() if model is Film else f.PersonFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=obj.pk).update(**{field: 101})
    model.objects.filter(pk=obj.pk).update(**{field: 100})


def test_the_form_refuses_a_focal_point_past_the_edge():
    film = f.FilmFactory()
    film.poster_focus_y = 101
    with pytest.raises(ValidationError) as error:
        film.full_clean()
    assert "poster_focus_y" in error.value.message_dict
