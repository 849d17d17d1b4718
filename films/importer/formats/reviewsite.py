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


def _read_reviews(lines: list[tuple[int, str]], warnings: list[str]) -> list[AudienceReviewRecord]:
    reviews: list[AudienceReviewRecord] = []
    block: list[str] = []
    number = 0

    def finish(complete: bool) -> None:
        nonlocal number
        if not block:
            return
        number += 1
        author, text = block[0], _paragraphs(block[1:])
        if not text:
            warnings.append(f"review {number} ({author!r}): no text; skipped")
        else:
            if not complete:
                warnings.append(f"review {number} ({author!r}): no '... View More' after it")
            reviews.append(AudienceReviewRecord(author=clean_name(author), text=text))
        block.clear()

    for _, line in lines:
        if _VIEW_MORE.fullmatch(line):
            finish(complete=True)
        else:
            block.append(line)
    finish(complete=False)
    return reviews


def parse(text: str, known: KnownNames = NO_KNOWN_NAMES) -> ParsedDocument:
    """`known` is unused: this site's reviews are by users, not critics."""
    warnings: list[str] = []
    lines = _nonblank(text)
    if len(lines) < 3 or not _INFO_SHAPE.fullmatch(lines[2][1]):
        raise DocumentError("truncated document: no certification and release date line")
    title = clean_name(lines[0][1])
    film = FilmRecord(title=title)
    _read_info_line(lines[2][1], lines[2][0], film, warnings)

    body = lines[3:]
    reviews_at = next(
        (i for i, (_, line) in enumerate(body) if line.casefold() == _REVIEWS_HEADING), None
    )
    before = body if reviews_at is None else body[:reviews_at]
    synopsis: list[str] = []
    for _, line in before:
        if _is_trailer_line(line, title):
            film.trailer = True
        elif clean_name(line) != title:
            synopsis.append(line)
    film.synopsis = _paragraphs(synopsis)
    if reviews_at is not None:
        film.audience_reviews = _read_reviews(body[reviews_at + 1 :], warnings)
    return ParsedDocument(NAME, SOURCE_SITE, film, warnings)
