"""Editors import documents from the admin and browse the import history."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from films.models import Film, SourceDocument

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:films_sourcedocument_import")


def upload(path):
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")


def test_editor_uploads_documents_and_sees_the_report(editor_client, sources_dir):
    response = editor_client.post(
        IMPORT_URL,
        {"documents": [upload(p) for p in sorted(sources_dir.glob("*.txt"))], "publish": "on"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Import report" in content
    assert "2 document(s) imported, 0 failed" in content
    assert "critic reviews: 6 created" in content
    film = Film.objects.get()
    assert film.is_published
    assert reverse("admin:films_film_change", args=[film.pk]) in content


def test_a_bad_upload_is_reported_and_changes_nothing(editor_client):
    bad = SimpleUploadedFile("broken.txt", b"\x00\x01\x02binary", content_type="text/plain")
    response = editor_client.post(IMPORT_URL, {"documents": [bad]})
    content = response.content.decode()
    assert "0 document(s) imported, 1 failed" in content
    assert "broken.txt" in content
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
