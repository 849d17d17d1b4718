"""Complete pages import; truncated ones are rejected (issue #12, item 1).

Every truncated document here is cut from a seed (or an invented page) at
test time, never stored: at every line boundary with and without its
newline, and inside every line (every offset of the short lines; the ends,
a dense sample and both sides of each "Full Review" of the long ones). The
sweep calls the parser directly to stay fast; tests/test_import_truncation.py
runs a representative set through the import command.
"""

import importlib.util
import random
import re
from pathlib import Path

import pytest

from films.importer import DocumentError, parse_document
from films.importer.formats import reviewsite, rottentomatoes

PROJECT_ROOT = Path(__file__).resolve().parents[2]

TRUNCATED = re.compile(r"(?:line \d+: )?truncated: ends [^\n;]+; no [^\n]+")
LONG_LINE = 120  # longer lines are sampled rather than cut at every offset
SAMPLE_STEP = 37


def cut_offsets(text: str) -> list[int]:
    """Lengths at which to cut `text`, each shorter than the whole page."""
    offsets: set[int] = set()
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        offsets.update((end, end + 1))  # at the line boundary, without and with "\n"
        if len(line) <= LONG_LINE:
            offsets.update(range(start + 1, end))
        else:
            offsets.update(range(start + 1, start + 60))
            offsets.update(range(end - 60, end))
            offsets.update(range(start, end, SAMPLE_STEP))
            for match in re.finditer("Full Review", line):
                offsets.update(start + at for at in (match.start() - 1, match.start() + 4))
                offsets.update(start + at for at in (match.end(), match.end() + 1))
        start = end + 1
    whole = text.rstrip()
    return sorted(n for n in offsets if n > 0 and text[:n].rstrip() != whole)


def rejection(text: str) -> str | None:
    """The reason a document is rejected, or None if it parses."""
    try:
        parse_document(text.encode())
    except DocumentError as error:
        return str(error)
    return None


def sweep(text: str, recognisable_from: int, *, with_newline=False, invisible=()) -> list[str]:
    """Cuts of `text` that are not rejected as they should be (empty if all
    are). Cuts shorter than `recognisable_from` leave a text no format claims;
    cuts in `invisible` leave a whole page and are skipped."""
    wrong = []
    for n in cut_offsets(text):
        if n in invisible:
            continue
        cut = text[:n] + ("\n" if with_newline and not text[:n].endswith("\n") else "")
        reason = rejection(cut)
        if n < recognisable_from:
            expected = reason is not None and reason.startswith("unknown kind of document")
        else:
            expected = reason is not None and TRUNCATED.fullmatch(reason) is not None
        if not expected:
            wrong.append(f"cut at {n} ({text[max(0, n - 30) : n]!r}): {reason}")
    return wrong


@pytest.fixture(scope="module")
def rt_text(rt_seed_bytes):
    return rt_seed_bytes.decode("utf-8")


@pytest.fixture(scope="module")
def review_site_text(review_site_seed_bytes):
    return review_site_seed_bytes.decode("utf-8")


def review_site_recognisable_from(text: str) -> int:
    """A page of the other site is recognised once its rating line shows the
    bar and one more character ("NR | 2"); before that no format claims it."""
    return text.index("|") + 3


def after_whole_reviews(text: str) -> set[int]:
    """Cuts just after a review's "... View More" (and its newline): they
    leave a whole page with fewer reviews, the one cut nobody can see."""
    return {m.end() + k for m in re.finditer(r"\.\.\. View More", text) for k in (0, 1)}


# --- the seeds, cut everywhere


def test_every_cut_of_the_rotten_tomatoes_seed_is_rejected_as_truncated(rt_text):
    assert len(cut_offsets(rt_text)) > 1500
    assert sweep(rt_text, len("Rotten Tomatoes")) == []


def test_every_cut_of_the_rotten_tomatoes_seed_with_a_final_newline_is_rejected(rt_text):
    assert sweep(rt_text, len("Rotten Tomatoes"), with_newline=True) == []


def test_every_cut_of_the_other_sites_seed_inside_an_entry_is_rejected(review_site_text):
    text = review_site_text
    assert len(cut_offsets(text)) > 800
    assert (
        sweep(text, review_site_recognisable_from(text), invisible=after_whole_reviews(text)) == []
    )


def test_every_cut_of_the_other_sites_seed_with_a_final_newline_is_rejected(review_site_text):
    text = review_site_text
    wrong = sweep(
        text,
        review_site_recognisable_from(text),
        with_newline=True,
        invisible=after_whole_reviews(text),
    )
    assert wrong == []


def test_a_cut_right_after_a_whole_review_cannot_be_told_from_a_shorter_page(review_site_text):
    text = review_site_text
    first_end = text.index("... View More") + len("... View More")
    parsed = parse_document(text[:first_end].encode())
    assert [r.author for r in parsed.film.audience_reviews] == ["cokiable"]


@pytest.mark.parametrize(
    "heading",
    [
        "Where to Watch",
        "What to Know",
        "Critics Consensus",
        "Critics Reviews",
        "Audience Reviews",
        "My Rating",
        "Cast & Crew",
        "Movie Info",
    ],
)
def test_the_seed_cut_at_a_section_boundary_says_where_it_ends(rt_seed_lines, heading):
    at = rt_seed_lines.index(heading)
    before, through = rt_seed_lines[:at], rt_seed_lines[: at + 1]
    assert TRUNCATED.fullmatch(rejection("\n".join(before)))
    assert rejection("\n".join(through)) == (
        f"line {at + 1}: truncated: ends at the {heading} heading; "
        + ("no closing" if heading == "Movie Info" else "no Movie Info, closing")
        + ' "Most Popular at Home Now"'
    )


def test_the_seed_cut_before_its_closing_line_ends_inside_movie_info(rt_seed_lines):
    at = rt_seed_lines.index("Most Popular at Home Now")
    assert rejection("\n".join(rt_seed_lines[:at])) == (
        "line 64: truncated: ends inside Movie Info ('Sound Mix' without its value); "
        'no closing "Most Popular at Home Now"'
    )


def test_the_seed_cut_in_the_critic_reviews_says_what_is_missing(rt_text):
    """The case in the issue: cut inside the critic-reviews line, no audience
    reviews, no Movie Info, no final newline."""
    cut = rt_text[: rt_text.index("George Campbell Dixon Daily") + 40]
    assert rejection(cut) == (
        "line 32: truncated: ends inside Critics Reviews (a review cut off); "
        'no Movie Info, closing "Most Popular at Home Now"'
    )


def test_the_seed_cut_after_a_movie_info_label_names_the_label(rt_text):
    cut = rt_text[: rt_text.index("Release Date (Streaming)") + len("Release Date (Streaming)")]
    assert rejection(cut) == (
        "line 61: truncated: ends inside Movie Info ('Release Date (Streaming)' without its "
        'value); no closing "Most Popular at Home Now"'
    )


def test_the_seed_cut_inside_a_review_of_the_other_site_names_the_review(review_site_text):
    text = review_site_text
    cut = text[: text.index("Maria Trim") + 60]
    assert rejection(cut) == (
        "line 21: truncated: ends inside review 3 ('Maria Trim'); no closing \"... View More\""
    )


def test_a_file_cut_inside_a_character_is_truncated(rt_seed_bytes):
    cut = rt_seed_bytes[: rt_seed_bytes.index("\u2019".encode()) + 1]
    with pytest.raises(DocumentError, match=r"^truncated: ends inside a character"):
        parse_document(cut)


# --- whole pages still import


@pytest.mark.parametrize("ending", ["", "\n", "\n\n", "  \n \t\n", "\r\n"], ids=repr)
def test_a_whole_page_imports_whatever_blank_space_ends_it(rt_text, review_site_text, ending):
    for text in (rt_text, review_site_text):
        assert parse_document((text.rstrip() + ending).encode()) == parse_document(text.encode())


@pytest.mark.parametrize(
    "name",
    [
        "rt_lantern_released.txt",
        "rt_marsh_now_playing.txt",
        "rt_orchard_coming_soon.txt",
        "reviewsite_tidewater.txt",
    ],
)
def test_invented_pages_are_whole_and_every_line_cut_is_rejected(fixture_text, name):
    text = fixture_text(name)
    parse_document(text.encode())
    lines = text.rstrip("\n").split("\n")
    wrong = []
    for count in range(3, len(lines)):  # from the rating line on, every page is recognised
        if lines[count - 1] == reviewsite.CLOSING_FURNITURE:
            continue  # a whole page with fewer reviews (see above)
        reason = rejection("\n".join(lines[:count]) + "\n")
        if reason is None or not TRUNCATED.fullmatch(reason):
            wrong.append(f"{count} lines: {reason}")
    assert wrong == []


def test_documents_the_import_benchmark_generates_are_whole():
    spec = importlib.util.spec_from_file_location(
        "import_bench", PROJECT_ROOT / "bench" / "import_bench.py"
    )
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    rng = random.Random(1)
    for index in range(5):
        text = bench.document(rng, index)
        assert parse_document(text.encode()).film.critic_reviews
        cut = text.rstrip().removesuffix(rottentomatoes.CLOSING_FURNITURE)
        assert TRUNCATED.fullmatch(rejection(cut))
