"""Splitting "[critic] [publication] quote [tail]" on invented reviews."""

import datetime

import pytest

from films.importer import NO_KNOWN_NAMES, KnownNames
from films.importer.formats.rottentomatoes import (
    parse_critic_reviews,
    parse_critic_segment,
    split_critic_head,
    split_reviews,
)

TITLE = "The Lantern Keeper's Daughter"
COURIER = (
    "Dana Whitlock Northfield Evening Courier (UK) Gorgeous to look at, exhausting to sit "
    "through. Rated: 2/5 Mar 3, 2024"
)


def review(segment, known=NO_KNOWN_NAMES, title=TITLE):
    warnings = []
    record = parse_critic_segment(segment, number=1, title=title, known=known, warnings=warnings)
    return record, warnings


def test_critic_without_publication():
    record, _ = review(
        "Marta Quillfeather A patient, luminous chamber piece that trusts its silences. "
        "Rated: 3.5/4 Jan 5, 2024"
    )
    assert (record.critic, record.publication, record.uncertain) == (
        "Marta Quillfeather",
        None,
        False,
    )
    assert record.quote == "A patient, luminous chamber piece that trusts its silences."
    assert (record.score_text, record.score) == ("3.5/4", 88)
    assert record.review_date == datetime.date(2024, 1, 5)


def test_publication_beginning_with_the_and_no_critic():
    record, _ = review(
        "The Invented Gazette An unhurried portrait of a family held together by a lamp. "
        "Rated: B+ Feb 2, 2024"
    )
    assert (record.critic, record.publication, record.uncertain) == (
        None,
        "The Invented Gazette",
        False,
    )
    assert record.quote == "An unhurried portrait of a family held together by a lamp."
    assert (record.score_text, record.score) == ("B+", 83)


def test_accented_critic_with_a_multi_word_foreign_publication():
    record, _ = review(
        "José Álvarez Revista Cinéfila Digital Una película hermosa y extraña sobre el mar. "
        "Full review in Spanish Rated: 8/10 Apr 1, 2024"
    )
    assert (record.critic, record.publication, record.uncertain) == (
        "José Álvarez",
        "Revista Cinéfila Digital",
        False,
    )
    assert record.quote == "Una película hermosa y extraña sobre el mar."
    assert (record.note, record.score) == ("Full review in Spanish", 80)


def test_letter_grade_without_a_date():
    record, warnings = review(
        "Priya Ramaswamy Reelhouse Weekly It never quite earns its ending, but the journey is "
        "worth it. Rated: C+"
    )
    assert (record.critic, record.publication) == ("Priya Ramaswamy", "Reelhouse Weekly")
    assert record.quote == "It never quite earns its ending, but the journey is worth it."
    assert (record.score_text, record.score, record.review_date) == ("C+", 58, None)
    assert warnings == []


def test_name_particles_and_a_title_case_publication():
    record, _ = review(
        "Ilse van der Berg Frame by Frame A quiet triumph of atmosphere over plot. "
        "Rated: 4/5 May 9, 2024"
    )
    assert (record.critic, record.publication, record.uncertain) == (
        "Ilse van der Berg",
        "Frame by Frame",
        False,
    )


def test_initials_in_a_critic_name():
    record, _ = review(
        "R. J. Okonjo Lampwick Reviews I admired it more than I enjoyed it. Rated: 3/4 Jul 7, 2024"
    )
    assert (record.critic, record.publication, record.quote) == (
        "R. J. Okonjo",
        "Lampwick Reviews",
        "I admired it more than I enjoyed it.",
    )


def test_apostrophes_and_hyphens_in_a_name_with_a_minus_grade():
    record, _ = review(
        "Siobhán O'Rourke-Byrne Corrib Film Journal Tender, funny and far too short. "
        "Rated: A- Aug 8, 2024"
    )
    assert (record.critic, record.publication, record.score) == (
        "Siobhán O'Rourke-Byrne",
        "Corrib Film Journal",
        92,
    )


def test_quote_starting_with_the_film_title_is_not_a_publication():
    record, _ = review(
        "Halvard Stene The Lantern Keeper's Daughter drifts where it should sail. Oct 1, 2024"
    )
    assert (record.critic, record.publication, record.uncertain) == ("Halvard Stene", None, False)
    assert record.quote == "The Lantern Keeper's Daughter drifts where it should sail."


def test_city_before_a_media_word_is_ambiguous_and_flagged():
    # "Northfield" may end the critic's name or start the newspaper's.
    record, _ = review(COURIER)
    assert record.uncertain is True
    assert record.raw == COURIER


def test_known_publication_settles_the_ambiguous_split():
    known = KnownNames(publications=frozenset({"Northfield Evening Courier (UK)"}))
    record, _ = review(COURIER, known)
    assert (record.critic, record.publication, record.uncertain) == (
        "Dana Whitlock",
        "Northfield Evening Courier (UK)",
        False,
    )
    assert record.quote == "Gorgeous to look at, exhausting to sit through."


def test_known_critic_settles_it_and_gives_the_known_spelling():
    known = KnownNames(critics=frozenset({"Dana  WHITLOCK"}))
    record, _ = review(COURIER, known)
    assert (record.critic, record.publication, record.uncertain) == (
        "Dana WHITLOCK",
        "Northfield Evening Courier (UK)",
        False,
    )


def test_known_publication_after_an_unknown_critic():
    segment = "Oskar Lindqvist Nordic Frame Monthly Stunning. Rated: 4.5/5 Sep 9, 2024"
    unknown, _ = review(segment)
    known, _ = review(segment, KnownNames(publications=frozenset({"Nordic Frame Monthly"})))
    assert (unknown.critic, unknown.publication, unknown.uncertain) == (
        "Oskar Lindqvist",
        "Nordic Frame Monthly",
        True,
    )
    assert (known.critic, known.publication, known.uncertain) == (
        "Oskar Lindqvist",
        "Nordic Frame Monthly",
        False,
    )


def test_score_off_the_scale_keeps_the_text_drops_the_number_and_warns():
    record, warnings = review(
        "Tobias Wren Harbourlight Review A bold film, somehow. Rated: 11/10 Jun 1, 2024"
    )
    assert (record.score_text, record.score) == ("11/10", None)
    assert warnings == [
        "critic review 1: score '11/10' is more than the maximum; kept as written only"
    ]


def test_unknown_score_scale_keeps_the_text_and_warns():
    record, warnings = review(
        "Tobias Wren Harbourlight Review A bold film. Rated: Fresh Jun 1, 2024"
    )
    assert (record.score_text, record.score) == ("Fresh", None)
    assert warnings == ["critic review 1: score 'Fresh' is not a scale we know"]


def test_impossible_review_date_is_left_empty_with_a_warning():
    record, warnings = review("Tobias Wren Harbourlight Review A bold film. Feb 30, 2024")
    assert record.review_date is None
    assert warnings == ["critic review 1: date 'Feb 30, 2024' is not a real date; left empty"]


def test_html_in_a_quote_is_kept_verbatim():
    record, _ = review(
        "Tobias Wren Harbourlight Review A bold <script>alert(1)</script> of a film. Jun 1, 2024"
    )
    assert record.quote == "A bold <script>alert(1)</script> of a film."


def test_review_with_no_readable_split_keeps_the_text_flagged_and_warns():
    record, warnings = review("only lower case words here Jun 1, 2024")
    assert (record.critic, record.publication, record.quote, record.uncertain) == (
        None,
        None,
        "only lower case words here",
        True,
    )
    assert warnings == ["critic review 1: could not tell the critic and publication from the quote"]


def test_split_critic_head_returns_none_without_a_sentence_start():
    assert split_critic_head("all lower case") is None


# --- splitting a run of reviews


def test_full_review_in_a_language_does_not_split_a_review():
    segments, leftover = split_reviews(
        "Ann Example Some Paper A fine film. Full review in French Rated: 3/4 "
        "Full Review Read all reviews"
    )
    assert segments == ["Ann Example Some Paper A fine film. Full review in French Rated: 3/4"]
    assert leftover == "Read all reviews"


def test_text_after_the_last_full_review_is_reported_when_not_furniture():
    warnings = []
    reviews = parse_critic_reviews(
        "Ann Example Lampwick Reviews A fine film. Full Review Bert Exampl",
        title=TITLE,
        warnings=warnings,
    )
    assert len(reviews) == 1
    assert warnings == ["critic reviews: text after the last review was not read: 'Bert Exampl'"]


@pytest.mark.parametrize(
    ("head", "critic", "publication"),
    [
        ("Peter Quillon Guardian A glorious mess.", "Peter Quillon", "Guardian"),
        ("Mara Kettle Observer (UK) Sublime.", "Mara Kettle", "Observer (UK)"),
        (
            "Brin Tallow LanternReel.com Here's a film that breathes.",
            "Brin Tallow",
            "LanternReel.com",
        ),
        ("Nell Hart Film Threat Quietly devastating.", "Nell Hart", "Film Threat"),
        ("Sam McAdams IndieFrame It soars.", "Sam McAdams", "IndieFrame"),
        ("Common Sense Media Parents should know it is violent.", None, "Common Sense Media"),
    ],
)
def test_publication_evidence_words_domains_and_capitals(head, critic, publication):
    split = split_critic_head(head)
    assert (split.critic, split.publication) == (critic, publication)


def test_the_longest_known_name_wins_over_a_shorter_one():
    known = KnownNames(
        critics=frozenset({"Jane Roe"}), publications=frozenset({"Time", "Time Out"})
    )
    split = split_critic_head(
        "Jane Roe Time Out Moira Shearer dances like no one since.", known=known
    )
    assert (split.critic, split.publication) == ("Jane Roe", "Time Out")
    assert split.quote == "Moira Shearer dances like no one since."
