"""Decoding, format detection and parse_document as a whole."""

import pytest

from films.importer import DocumentError, detect_format, get_format, parse_document
from films.importer.formats import FORMATS, format_names, reviewsite, rottentomatoes
from films.importer.text import decode_document

# --- detection


def test_rotten_tomatoes_seed_is_detected_only_as_rotten_tomatoes(rt_seed_bytes):
    text = decode_document(rt_seed_bytes)
    assert (rottentomatoes.detect(text), reviewsite.detect(text)) == (True, False)
    assert detect_format(text) is rottentomatoes


def test_review_site_seed_is_detected_only_as_the_review_site(review_site_seed_bytes):
    text = decode_document(review_site_seed_bytes)
    assert (rottentomatoes.detect(text), reviewsite.detect(text)) == (False, True)
    assert detect_format(text) is reviewsite


@pytest.mark.parametrize(
    "name",
    ["rt_lantern_released.txt", "rt_marsh_now_playing.txt", "rt_orchard_coming_soon.txt"],
)
def test_invented_rotten_tomatoes_pages_are_detected(fixture_text, name):
    assert detect_format(fixture_text(name)) is rottentomatoes


def test_a_page_that_lost_its_banner_is_still_rotten_tomatoes(fixture_text):
    text = fixture_text("rt_lantern_released.txt").removeprefix("Rotten Tomatoes\n")
    assert detect_format(text) is rottentomatoes


def test_a_random_paragraph_is_an_unknown_kind(fixture_bytes):
    with pytest.raises(DocumentError) as caught:
        parse_document(fixture_bytes("junk_paragraph.txt"))
    assert str(caught.value).startswith("unknown kind of document: no format recognises it")
    assert "The kettle had been whistling" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_document_two_formats_claim_is_refused_naming_both():
    # The title twice and a bar line, under the banner: both layouts.
    text = "Rotten Tomatoes\nRotten Tomatoes\nNR | 22 October 1948 (USA)\n"
    with pytest.raises(
        DocumentError, match=r"several formats recognise it \(rottentomatoes, reviewsite\)"
    ):
        detect_format(text)


def test_every_format_exposes_the_registry_interface():
    for module in FORMATS:
        assert isinstance(module.NAME, str) and isinstance(module.SOURCE_SITE, str)
        assert callable(module.detect) and callable(module.parse)
    assert format_names() == ["reviewsite", "rottentomatoes"]


def test_rotten_tomatoes_outranks_the_shorter_review_site_page():
    assert rottentomatoes.PRIORITY > reviewsite.PRIORITY


def test_get_format_by_name():
    assert get_format("reviewsite") is reviewsite


def test_get_format_with_an_unknown_name_lists_the_known_ones():
    with pytest.raises(DocumentError) as caught:
        get_format("imdb")
    assert str(caught.value) == "unknown format 'imdb' (known formats: reviewsite, rottentomatoes)"


def test_forcing_a_format_skips_detection(review_site_seed_bytes):
    assert parse_document(review_site_seed_bytes, format="reviewsite").format == "reviewsite"


def test_forcing_the_wrong_format_is_a_document_error(rt_seed_bytes):
    with pytest.raises(DocumentError, match="line 4: no rating line"):
        parse_document(rt_seed_bytes, format="reviewsite")


# --- robustness


def test_bom_and_crlf_parse_identically_to_the_plain_seed(rt_seed_bytes, rt_seed):
    windows = b"\xef\xbb\xbf" + rt_seed_bytes.replace(b"\n", b"\r\n")
    parsed = parse_document(windows)
    assert parsed == rt_seed


def test_bom_and_crlf_review_site_seed_parses_identically(review_site_seed_bytes, review_site_seed):
    windows = b"\xef\xbb\xbf" + review_site_seed_bytes.replace(b"\n", b"\r\n")
    assert parse_document(windows) == review_site_seed


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty document"),
        (b"  \n\t\r\n ", "empty document (only whitespace)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data, not text (NUL byte at byte 8)"),
        (b"Rotten Tomatoes\n\xff\xfeThe Red", "not valid UTF-8 text (byte 16)"),
    ],
)
def test_unreadable_documents_give_a_one_line_reason(data, reason):
    with pytest.raises(DocumentError) as caught:
        parse_document(data)
    assert str(caught.value) == reason
    assert caught.value.line is None


def test_forcing_rotten_tomatoes_on_the_other_site_is_a_document_error(review_site_seed_bytes):
    with pytest.raises(DocumentError, match="truncated: ends inside the header; no Movie Info"):
        parse_document(review_site_seed_bytes, format="rottentomatoes")
