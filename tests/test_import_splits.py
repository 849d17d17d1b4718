"""Critic and publication splits settled over a whole import run (issue 12,
item 4): one run gives what two runs give, in any order of the documents."""

import random
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from films.importer.load import known_names
from filmsite.content.models import ChangeRecord
from reviews.models import CriticReview, Publication

from .generated_pages import TrueReview, page_text, pages, write_pages

pytestmark = pytest.mark.django_db


# Alone, this review cannot tell where "Frame by Frame" ends ("Frame by
# Frame Black" is as good a publication); the second one can.
UNSURE = TrueReview(
    "Ivo Stainforth", "Frame by Frame", "Black Swan would not exist without this ballet."
)
SURE = TrueReview("Ivo Stainforth", "Frame by Frame", "These faults may well be outweighed.")


def run_import(*paths):
    out = StringIO()
    call_command("import_sources", *map(str, paths), stdout=out, stderr=StringIO())
    return out.getvalue()


def write(path, seed, *reviews):
    path.write_text(
        page_text(f"The Orchard {seed}", 1950, list(reviews), random.Random(seed)),
        encoding="utf-8",
    )
    return path


def stored_reviews():
    return sorted(
        (
            review.film.title,
            review.critic.name if review.critic else "",
            review.publication.name if review.publication else "",
            review.quote,
            review.needs_review,
        )
        for review in CriticReview.objects.select_related("film", "critic", "publication")
    )


def test_a_review_settled_only_by_a_later_document_is_split_right_in_one_run(tmp_path):
    write(tmp_path / "a.txt", 1, UNSURE)  # imported first
    write(tmp_path / "b.txt", 2, SURE)
    run_import(tmp_path)
    review = CriticReview.objects.get(film__title="The Orchard 1")
    assert (review.critic.name, review.publication.name) == ("Ivo Stainforth", "Frame by Frame")
    assert review.quote == UNSURE.quote
    assert review.needs_review is False
    assert not Publication.objects.filter(name="Frame by Frame Black").exists()


def test_a_truncated_document_teaches_the_run_no_names(tmp_path):
    write(tmp_path / "a.txt", 1, UNSURE)
    whole = write(tmp_path / "b.txt", 2, SURE).read_text(encoding="utf-8")
    # Cut after the critic reviews: the page is refused, and so are its names.
    (tmp_path / "b.txt").write_text(whole[: whole.index("Audience Reviews")], encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_sources", str(tmp_path), stdout=StringIO(), stderr=err)
    assert "b.txt" in err.getvalue() and "truncated" in err.getvalue()
    review = CriticReview.objects.get(film__title="The Orchard 1")
    assert review.needs_review is True
    assert not Publication.objects.filter(name="Frame by Frame").exists()


def test_one_run_gives_what_two_runs_give_and_the_second_changes_nothing(tmp_path):
    write_pages(tmp_path, pages(16, seed=5))
    run_import(tmp_path)
    once = stored_reviews()
    history = ChangeRecord.objects.count()
    out = run_import(tmp_path)
    assert stored_reviews() == once
    assert "critic reviews: 0 created, 0 updated, 96 unchanged" in out
    assert ChangeRecord.objects.count() == history


def test_the_order_of_the_documents_does_not_change_the_splits(tmp_path):
    generated = pages(16, seed=5)
    write_pages(tmp_path, generated)
    run_import(tmp_path)
    forward = stored_reviews()
    CriticReview.objects.all().delete()
    reverse = tmp_path / "reverse"
    reverse.mkdir()
    write_pages(reverse, generated[::-1])
    run_import(reverse)
    assert stored_reviews() == forward


def test_a_later_run_settles_a_review_an_earlier_run_left_unsure(tmp_path):
    alone = write(tmp_path / "a.txt", 1, UNSURE)
    run_import(alone)
    review = CriticReview.objects.get()
    assert review.needs_review is True
    write(tmp_path / "b.txt", 2, SURE)
    out = run_import(tmp_path)
    review.refresh_from_db()
    assert review.publication.name == "Frame by Frame"
    assert review.quote == UNSURE.quote
    assert review.needs_review is False
    assert "critic reviews: 1 created, 1 updated, 0 unchanged, 0 still unsure" in out


def test_guesses_of_unsure_reviews_are_not_trusted_names(tmp_path):
    run_import(write(tmp_path / "a.txt", 1, UNSURE))
    guessed = CriticReview.objects.get().publication.name
    assert guessed not in known_names().publications


def test_names_an_editor_checked_or_created_are_trusted_and_the_old_guess_is_not(tmp_path):
    run_import(write(tmp_path / "a.txt", 1, UNSURE))
    review = CriticReview.objects.get()
    guessed = review.publication.name
    review.publication = Publication.objects.create(name="Frame by Frame", slug="frame-by-frame")
    review.quote = UNSURE.quote
    review.needs_review = False
    review.save()
    made = Publication.objects.create(name="Evening Lantern", slug="evening-lantern")
    trusted = known_names()
    assert {"Frame by Frame", made.name} <= trusted.publications
    assert guessed not in trusted.publications  # left behind, still not trusted
    assert "Ivo Stainforth" in trusted.critics


def test_the_summary_counts_the_critic_reviews_still_unsure(rt_seed_path):
    out = run_import(rt_seed_path)
    assert "critic reviews: 6 created, 0 updated, 0 unchanged, 3 still unsure" in out
    again = run_import(rt_seed_path)
    assert "critic reviews: 0 created, 0 updated, 6 unchanged, 3 still unsure" in again
    assert CriticReview.objects.filter(needs_review=True).count() == 3
