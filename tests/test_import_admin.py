"""Editors import documents from the admin and browse the import history."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import strip_tags

from films.models import Film, SourceDocument

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:films_sourcedocument_import")


def upload(path):
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")


def report_lines(response):
    """Each document's line of the report: its name -> the words of its result."""
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>", response.content.decode(), re.S)
    return {strip_tags(name): strip_tags(result) for name, result in rows}


def test_editor_uploads_documents_and_sees_the_report(editor_client, sources_dir):
    response = editor_client.post(
        IMPORT_URL,
        {"documents": [upload(p) for p in sorted(sources_dir.glob("*.txt"))], "publish": "on"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Import report" in content
    assert "2 imported, 0 skipped (unchanged), 0 rejected." in content
    assert "critic reviews: 6 created" in content
    film = Film.objects.get()
    assert film.is_published
    assert reverse("admin:films_film_change", args=[film.pk]) in content


def test_a_bad_upload_is_reported_and_changes_nothing(editor_client):
    bad = SimpleUploadedFile("broken.txt", b"\x00\x01\x02binary", content_type="text/plain")
    response = editor_client.post(IMPORT_URL, {"documents": [bad]})
    content = response.content.decode()
    assert "0 imported, 0 skipped (unchanged), 1 rejected." in content
    assert report_lines(response) == {
        "broken.txt": "rejected: binary data, not text (NUL byte at byte 0)"
    }
    assert SourceDocument.objects.count() == 0


def test_each_file_of_a_batch_is_reported_on_its_own_line(editor_client, rt_seed_path):
    empty = SimpleUploadedFile("empty.txt", b"", content_type="text/plain")
    bad = SimpleUploadedFile("broken.txt", b"\x00binary", content_type="text/plain")
    response = editor_client.post(IMPORT_URL, {"documents": [empty, upload(rt_seed_path), bad]})
    assert response.status_code == 200
    assert report_lines(response) == {
        "empty.txt": "rejected: empty document",
        rt_seed_path.name: "imported: created the film",
        "broken.txt": "rejected: binary data, not text (NUL byte at byte 0)",
    }
    assert "1 imported, 0 skipped (unchanged), 2 rejected." in response.content.decode()
    # The good one is imported; the rejected ones left nothing behind.
    assert list(SourceDocument.objects.values_list("file_name", flat=True)) == [rt_seed_path.name]
    assert Film.objects.count() == 1


def test_a_document_imported_before_is_skipped_as_unchanged(editor_client, rt_seed_path):
    editor_client.post(IMPORT_URL, {"documents": [upload(rt_seed_path)]})
    response = editor_client.post(IMPORT_URL, {"documents": [upload(rt_seed_path)]})
    assert report_lines(response) == {rt_seed_path.name: "skipped: unchanged"}
    assert "0 imported, 1 skipped (unchanged), 0 rejected." in response.content.decode()


def test_submitting_no_file_asks_for_one(editor_client):
    response = editor_client.post(IMPORT_URL, {"format": ""})
    assert response.status_code == 200
    content = response.content.decode()
    assert response.context["form"].errors == {"documents": ["Choose at least one file."]}
    assert "Choose at least one file." in content
    assert "Import report" not in content and "imported," not in content
    assert SourceDocument.objects.count() == 0


def test_dry_run_upload_writes_nothing(editor_client, sources_dir):
    response = editor_client.post(
        IMPORT_URL, {"documents": [upload(next(sources_dir.glob("000_*.txt")))], "dry_run": "on"}
    )
    assert "Dry run: nothing was written" in response.content.decode()
    assert Film.objects.count() == 0


def test_import_history_lists_documents_with_their_outcome(editor_client, sources_dir):
    editor_client.post(IMPORT_URL, {"documents": [upload(p) for p in sources_dir.glob("*.txt")]})
    content = editor_client.get(reverse("admin:films_sourcedocument_changelist")).content.decode()
    assert "000_ea9deac0f6375b19.txt" in content
    assert "001_90928487ba2d9350.txt" in content
    assert "Created the film" in content
    assert "Import documents" in content


def test_film_admin_shows_where_each_value_came_from(editor_client, sources_dir):
    editor_client.post(IMPORT_URL, {"documents": [upload(p) for p in sources_dir.glob("*.txt")]})
    film = Film.objects.get()
    film.runtime_minutes = 140
    film.save()
    content = editor_client.get(reverse("admin:films_film_change", args=[film.pk])).content.decode()
    assert "Imported values" in content
    assert "000_ea9deac0f6375b19.txt" in content
    assert "edited by hand (protected)" in content


def test_the_import_page_needs_the_permission(client, django_user_model):
    user = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(IMPORT_URL).status_code == 403


def test_needs_review_filter_is_offered(editor_client):
    content = editor_client.get(reverse("admin:reviews_criticreview_changelist")).content.decode()
    assert "By needs review" in content
