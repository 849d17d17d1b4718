"""Helpers shared by every format: decoding, and reading the small values that
film pages write in many ways (runtimes, dates, scores, stars, counts, names,
certifications).

Conventions, so that callers can word their warnings:

- A reader returns ``None`` when the text is not the shape it reads at all
  ("Drama" is not a runtime), and raises ``ValueError`` with a short reason
  when the shape is right but the value is impossible ("Feb 30, 2020",
  "11/10"). `score_to_100` is the one lenient exception: it folds both into
  ``None``, for callers that only want a number.
- Nothing here raises `DocumentError` except `decode_document`: whether a bad
  value is fatal is the format's decision.
- Regular expressions here are anchored and free of nested quantifiers, so
  they run in linear time even on the very long run-together lines that
  review sections produce.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from .records import CERTIFICATIONS, DocumentError

# ---------------------------------------------------------------------------
# Decoding

# Above this share of control characters a UTF-8-valid file is still data,
# not a page dump (text pages have none besides tabs and line breaks).
_MAX_CONTROL_SHARE = 0.05
# Control characters other than tab, line feed, vertical tab, form feed, CR.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def decode_document(data: bytes) -> str:
    """Bytes of a source file -> text with LF line endings, in NFC.

    UTF-8 (with or without a byte order mark) is the only accepted encoding:
    guessing cp1252 or latin-1 would "succeed" on any bytes at all and turn
    mojibake into stored names. NFC makes "é" one code point however the
    source spelled it, so known names and repeated titles compare equal.
    Raises `DocumentError` for empty, binary or undecodable input.
    """
    if not data:
        raise DocumentError("empty document")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError("not valid UTF-8 text (UTF-16 byte order mark)")
    nul = data.find(b"\x00")
    if nul != -1:
        raise DocumentError(f"binary data, not text (NUL byte at byte {nul})")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":  # only ever said at the very end
            raise DocumentError(
                f"truncated: ends inside a character (an unfinished UTF-8 sequence at byte "
                f"{exc.start})"
            ) from None
        raise DocumentError(f"not valid UTF-8 text (byte {exc.start})") from None
    if not text.strip():
        raise DocumentError("empty document (only whitespace)")
    controls = sum(1 for _ in _CONTROL.finditer(text))
    if controls > len(text) * _MAX_CONTROL_SHARE:
        raise DocumentError(f"binary data, not text ({controls} control characters)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


# ---------------------------------------------------------------------------
# Names and lists

_WHITESPACE = re.compile(r"\s+")


def clean_name(text: str) -> str:
    """Collapse whitespace, strip, normalise to NFC; accents are kept."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


# Items that follow a comma but belong to the name before it:
# "Sammy Davis, Jr.", "Example Films, Inc.".
_LIST_SUFFIXES = frozenset(
    {"jr.", "jr", "sr.", "sr", "ii", "iii", "iv", "inc.", "inc", "ltd.", "ltd", "llc", "l.l.c."}
    | {"co.", "corp.", "corp", "s.a.", "gmbh", "b.v.", "plc"}
)


def split_list(text: str) -> list[str]:
    """Split a comma-separated list of names, keeping suffixes such as
    "Jr." or "Inc." with the name they follow. Empty items are dropped."""
    items: list[str] = []
    for part in text.split(","):
        item = clean_name(part)
        if not item:
            continue
        if items and item.lower() in _LIST_SUFFIXES:
            items[-1] = f"{items[-1]}, {item}"
        else:
            items.append(item)
    return items


def title_key(title: str) -> str:
    """Normalised title for matching films across pages and sites: no accents,
    case, punctuation or spacing differences ("Amélie" == "AMELIE";
    "Lock, Stock & ..." == "lock stock and ...")."""
    text = unicodedata.normalize("NFKD", title.replace("&", " and "))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text).split())


# ---------------------------------------------------------------------------
# Runtimes

_RUNTIME = re.compile(
    r"(?:(?P<h>\d{1,2})\s*(?:h|hr|hrs|hour|hours)\.?)?"
    r"\s*(?:(?P<m>\d{1,3})\s*(?:m|min|mins|minute|minutes)\.?)?",
    re.IGNORECASE,
)


def parse_runtime(text: str) -> int | None:
    """ "2h 13m" -> 133; also "95 min", "1h", "45m", "1 hr 30 min".

    Returns None when the text is not a runtime; raises ValueError for a
    runtime of zero or with 60 or more minutes after an hour count.
    """
    match = _RUNTIME.fullmatch(text.strip())
    if not match or (match["h"] is None and match["m"] is None):
        return None
    hours = int(match["h"] or 0)
    minutes = int(match["m"] or 0)
    if hours and minutes >= 60:
        raise ValueError(f"{text.strip()!r} has {minutes} minutes after the hours")
    total = hours * 60 + minutes
    if total == 0:
        raise ValueError(f"{text.strip()!r} is no time at all")
    return total


# ---------------------------------------------------------------------------
# Dates

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?" + (
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
# The shapes of a date, for finding one inside a line. Named groups differ
# per shape; `_date_from_match` reads whichever matched.
DATE_PATTERN = (
    rf"(?:(?P<mdy_mon>{_MONTH})\.?\s(?P<mdy_day>\d{{1,2}}),\s?(?P<mdy_year>\d{{4}})"
    rf"|(?P<dmy_day>\d{{1,2}})\s(?P<dmy_mon>{_MONTH})\.?\s(?P<dmy_year>\d{{4}})"
    r"|(?P<num_mon>\d{1,2})/(?P<num_day>\d{1,2})/(?P<num_year>\d{4}|\d{2})"
    r"|(?P<iso_year>\d{4})-(?P<iso_mon>\d{2})-(?P<iso_day>\d{2}))"
)
_DATE = re.compile(DATE_PATTERN, re.IGNORECASE)

# Two-digit years follow POSIX strptime: 69-99 are 1969-1999, 00-68 are
# 2000-2068. Only audience review dates ("07/21/24") use them.
_TWO_DIGIT_PIVOT = 69


def _date_from_match(match: re.Match[str]) -> datetime.date:
    if match["mdy_mon"]:
        year, month, day = match["mdy_year"], _MONTHS[match["mdy_mon"].lower()], match["mdy_day"]
    elif match["dmy_mon"]:
        year, month, day = match["dmy_year"], _MONTHS[match["dmy_mon"].lower()], match["dmy_day"]
    elif match["num_mon"]:
        year, month, day = match["num_year"], match["num_mon"], match["num_day"]
        if len(year) == 2:
            short = int(year)
            year = str(short + (1900 if short >= _TWO_DIGIT_PIVOT else 2000))
    else:
        year, month, day = match["iso_year"], match["iso_mon"], match["iso_day"]
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(f"{match[0]!r} is not a real date") from None


def parse_date(text: str) -> datetime.date | None:
    """ "Nov 16, 2023", "Sep 6, 1948", "22 October 1948", "07/21/24"
    (MM/DD/YY), "2023-11-16" -> date. None when the text is not a date;
    ValueError when it is date-shaped but impossible (Feb 30, year 0)."""
    match = _DATE.fullmatch(text.strip())
    return _date_from_match(match) if match else None


def search_date(text: str) -> tuple[datetime.date, int, int] | None:
    """The first date inside `text`: (date, start, end). ValueError as in
    `parse_date` when the first date-shaped run is impossible."""
    match = _DATE.search(text)
    if not match:
        return None
    return _date_from_match(match), match.start(), match.end()


def date_year(text: str) -> int | None:
    """The year written in a date-shaped text, even when the date itself is
    impossible ("Sep 6, 0000" -> 0), so callers can name a bad year."""
    match = _DATE.search(text)
    if not match:
        return None
    year = match["mdy_year"] or match["dmy_year"] or match["num_year"] or match["iso_year"]
    return int(year) if len(year) == 4 else None


# ---------------------------------------------------------------------------
# Scores

# Letter grades on 0-100: even steps of 100/12 from F (0) to A (100), rounded
# half up; A+ is capped at 100. This is the table review aggregators use
# (B+ = 83, B = 75, C = 50). There is no E, and F+/F- are not grades we know.
LETTER_GRADES = {
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
_NUMBER = r"\d{1,3}(?:\.\d{1,2})?"
_FRACTION = re.compile(rf"(?P<num>{_NUMBER})(?P<half>\s?½)?\s*(?:/|out of)\s*(?P<den>{_NUMBER})")
_PERCENT = re.compile(rf"(?P<num>{_NUMBER})\s?%")
# Minus may be written as a hyphen, a minus sign or an en dash.
_MINUS_SIGNS = "\u2212\u2013"
_GRADE = re.compile(f"[A-DF][+\\-{_MINUS_SIGNS}]?", re.IGNORECASE)


def _round_half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding="ROUND_HALF_UP"))


def convert_score(score_text: str) -> int | None:
    """A written score -> 0-100. "4/4" -> 100, "9/10" -> 90, "3.5/5" -> 70,
    "3.5/4" -> 88, "B+" -> 83 (see LETTER_GRADES), "85%" -> 85.

    None when the text is no score shape we know ("two thumbs up");
    ValueError when it is one but cannot be on the scale ("11/10", "3/0").
    """
    text = score_text.strip()
    if not text:
        return None
    if _GRADE.fullmatch(text):
        grade = text.upper()
        for sign in _MINUS_SIGNS:
            grade = grade.replace(sign, "-")
        return LETTER_GRADES[grade]
    if match := _FRACTION.fullmatch(text):
        numerator = Decimal(match["num"]) + (Decimal("0.5") if match["half"] else 0)
        denominator = Decimal(match["den"])
        if denominator == 0:
            raise ValueError(f"{text!r} has a zero denominator")
        if numerator > denominator:
            raise ValueError(f"{text!r} is more than the maximum")
        return _round_half_up(numerator * 100 / denominator)
    if match := _PERCENT.fullmatch(text):
        value = Decimal(match["num"])
        if value > 100:
            raise ValueError(f"{text!r} is outside 0-100")
        return _round_half_up(value)
    return None


def score_to_100(score_text: str) -> int | None:
    """Like `convert_score`, but None for anything it cannot convert."""
    try:
        return convert_score(score_text)
    except ValueError:
        return None


def parse_percentage(text: str) -> int | None:
    """ "93%" -> 93; "--" (no score yet) -> None. ValueError above 100."""
    text = text.strip().rstrip("%").strip()
    if not text.isdigit():
        return None
    value = int(text)
    if value > 100:
        raise ValueError(f"{value}% is outside 0-100")
    return value


_STARS = re.compile(
    rf"(?:Rated\s+)?(?P<stars>{_NUMBER})\s+(?:out\s+of\s+5\s+)?stars?", re.IGNORECASE
)


def parse_stars(text: str) -> Decimal | None:
    """ "Rated 3.5 out of 5 stars" (or "3.5 stars") -> Decimal("3.5").

    None when the text is not a star rating; ValueError for ratings that
    are not 0.5-5 in half steps (the only values a five-star widget gives).
    """
    match = _STARS.fullmatch(text.strip())
    if not match:
        return None
    try:
        stars = Decimal(match["stars"])
    except InvalidOperation:  # pragma: no cover - the pattern only admits numbers
        return None
    if not (Decimal("0.5") <= stars <= 5) or (stars * 2) % 1:
        raise ValueError(f"{match['stars']} stars is not 0.5-5 in half steps")
    return stars


# ---------------------------------------------------------------------------
# Counts

_COUNT = re.compile(r"(?P<n>\d{1,3}(?:,\d{3})+|\d+)(?P<plus>\+)?")
_RATING_COUNT = re.compile(
    r"(?P<text>(?:(?:Fewer|Less) than\s+)?(?:\d{1,3}(?:,\d{3})+|\d+)\+?(?:\s+Verified)?)"
    r"(?:\s+(?:Ratings?|Reviews?))?",
    re.IGNORECASE,
)


def parse_count(text: str) -> int | None:
    """ "10,000+" -> 10000, "829" -> 829: the lower bound a count states.
    None for "Fewer than 50" (no lower bound) and for non-counts."""
    match = _COUNT.fullmatch(text.strip())
    return int(match["n"].replace(",", "")) if match else None


def parse_rating_count(text: str) -> tuple[str, int | None] | None:
    """A ratings count as pages write it -> (text as written, lower bound).

    "10,000+ Ratings" -> ("10,000+", 10000); "2,500+ Verified Ratings" ->
    ("2,500+ Verified", 2500); "Fewer than 50 Ratings" -> ("Fewer than 50",
    None). The text drops only the trailing noun. None for other shapes.
    """
    match = _RATING_COUNT.fullmatch(clean_name(text))
    if not match:
        return None
    written = match["text"]
    if written.lower().startswith(("fewer", "less")):
        return written, None
    number = written.split()[0]
    return written, parse_count(number)


# ---------------------------------------------------------------------------
# Certifications

_CERTIFICATION_ALIASES = {
    "NOT RATED": "NR",
    "UNRATED": "NR",
    "PG13": "PG-13",
    "NC17": "NC-17",
    "TVY": "TV-Y",
    "TVY7": "TV-Y7",
    "TVG": "TV-G",
    "TVPG": "TV-PG",
    "TV14": "TV-14",
    "TVMA": "TV-MA",
}


def normalise_certification(text: str) -> str | None:
    """ "PG-13", "pg13", "Not Rated" -> the canonical code; None if unknown."""
    key = clean_name(text).upper().replace("\u2013", "-")
    if key in CERTIFICATIONS:
        return key
    return _CERTIFICATION_ALIASES.get(key)
