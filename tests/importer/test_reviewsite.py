"""The second site's pages: the seed and invented variations."""

import datetime

import pytest

from films.importer import DocumentError, parse_document
from films.importer.formats import reviewsite
from films.importer.records import AudienceReviewRecord, ReleaseRecord

TIDEWATER = "reviewsite_tidewater.txt"
SEED_AUTHORS = ["cokiable", "ib011f9545i", "Maria Trim", "katyhun"]


@pytest.fixture(scope="module")
def tidewater(fixture_bytes):
    return parse_document(fixture_bytes(TIDEWATER))


def parse_text(text: str):
    return parse_document(text.encode())


# --- the seed


def test_seed_is_read_as_the_review_site(review_site_seed):
    assert (review_site_seed.format, review_site_seed.source_site) == (
        "reviewsite",
        "Community reviews",
    )


def test_seed_title_appears_once_though_the_page_repeats_it(review_site_seed):
    assert review_site_seed.film.title == "The Red Shoes"


def test_seed_certification(review_site_seed):
    assert review_site_seed.film.certification == "NR"


def test_seed_release_date_with_its_region(review_site_seed):
    assert review_site_seed.film.release_dates == [
        ReleaseRecord("theatrical", datetime.date(1948, 10, 22), "USA", "")
    ]


def test_seed_year_comes_from_the_release_date(review_site_seed):
    assert review_site_seed.film.year == 1948


def test_seed_trailers_line_sets_trailer(review_site_seed):
    assert review_site_seed.film.trailer is True


def test_seed_synopsis_is_the_paragraph_before_reviews(review_site_seed, review_site_seed_lines):
    synopsis = review_site_seed.film.synopsis
    assert synopsis == review_site_seed_lines[5]
    assert "Vicky Page" in synopsis
    assert "(Moira Shearer)" not in synopsis  # this site names no actors
    assert "Trailers" not in synopsis


def test_seed_review_authors(review_site_seed):
    assert [r.author for r in review_site_seed.film.audience_reviews] == SEED_AUTHORS


def test_seed_review_texts_are_exact_and_complete(review_site_seed, review_site_seed_lines):
    # In the seed each text is the line two below its author.
    expected = [
        review_site_seed_lines[review_site_seed_lines.index(author) + 2] for author in SEED_AUTHORS
    ]
    assert [r.text for r in review_site_seed.film.audience_reviews] == expected


def test_seed_reviews_have_no_stars_and_no_dates(review_site_seed):
    assert {(r.stars, r.review_date) for r in review_site_seed.film.audience_reviews} == {
        (None, None)
    }


def test_seed_view_more_separators_are_not_content(review_site_seed):
    assert not any("View More" in r.text for r in review_site_seed.film.audience_reviews)


def test_seed_parses_without_warnings(review_site_seed):
    assert review_site_seed.warnings == []


def test_seed_sets_nothing_the_page_does_not_say(review_site_seed):
    film = review_site_seed.film
    assert (film.scores, film.critic_reviews, film.credits, film.genres, film.release_status) == (
        None,
        [],
        [],
        [],
        "",
    )


# --- variations


def test_variant_certification_date_and_region(tidewater):
    film = tidewater.film
    assert (film.title, film.certification, film.year) == ("Tidewater Waltz", "PG-13", 2011)
    assert film.release_dates == [ReleaseRecord("theatrical", datetime.date(2011, 3, 3), "UK", "")]


def test_variant_without_a_trailers_line(tidewater):
    assert tidewater.film.trailer is False


def test_synopsis_paragraphs_are_joined_by_a_blank_line(tidewater):
    assert tidewater.film.synopsis == (
        "Two retired dancers meet again at a seaside hotel and agree to one last competition."
        "\n\nTheir rivalry, it turns out, was never really about dancing."
    )


def test_multi_paragraph_review_with_html_is_kept_verbatim(tidewater):
    assert tidewater.film.audience_reviews == [
        AudienceReviewRecord(
            "harbourgull",
            "The waltz in the rain is lovely.\n\nEverything after it drags, though "
            "<script>alert(1)</script> would have livened it up.",
        ),
        AudienceReviewRecord(
            "Penelope Awd",
            "Gentle, funny and kind. I went with my grandmother and we both cried at the end.",
        ),
    ]


def test_unknown_certification_is_left_empty_with_a_warning(fixture_text):
    parsed = parse_text(fixture_text(TIDEWATER).replace("PG-13 |", "XQ |"))
    assert parsed.film.certification == ""
    assert parsed.warnings == ["certification: 'XQ' is not a certification we know; left empty"]


def test_not_rated_spelled_out_is_nr(fixture_text):
    parsed = parse_text(fixture_text(TIDEWATER).replace("PG-13 |", "Not Rated |"))
    assert parsed.film.certification == "NR"


def test_year_out_of_range_is_refused_naming_the_year(fixture_text):
    with pytest.raises(DocumentError) as caught:
        parse_text(fixture_text(TIDEWATER).replace("3 March 2011", "3 March 0000"))
    assert str(caught.value) == (
        "line 3: year: 0 is outside 1870-2100 (release date '3 March 0000')"
    )


def test_unreadable_release_date_is_a_warning(fixture_text):
    parsed = parse_text(fixture_text(TIDEWATER).replace("3 March 2011", "sometime soon"))
    assert (parsed.film.release_dates, parsed.film.year) == ([], None)
    assert parsed.warnings == ["release date: 'sometime soon' is not a date; ignored"]


def test_last_review_without_view_more_is_a_truncated_document(fixture_text):
    text = fixture_text(TIDEWATER).rstrip().removesuffix("... View More")
    with pytest.raises(DocumentError) as caught:
        parse_text(text)
    assert str(caught.value) == (
        "line 19: truncated: ends inside review 2 ('Penelope Awd'); no closing \"... View More\""
    )


def test_an_author_without_text_at_the_end_is_a_truncated_document(fixture_text):
    with pytest.raises(DocumentError, match=r"ends inside review 3 \('lonelyauthor'\)"):
        parse_text(fixture_text(TIDEWATER) + "lonelyauthor\n")


def test_author_without_text_inside_the_page_is_skipped_with_a_warning(fixture_text):
    text = fixture_text(TIDEWATER).replace("Reviews\n", "Reviews\nlonelyauthor\n... View More\n")
    parsed = parse_text(text)
    assert [r.author for r in parsed.film.audience_reviews] == ["harbourgull", "Penelope Awd"]
    assert parsed.warnings == ["review 1 ('lonelyauthor'): no text; skipped"]


def test_page_without_a_reviews_section_is_a_truncated_document(fixture_text):
    text = fixture_text(TIDEWATER)
    with pytest.raises(DocumentError) as caught:
        parse_text(text[: text.index("Reviews")])
    assert str(caught.value) == (
        'line 7: truncated: ends inside the synopsis; no Reviews, reviews, closing "... View More"'
    )


def test_reviews_heading_without_reviews_is_a_truncated_document(fixture_text):
    text = fixture_text(TIDEWATER)
    with pytest.raises(DocumentError, match="ends at the Reviews heading; no reviews, closing"):
        parse_text(text[: text.index("harbourgull")])


def test_truncated_before_the_rating_line_when_forced():
    with pytest.raises(DocumentError) as caught:
        reviewsite.parse("Tidewater Waltz\nTidewater Waltz\n")
    assert str(caught.value) == (
        "line 2: truncated: ends after the title again; "
        'no rating line, Reviews, reviews, closing "... View More"'
    )
