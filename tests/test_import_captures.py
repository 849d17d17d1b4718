"""Captures have an order: a film keeps the values of its newest capture,
whatever order documents are imported in and however often (issue #12,
items 3 and 5)."""

import datetime
import itertools
import os
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from films.models import (
    Company,
    Credit,
    Film,
    FilmCompany,
    FilmFact,
    Genre,
    Person,
    Provider,
    ReleaseDate,
    SimilarFilm,
    SourceDocument,
    WatchOption,
)
from filmsite.content.models import ChangeRecord
from reviews.models import (
    AudienceReview,
    Critic,
    CriticReview,
    Publication,
    ReportedScore,
)

pytestmark = pytest.mark.django_db

PROJECT = Path(__file__).resolve().parents[1]
FIXTURES = PROJECT / "tests" / "fixtures"

UTC = datetime.UTC
OLDER = datetime.datetime(2025, 1, 10, 9, 30, tzinfo=UTC)
BETWEEN = datetime.datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
NEWER = datetime.datetime(2025, 6, 20, 18, 45, tzinfo=UTC)


def run_import(*paths, **options):
    out, err = StringIO(), StringIO()
    call_command("import_sources", *map(str, paths), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def write(path, text, captured=None):
    path.write_text(text, encoding="utf-8")
    if captured is not None:
        os.utime(path, (captured.timestamp(), captured.timestamp()))
    return path


def edit(text, old, new):
    """str.replace that insists the seed still has `old`."""
    assert old in text, old
    return text.replace(old, new)


def older_capture(text):
    """The seed page as fetched months earlier: other scores, runtime and
    consensus, an earlier wording of one audience review, and a review the
    newer capture no longer shows."""
    text = edit(text, "99% Tomatometer 67 Reviews", "97% Tomatometer 60 Reviews")
    text = edit(text, "91% Audience Score", "89% Audience Score")
    text = edit(text, "2h 13m", "2h 12m")
    text = edit(text, "with balletic grace.", "with some grace.")
    text = edit(text, "a bit to melodramatic to my liking", "far too melodramatic for me")
    return edit(
        text,
        "View All (829) audience reviews\n",
        "View All (801) audience reviews\nOlga P Seen long before the restoration, still "
        "lovely. Rated 4.5 out of 5 stars 01/02/24 Full Review ",
    )


def brief_encounter(text):
    """Another film's page, whose "more like this" links back to the first."""
    text = text.replace("The Red Shoes", "\0").replace("Brief Encounter", "The Red Shoes")
    text = text.replace("\0", "Brief Encounter")
    return edit(text, "Sep 6, 1948, Original", "Nov 26, 1945, Original")


@pytest.fixture
def captures(tmp_path, rt_seed_path, review_site_seed_path):
    """Four documents: two captures of one page, the other site's page of
    the same film, and a page of a film the first one links to."""
    seed = rt_seed_path.read_text(encoding="utf-8")
    return [
        write(tmp_path / "rt-new.txt", seed, NEWER),
        write(tmp_path / "rt-old.txt", older_capture(seed), OLDER),
        write(tmp_path / "other.txt", review_site_seed_path.read_text(encoding="utf-8"), BETWEEN),
        write(tmp_path / "brief.txt", brief_encounter(seed), BETWEEN),
    ]


# Import times and row ids differ between runs; everything else must not.
# (A row's fingerprint hashes its values, ids of critics and publications
# among them, so it differs with the ids.)
VOLATILE = {
    "id",
    "created_at",
    "updated_at",
    "published_at",
    "first_published_at",
    "first_imported_at",
}
VOLATILE |= {"last_imported_at", "outcome", "summary", "conflicts", "warnings", "text"}
VOLATILE |= {"import_fingerprint"}
MODELS = [
    Film, Person, Genre, Company, Provider, Credit, FilmCompany, ReleaseDate, WatchOption,
    SimilarFilm, FilmFact, Critic, Publication, CriticReview, AudienceReview, ReportedScore,
    SourceDocument,
]  # fmt: skip


def canonical_dump():
    """Every row the importer writes, without ids: a related row is named by
    its natural key (a document by its content hash), rows are sorted."""
    names = {SourceDocument: dict(SourceDocument.objects.values_list("pk", "content_hash"))}

    def name(model, pk):
        if model not in names:
            names[model] = {obj.pk: str(obj) for obj in model._base_manager.all()}
        return names[model].get(pk)

    genres = {}
    for film_id, genre in Film.genres.through.objects.values_list("film_id", "genre__name"):
        genres.setdefault(film_id, []).append(genre)
    dump = {}
    for model in MODELS:
        fields = [f for f in model._meta.concrete_fields if f.name not in VOLATILE]
        rows = []
        for obj in model._base_manager.values("pk", *(f.attname for f in fields)):
            row = []
            for field in fields:
                value = obj[field.attname]
                if field.is_relation:
                    value = name(field.related_model, value)
                elif field.name == "source_values":
                    value = sorted(  # JSON objects have no order (PostgreSQL sorts them)
                        (key, entry | {"document": name(SourceDocument, entry["document"])})
                        for key, entry in value.items()
                    )
                row.append((field.name, repr(value)))
            if model is Film:
                row.append(("genres", repr(sorted(genres.get(obj["pk"], [])))))
            rows.append(tuple(row))
        dump[model._meta.label] = sorted(rows)
    return dump


def kinds_written(out):
    """Lines of an import summary that report rows created or updated."""
    return [
        line
        for line in out.splitlines()
        if line.startswith("  ") and ("0 created, 0 updated" not in line)
    ]


@pytest.mark.slow
def test_every_order_imported_twice_gives_the_same_database(captures):
    reference = None
    for order in itertools.permutations(captures):
        names = [path.name for path in order]
        with transaction.atomic():
            run_import(*order)
            first = canonical_dump()
            out, _ = run_import(*order)
            assert kinds_written(out) == [], f"second import of {names} wrote rows"
            assert canonical_dump() == first, f"second import of {names} changed the database"
            if reference is None:
                reference, reference_names = first, names
                check_newest_capture_won()
            else:
                assert first == reference, f"{names} differs from {reference_names}: " + "; ".join(
                    f"{label}: {sorted(set(first[label]) ^ set(reference[label]))}"
                    for label in reference
                    if first[label] != reference[label]
                )
            transaction.set_rollback(True)


def check_newest_capture_won():
    film = Film.objects.get(year=1948)
    assert film.runtime_minutes == 133
    assert film.critics_consensus.endswith("with balletic grace.")
    score = ReportedScore.objects.get(film=film, source_site="Rotten Tomatoes")
    assert (score.tomatometer, score.critic_review_count, score.audience_score) == (99, 67, 91)
    assert score.reported_at == NEWER
    assert (film.tomatometer, film.tomatometer_count) == (99, 67)
    lars = AudienceReview.objects.get(film=film, author_name="Lars N")
    assert "a bit to melodramatic" in lars.text
    assert lars.source_document.captured_at == NEWER
    # The older capture still adds the review only it shows.
    olga = AudienceReview.objects.get(film=film, author_name="Olga P")
    assert olga.source_document.captured_at == OLDER
    offers = set(film.watch_options.values_list("last_confirmed", flat=True))
    assert offers == {NEWER.date()}
    assert SimilarFilm.objects.get(film=film, title="Brief Encounter").similar_film.year == 1945
    assert SimilarFilm.objects.get(title="The Red Shoes").similar_film == film
    assert film.source_values["runtime_minutes"]["document"] == (
        SourceDocument.objects.get(captured_at=NEWER).pk
    )


def test_an_older_capture_imported_later_reverts_nothing(tmp_path, rt_seed_path):
    seed = rt_seed_path.read_text(encoding="utf-8")
    run_import(write(tmp_path / "new.txt", seed, NEWER))
    out, _ = run_import(write(tmp_path / "old.txt", older_capture(seed), OLDER))
    assert "films: 0 created, 0 updated, 1 unchanged" in out
    assert "audience reviews: 1 created, 0 updated, 5 unchanged, 1 kept from a newer capture" in out
    assert "reported scores: 0 created, 0 updated, 0 unchanged, 1 kept from a newer capture" in out
    film = Film.objects.get()
    assert (film.runtime_minutes, film.tomatometer) == (133, 99)


def test_a_newer_capture_imported_later_replaces_the_values(tmp_path, rt_seed_path):
    seed = rt_seed_path.read_text(encoding="utf-8")
    run_import(write(tmp_path / "old.txt", older_capture(seed), OLDER))
    film = Film.objects.get()
    assert (film.runtime_minutes, film.tomatometer) == (132, 97)
    out, _ = run_import(write(tmp_path / "new.txt", seed, NEWER))
    assert "films: 0 created, 1 updated" in out
    film.refresh_from_db()
    assert (film.runtime_minutes, film.tomatometer) == (133, 99)
    assert ReportedScore.objects.get().reported_at == NEWER
    assert AudienceReview.objects.filter(film=film).count() == 7  # Olga P stays


def test_a_capture_between_two_that_agree_does_not_win(tmp_path, rt_seed_path):
    """The newest capture owns the values it repeats from an older one, so a
    capture between them, imported last, changes nothing."""
    seed = rt_seed_path.read_text(encoding="utf-8")
    newer = edit(seed, "to my liking", "to my taste")
    between = edit(seed, "99% Tomatometer 67 Reviews", "97% Tomatometer 60 Reviews")
    between = edit(between, "2h 13m", "2h 12m")
    between = edit(between, "Rated: 5/5", "Rated: 4/5")
    run_import(
        write(tmp_path / "old.txt", seed, OLDER),
        write(tmp_path / "new.txt", newer, NEWER),
        write(tmp_path / "between.txt", between, BETWEEN),
    )
    film = Film.objects.get()
    assert (film.runtime_minutes, film.tomatometer, film.tomatometer_count) == (133, 99, 67)
    newest = SourceDocument.objects.get(captured_at=NEWER)
    assert film.source_values["runtime_minutes"]["document"] == newest.pk
    assert ReportedScore.objects.get().source_document == newest
    # The oldest and the newest capture show this review alike.
    review = CriticReview.objects.get(critic__name="Rich Cline")
    assert (review.score_text, review.source_document) == ("5/5", newest)


def test_the_capture_time_defaults_to_the_file_modification_time(tmp_path, rt_seed_path):
    run_import(write(tmp_path / "rt.txt", rt_seed_path.read_text(encoding="utf-8"), OLDER))
    document = SourceDocument.objects.get()
    assert document.captured_at == OLDER
    assert ReportedScore.objects.get().reported_at == OLDER
    assert set(WatchOption.objects.values_list("last_confirmed", flat=True)) == {
        timezone.localdate(OLDER)
    }


def test_the_same_content_imported_again_with_a_new_modification_time_changes_nothing(
    tmp_path, rt_seed_path
):
    path = write(tmp_path / "rt.txt", rt_seed_path.read_text(encoding="utf-8"), OLDER)
    run_import(path)
    before, history = canonical_dump(), ChangeRecord.objects.count()
    write(path, rt_seed_path.read_text(encoding="utf-8"), NEWER)
    out, _ = run_import(path)
    assert kinds_written(out) == []
    assert canonical_dump() == before
    assert ChangeRecord.objects.count() == history
    assert SourceDocument.objects.get().captured_at == OLDER


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2025-03-01", datetime.datetime(2025, 3, 1)),  # midnight where the site is
        ("2025-03-01T14:30", datetime.datetime(2025, 3, 1, 14, 30)),
        ("2025-03-01T14:30:00+02:00", datetime.datetime(2025, 3, 1, 12, 30, tzinfo=UTC)),
        ("2025-03-01T14:30Z", datetime.datetime(2025, 3, 1, 14, 30, tzinfo=UTC)),
    ],
)
def test_captured_at_on_the_command_line(tmp_path, given, expected, rt_seed_path):
    if timezone.is_naive(expected):
        expected = timezone.make_aware(expected)
    path = write(tmp_path / "rt.txt", rt_seed_path.read_text(encoding="utf-8"), OLDER)
    run_import(path, captured_at=given)
    assert SourceDocument.objects.get().captured_at == expected
    assert ReportedScore.objects.get().reported_at == expected


@pytest.mark.parametrize(
    "given", ["yesterday", "2025-13-01", "2025-02-30", "2025-03-01T25:00", "", "1/3/2025"]
)
def test_a_bad_captured_at_is_an_error_naming_the_option(given, rt_seed_path):
    with pytest.raises(CommandError, match=r"--captured-at: .* is not an ISO 8601 date"):
        call_command("import_sources", str(rt_seed_path), "--captured-at", given, stdout=StringIO())
    assert SourceDocument.objects.count() == 0


def test_a_captured_at_in_the_future_is_refused(rt_seed_path):
    later = (timezone.now() + datetime.timedelta(hours=1)).isoformat()
    with pytest.raises(CommandError, match=r"--captured-at.*in the future"):
        call_command("import_sources", str(rt_seed_path), "--captured-at", later, stdout=StringIO())
    assert SourceDocument.objects.count() == 0


def test_a_file_modified_in_the_future_is_rejected_naming_it(tmp_path, rt_seed_path):
    later = timezone.now() + datetime.timedelta(days=2)
    path = write(tmp_path / "rt.txt", rt_seed_path.read_text(encoding="utf-8"), later)
    err = StringIO()
    with pytest.raises(CommandError, match="failed"):
        call_command("import_sources", str(path), stdout=StringIO(), stderr=err)
    assert f"{path}: its capture time" in err.getvalue()
    assert "is in the future" in err.getvalue()
    assert Film.objects.count() == 0


IMPORT_URL = reverse("admin:films_sourcedocument_import")


def upload(text, name="rt.txt"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


def test_an_upload_records_the_capture_time_given_in_the_form(editor_client, rt_seed_path):
    response = editor_client.post(
        IMPORT_URL,
        {
            "documents": [upload(rt_seed_path.read_text(encoding="utf-8"))],
            "captured_at": "2025-03-01T14:30",
        },
    )
    assert "1 imported, 0 skipped (unchanged), 0 rejected." in response.content.decode()
    captured = timezone.make_aware(datetime.datetime(2025, 3, 1, 14, 30))
    document = SourceDocument.objects.get()
    assert document.captured_at == captured
    page = editor_client.get(reverse("admin:films_sourcedocument_change", args=[document.pk]))
    assert "Captured" in page.content.decode()
    listing = editor_client.get(reverse("admin:films_sourcedocument_changelist"))
    assert "column-captured_at" in listing.content.decode()


def test_an_upload_without_a_capture_time_counts_as_captured_now(editor_client, rt_seed_path):
    before = timezone.now()
    editor_client.post(
        IMPORT_URL, {"documents": [upload(rt_seed_path.read_text(encoding="utf-8"))]}
    )
    assert before <= SourceDocument.objects.get().captured_at <= timezone.now()


def test_an_upload_captured_in_the_future_is_refused_by_the_form(editor_client, rt_seed_path):
    later = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = editor_client.post(
        IMPORT_URL,
        {"documents": [upload(rt_seed_path.read_text(encoding="utf-8"))], "captured_at": later},
    )
    assert "The capture time cannot be in the future." in response.content.decode()
    assert SourceDocument.objects.count() == 0


# --- Re-import is a no-op (item 5) ---------------------------------------------


def every_shape(tmp_path, rt_seed_path, review_site_seed_path):
    """Both seeds, the invented pages of tests/fixtures, and pages made from
    the seeds that give what the parsers accept in other shapes: letter
    grades, half stars, reviews without critic or publication, missing
    sections."""
    rt = rt_seed_path.read_text(encoding="utf-8")
    other = review_site_seed_path.read_text(encoding="utf-8")
    documents = {"rt.txt": rt, "rt-older.txt": older_capture(rt), "other.txt": other}
    for path in sorted(FIXTURES.glob("*.txt")):
        if path.name.startswith(("rt_lantern", "rt_marsh", "rt_orchard", "reviewsite_")):
            documents[path.name] = path.read_text(encoding="utf-8")

    def film(text, title):
        return text.replace("The Red Shoes", title)

    grades = film(rt, "Grades and Halves")
    grades = edit(grades, "Rated: 4/4", "Rated: B+")
    grades = edit(grades, "Rated: 5/5", "Rated: A-")
    grades = edit(grades, "Rated: 9/10", "Rated: 3½/4")
    grades = edit(grades, "Rated 2 out of 5 stars", "Rated 2.5 out of 5 stars")
    grades = edit(grades, "Rated 3 out of 5 stars", "Rated 0.5 out of 5 stars")
    documents["grades.txt"] = grades
    # A critic without a publication and a publication without a critic
    # (besides the seed's own), by editing who wrote two reviews.
    authors = film(rt, "Who Wrote It")
    authors = edit(authors, "Rich Cline Shadows on the Wall ", "Rich Cline ")
    authors = edit(authors, "Michael Barrett PopMatters ", "PopMatters ")
    documents["authors.txt"] = authors
    sparse = film(rt, "Missing Sections")
    sparse = edit(sparse, "What to Know\n\nCritics Consensus\n\n", "")
    sparse = edit(
        sparse,
        "Missing Sections is one of the best-looking movies ever, and blends multiple moods "
        "and styles with balletic grace.\n\nRead Critics Reviews\n\n",
        "",
    )
    where_to_watch = (
        "Where to Watch\n\nMissing Sections\n\nIn Theaters Prime Video Max Apple TV\n\n"
        "Watch Missing Sections with a subscription on Prime Video, Max, rent on Apple TV, "
        "or buy on Apple TV.\n\nMissing Sections\n\n"
    )
    sparse = edit(sparse, where_to_watch, "")
    documents["sparse.txt"] = sparse
    documents["other-yearless-site.txt"] = other.replace("The Red Shoes", "Another Ballet")
    captured = {"rt-older.txt": OLDER, "rt.txt": NEWER}
    return [write(tmp_path / name, text, captured.get(name)) for name, text in documents.items()]


def test_importing_every_shape_again_writes_nothing(tmp_path, rt_seed_path, review_site_seed_path):
    paths = every_shape(tmp_path, rt_seed_path, review_site_seed_path)
    out, err = run_import(*paths)
    assert err == ""
    assert f"documents: {len(paths)} imported, 0 failed" in out
    films = Film.objects.count()
    assert films == len(paths) - 2  # both captures of the seed and the other site: one film
    assert CriticReview.objects.filter(critic=None).exists()
    assert CriticReview.objects.filter(publication=None).exists()
    assert CriticReview.objects.filter(score_text="B+").exists()
    assert AudienceReview.objects.filter(stars=Decimal("2.5")).exists()
    before, history = canonical_dump(), ChangeRecord.objects.count()
    out, err = run_import(*paths)
    assert err == ""
    assert kinds_written(out) == [], out
    assert "films: 0 created, 0 updated" in out
    assert canonical_dump() == before
    assert ChangeRecord.objects.count() == history
    assert set(SourceDocument.objects.values_list("outcome", flat=True)) == {"unchanged"}


def test_a_reimport_that_keeps_a_value_edited_by_hand_records_no_history(tmp_path, rt_seed_path):
    run_import(rt_seed_path)
    film = Film.objects.get()
    film.runtime_minutes = 140
    film.save()
    history = ChangeRecord.objects.count()
    out, _ = run_import(rt_seed_path)
    assert "conflict: Runtime (minutes): kept the value edited by hand (140)" in out
    assert kinds_written(out) == []
    assert ChangeRecord.objects.count() == history
    document = SourceDocument.objects.get()
    assert document.conflicts == [
        "Runtime (minutes): kept the value edited by hand (140); the source says 133"
    ]
