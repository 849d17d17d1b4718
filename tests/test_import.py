"""The import command end to end, on the real source documents."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from films.models import Credit, Film, Person, SourceDocument
from filmsite.content.models import ContentVersion
from reviews.models import AudienceReview, Critic, CriticReview, ReportedScore

from . import factories as f

pytestmark = pytest.mark.django_db


def run_import(*args, **options):
    out, err = StringIO(), StringIO()
    call_command("import_sources", *map(str, args), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


# The import runs' log gains a row with every run, even one that changes
# nothing else (tests/test_import_runs.py).
RUN_LOG = "films_importrun"


def snapshot():
    """Every row of every table the importer writes, as plain values, but the
    import runs' log."""
    tables = sorted(connection.introspection.table_names())
    state = {}
    with connection.cursor() as cursor:
        for table in tables:
            if table.startswith(("films_", "reviews_", "content_")) and table != RUN_LOG:
                cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')
                state[table] = [tuple(map(str, row)) for row in cursor.fetchall()]
    return state


@pytest.fixture
def red_shoes(rt_seed_path, review_site_seed_path):
    run_import(rt_seed_path, review_site_seed_path)
    return Film.objects.get()


def names(credits):
    return [credit.person.name for credit in credits]


def test_both_documents_end_as_one_film(red_shoes):
    assert Film.objects.count() == 1
    assert red_shoes.title == "The Red Shoes"
    assert red_shoes.year == 1948
    assert red_shoes.slug == "the-red-shoes-1948"
    assert SourceDocument.objects.filter(film=red_shoes).count() == 2


def test_film_fields_from_both_sources(red_shoes):
    assert red_shoes.runtime_minutes == 133
    assert red_shoes.release_status == "now_playing"
    assert red_shoes.certification == "NR"  # only the second site states it
    assert red_shoes.original_language == "British English"
    assert red_shoes.sound_mix == ""
    assert red_shoes.synopsis.startswith("In this classic drama, Vicky Page (Moira Shearer)")
    assert red_shoes.critics_consensus == (
        "The Red Shoes is one of the best-looking movies ever, and blends multiple moods "
        "and styles with balletic grace."
    )
    assert [g.name for g in red_shoes.genres.all()] == ["Drama", "Romance"]


def test_credits_with_one_person_per_human(red_shoes):
    credits = red_shoes.credits.select_related("person")
    by_role = {
        role: names(credits.filter(role=role).order_by("billing_order"))
        for role in ("director", "producer", "screenwriter", "cast")
    }
    assert by_role["director"] == ["Michael Powell", "Emeric Pressburger"]
    assert by_role["producer"] == ["Michael Powell", "Emeric Pressburger"]
    assert by_role["screenwriter"] == [
        "Hans Christian Andersen",
        "Michael Powell",
        "Emeric Pressburger",
        "Keith Winter",
        "Marius Goring",
    ]
    assert [(c.person.name, c.character) for c in credits.filter(role="cast")] == [
        ("Moira Shearer", "Vicky Page"),
        ("Anton Walbrook", "Boris Lermontov"),
        ("Marius Goring", "Julian Craster"),
    ]
    powell = Person.objects.get(name="Michael Powell")
    assert sorted(powell.credits.values_list("role", flat=True)) == [
        "director", "producer", "screenwriter",
    ]  # fmt: skip
    goring = Person.objects.get(name="Marius Goring")
    assert sorted(goring.credits.values_list("role", flat=True)) == ["cast", "screenwriter"]
    assert Person.objects.count() == 7


def test_companies_release_dates_and_watch_options(red_shoes):
    companies = [
        (fc.kind, fc.company.name, fc.region)
        for fc in red_shoes.company_roles.select_related("company").order_by("kind", "position")
    ]
    assert companies == [
        ("distributor", "MCA/Universal Pictures", "us"),
        ("distributor", "Criterion Collection", ""),
        ("production", "The Archers", ""),
        ("production", "Independent Producers", ""),
    ]
    releases = [(r.kind, r.date, r.region, r.note) for r in red_shoes.release_dates.all()]
    assert releases == [
        ("theatrical", datetime.date(1948, 9, 6), "", "Original"),
        ("theatrical", datetime.date(1948, 10, 22), "USA", ""),
        ("streaming", datetime.date(2017, 3, 23), "", ""),
    ]
    offers = sorted(
        (w.offer_type, w.provider.name if w.provider else None)
        for w in red_shoes.watch_options.select_related("provider")
    )
    assert offers == [
        ("buy", "Apple TV"),
        ("rent", "Apple TV"),
        ("subscription", "Max"),
        ("subscription", "Prime Video"),
        ("theaters", None),
    ]


def test_similar_films_and_reported_scores(red_shoes):
    similar = [(s.title, s.tomatometer, s.audience_score) for s in red_shoes.similar_entries.all()]
    assert similar == [
        ("Brief Encounter", 93, 91),
        ("The Life and Death of Colonel Blimp", 97, 90),
        ("Little Women", 75, 83),
        ("Marty", 96, 87),
        ("Far From the Madding Crowd", 64, 77),
    ]
    score = ReportedScore.objects.get(film=red_shoes)
    assert (score.source_site, score.tomatometer, score.critic_review_count) == (
        "Rotten Tomatoes", 99, 67,
    )  # fmt: skip
    assert (score.audience_score, score.audience_rating_count_text) == (91, "10,000+")
    assert (score.audience_rating_count, score.audience_review_count) == (10000, 829)


def test_critic_reviews(red_shoes):
    reviews = {
        (r.critic.name if r.critic else None, r.publication.name if r.publication else None): r
        for r in red_shoes.critic_reviews.select_related("critic", "publication")
    }
    assert set(reviews) == {
        ("Sara Michelle Fetters", None),
        ("George Campbell Dixon", "Daily Telegraph (UK)"),
        (None, "TIME Magazine"),
        ("Rich Cline", "Shadows on the Wall"),
        ("Victor Pineyro", "Seventh Art Studio"),
        ("Michael Barrett", "PopMatters"),
    }
    fetters = reviews["Sara Michelle Fetters", None]
    assert (fetters.score_text, fetters.score, fetters.review_date) == (
        "4/4", 100, datetime.date(2023, 11, 16),
    )  # fmt: skip
    assert fetters.quote.startswith("The Red Shoes showed me I could transcend")
    pineyro = reviews["Victor Pineyro", "Seventh Art Studio"]
    assert (pineyro.score_text, pineyro.score, pineyro.note) == (
        "9/10",
        90,
        "Full review in Spanish",
    )
    assert pineyro.quote.endswith("Incredible film.")
    assert reviews[None, "TIME Magazine"].review_date == datetime.date(2015, 3, 9)
    assert reviews["Rich Cline", "Shadows on the Wall"].score_text == "5/5"
    assert all(r.raw_source and r.source_document_id for r in reviews.values())


def test_audience_reviews_attributed_to_their_sites(red_shoes):
    rt = red_shoes.audience_reviews.filter(source_site="Rotten Tomatoes")
    assert [(r.author_name, r.stars, r.review_date) for r in rt.order_by("-review_date")] == [
        ("Lars N", Decimal("2.0"), datetime.date(2024, 7, 21)),
        ("Gertrude F", Decimal("5.0"), datetime.date(2024, 6, 21)),
        ("David C", Decimal("5.0"), datetime.date(2024, 3, 26)),
        ("Matthew B", Decimal("5.0"), datetime.date(2023, 9, 5)),
        ("Jim H", Decimal("3.0"), datetime.date(2023, 7, 18)),
        ("Red T", Decimal("5.0"), datetime.date(2023, 3, 4)),
    ]
    other = red_shoes.audience_reviews.exclude(source_site="Rotten Tomatoes")
    assert sorted(other.values_list("author_name", flat=True)) == [
        "Maria Trim", "cokiable", "ib011f9545i", "katyhun",
    ]  # fmt: skip
    assert len(set(other.values_list("source_site", flat=True))) == 1
    assert all(r.stars is None for r in other)


def test_reimporting_changes_nothing_and_reports_unchanged(
    red_shoes, rt_seed_path, review_site_seed_path
):
    before = snapshot()
    out, _ = run_import(rt_seed_path, review_site_seed_path)
    after = snapshot()
    # Only bookkeeping moves: the documents' "last imported" time, and the
    # content version that tells caches to let go.
    for table in ("films_sourcedocument", "content_contentversion"):
        before.pop(table), after.pop(table)
    assert after == before
    assert "documents: 2 imported, 0 failed" in out
    assert "films: 0 created, 0 updated, 2 unchanged" in out
    assert "critic reviews: 0 created, 0 updated, 6 unchanged" in out
    assert "audience reviews: 0 created, 0 updated, 10 unchanged" in out
    assert set(SourceDocument.objects.values_list("outcome", flat=True)) == {"unchanged"}


def test_import_order_does_not_change_the_result(review_site_seed_path, rt_seed_path):
    run_import(review_site_seed_path, rt_seed_path)
    film = Film.objects.get()
    assert film.synopsis.startswith("In this classic drama, Vicky Page (Moira Shearer)")
    assert film.certification == "NR"
    assert film.source_values["synopsis"]["site"] == "Rotten Tomatoes"


def test_a_newer_version_updates_the_film_and_adds_only_new_reviews(
    red_shoes, tmp_path, rt_seed_path
):
    text = rt_seed_path.read_text(encoding="utf-8")
    text = text.replace("99% Tomatometer 67 Reviews", "98% Tomatometer 68 Reviews")
    text = text.replace(
        "Read all reviews\n\nAudience Reviews",
        "Read all reviews\n\nAudience Reviews",
    )
    text = text.replace(
        "View All (829) audience reviews\n",
        "View All (830) audience reviews\nZed Q A new invented opinion about the ballet. "
        "Rated 3.5 out of 5 stars 11/01/26 Full Review ",
    )
    newer = tmp_path / "newer.txt"
    newer.write_text(text, encoding="utf-8")
    out, _ = run_import(newer)
    assert "audience reviews: 1 created, 0 updated, 6 unchanged" in out
    zed = AudienceReview.objects.get(author_name="Zed Q")
    assert zed.stars == Decimal("3.5")
    assert zed.review_date == datetime.date(2026, 11, 1)
    score = ReportedScore.objects.get(film=red_shoes)
    assert (score.tomatometer, score.critic_review_count, score.audience_review_count) == (
        98, 68, 830,
    )  # fmt: skip
    assert AudienceReview.objects.count() == 11
    assert CriticReview.objects.count() == 6


def test_a_newer_version_refreshes_the_headline_scores(red_shoes, tmp_path, rt_seed_path):
    text = rt_seed_path.read_text(encoding="utf-8")
    newer = tmp_path / "newer.txt"
    newer.write_text(
        text.replace("99% Tomatometer 67 Reviews", "98% Tomatometer 68 Reviews"), encoding="utf-8"
    )
    run_import(newer)
    red_shoes.refresh_from_db()
    assert (red_shoes.tomatometer, red_shoes.tomatometer_count) == (98, 68)


def test_a_reimport_that_writes_no_review_or_score_leaves_the_scores_alone(
    red_shoes, monkeypatch, rt_seed_path, review_site_seed_path
):
    refreshed = []
    monkeypatch.setattr("films.importer.load.document.refresh_scores", refreshed.append)
    run_import(rt_seed_path, review_site_seed_path)
    assert refreshed == []


def test_a_value_edited_by_hand_survives_a_reimport(red_shoes, rt_seed_path):
    red_shoes.runtime_minutes = 136
    red_shoes.save()
    review = CriticReview.objects.get(critic__name="Rich Cline")
    review.quote = "Corrected by an editor."
    review.save()
    out, _ = run_import(rt_seed_path)
    red_shoes.refresh_from_db()
    assert red_shoes.runtime_minutes == 136
    assert "conflict: Runtime (minutes): kept the value edited by hand (136)" in out
    review.refresh_from_db()
    assert review.quote == "Corrected by an editor."
    assert "kept the row edited by hand" in out


def test_dry_run_writes_nothing(rt_seed_path, review_site_seed_path):
    out, _ = run_import(rt_seed_path, review_site_seed_path, dry_run=True)
    assert "Dry run (nothing written): documents: 2 imported, 0 failed" in out
    assert "films: 1 created" in out
    assert Film.objects.count() == 0
    assert SourceDocument.objects.count() == 0


def test_publish_option_publishes_new_films_and_people(rt_seed_path):
    run_import(rt_seed_path, publish=True)
    assert Film.objects.published().count() == 1
    assert Person.objects.published().count() == Person.objects.count() == 7


def test_imported_films_are_drafts_by_default(rt_seed_path):
    run_import(rt_seed_path)
    assert Film.objects.published().count() == 0


BAD_DOCUMENTS = {
    "empty.txt": b"",
    "blank.txt": b"  \n\n \t\n",
    "binary.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
    "latin1.txt": "The Red Shoes\ncaf\xe9 cr\xe8me".encode("latin-1"),
    "unknown.txt": b"Dear diary,\nToday I watched a film and it was nice.\n",
    "truncated.txt": b"Rotten Tomatoes\nCancel Movies Tv shows Shop News Showtimes\n",
}


@pytest.mark.parametrize("name", BAD_DOCUMENTS)
def test_a_bad_document_is_rejected_and_changes_nothing(red_shoes, tmp_path, name):
    bad = tmp_path / name
    bad.write_bytes(BAD_DOCUMENTS[name])
    before = snapshot()
    with pytest.raises(CommandError, match=r"1 of 1 document\(s\) failed"):
        run_import(bad)
    assert snapshot() == before


@pytest.mark.parametrize("name", BAD_DOCUMENTS)
def test_the_error_names_the_file_and_the_reason(tmp_path, name):
    bad = tmp_path / name
    bad.write_bytes(BAD_DOCUMENTS[name])
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_sources", str(bad), stdout=StringIO(), stderr=err)
    message = err.getvalue().strip()
    assert message.startswith(f"{bad}: ")
    assert len(message.splitlines()) == 1
    assert len(message) > len(f"{bad}: ") + 5


def test_good_documents_still_import_beside_a_bad_one(tmp_path, rt_seed_path):
    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / "b_rt.txt").write_bytes(rt_seed_path.read_bytes())
    with pytest.raises(CommandError, match=r"1 of 2 document\(s\) failed") as error:
        run_import(tmp_path)
    assert error.value.returncode == 1
    assert Film.objects.count() == 1


def test_bom_and_crlf_import_like_the_plain_document(tmp_path, rt_seed_path):
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(b"\xef\xbb\xbf" + rt_seed_path.read_bytes().replace(b"\n", b"\r\n"))
    run_import(crlf)
    film = Film.objects.get()
    assert film.runtime_minutes == 133
    assert film.critic_reviews.count() == 6
    assert film.audience_reviews.count() == 6
    assert "\r" not in film.synopsis


def test_forcing_an_unknown_format_is_refused(rt_seed_path):
    with pytest.raises(CommandError):
        run_import(rt_seed_path, format="nonsense")


def test_forcing_the_wrong_format_fails_cleanly(review_site_seed_path):
    with pytest.raises(CommandError, match="failed"):
        run_import(review_site_seed_path, format="rottentomatoes")
    assert Film.objects.count() == 0


def test_known_critics_split_reviews_without_needing_review(rt_seed_path):
    publication = f.PublicationFactory(name="Seventh Art Studio")
    f.CriticFactory(name="Victor Pineyro", publication=publication)
    run_import(rt_seed_path)
    review = CriticReview.objects.get(critic__name="Victor Pineyro")
    assert review.publication.name == "Seventh Art Studio"
    assert review.needs_review is False


def test_new_critics_get_their_publication(red_shoes):
    assert Critic.objects.get(name="Rich Cline").publication.name == "Shadows on the Wall"
    assert Critic.objects.get(name="Sara Michelle Fetters").publication is None


def test_html_in_imported_text_is_shown_escaped(client, tmp_path, rt_seed_path):
    text = rt_seed_path.read_text(encoding="utf-8").replace(
        "It's influence aside", "<script>alert('owned')</script> It's influence aside"
    )
    doc = tmp_path / "html.txt"
    doc.write_text(text, encoding="utf-8")
    run_import(doc, publish=True)
    review = AudienceReview.objects.get(author_name="Lars N")
    assert review.text.startswith("<script>alert('owned')</script>")
    page = client.get(Film.objects.get().get_absolute_url()).content.decode()
    assert "<script>alert('owned')" not in page
    assert "&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt;" in page


def test_verbosity_two_lists_each_document(rt_seed_path):
    out, _ = run_import(rt_seed_path, verbosity=2)
    assert f"{rt_seed_path}: created The Red Shoes (1948)" in out


def test_verbosity_zero_is_silent(rt_seed_path):
    out, err = run_import(rt_seed_path, verbosity=0)
    assert out == err == ""


def test_provenance_is_recorded_per_field(red_shoes, rt_seed_path):
    rt_doc = SourceDocument.objects.get(format="rottentomatoes")
    assert red_shoes.source_values["runtime_minutes"]["document"] == rt_doc.pk
    other_doc = SourceDocument.objects.exclude(pk=rt_doc.pk).get()
    assert red_shoes.source_values["certification"]["document"] == other_doc.pk
    assert Credit.objects.filter(source_document=rt_doc).count() == 12
    assert (
        rt_doc.content_hash == __import__("hashlib").sha256(rt_seed_path.read_bytes()).hexdigest()
    )
    assert rt_doc.outcome == "created"


def test_long_runs_parse_in_a_worker_process_with_the_same_result(
    monkeypatch, tmp_path, review_site_seed_path, rt_seed_path
):
    from films.importer import pipeline

    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 2)
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_bytes(rt_seed_path.read_bytes())
    (tmp_path / "c.txt").write_bytes(review_site_seed_path.read_bytes())
    (tmp_path / "d.txt").write_bytes(b"")
    with pytest.raises(CommandError, match=r"1 of 4 document\(s\) failed"):
        run_import(tmp_path)
    film = Film.objects.get()
    assert film.critic_reviews.count() == 6
    assert film.audience_reviews.count() == 10


def test_uncertain_splits_are_flagged_for_review(red_shoes):
    flagged = CriticReview.objects.filter(needs_review=True)
    assert flagged.exists()
    assert not CriticReview.objects.filter(needs_review=True, publication__name="PopMatters")
    for review in flagged:
        assert review.quote in review.raw_source  # the editor sees the text to split


def test_a_corrected_split_is_kept_on_reimport_without_duplicates(red_shoes, rt_seed_path):
    review = CriticReview.objects.get(critic__name="George Campbell Dixon")
    corrected = f.PublicationFactory(name="The Daily Telegraph")
    review.publication = corrected
    review.needs_review = False
    review.save()
    out, _ = run_import(rt_seed_path)
    assert CriticReview.objects.count() == 6
    review.refresh_from_db()
    assert review.publication == corrected
    assert "kept the row edited by hand" in out


def test_a_reimport_after_editors_add_names_splits_with_them(tmp_path, rt_seed_path):
    f.CriticFactory(name="Sara Michelle Fetters")
    run_import(rt_seed_path)
    review = CriticReview.objects.get(critic__name="Sara Michelle Fetters")
    assert review.needs_review is False


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("99% Tomatometer", "999% Tomatometer", "tomatometer"),
        ("91% Audience Score", "101% Audience Score", "audience"),
        ("Sep 6, 1948, Original", "Sep 6, 0000, Original", "release"),
    ],
)
def test_out_of_range_values_are_rejected_naming_the_field(tmp_path, old, new, field, rt_seed_path):
    doc = tmp_path / "bad.txt"
    doc.write_text(rt_seed_path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_sources", str(doc), stdout=StringIO(), stderr=err)
    assert field in err.getvalue().lower()
    assert Film.objects.count() == 0


def test_a_review_score_out_of_range_is_stored_as_unknown(tmp_path, rt_seed_path):
    doc = tmp_path / "eleven.txt"
    doc.write_text(
        rt_seed_path.read_text(encoding="utf-8").replace("Rated: 10/10", "Rated: 11/10"),
        encoding="utf-8",
    )
    run_import(doc)
    review = CriticReview.objects.get(publication__name="PopMatters")
    assert (review.score_text, review.score) == ("11/10", None)


def test_an_import_run_bumps_the_content_version_once_pending_bumps_are_due():
    before = ContentVersion.current()
    with ContentVersion.batched(seconds=3600) as versions:
        ContentVersion.bump()
        ContentVersion.bump()
        versions.flush()  # not yet due
        assert ContentVersion.current() == before
    assert ContentVersion.current() == before + 1  # once, at the end
    with ContentVersion.batched(seconds=0) as versions:
        ContentVersion.bump()
        versions.flush()
        assert ContentVersion.current() == before + 2
    assert ContentVersion.current() == before + 2  # nothing left pending


def test_pending_bumps_are_made_when_an_import_run_fails():
    before = ContentVersion.current()
    with pytest.raises(KeyboardInterrupt), ContentVersion.batched():
        ContentVersion.bump()
        raise KeyboardInterrupt
    assert ContentVersion.current() == before + 1


def test_an_import_run_ends_with_the_content_version_bumped(rt_seed_path, review_site_seed_path):
    before = ContentVersion.current()
    run_import(rt_seed_path, review_site_seed_path)
    assert ContentVersion.current() > before


def test_sqlite_checkpoints_are_deferred_during_an_import_and_restored(
    rt_seed_path, review_site_seed_path
):
    """An import moves SQLite's write-ahead log into the database less often
    (each move syncs the disk), then once at the end; outside imports the
    default holds. PostgreSQL is left alone."""
    from films.importer.pipeline import import_paths

    def autocheckpoint():
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_autocheckpoint")
            return cursor.fetchone()[0]

    sqlite = connection.vendor == "sqlite"
    before = autocheckpoint() if sqlite else None
    during = []
    summary = import_paths(
        [rt_seed_path, review_site_seed_path],
        progress=lambda *_: during.append(autocheckpoint() if sqlite else None),
    )
    assert not summary.failed
    assert Film.objects.get().title == "The Red Shoes"
    if sqlite:
        assert during == [20_000, 20_000]
        assert autocheckpoint() == before == 1000
