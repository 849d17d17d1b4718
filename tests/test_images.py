"""Uploaded posters and photos: only real JPEG/PNG/WebP images of a sane
size, and replaced files are removed with their renditions."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from films import validators
from films.images import renditions
from films.validators import validate_image

from . import factories as f

pytestmark = pytest.mark.django_db


def image_bytes(fmt, size=(40, 60)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "#884422").save(buffer, fmt)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_allowed_formats_pass(fmt):
    validate_image(SimpleUploadedFile(f"p.{fmt.lower()}", image_bytes(fmt)))


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("p.gif", image_bytes("GIF"), "format"),
        ("p.bmp", image_bytes("BMP"), "format"),
        ("p.tiff", image_bytes("TIFF"), "format"),
        ("p.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>", "not_an_image"),
        ("p.jpg", b"not an image at all", "not_an_image"),
    ],
)
def test_other_files_are_refused(name, content, code):
    with pytest.raises(ValidationError) as error:
        validate_image(SimpleUploadedFile(name, content))
    assert error.value.code == code


def test_too_large_files_are_refused(monkeypatch):
    monkeypatch.setattr(validators, "MAX_UPLOAD_BYTES", 100)
    with pytest.raises(ValidationError, match="largest allowed"):
        validate_image(SimpleUploadedFile("p.png", image_bytes("PNG", (200, 300))))


def test_too_many_pixels_are_refused(monkeypatch):
    monkeypatch.setattr(validators, "MAX_PIXELS", 1000)
    with pytest.raises(ValidationError, match="megapixels"):
        validate_image(SimpleUploadedFile("p.png", image_bytes("PNG", (100, 100))))


def test_the_admin_form_refuses_an_svg_poster(editor_client):
    film = f.FilmFactory()
    svg = SimpleUploadedFile("x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml")
    film.poster = svg
    with pytest.raises(ValidationError):
        film.full_clean()


def test_a_replaced_poster_is_deleted_with_its_renditions(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    film = f.FilmFactory()
    film.poster.save("first.jpg", SimpleUploadedFile("first.jpg", image_bytes("JPEG", (300, 450))))
    first = film.poster.name
    made = renditions(film.poster)
    rendition_file = tmp_path / made.fallback_url.removeprefix(settings.MEDIA_URL).lstrip("/")
    assert (tmp_path / first).exists() and rendition_file.exists()
    with django_capture_on_commit_callbacks(execute=True):
        film.poster.save("second.jpg", SimpleUploadedFile("second.jpg", image_bytes("JPEG")))
    assert not (tmp_path / first).exists()
    assert not rendition_file.exists()
    assert (tmp_path / film.poster.name).exists()


def test_a_stored_file_gone_from_the_storage_is_a_validation_error(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    film = f.FilmFactory.build(poster="posters/gone.jpg")
    with pytest.raises(ValidationError, match="missing from the media storage"):
        validate_image(film.poster)
