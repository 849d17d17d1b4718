"""The header block under the title: the status line ("PG-13 Released Mar 3,
2024 1h 52m Drama List") and the scores line ("99% Tomatometer 67 Reviews
91% Audience Score 10,000+ Ratings"). Both state headline facts, so an
impossible year or percentage rejects the page.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from ...records import DocumentError, ScoreRecord
from ...text import (
    DATE_PATTERN,
    date_year,
    normalise_certification,
    parse_count,
    parse_date,
    parse_percentage,
    parse_rating_count,
    parse_runtime,
)
from .vocabulary import _GENRE_MAX_TOKENS, _GENRES_BY_TOKENS, YEAR_MAX, YEAR_MIN

# Header: status line and scores

_CERT_AT_START = re.compile(
    r"(?P<cert>PG-13|PG|G|R|NC-17|NR|TV-Y7|TV-Y|TV-G|TV-PG|TV-14|TV-MA|Not Rated|Unrated)"
    r"(?=[\s,]|$)[\s,]*"
)
_STATUS = re.compile(
    r"(?<!\w)(?P<status>Now Playing|Now in Theaters|In Theaters|Coming Soon|Released|Streaming)"
    rf"(?:,?\s+(?P<date>{DATE_PATTERN}))?",
    re.IGNORECASE,
)
_STATUSES = {
    "now playing": "now_playing",
    "now in theaters": "now_playing",
    "in theaters": "now_playing",
    "coming soon": "coming_soon",
    "released": "released",
    "streaming": "streaming",
}
_HEADER_RUNTIME = re.compile(
    r"(?<!\S)(?P<rt>\d{1,2}h(?: \d{1,2}m)?|\d{1,3}m|\d{2,3} min)(?=[\s,]|$)"
)
_HEADER_YEAR = re.compile(r"(?<![\w,$])(?P<year>\d{4})(?![\w%])")
_HEADER_MAX_LENGTH = 160


@dataclass(slots=True)
class HeaderLine:
    certification: str = ""
    status: str = ""
    status_date: datetime.date | None = None
    runtime: int | None = None
    year: int | None = None
    genres: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    @property
    def recognised(self) -> bool:
        """A status or a runtime makes a header line; otherwise every word
        must be accounted for, so that another site's "NR | 22 October 1948
        (USA)" is not mistaken for one."""
        if self.status or self.runtime:
            return True
        found = self.certification or self.year or self.genres
        return bool(found) and not self.unknown


def read_genre_words(text: str) -> tuple[list[str], list[str]]:
    """Genres written without separators -> (known genres, unknown words).
    Longest known genre first, so "Mystery & Thriller" is one genre."""
    words = [w for w in re.split(r"[\s,/|]+", text) if w]
    genres: list[str] = []
    unknown: list[str] = []
    index = 0
    while index < len(words):
        for length in range(min(_GENRE_MAX_TOKENS, len(words) - index), 0, -1):
            key = tuple(w.casefold() for w in words[index : index + length])
            if key in _GENRES_BY_TOKENS:
                genres.append(_GENRES_BY_TOKENS[key])
                index += length
                break
        else:
            unknown.append(words[index])
            index += 1
    return genres, unknown


def parse_header_line(
    line: str, *, line_number: int | None = None, warnings: list[str] | None = None
) -> HeaderLine:
    """ "[CERT] <status> [date] <runtime> <genres> [List]", in any order, with
    or without commas. Raises DocumentError for an impossible year."""
    header = HeaderLine()
    rest = line.strip()
    if len(rest) > _HEADER_MAX_LENGTH:
        return header
    rest = re.sub(r"(?:^|\s)List$", "", rest).strip()
    if match := _CERT_AT_START.match(rest):
        header.certification = normalise_certification(match["cert"]) or ""
        rest = rest[match.end() :]
    if match := _STATUS.search(rest):
        header.status = _STATUSES[match["status"].casefold()]
        if match["date"]:
            header.status_date = _film_date(
                match["date"], "header date", line_number, warnings if warnings is not None else []
            )
        rest = rest[: match.start()] + " " + rest[match.end() :]
    if match := _HEADER_RUNTIME.search(rest):
        header.runtime = parse_runtime(match["rt"].replace("min", "m"))
        rest = rest[: match.start()] + " " + rest[match.end() :]
    if match := _HEADER_YEAR.search(rest):
        header.year = _check_year(int(match["year"]), "year", line_number)
        rest = rest[: match.start()] + " " + rest[match.end() :]
    header.genres, header.unknown = read_genre_words(rest)
    return header


_TOMATOMETER = re.compile(r"(?<!\S)(?P<v>\d+|--)\s?%?\s+Tomatometer", re.IGNORECASE)
_REVIEW_COUNT = re.compile(r"Tomatometer\s+(?P<n>\d{1,3}(?:,\d{3})+|\d+)\s+Reviews?", re.I)
_AUDIENCE_SCORE = re.compile(
    r"(?<!\S)(?P<v>\d+|--)\s?%?\s+(?:Audience Score|Popcornmeter)", re.IGNORECASE
)
_RATINGS = re.compile(
    r"(?:Audience Score|Popcornmeter)\s+(?P<c>(?:(?:Fewer|Less) than\s+)?[\d,]+\+?"
    r"(?:\s+Verified)?\s+Ratings?)",
    re.IGNORECASE,
)


def is_scores_line(line: str) -> bool:
    return bool(_TOMATOMETER.search(line) or _AUDIENCE_SCORE.search(line))


def parse_scores_line(line: str, *, line_number: int | None = None) -> ScoreRecord:
    """ "99% Tomatometer 67 Reviews 91% Audience Score 10,000+ Ratings".

    A percentage over 100 raises DocumentError: these are the film's
    headline facts, and a page that states one is broken, not approximate.
    """
    scores = ScoreRecord()
    if match := _TOMATOMETER.search(line):
        scores.tomatometer = _headline_percentage(match["v"], "tomatometer", line_number)
    if match := _REVIEW_COUNT.search(line):
        scores.critic_review_count = parse_count(match["n"])
    if match := _AUDIENCE_SCORE.search(line):
        scores.audience_score = _headline_percentage(match["v"], "audience score", line_number)
    if (match := _RATINGS.search(line)) and (count := parse_rating_count(match["c"])):
        scores.audience_rating_count_text, scores.audience_rating_count = count
    return scores


def _headline_percentage(text: str, name: str, line_number: int | None) -> int | None:
    try:
        return parse_percentage(text)
    except ValueError as exc:
        raise DocumentError(f"{name}: {exc}", line_number) from None


def _check_year(year: int, name: str, line_number: int | None) -> int:
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise DocumentError(f"{name}: {year} is outside {YEAR_MIN}-{YEAR_MAX}", line_number)
    return year


def _film_date(
    text: str, name: str, line_number: int | None, warnings: list[str]
) -> datetime.date | None:
    """A date that can set the film's year. A year outside YEAR_MIN-YEAR_MAX
    is fatal (the year is a headline fact); an impossible day in a possible
    year ("Feb 30, 1948") is a warning."""
    year = date_year(text)
    if year is not None:
        _check_year(year, f"year ({name} {text!r})", line_number)
    try:
        return parse_date(text)
    except ValueError as exc:
        warnings.append(f"{name}: {exc}; ignored")
        return None
