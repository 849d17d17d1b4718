"""Which film a document describes: a page that gives no year joins the one
film of its title instead of creating a duplicate, and is refused when
several films could be meant (issue #12, item 2)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from films.importer.load import find_film
from films.importer.load.matching import films_keyed_like
from films.models import Film
from reviews.models import AudienceReview

from . import factories as f
from .test_import import snapshot as every_row

pytestmark = pytest.mark.django_db

RELEASE_DATES = (
    "Release Date (Theaters)\nSep 6, 1948, Original\nRelease Date (Streaming)\nMar 23, 2017\n"
)


def snapshot():
    """Every row the importer writes, but the content version: a rejected
    document may still tell caches to let go, which is harmless."""
    state = every_row()
    state.pop("films_contentversion")
    return state


def run_import(*paths, **options):
    out, err = StringIO(), StringIO()
    call_command("import_sources", *map(str, paths), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def yearless_capture(rt_seed_path, tmp_path, extra_review=""):
    """The seed page as captured without its release dates: nothing on it
    gives the year."""
    text = rt_seed_path.read_text(encoding="utf-8")
    assert RELEASE_DATES in text
    text = text.replace(RELEASE_DATES, "")
    if extra_review:
        text = text.replace(
            "View All (829) audience reviews\n", f"View All (830) audience reviews\n{extra_review}"
        )
    path = tmp_path / "yearless.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_capture_without_a_year_joins_the_one_film_of_that_title(client, tmp_path, rt_seed_path):
    run_import(rt_seed_path, publish=True)
    film = Film.objects.get()
    yearless = yearless_capture(
        rt_seed_path,
        tmp_path,
        "Zed Q A later opinion. Rated 4 out of 5 stars 11/01/24 Full Review ",
    )
    out, _ = run_import(yearless, publish=True)
    assert "films: 0 created, 0 updated, 1 unchanged" in out
    assert list(Film.objects.values_list("pk", "slug", "year")) == [
        (film.pk, "the-red-shoes-1948", 1948)
    ]
    assert AudienceReview.objects.get(author_name="Zed Q").film == film
    assert client.get("/films/the-red-shoes/").status_code == 404
    listing = client.get("/films/").content.decode()
    assert listing.count('href="/films/the-red-shoes-1948/"') >= 1
    assert "/films/the-red-shoes/" not in listing


def test_a_capture_with_a_year_joins_the_one_film_that_has_none(tmp_path, rt_seed_path):
    run_import(yearless_capture(rt_seed_path, tmp_path))
    film = Film.objects.get()
    assert film.year is None
    out, _ = run_import(rt_seed_path)
    assert "films: 0 created, 1 updated" in out
    film.refresh_from_db()
    assert Film.objects.count() == 1
    assert film.year == 1948
    assert film.release_dates.count() == 2


def test_a_capture_without_a_year_is_refused_when_remakes_share_the_title(tmp_path, rt_seed_path):
    f.FilmFactory(title="The Red Shoes", year=1948, slug="the-red-shoes-1948")
    f.FilmFactory(title="The red shoes!", year=2005, slug="the-red-shoes-2005")
    before = snapshot()
    err = StringIO()
    with pytest.raises(CommandError, match=r"1 of 1 document\(s\) failed"):
        call_command(
            "import_sources",
            str(yearless_capture(rt_seed_path, tmp_path)),
            stdout=StringIO(),
            stderr=err,
        )
    message = err.getvalue().strip()
    assert len(message.splitlines()) == 1
    assert "ambiguous film: the document gives no year and 2 films" in message
    assert "The Red Shoes (1948) at /films/the-red-shoes-1948/" in message
    assert "The red shoes! (2005) at /films/the-red-shoes-2005/" in message
    assert snapshot() == before


def test_a_capture_with_a_year_is_refused_when_two_films_without_one_fit(tmp_path, rt_seed_path):
    f.FilmFactory(title="The Red Shoes", year=None, slug="the-red-shoes")
    f.FilmFactory(title="THE RED SHOES", year=None, slug="the-red-shoes-2")
    before = snapshot()
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_sources", str(rt_seed_path), stdout=StringIO(), stderr=err)
    assert "the document gives the year 1948 and 2 films" in err.getvalue()
    assert snapshot() == before


def test_a_film_of_the_same_year_is_preferred_to_one_without_a_year():
    dated = f.FilmFactory(title="The Red Shoes", year=1948)
    f.FilmFactory(title="The Red Shoes", year=None, slug="the-red-shoes")
    f.FilmFactory(title="The Red Shoes", year=2005, slug="the-red-shoes-2005")
    assert find_film("The Red Shoes", 1948) == dated
    assert find_film("The Red Shoes", 1960).slug == "the-red-shoes"  # may be the 1960 film


def test_titles_match_without_case_accents_or_punctuation_and_follow_renames():
    film = f.FilmFactory(title="Amélie", year=2001)
    assert find_film("AMELIE", None) == film
    film.title = "Le Fabuleux Destin d'Amélie Poulain"
    film.save()
    assert find_film("Amelie", 2001) is None
    assert find_film("le fabuleux destin d amelie poulain", None) == film


def test_finding_a_film_by_title_uses_an_index():
    f.FilmFactory.create_batch(3)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # The tables of a test are tiny: make the planner show what it
            # would do on a catalogue.
            cursor.execute("SET LOCAL enable_seqscan = off")
    plan = films_keyed_like("The Red Shoes").explain()
    assert "films_film_title_key_idx" in plan
