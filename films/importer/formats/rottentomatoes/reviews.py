"""Critic and audience reviews, run together on one line.

Each review section is one line in which every review ends with "Full
Review", so splitting there is exact; the tail of each piece ("Full review
in Spanish", "Rated: 9/10", "Nov 16, 2023", or for audience reviews "Rated 2
out of 5 stars 07/21/24") is read backwards from its end. What is left of a
critic review, its head, is split by `heads`.
"""

from __future__ import annotations

import datetime
import itertools
import re
from dataclasses import dataclass

from ...records import NO_KNOWN_NAMES, AudienceReviewRecord, CriticReviewRecord, KnownNames
from ...text import DATE_PATTERN, clean_name, convert_score, parse_date, parse_stars
from .heads import HeadSplit, _Known, _split_head
from .layout import is_furniture
from .vocabulary import YEAR_MAX, YEAR_MIN

# Critic reviews

_FULL_REVIEW_SPLIT = re.compile(r"\s*\bFull Review\b\s*")  # case matters: not "Full review in"
_TAIL_WINDOW = 120
_TAIL_DATE = re.compile(rf"(?:^|\s)(?P<date>{DATE_PATTERN})\s*$", re.IGNORECASE)
_TAIL_SCORE = re.compile(r"(?:^|\s)Rated:\s*(?P<score>[^\s:][^:]{0,19}?)\s*$")
_TAIL_LANGUAGE = re.compile(
    r"(?:^|\s)(?P<note>Full review in [A-Z][\w()-]*(?: [A-Z][\w()-]*){0,2})\s*$"
)


def split_reviews(text: str) -> tuple[list[str], str]:
    """Run-together reviews -> (segments, leftover after the last "Full Review")."""
    parts = _FULL_REVIEW_SPLIT.split(text.strip())
    return [part for part in parts[:-1] if part], parts[-1]


@dataclass(slots=True)
class _Tail:
    head: str
    date_text: str = ""
    score_text: str = ""
    note: str = ""


def _read_critic_tail(segment: str) -> _Tail:
    """Peel "[Full review in X] [Rated: s] [date]" off the end of a review."""
    tail = _Tail(head=segment.rstrip())
    for _ in range(3):
        window_start = max(0, len(tail.head) - _TAIL_WINDOW)
        window = tail.head[window_start:]
        if not tail.date_text and (match := _TAIL_DATE.search(window)):
            tail.date_text = match["date"]
        elif not tail.score_text and (match := _TAIL_SCORE.search(window)):
            tail.score_text = match["score"].strip()
        elif not tail.note and (match := _TAIL_LANGUAGE.search(window)):
            tail.note = match["note"]
        else:
            break
        tail.head = tail.head[: window_start + match.start()].rstrip()
    return tail


def parse_critic_segment(
    segment: str,
    *,
    number: int,
    title: str,
    known: KnownNames = NO_KNOWN_NAMES,
    warnings: list[str] | None = None,
) -> CriticReviewRecord | None:
    """One critic review (the text before its "Full Review")."""
    return _parse_critic_segment(
        segment,
        number,
        title.split(),
        _Known.build(known),
        warnings if warnings is not None else [],
    )


def _parse_critic_segment(
    segment: str, number: int, title_words: list[str], known: _Known, warnings: list[str]
) -> CriticReviewRecord | None:
    raw = segment.strip()
    where = f"critic review {number}"
    tail = _read_critic_tail(raw)
    review_date = _review_date(tail.date_text, where, warnings)
    score = None
    if tail.score_text:
        try:
            score = convert_score(tail.score_text)
            if score is None:
                warnings.append(f"{where}: score {tail.score_text!r} is not a scale we know")
        except ValueError as exc:
            warnings.append(f"{where}: score {exc}; kept as written only")
    if not tail.head:
        warnings.append(f"{where}: no critic, publication or quote; skipped")
        return None
    split = _split_head(tail.head, title_words, known)
    if split is None:
        warnings.append(f"{where}: could not tell the critic and publication from the quote")
        split = HeadSplit(None, None, tail.head, uncertain=True)
    elif split.critic is None and split.publication is None:
        warnings.append(f"{where}: no critic or publication found")
    return CriticReviewRecord(
        critic=split.critic,
        publication=split.publication,
        quote=split.quote,
        score_text=tail.score_text,
        score=score,
        review_date=review_date,
        note=tail.note,
        uncertain=split.uncertain,
        raw=raw,
    )


def _review_date(text: str, where: str, warnings: list[str]) -> datetime.date | None:
    if not text:
        return None
    try:
        value = parse_date(text)
    except ValueError as exc:
        warnings.append(f"{where}: date {exc}; left empty")
        return None
    if value is not None and not YEAR_MIN <= value.year <= YEAR_MAX:
        warnings.append(f"{where}: date {text!r} is outside {YEAR_MIN}-{YEAR_MAX}; left empty")
        return None
    return value


def _leftover_warning(leftover: str, where: str, warnings: list[str]) -> None:
    leftover = leftover.strip()
    if leftover and not is_furniture(leftover):
        shown = leftover if len(leftover) <= 60 else leftover[:57] + "..."
        warnings.append(f"{where}: text after the last review was not read: {shown!r}")


def parse_critic_reviews(
    text: str, *, title: str, known: KnownNames = NO_KNOWN_NAMES, warnings: list[str]
) -> list[CriticReviewRecord]:
    """A run-together line of critic reviews -> records, in page order."""
    return _critic_reviews(text, title.split(), _Known.build(known), warnings)


def _critic_reviews(
    text: str, title_words: list[str], known: _Known, warnings: list[str]
) -> list[CriticReviewRecord]:
    segments, leftover = split_reviews(text)
    reviews = []
    for number, segment in enumerate(segments, start=1):
        review = _parse_critic_segment(segment, number, title_words, known, warnings)
        if review is not None:
            reviews.append(review)
    _leftover_warning(leftover, "critic reviews", warnings)
    return reviews


# Audience reviews

_AUDIENCE_TAIL = re.compile(
    r"(?:^|\s)(?:Rated\s+(?P<stars>\d{1,3}(?:\.\d{1,2})?)\s+out\s+of\s+5\s+stars?)?"
    r"\s*(?P<date>\d{1,2}/\d{1,2}/(?:\d{4}|\d{2}))?\s*$"
)
_AUTHOR_INITIAL = re.compile(r"[A-Z]\.?")
_MAX_AUTHOR_WORDS = 4


def parse_audience_segment(
    segment: str, *, number: int, warnings: list[str]
) -> AudienceReviewRecord | None:
    """ "<Author> <text> Rated <N> out of 5 stars <MM/DD/YY>".

    The author is a first name and an initial ("Lars N"), so it ends at the
    first single capital letter among the first words.
    """
    where = f"audience review {number}"
    body = segment.strip()
    window_start = max(0, len(body) - _TAIL_WINDOW)
    stars = review_date = None
    match = _AUDIENCE_TAIL.search(body[window_start:])
    if match and (match["stars"] or match["date"]):
        if match["stars"]:
            try:
                stars = parse_stars(f"{match['stars']} stars")
            except ValueError as exc:
                warnings.append(f"{where}: {exc}; left empty")
        review_date = _review_date(match["date"] or "", where, warnings)
        body = body[: window_start + match.start()].rstrip()
    tokens = list(itertools.islice(re.finditer(r"\S+", body), _MAX_AUTHOR_WORDS + 1))
    author_end = next(
        (
            index
            for index, token in enumerate(tokens[:_MAX_AUTHOR_WORDS])
            if index and _AUTHOR_INITIAL.fullmatch(token.group())
        ),
        None,
    )
    if author_end is None:
        if len(tokens) < 2:
            warnings.append(f"{where}: no author or no text; skipped")
            return None
        author_end = 0
        warnings.append(f"{where}: author {tokens[0].group()!r} is a guess (no initial found)")
    if author_end + 1 >= len(tokens):
        warnings.append(f"{where}: no text; skipped")
        return None
    author = clean_name(body[: tokens[author_end].end()])
    text = body[tokens[author_end + 1].start() :]
    return AudienceReviewRecord(author=author, text=text, stars=stars, review_date=review_date)


def parse_audience_reviews(text: str, *, warnings: list[str]) -> list[AudienceReviewRecord]:
    segments, leftover = split_reviews(text)
    reviews = []
    for number, segment in enumerate(segments, start=1):
        review = parse_audience_segment(segment, number=number, warnings=warnings)
        if review is not None:
            reviews.append(review)
    _leftover_warning(leftover, "audience reviews", warnings)
    return reviews
