"""Uploaded posters and their renditions are served with debug off, as images
only (filmsite/media.py), with cache headers that follow their names."""

import io

import html5lib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.http import http_date
from PIL import Image

from . import factories as f
from .test_history import edit_in_admin

pytestmark = pytest.mark.django_db

IMMUTABLE = "public, max-age=31536000, immutable"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def jpeg(size=(600, 900)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(buffer, "JPEG")
    return buffer.getvalue()


def image_urls(html):
    """Every URL of the page's <img src/srcset> and <source srcset>."""
    document = html5lib.parse(html, namespaceHTMLElements=False)
    urls = []
    for element in document.iter():
        if element.tag not in ("img", "source"):
            continue
        if element.get("src"):
            urls.append(element.get("src"))
        for candidate in (element.get("srcset") or "").split(","):
            if candidate.strip():
                urls.append(candidate.split()[0])
    return urls


def test_a_poster_uploaded_in_the_admin_shows_on_the_public_page_with_debug_off(
    settings, editor_client, media_root
):
    assert not settings.DEBUG
    film = f.FilmFactory(title="A Poster Test")
    edit_in_admin(editor_client, film, poster=SimpleUploadedFile("sheet.jpg", jpeg()))
    film.refresh_from_db()
    assert film.poster.name.startswith("posters/")

    visitor = Client()
    page = visitor.get(reverse("films:film-detail", args=[film.slug]))
    assert page.status_code == 200
    urls = [url for url in image_urls(page.content.decode()) if "/media/" in url]
    assert {url.rsplit(".", 1)[-1] for url in urls} == {"webp", "jpg"}
    for url in urls:
        response = visitor.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == ("image/webp" if url.endswith(".webp") else "image/jpeg")
        assert response["Cache-Control"] == IMMUTABLE
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
        image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
        assert image.format == ("WEBP" if url.endswith(".webp") else "JPEG")


def test_the_admin_shows_the_uploaded_poster_itself_with_a_short_cache(editor_client):
    film = f.FilmFactory()
    edit_in_admin(editor_client, film, poster=SimpleUploadedFile("sheet.png", jpeg()))
    film.refresh_from_db()
    change_page = editor_client.get(reverse("admin:films_film_change", args=[film.pk]))
    assert film.poster.url in image_urls(change_page.content.decode())

    response = Client().get(film.poster.url)
    assert response.status_code == 200
    # The extension decides the type, never the content: browsers do not sniff.
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=3600"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.html", b"<!doctype html><script>alert(1)</script>"),
        ("page.htm", b"<script>alert(1)</script>"),
        ("drawing.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"),
        ("posters/drawing.SVG", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        ("notes.txt", b"plain text"),
        ("posters/no-extension", jpeg()),
        ("posters/animated.gif", b"GIF89a"),
        ("posters/poster.jpg.html", b"<script>alert(1)</script>"),
    ],
)
def test_files_that_are_not_allowed_images_are_never_served(client, media_root, name, content):
    (media_root / name).parent.mkdir(parents=True, exist_ok=True)
    (media_root / name).write_bytes(content)
    (media_root / name).with_name("beside.jpg").write_bytes(jpeg())
    response = client.get(f"/media/{name}")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/plain")
    assert b"script" not in response.content
    beside = client.get(f"/media/{name}".rsplit("/", 1)[0] + "/beside.jpg")
    assert beside.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/media/../outside.jpg",
        "/media/%2e%2e/outside.jpg",
        "/media/posters/../../outside.jpg",
        "/media/..%2foutside.jpg",
        "/media//{outside}",
        "/media/posters/",
        "/media/",
    ],
)
def test_paths_outside_media_root_answer_404(client, media_root, path):
    outside = media_root.parent / "outside.jpg"
    outside.write_bytes(jpeg())
    (media_root / "posters").mkdir()
    (media_root / "posters" / "inside.jpg").write_bytes(jpeg())
    response = client.get(path.format(outside=str(outside).lstrip("/")))
    assert response.status_code == 404
    assert not response.streaming
    assert client.get("/media/posters/inside.jpg").status_code == 200


def test_an_unchanged_file_answers_304_with_its_cache_header(client, media_root):
    (media_root / "posters").mkdir()
    poster = media_root / "posters" / "still.jpg"
    poster.write_bytes(jpeg())
    response = client.get(
        "/media/posters/still.jpg", HTTP_IF_MODIFIED_SINCE=http_date(poster.stat().st_mtime)
    )
    assert response.status_code == 304
    assert response["Cache-Control"] == "public, max-age=3600"


def test_media_is_only_read(client, media_root):
    (media_root / "still.jpg").write_bytes(jpeg())
    assert client.post("/media/still.jpg").status_code == 405
    assert client.get("/media/still.jpg").status_code == 200


def test_an_image_costs_no_database_query_even_for_an_editor(
    editor_client, media_root, django_assert_num_queries
):
    (media_root / "still.jpg").write_bytes(jpeg())
    with django_assert_num_queries(0):
        assert editor_client.get("/media/still.jpg").status_code == 200


def test_media_can_be_left_to_a_web_server_in_front(client, settings, media_root):
    settings.SERVE_MEDIA = False
    (media_root / "still.jpg").write_bytes(jpeg())
    response = client.get("/media/still.jpg")
    assert response.status_code == 404
    assert not response.streaming
