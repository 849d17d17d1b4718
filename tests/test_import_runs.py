"""Every import run is recorded (ImportRun), from the command line and from the
admin's upload page; editors read the runs in the admin, and the dashboard
counts the recent ones that rejected documents (#15 item 7)."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from films.importer import pipeline
from films.models import Film, ImportRun

from . import factories as f
from .test_admin_lists import dashboard, result_rows

pytestmark = pytest.mark.django_db

EMPTY = {"file": "empty.txt", "reason": "empty document"}
CHANGELIST = reverse("admin:films_importrun_changelist")
LABEL = "Recent imports with failures"


def run_import(*paths, **options):
    call_command(
        "import_sources", *map(str, paths), stdout=StringIO(), stderr=StringIO(), **options
    )


@pytest.fixture
def good_and_bad(tmp_path, rt_seed_path):
    """A directory with one good document and one empty one."""
    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / "b_rt.txt").write_bytes(rt_seed_path.read_bytes())
    return tmp_path


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="text/plain")


# --- Recording -------------------------------------------------------------------------


def test_a_command_run_records_its_counts_and_the_failed_file_with_its_reason(good_and_bad):
    with pytest.raises(CommandError):
        run_import(good_and_bad)
    run = ImportRun.objects.get()
    assert (run.origin, run.user) == (ImportRun.Origin.COMMAND, None)
    assert (run.imported, run.unchanged, run.failed) == (1, 0, 1)
    assert run.failures == [{"file": str(good_and_bad / "a_empty.txt"), "reason": "empty document"}]
    assert run.started_at <= run.finished_at <= timezone.now()
    assert Film.objects.count() == 1  # the good document imported beside the bad one


def test_a_document_imported_before_counts_as_unchanged(rt_seed_path):
    run_import(rt_seed_path)
    run_import(rt_seed_path)
    latest = ImportRun.objects.first()
    assert (latest.imported, latest.unchanged, latest.failed) == (0, 1, 0)
    assert ImportRun.objects.count() == 2


def test_a_dry_run_records_nothing(good_and_bad):
    with pytest.raises(CommandError):
        run_import(good_and_bad, dry_run=True)
    assert not ImportRun.objects.exists()


def test_a_run_that_stops_half_way_keeps_its_record(good_and_bad, monkeypatch):
    """What it had done before it stopped, and no finish time."""
    load = pipeline.load_parsed

    def load_then_stop(name, *args, **kwargs):
        if name.endswith("b_rt.txt"):
            raise KeyboardInterrupt
        return load(name, *args, **kwargs)

    monkeypatch.setattr(pipeline, "load_parsed", load_then_stop)
    with pytest.raises(KeyboardInterrupt):
        run_import(good_and_bad)
    run = ImportRun.objects.get()
    assert run.finished_at is None
    assert (run.imported, run.failed) == (0, 1)  # the empty document came first


def test_an_admin_upload_records_the_uploading_user(editor, editor_client, rt_seed_path):
    editor_client.post(
        reverse("admin:films_sourcedocument_import"),
        {
            "documents": [
                upload("red_shoes.txt", rt_seed_path.read_bytes()),
                upload("empty.txt", b""),
            ]
        },
    )
    run = ImportRun.objects.get()
    assert (run.origin, run.user) == (ImportRun.Origin.ADMIN_UPLOAD, editor)
    assert (run.imported, run.unchanged, run.failed) == (1, 0, 1)
    assert run.failures == [EMPTY]


def test_an_admin_dry_run_records_nothing(editor_client):
    editor_client.post(
        reverse("admin:films_sourcedocument_import"),
        {"documents": [upload("empty.txt", b"")], "dry_run": "on"},
    )
    assert not ImportRun.objects.exists()


# --- The database's rules -------------------------------------------------------------------


@pytest.mark.parametrize("field", ["imported", "unchanged", "failed"])
def test_counts_cannot_be_negative(field):
    with pytest.raises(IntegrityError), transaction.atomic():
        f.ImportRunFactory(**{field: -1})


def test_a_run_cannot_finish_before_it_starts():
    started = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        f.ImportRunFactory(started_at=started, finished_at=started - datetime.timedelta(seconds=1))


def test_runs_are_listed_newest_first():
    old, new = f.ImportRunFactory(days_ago=2), f.ImportRunFactory()
    assert list(ImportRun.objects.all()) == [new, old]


# --- The dashboard -------------------------------------------------------------------


def test_a_run_without_failures_does_not_count_on_the_dashboard(editor_client):
    f.ImportRunFactory()
    count, _url = dashboard(editor_client.get(reverse("admin:index")))[LABEL]
    assert count == "0"


def test_the_dashboard_counts_last_weeks_runs_with_failures_and_links_to_them(editor_client):
    f.ImportRunFactory(failures=[EMPTY])
    f.ImportRunFactory(failures=[EMPTY, {"file": "other.txt", "reason": "unknown format"}])
    f.ImportRunFactory(failures=[EMPTY], days_ago=8)
    f.ImportRunFactory()
    tallies = dashboard(editor_client.get(reverse("admin:index")))
    labels = list(tallies)
    assert labels[labels.index("Imported documents with conflicts") + 1] == LABEL
    count, url = tallies[LABEL]
    assert count == "2"
    rows = result_rows(editor_client.get(url))
    assert len(rows) == 2
    assert all("empty.txt" in row for row in rows)


def test_the_filter_separates_runs_with_and_without_failures(editor_client):
    f.ImportRunFactory(failures=[EMPTY], days_ago=8)
    f.ImportRunFactory(imported=5)
    with_failures = result_rows(editor_client.get(CHANGELIST + "?failures=with"))
    without = result_rows(editor_client.get(CHANGELIST + "?failures=without"))
    assert len(with_failures) == len(without) == 1
    assert "empty.txt" in with_failures[0] and "empty.txt" not in without[0]


# --- The admin -------------------------------------------------------------------------


def test_the_list_shows_when_who_how_the_counts_and_the_failed_files(editor, editor_client):
    f.ImportRunFactory(
        user=editor,
        origin=ImportRun.Origin.ADMIN_UPLOAD,
        imported=3,
        unchanged=2,
        failures=[{"file": f"/srv/in/bad_{n}.txt", "reason": "empty document"} for n in range(5)],
    )
    response = editor_client.get(CHANGELIST)
    (row,) = result_rows(response)
    assert "editor Admin upload 3 2 5" in row
    assert "bad_0.txt, bad_1.txt, bad_2.txt and 2 more" in row
    assert "/srv/in" not in row  # the server's directories are not the editors' business


def test_the_list_costs_a_fixed_number_of_queries(
    editor, editor_client, django_user_model, django_assert_num_queries
):
    f.ImportRunFactory(user=editor)
    editor_client.get(CHANGELIST)  # the session's first use
    # Session, user, the user's and the group's permissions; the counts
    # (filtered and all), the rows with their users, the date hierarchy's two.
    with django_assert_num_queries(9) as before:
        editor_client.get(CHANGELIST)
    for n in range(5):
        uploader = django_user_model.objects.create_user(f"uploader-{n}")
        f.ImportRunFactory(user=uploader, failures=[EMPTY])
    with django_assert_num_queries(len(before)):
        editor_client.get(CHANGELIST)


def test_the_admin_refuses_to_add_or_change_a_run(editor_client):
    run = f.ImportRunFactory(failures=[EMPTY])
    assert editor_client.get(reverse("admin:films_importrun_add")).status_code == 403
    change = reverse("admin:films_importrun_change", args=[run.pk])
    page = editor_client.get(change)
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert editor_client.post(change, {"imported": "99", "failed": "0"}).status_code == 403
    run.refresh_from_db()
    assert (run.imported, run.failed) == (1, 1)


def test_only_a_superuser_may_delete_a_run(editor_client, admin_client):
    run = f.ImportRunFactory()
    delete = reverse("admin:films_importrun_delete", args=[run.pk])
    assert editor_client.post(delete, {"post": "yes"}).status_code == 403
    assert ImportRun.objects.filter(pk=run.pk).exists()
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert not ImportRun.objects.exists()


def test_the_run_page_lists_each_failed_file_and_its_reason_escaped(editor_client):
    run = f.ImportRunFactory(
        failures=[
            EMPTY,
            {
                "file": "/srv/in/<img src=x onerror=alert(1)>.txt",
                "reason": "unknown format: <script>alert(1)</script>",
            },
        ]
    )
    content = editor_client.get(reverse("admin:films_importrun_change", args=[run.pk])).content
    content = content.decode()
    assert "<td>empty.txt</td><td>empty document</td>" in content
    assert "<td>&lt;img src=x onerror=alert(1)&gt;.txt</td>" in content
    assert "unknown format: &lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "<script>alert" not in content and "<img src=x" not in content
    listed = editor_client.get(CHANGELIST).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;.txt" in listed and "<img src=x" not in listed


def test_editors_may_view_runs_and_contributors_may_not(editor, django_user_model, client):
    assert editor.has_perm("films.view_importrun")
    assert not {"add", "change", "delete"} & {
        codename.split("_")[0]
        for codename in Group.objects.get(name="Editors")
        .permissions.filter(codename__endswith="_importrun")
        .values_list("codename", flat=True)
    }
    contributor = django_user_model.objects.create_user("contributor", is_staff=True)
    contributor.groups.add(Group.objects.get(name="Contributors"))
    client.force_login(contributor)
    assert client.get(CHANGELIST).status_code == 403
    assert LABEL not in dashboard(client.get(reverse("admin:index")))


def test_a_run_reads_as_its_origin_and_start():
    run = f.ImportRunFactory(started_at=timezone.make_aware(datetime.datetime(2026, 3, 1, 9, 30)))
    assert str(run) == "Command import of 2026-03-01 09:30"
