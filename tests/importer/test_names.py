"""Settling critic and publication names over a whole run, without a database."""

import random
from functools import partial

from films.importer import KnownNames, parse_document
from films.importer.names import resolve_run_names
from films.importer.sources import given
from tests.generated_pages import TrueReview, page_text, pages

UNSURE = TrueReview(
    "Ivo Stainforth", "Frame by Frame", "Black Swan would not exist without this ballet."
)
SURE = TrueReview("Ivo Stainforth", "Frame by Frame", "These faults may well be outweighed.")


def documents(*texts):
    return [(f"page {n}", partial(given, text.encode())) for n, text in enumerate(texts)]


def page(seed, *reviews):
    return page_text(f"The Orchard {seed}", 1950, list(reviews), random.Random(seed))


def test_a_review_unsure_on_its_own_page_is_settled_by_another_page():
    alone = parse_document(page(1, UNSURE).encode()).film.critic_reviews[0]
    assert alone.uncertain  # the page alone cannot tell where the publication ends
    known = resolve_run_names(documents(page(1, UNSURE), page(2, SURE)), None, KnownNames())
    settled = parse_document(page(1, UNSURE).encode(), known=known).film.critic_reviews[0]
    assert (settled.critic, settled.publication, settled.uncertain) == (
        "Ivo Stainforth",
        "Frame by Frame",
        False,
    )
    assert settled.quote == UNSURE.quote


def test_the_names_do_not_depend_on_the_order_of_the_documents():
    texts = [page.text for page in pages(12, seed=3)]
    forward = resolve_run_names(documents(*texts), None, KnownNames())
    backward = resolve_run_names(documents(*reversed(texts)), None, KnownNames())
    assert forward == backward
    assert forward.publications  # the run did learn names


def test_unsure_splits_teach_no_names():
    known = resolve_run_names(documents(page(1, UNSURE)), None, KnownNames())
    assert known == KnownNames()


def test_trusted_names_are_kept_and_a_document_that_cannot_be_read_is_left_out():
    trusted = KnownNames(critics=frozenset({"Ivo Stainforth"}))
    known = resolve_run_names(documents("not a page at all", page(1, UNSURE)), None, trusted)
    assert "Ivo Stainforth" in known.critics
