"""A second film site: a short page with the title, a rating line, a synopsis
and user reviews. The dump never names the site.

Layout (blank lines between blocks are optional)::

    <Title>
    <Title>                                 the title, repeated
    <CERT> | <D Month YYYY> (<Region>)      e.g. "NR | 22 October 1948 (USA)"
    <Title> Trailers                        present when the page has trailers
    <synopsis paragraph(s)>
    Reviews
    <author>
    <review paragraph(s)>
    ... View More                           ends every review
    <author>
    ...

Every review ends with a "... View More" line, so the reviews split exactly
there; within one, the first line is the author and the rest is the text.
The page gives no stars and no dates, so those stay empty.

Complete or rejected. `PAGE_PARTS` lists a page's parts in order and which
of them every real page has; the trailers line and the synopsis may be
absent. The page closes with `CLOSING_FURNITURE`, the "... View More" that
ends its last review. A document that stops before the rating line, before
the Reviews heading, at that heading, or inside a review (an author without
text, a text without its "... View More") is truncated and rejected with one
line saying where it ends and what is missing: truncated: ends inside
review 3 ('Maria Trim'); no closing "... View More".

What cannot be told: a cut exactly after a review's "... View More" leaves
a whole page with fewer reviews, and is imported as one (the next capture
adds the missing reviews); a cut before the rating line shows its bar
("NR | 2") leaves a text no format recognises, rejected as an unknown kind
of document. A page with no reviews at all would look like a page cut after
its Reviews heading, so it is rejected too; no real page of the site has
been seen without reviews.
"""

from __future__ import annotations

import re

from ..records import (
    NO_KNOWN_NAMES,
    AudienceReviewRecord,
    DocumentError,
    FilmRecord,
    KnownNames,
    ParsedDocument,
    ReleaseRecord,
)
from ..text import clean_name, date_year, normalise_certification, parse_date

NAME = "reviewsite"
# The page never says which site it is. Rather than invent a brand, the label
# says what the reviews are: written by the site's users. Change it here
# (one place) if the site is ever identified.
SOURCE_SITE = "Community reviews"
# A short page (title, rating line, synopsis without cast): it fills fields
# the Rotten Tomatoes page lacks but does not overwrite them (see formats).
PRIORITY = 10

YEAR_MIN, YEAR_MAX = 1870, 2100

# "NR | 22 October 1948 (USA)"; the certification and region may be absent.
_INFO_LINE = re.compile(
    r"(?P<cert>[^|]{0,20}?)\s*\|\s*(?P<date>[^|()]*?)\s*(?:\((?P<region>[^()|]{1,40})\))?"
)
# For detection: something short, a bar, then more.
_INFO_SHAPE = re.compile(r"[^|]{0,20}\|\s*\S.*")
_VIEW_MORE = re.compile(r"(?:\.\.\.|…)\s*View More", re.IGNORECASE)
_REVIEWS_HEADING = "reviews"

# What every complete page has: its parts in page order, as (name,
# required). Pages without trailers have no trailers line; the synopsis is
# not needed to tell a whole page from a cut one, so it is not insisted on.
PAGE_PARTS = (
    ("title", True),
    ("title again", True),
    ("rating line", True),
    ("trailers line", False),
    ("synopsis", False),
    ("Reviews", True),  # the heading
    ("reviews", True),  # at least one, each closed by "... View More"
)
CLOSING_FURNITURE = "... View More"


def _nonblank(text: str) -> list[tuple[int, str]]:
    return [
        (number, line.strip())
        for number, line in enumerate(text.split("\n"), start=1)
        if line.strip()
    ]


def detect(text: str) -> bool:
    """The title twice, then a "<CERT> | <date> (<region>)" line."""
    lines = [line for _, line in _nonblank(text[:20_000])[:3]]
    return (
        len(lines) == 3
        and clean_name(lines[0]) == clean_name(lines[1])
        and bool(_INFO_SHAPE.fullmatch(lines[2]))
    )


def _is_trailer_line(line: str, title: str) -> bool:
    return line.casefold() in {
        f"{title} trailers".casefold(),
        f"{title} trailer".casefold(),
        "trailers",
        "trailer",
    }


def _paragraphs(lines: list[str]) -> str:
    return "\n\n".join(lines)


def _read_info_line(line: str, line_number: int, film: FilmRecord, warnings: list[str]) -> None:
    match = _INFO_LINE.fullmatch(line)
    if match is None:  # pragma: no cover - detect() admits only lines with a bar
        raise DocumentError("no certification and release date line", line_number)
    cert = clean_name(match["cert"])
    if cert:
        certification = normalise_certification(cert)
        if certification is None:
            warnings.append(f"certification: {cert!r} is not a certification we know; left empty")
        else:
            film.certification = certification
    date_text = match["date"].strip()
    year = date_year(date_text)
    if year is not None and not YEAR_MIN <= year <= YEAR_MAX:
        raise DocumentError(
            f"year: {year} is outside {YEAR_MIN}-{YEAR_MAX} (release date {date_text!r})",
            line_number,
        )
    try:
        release_date = parse_date(date_text)
    except ValueError as exc:
        warnings.append(f"release date: {exc}; ignored")
        return
    if release_date is None:
        warnings.append(f"release date: {date_text!r} is not a date; ignored")
        return
    region = clean_name(match["region"] or "")
    film.release_dates.append(ReleaseRecord("theatrical", release_date, region))
    film.year = release_date.year


def _truncated(where: str, line: int | None, reached: str) -> DocumentError:
    """The error for a page that ends `where`, having reached the part
    `reached` of PAGE_PARTS: the required parts after it are missing."""
    names = [name for name, _ in PAGE_PARTS]
    missing = [name for name, required in PAGE_PARTS[names.index(reached) + 1 :] if required]
    missing.append(f'closing "{CLOSING_FURNITURE}"')
    return DocumentError(f"truncated: ends {where}; no {', '.join(missing)}", line)


def _check_complete(
    rating_line: tuple[int, str], lines: list[tuple[int, str]], reviews_at: int | None, title: str
) -> None:
    """Raise DocumentError unless the page has its Reviews heading and ends
    with the closing furniture (see PAGE_PARTS). `lines` are the page's
    lines after the rating line; `reviews_at` indexes the heading in them."""
    number, last = lines[-1] if lines else rating_line
    if reviews_at is None:
        if not lines:
            raise _truncated("at the rating line", number, "rating line")
        if _is_trailer_line(last, title):
            raise _truncated("after the trailers line", number, "trailers line")
        raise _truncated("inside the synopsis", number, "synopsis")
    if reviews_at == len(lines) - 1:
        raise _truncated("at the Reviews heading", number, "Reviews")
    if _VIEW_MORE.fullmatch(last):
        return
    ends = [i for i in range(reviews_at + 1, len(lines)) if _VIEW_MORE.fullmatch(lines[i][1])]
    author = lines[(ends[-1] if ends else reviews_at) + 1][1]
    shown = author if len(author) <= 40 else author[:37] + "..."
    raise _truncated(f"inside review {len(ends) + 1} ({shown!r})", number, "reviews")


def _read_reviews(lines: list[tuple[int, str]], warnings: list[str]) -> list[AudienceReviewRecord]:
    """Reviews of a complete page: every one ends with "... View More"."""
    reviews: list[AudienceReviewRecord] = []
    block: list[str] = []
    for _, line in lines:
        if not _VIEW_MORE.fullmatch(line):
            block.append(line)
            continue
        if not block:
            continue
        author, text = block[0], _paragraphs(block[1:])
        if not text:
            warnings.append(f"review {len(reviews) + 1} ({author!r}): no text; skipped")
        else:
            reviews.append(AudienceReviewRecord(author=clean_name(author), text=text))
        block.clear()
    return reviews


def parse(text: str, known: KnownNames = NO_KNOWN_NAMES) -> ParsedDocument:
    """`known` is unused: this site's reviews are by users, not critics."""
    warnings: list[str] = []
    lines = _nonblank(text)
    if len(lines) < 3:
        reached = "title" if len(lines) < 2 else "title again"
        raise _truncated(f"after the {reached}", lines[-1][0] if lines else None, reached)
    if not _INFO_SHAPE.fullmatch(lines[2][1]):
        raise DocumentError("no rating line (certification | date) after the title", lines[2][0])
    body = lines[3:]
    reviews_at = next(
        (i for i, (_, line) in enumerate(body) if line.casefold() == _REVIEWS_HEADING), None
    )
    title = clean_name(lines[0][1])
    _check_complete(lines[2], body, reviews_at, title)
    film = FilmRecord(title=title)
    _read_info_line(lines[2][1], lines[2][0], film, warnings)

    before = body[:reviews_at]
    synopsis: list[str] = []
    for _, line in before:
        if _is_trailer_line(line, title):
            film.trailer = True
        elif clean_name(line) != title:
            synopsis.append(line)
    film.synopsis = _paragraphs(synopsis)
    film.audience_reviews = _read_reviews(body[reviews_at + 1 :], warnings)
    return ParsedDocument(NAME, SOURCE_SITE, film, warnings)
