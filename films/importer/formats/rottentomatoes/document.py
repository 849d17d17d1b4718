"""Detection and the whole page: the format's entry points (`detect`, `parse`,
and `critic_heads` for the run-wide name pass), which cut the page into
sections and give each to its reader.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from ...records import (
    NO_KNOWN_NAMES,
    DocumentError,
    FilmRecord,
    KnownNames,
    ParsedDocument,
    ReleaseRecord,
    ScoreRecord,
)
from ...text import parse_count
from .credits import _add_credits, cast_from_synopsis, read_cast_and_crew
from .header import (
    _AUDIENCE_SCORE,
    _TOMATOMETER,
    HeaderLine,
    is_scores_line,
    parse_header_line,
    parse_scores_line,
)
from .heads import _HEAD_WINDOW, _Known
from .layout import _VIEW_ALL_COUNT, BANNER, _strip_trailing_furniture, is_furniture
from .movie_info import _add_fact, _apply_movie_info, read_movie_info
from .reviews import _critic_reviews, _read_critic_tail, parse_audience_reviews, split_reviews
from .sections import _cut_page, _nonblank_lines, _Page, check_complete
from .similar import _DISCOVER, parse_similar_line
from .watch import _read_watch

NAME = "rottentomatoes"
SOURCE_SITE = "Rotten Tomatoes"
# The fuller, structured page: its values win over other sites' (see formats).
PRIORITY = 20


# Detection and the whole page


def detect(text: str) -> bool:
    """The banner line first, or the Tomatometer/Audience Score line near
    the top (a dump that lost its banner)."""
    lines = _nonblank_lines(text[:20_000])
    if not lines:
        return False
    if lines[0][1].casefold() == BANNER.casefold():
        return True
    return any(_TOMATOMETER.search(line) and _AUDIENCE_SCORE.search(line) for _, line in lines[:10])


@dataclass(slots=True)
class _HeaderBlock:
    header: HeaderLine | None = None
    scores: ScoreRecord | None = None
    teaser: str = ""


def _read_header_block(lines: list[tuple[int, str]], warnings: list[str]) -> _HeaderBlock:
    block = _HeaderBlock()
    for number, line in lines:
        if block.scores is None and is_scores_line(line):
            block.scores = parse_scores_line(line, line_number=number)
            continue
        if block.header is None and block.scores is None and not block.teaser:
            header = parse_header_line(line, line_number=number, warnings=warnings)
            if header.recognised:
                block.header = header
                for word in header.unknown:
                    warnings.append(f"genres: {word!r} in the header line is not a known genre")
                continue
        if is_furniture(line):
            continue
        if not block.teaser:
            block.teaser = _strip_trailing_furniture(line)
        else:
            shown = line if len(line) <= 60 else line[:57] + "..."
            warnings.append(f"header: line {number} not understood: {shown!r}; ignored")
    return block


def _section_text(lines: list[tuple[int, str]]) -> str:
    return " ".join(line for _, line in lines if not is_furniture(line))


def _view_all_count(lines: list[tuple[int, str]], kind: str) -> int | None:
    for _, line in lines:
        if len(line) > 200:
            continue  # a review run, not the short "View All (N) ..." link
        if (match := _VIEW_ALL_COUNT.search(line)) and match["kind"].casefold() == kind:
            return parse_count(match["n"])
    return None


def _review_lines(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    return [(n, line) for n, line in lines if not _VIEW_ALL_COUNT.fullmatch(line)]


def parse(text: str, known: KnownNames = NO_KNOWN_NAMES) -> ParsedDocument:
    warnings: list[str] = []
    page = _cut_page(text)
    check_complete(page)
    block = _read_header_block(page.header, warnings)
    if block.header is None and block.scores is None:
        raise DocumentError("incomplete: no header line or scores after the title", page.title_line)
    film = FilmRecord(title=page.title)
    known_index = _Known.build(known)

    # Movie Info first: it is the authority for the fields it states.
    info_lines = page.section_lines("info")
    _apply_movie_info(read_movie_info(info_lines, warnings), film, warnings)

    header = block.header or HeaderLine()
    film.release_status = header.status
    if header.certification:
        if film.certification and film.certification != header.certification:
            warnings.append(
                f"certification: header says {header.certification}, Movie Info says "
                f"{film.certification}; kept Movie Info"
            )
        elif not film.certification:
            film.certification = header.certification
    if header.runtime is not None:
        if film.runtime_minutes and film.runtime_minutes != header.runtime:
            warnings.append(
                f"runtime: header says {header.runtime} min, Movie Info says "
                f"{film.runtime_minutes} min; kept Movie Info"
            )
        elif film.runtime_minutes is None:
            film.runtime_minutes = header.runtime
    if not film.genres:
        film.genres = header.genres
    if header.status_date is not None:
        kind = "streaming" if header.status == "streaming" else "theatrical"
        if not any(r.kind == kind for r in film.release_dates):
            film.release_dates.append(ReleaseRecord(kind, header.status_date))
    film.year = header.year or _year_from_releases(film.release_dates)
    if not film.synopsis:
        film.synopsis = block.teaser

    film.critics_consensus = _section_text(page.section_lines("consensus"))
    if says := _section_text(page.section_lines("audience_says")):
        _add_fact(film.extra_facts, "Audience Says", says, warnings)
    film.watch_options = _read_watch(page.section_lines("watch"), page.title, warnings)

    critics_lines = page.section_lines("critics")
    film.critic_reviews = _critic_reviews(
        _section_text(_review_lines(critics_lines)), page.title.split(), known_index, warnings
    )
    audience_lines = page.section_lines("audience")
    film.audience_reviews = parse_audience_reviews(
        _section_text(_review_lines(audience_lines)), warnings=warnings
    )

    film.scores = _scores(block.scores, critics_lines, audience_lines, warnings)
    _read_cast_and_similar(page, film, warnings)
    return ParsedDocument(NAME, SOURCE_SITE, film, warnings)


def _year_from_releases(releases: list[ReleaseRecord]) -> int | None:
    theatrical = [r.date for r in releases if r.kind == "theatrical"]
    dates = theatrical or [r.date for r in releases]
    return min(dates).year if dates else None


def _scores(
    scores: ScoreRecord | None,
    critics_lines: list[tuple[int, str]],
    audience_lines: list[tuple[int, str]],
    warnings: list[str],
) -> ScoreRecord | None:
    critic_count = _view_all_count(critics_lines, "critics")
    audience_count = _view_all_count(audience_lines, "audience")
    if scores is None and critic_count is None and audience_count is None:
        return None
    scores = scores or ScoreRecord()
    if critic_count is not None:
        if scores.critic_review_count is None:
            scores.critic_review_count = critic_count
        elif scores.critic_review_count != critic_count:
            warnings.append(
                f"critic review count: {scores.critic_review_count} in the header, "
                f"{critic_count} in the reviews section; kept the header"
            )
    scores.audience_review_count = audience_count
    return scores


def _read_cast_and_similar(page: _Page, film: FilmRecord, warnings: list[str]) -> None:
    """Cast & Crew entries, and the similar-films list wherever it sits (its
    heading is often lost, leaving it under Cast & Crew)."""
    cast_lines: list[str] = []
    for section in page.sections:
        if section.key in ("critics", "audience", "info", "ignore"):
            continue
        for _, line in section.lines:
            if not film.similar and (section.key in ("cast", "similar") or _DISCOVER.search(line)):
                similar = parse_similar_line(line, warnings)
                if similar is not None:
                    film.similar = similar
                    continue
            if section.key == "cast" and not is_furniture(line):
                cast_lines.append(line)
    crew = read_cast_and_crew(cast_lines, warnings) if cast_lines else []
    for credit in crew:
        _add_credits(film.credits, [credit.name], credit.role, credit.character)
    if not any(c.role == "cast" for c in film.credits):
        for credit in cast_from_synopsis(film.synopsis):
            _add_credits(film.credits, [credit.name], "cast", credit.character)


def critic_heads(text: str) -> tuple[str, list[str]]:
    """The page's title and the head of each critic review as
    `_parse_critic_segment` splits it (the tail peeled off, only the words
    the split reads kept): all that `confident_names` needs, small enough to
    keep for every document of a long run. Cheap: no other section is read.
    A truncated page raises DocumentError here too: it teaches no names."""
    page = _cut_page(text)
    check_complete(page)
    segments, _ = split_reviews(_section_text(_review_lines(page.section_lines("critics"))))
    heads = []
    for segment in segments:
        head = _read_critic_tail(segment.strip()).head
        if head:
            words = list(itertools.islice(re.finditer(r"\S+", head), _HEAD_WINDOW))
            heads.append(head[: words[-1].end()])
    return page.title, heads
