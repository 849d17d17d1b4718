"""Shared readers in films.importer.text: decoding and small values."""

import datetime
from decimal import Decimal

import pytest

from films.importer.records import DocumentError
from films.importer.text import (
    LETTER_GRADES,
    clean_name,
    convert_score,
    decode_document,
    normalise_certification,
    parse_count,
    parse_date,
    parse_percentage,
    parse_rating_count,
    parse_runtime,
    parse_stars,
    score_to_100,
    split_list,
)

# --- decode_document


def test_decode_strips_a_utf8_byte_order_mark():
    assert decode_document(b"\xef\xbb\xbfTitle\n") == "Title\n"


def test_decode_turns_crlf_and_lone_cr_into_lf():
    assert decode_document(b"one\r\ntwo\rthree\n") == "one\ntwo\nthree\n"


def test_decode_normalises_decomposed_accents_to_nfc():
    decomposed = "Jose\u0301".encode()
    assert decode_document(decomposed) == "Jos\u00e9"


def test_decode_rejects_empty_bytes():
    with pytest.raises(DocumentError, match=r"^empty document$"):
        decode_document(b"")


def test_decode_rejects_whitespace_only():
    with pytest.raises(DocumentError, match=r"^empty document \(only whitespace\)$"):
        decode_document(b"\xef\xbb\xbf \r\n\t\n")


def test_decode_rejects_a_png_header_as_binary():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"
    with pytest.raises(DocumentError, match=r"^binary data, not text \(NUL byte at byte 8\)$"):
        decode_document(png)


def test_decode_rejects_utf8_text_full_of_control_characters_as_binary():
    with pytest.raises(DocumentError, match=r"^binary data, not text"):
        decode_document(b"ab\x01\x02\x03\x04\x05\x06cd")


def test_decode_rejects_latin1_bytes_naming_the_offset():
    with pytest.raises(DocumentError, match=r"^not valid UTF-8 text \(byte 3\)$"):
        decode_document("Café crème".encode("latin-1"))


def test_decode_calls_a_file_ending_inside_a_character_truncated():
    cut = "Lermontov\u2019s".encode()[: len("Lermontov") + 2]  # two of the three bytes
    with pytest.raises(DocumentError) as caught:
        decode_document(cut)
    assert str(caught.value) == (
        "truncated: ends inside a character (an unfinished UTF-8 sequence at byte 9)"
    )


def test_decode_rejects_utf16_with_its_byte_order_mark():
    with pytest.raises(DocumentError, match="UTF-16"):
        decode_document("Title".encode("utf-16"))


def test_document_error_reads_line_then_reason():
    assert str(DocumentError("no title", 4)) == "line 4: no title"
    assert str(DocumentError("no title")) == "no title"
    error = DocumentError("no title", 4)
    assert (error.reason, error.line) == ("no title", 4)


# --- runtimes


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("2h 13m", 133), ("95 min", 95), ("1h", 60), ("45m", 45), ("1 hr 30 min", 90)],
)
def test_parse_runtime_reads_the_usual_spellings(text, minutes):
    assert parse_runtime(text) == minutes


def test_parse_runtime_returns_none_for_text_that_is_no_runtime():
    assert parse_runtime("Drama") is None


def test_parse_runtime_rejects_sixty_or_more_minutes_after_hours():
    with pytest.raises(ValueError, match="75 minutes"):
        parse_runtime("2h 75m")


# --- dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nov 16, 2023", datetime.date(2023, 11, 16)),
        ("Sep 6, 1948", datetime.date(1948, 9, 6)),
        ("Sept 6, 1948", datetime.date(1948, 9, 6)),
        ("22 October 1948", datetime.date(1948, 10, 22)),
        ("07/21/24", datetime.date(2024, 7, 21)),
        ("12/30/1999", datetime.date(1999, 12, 30)),
        ("2017-03-23", datetime.date(2017, 3, 23)),
    ],
)
def test_parse_date_reads_each_written_form(text, expected):
    assert parse_date(text) == expected


def test_two_digit_years_follow_the_posix_pivot():
    assert parse_date("01/02/69") == datetime.date(1969, 1, 2)
    assert parse_date("01/02/68") == datetime.date(2068, 1, 2)


def test_parse_date_returns_none_for_text_that_is_no_date():
    assert parse_date("Original") is None


def test_parse_date_rejects_an_impossible_day():
    with pytest.raises(ValueError, match="not a real date"):
        parse_date("Feb 30, 2020")


def test_parse_date_rejects_year_zero():
    with pytest.raises(ValueError, match="not a real date"):
        parse_date("Sep 6, 0000")


# --- scores


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("4/4", 100),
        ("9/10", 90),
        ("3.5/5", 70),
        ("3.5/4", 88),
        ("10/10", 100),
        ("0/4", 0),
        ("3½/4", 88),
        ("7 out of 10", 70),
        ("85%", 85),
        ("B+", 83),
        ("b-", 67),
        ("A+", 100),
        ("F", 0),
    ],
)
def test_score_to_100_converts_fractions_percentages_and_grades(text, score):
    assert score_to_100(text) == score


def test_letter_grade_table_steps_evenly_from_f_to_a():
    assert LETTER_GRADES == {
        "A+": 100,
        "A": 100,
        "A-": 92,
        "B+": 83,
        "B": 75,
        "B-": 67,
        "C+": 58,
        "C": 50,
        "C-": 42,
        "D+": 33,
        "D": 25,
        "D-": 17,
        "F": 0,
    }


def test_a_grade_written_with_a_minus_sign_counts_as_minus():
    assert score_to_100("A\u2212") == 92


@pytest.mark.parametrize("text", ["11/10", "3/0", "120%"])
def test_convert_score_rejects_scores_off_the_scale(text):
    with pytest.raises(ValueError):
        convert_score(text)


@pytest.mark.parametrize("text", ["", "two thumbs up", "E", "****"])
def test_score_to_100_is_none_for_unknown_shapes(text):
    assert score_to_100(text) is None


def test_score_to_100_is_none_for_scores_off_the_scale():
    assert score_to_100("11/10") is None


def test_parse_percentage_reads_a_percent_and_treats_dashes_as_missing():
    assert parse_percentage("93%") == 93
    assert parse_percentage("--") is None


def test_parse_percentage_rejects_more_than_100():
    with pytest.raises(ValueError, match="999% is outside 0-100"):
        parse_percentage("999%")


# --- stars


@pytest.mark.parametrize(
    ("text", "stars"),
    [
        ("Rated 3.5 out of 5 stars", Decimal("3.5")),
        ("Rated 2 out of 5 stars", Decimal("2")),
        ("Rated 0.5 out of 5 stars", Decimal("0.5")),
        ("5 stars", Decimal("5")),
    ],
)
def test_parse_stars_reads_half_stars(text, stars):
    assert parse_stars(text) == stars


def test_parse_stars_returns_none_for_other_text():
    assert parse_stars("Loved it") is None


@pytest.mark.parametrize("text", ["Rated 6 out of 5 stars", "Rated 3.3 out of 5 stars"])
def test_parse_stars_rejects_values_a_five_star_widget_cannot_give(text):
    with pytest.raises(ValueError, match="half steps"):
        parse_stars(text)


# --- counts


def test_parse_count_reads_the_lower_bound():
    assert parse_count("10,000+") == 10000
    assert parse_count("829") == 829


def test_parse_count_has_no_lower_bound_for_fewer_than():
    assert parse_count("Fewer than 50") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10,000+ Ratings", ("10,000+", 10000)),
        ("2,500+ Verified Ratings", ("2,500+ Verified", 2500)),
        ("Fewer than 50 Ratings", ("Fewer than 50", None)),
        ("1 Rating", ("1", 1)),
    ],
)
def test_parse_rating_count_keeps_the_text_and_the_lower_bound(text, expected):
    assert parse_rating_count(text) == expected


def test_parse_rating_count_is_none_for_other_text():
    assert parse_rating_count("Lots of Ratings") is None


# --- names, lists, certifications


def test_clean_name_collapses_whitespace_and_keeps_accents():
    assert clean_name("  José \t Álvarez\n") == "José Álvarez"


def test_split_list_keeps_suffixes_with_their_names():
    assert split_list("Ada Quill, Jr., Northbeam Films, Inc., Oren Vale") == [
        "Ada Quill, Jr.",
        "Northbeam Films, Inc.",
        "Oren Vale",
    ]


@pytest.mark.parametrize(
    ("text", "code"),
    [("PG-13", "PG-13"), ("pg13", "PG-13"), ("Not Rated", "NR"), ("TV-MA", "TV-MA"), ("G", "G")],
)
def test_normalise_certification_gives_the_canonical_code(text, code):
    assert normalise_certification(text) == code


def test_normalise_certification_is_none_for_unknown_codes():
    assert normalise_certification("X18") is None
