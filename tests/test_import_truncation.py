"""A truncated document is rejected by the import command, naming the file,
and writes nothing (issue #12, item 1). The cuts are made here from the
seeds; tests/importer/test_truncation.py sweeps every cut through the parser."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from films.models import Film, ImportRun, SourceDocument

pytestmark = pytest.mark.django_db


def rows():
    """Row count of every model, the importer's and everyone else's, but the
    import runs' log: each run adds its row (tests/test_import_runs.py)."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model is not ImportRun
    }


def import_file(path):
    out, err = StringIO(), StringIO()
    call_command("import_sources", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def import_rejected(path):
    """Import a document that must fail: the command's error and its stderr."""
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_sources", str(path), stdout=StringIO(), stderr=err)
    return str(caught.value), err.getvalue()


def cut_before(text, marker, extra=0):
    return text[: text.index(marker) + extra]


# Each cut, by name, of the seed's text.
RT_CUTS = {
    # The issue's case: inside the critic-reviews line, no final newline.
    "inside the critic reviews": lambda text: cut_before(text, "George Campbell Dixon", 40),
    "before Where to Watch": lambda text: cut_before(text, "\nWhere to Watch\n"),
    "at the Critics Reviews heading": lambda text: cut_before(text, "\nView All (67)"),
    "inside the audience reviews": lambda text: cut_before(text, "Gertrude F The film", 25),
    "before Cast & Crew": lambda text: cut_before(text, "Cast & Crew"),
    "before Movie Info, with a newline": lambda text: cut_before(text, "Movie Info"),
    "after a Movie Info label": lambda text: cut_before(text, "\nThe Archers"),
    "inside a Movie Info value": lambda text: cut_before(text, "Mar 23, 2017", 5),
    "inside the closing line": lambda text: cut_before(text, "Most Popular at Home Now", 12),
}
OTHER_CUTS = {
    "inside the synopsis": lambda text: cut_before(text, "Eventually Vicky"),
    "at the Reviews heading": lambda text: cut_before(text, "\ncokiable"),
    "after an author": lambda text: cut_before(text, "\n\nI am a huge"),
    "inside a review": lambda text: cut_before(text, "Flesh and Bones"),
    "inside the last View More": lambda text: text[:-4],
}


@pytest.fixture
def the_other_capture_imported(review_site_seed_path):
    """The film is already on the site from the other document, as when a
    truncated newer capture arrives."""
    import_file(review_site_seed_path)
    return Film.objects.get()


@pytest.mark.parametrize("name", RT_CUTS)
def test_a_truncated_rotten_tomatoes_page_is_rejected_and_writes_nothing(
    tmp_path, rt_seed_path, the_other_capture_imported, name
):
    document = tmp_path / "red_shoes_newer.txt"
    document.write_text(RT_CUTS[name](rt_seed_path.read_text(encoding="utf-8")), encoding="utf-8")
    before = rows()
    error, err = import_rejected(document)
    assert error == "1 of 1 document(s) failed."
    assert rows() == before
    assert len(err.splitlines()) == 1
    assert err.startswith(f"{document}: line ")
    assert "truncated: ends " in err
    assert '"Most Popular at Home Now"' in err


@pytest.mark.parametrize("name", OTHER_CUTS)
def test_a_truncated_page_of_the_other_site_is_rejected_and_writes_nothing(
    tmp_path, rt_seed_path, review_site_seed_path, name
):
    import_file(rt_seed_path)
    document = tmp_path / "red_shoes_other.txt"
    text = review_site_seed_path.read_text(encoding="utf-8")
    document.write_text(OTHER_CUTS[name](text), encoding="utf-8")
    before = rows()
    error, err = import_rejected(document)
    assert error == "1 of 1 document(s) failed."
    assert rows() == before
    assert len(err.splitlines()) == 1
    assert err.startswith(f"{document}: line ")
    assert "truncated: ends " in err
    assert 'closing "... View More"' in err


def test_the_issues_cut_names_the_file_and_what_is_missing(tmp_path, rt_seed_path):
    document = tmp_path / "cut.txt"
    cut = RT_CUTS["inside the critic reviews"](rt_seed_path.read_text(encoding="utf-8"))
    document.write_text(cut, encoding="utf-8")
    _, err = import_rejected(document)
    assert err == (
        f"{document}: line 32: truncated: ends inside Critics Reviews (a review cut off); "
        'no Movie Info, closing "Most Popular at Home Now"\n'
    )
    assert Film.objects.count() == 0


def test_a_file_cut_inside_a_character_is_rejected_as_truncated(tmp_path, rt_seed_path):
    data = rt_seed_path.read_bytes()
    document = tmp_path / "cut.txt"
    document.write_bytes(data[: data.index("\u2019".encode()) + 2])
    _, err = import_rejected(document)
    assert err.startswith(f"{document}: truncated: ends inside a character")
    assert Film.objects.count() == 0


def test_a_truncated_page_beside_whole_ones_leaves_them_imported(
    tmp_path, rt_seed_path, review_site_seed_path
):
    (tmp_path / "a_rt.txt").write_bytes(rt_seed_path.read_bytes())
    cut = OTHER_CUTS["inside a review"](review_site_seed_path.read_text(encoding="utf-8"))
    (tmp_path / "b_cut.txt").write_text(cut, encoding="utf-8")
    with pytest.raises(CommandError, match=r"1 of 2 document\(s\) failed"):
        import_file(tmp_path)
    film = Film.objects.get()
    assert SourceDocument.objects.get().film == film
    assert film.audience_reviews.count() == 6


@pytest.mark.parametrize("ending", ["\n", "\n\n \t\n"], ids=["newline", "blank lines"])
def test_whole_pages_with_or_without_trailing_blank_space_import(
    tmp_path, rt_seed_path, review_site_seed_path, ending
):
    for source in (rt_seed_path, review_site_seed_path):
        text = source.read_text(encoding="utf-8").rstrip()
        (tmp_path / f"bare_{source.name}").write_text(text, encoding="utf-8")
        (tmp_path / f"ended_{source.name}").write_text(text + ending, encoding="utf-8")
    out, err = import_file(tmp_path)
    assert err == ""
    assert "documents: 4 imported, 0 failed" in out
    film = Film.objects.get()
    assert (film.critic_reviews.count(), film.audience_reviews.count()) == (6, 10)
