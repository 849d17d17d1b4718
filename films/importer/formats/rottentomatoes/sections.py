"""Cutting the page into the header block and heading-led sections, dropping
page furniture (buttons, links, repeated titles), and checking that it is
complete.

Complete or rejected. `PAGE_PARTS` lists a page's parts in order and which
of them every real page has: the title, a header line (or scores line) and
Movie Info; the others are legitimately absent (a coming-soon film has no
scores, reviews or consensus). After Movie Info every page closes with
`CLOSING_FURNITURE`, "Most Popular at Home Now". A document without that
closing line is truncated and rejected before anything is read, with one
line saying where it ends and what is missing ("truncated: ends inside
Critics Reviews (a review cut off); no Movie Info, closing ..."). Because the
closing line comes last, a cut anywhere before its end is caught, whether it
falls between sections, inside a review run or after a Movie Info label
whose value was cut off; dropping only trailing blank space is not a cut.
What cannot be told: a cut inside the banner line itself ("Rotten Tom")
leaves a line no format recognises, so it is rejected as an unknown kind of
document, not as a truncated page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...records import DocumentError
from ...text import clean_name
from .header import _HEADER_RUNTIME, _STATUS, is_scores_line
from .layout import (
    _NAVIGATION,
    BANNER,
    CLOSING_FURNITURE,
    FURNITURE_PHRASES,
    HEADINGS,
    PAGE_PARTS,
    _strip_trailing_furniture,
    is_furniture,
)
from .movie_info import _UNKNOWN_LABEL, _match_label
from .reviews import _TAIL_WINDOW, split_reviews

# Cutting the page into parts


@dataclass(slots=True)
class _Section:
    key: str  # a value of HEADINGS
    heading: str  # as the page writes it
    heading_line: int
    lines: list[tuple[int, str]] = field(default_factory=list)


@dataclass(slots=True)
class _Page:
    title: str
    title_line: int
    header: list[tuple[int, str]]
    sections: list[_Section]

    def section_lines(self, key: str) -> list[tuple[int, str]]:
        return [line for s in self.sections if s.key == key for line in s.lines]

    def has(self, key: str) -> bool:
        return any(s.key == key for s in self.sections)


def _nonblank_lines(text: str) -> list[tuple[int, str]]:
    return [
        (number, line.strip())
        for number, line in enumerate(text.split("\n"), start=1)
        if line.strip()
    ]


def _looks_like_header(line: str) -> bool:
    """A status and a runtime: the header line, so the title is missing.
    (A title may be a year or a genre word, "1917" or "Western".)"""
    return bool(_STATUS.search(line) and _HEADER_RUNTIME.search(line))


def _is_cut_navigation(line: str) -> bool:
    """The start of the navigation line, where a truncated page ends."""
    return FURNITURE_PHRASES[0].casefold().startswith(line.casefold())


def _cut_page(text: str) -> _Page:
    lines = _nonblank_lines(text)
    position = 0
    if lines and lines[0][1].casefold() == BANNER.casefold():
        position = 1
    while position < len(lines) and (
        _NAVIGATION.fullmatch(lines[position][1])
        or is_furniture(lines[position][1])
        or (position == len(lines) - 1 and _is_cut_navigation(lines[position][1]))
    ):
        position += 1
    if position >= len(lines):
        required = [name for name, _, required in PAGE_PARTS if required]
        raise _truncated("after the banner", lines[-1][0] if lines else None, required)
    title_line, title = lines[position]
    if title.casefold() in HEADINGS or is_scores_line(title) or _looks_like_header(title):
        raise DocumentError("truncated document: no title before the header", title_line)
    title = clean_name(title)
    header: list[tuple[int, str]] = []
    sections: list[_Section] = []
    for number, line in lines[position + 1 :]:
        key = HEADINGS.get(line.casefold())
        if key is not None:
            sections.append(_Section(key, line, number))
        elif len(line) <= 2 * len(title) and clean_name(line) == title:
            continue  # the title repeats above several sections
        elif sections:
            sections[-1].lines.append((number, line))
        else:
            header.append((number, line))
    return _Page(title, title_line, header, sections)


def _truncated(where: str, line: int | None, missing: list[str]) -> DocumentError:
    missing = [*missing, f'closing "{CLOSING_FURNITURE}"']
    return DocumentError(f"truncated: ends {where}; no {', '.join(missing)}", line)


def check_complete(page: _Page) -> None:
    """Raise DocumentError unless Movie Info and then the closing furniture
    are there (see PAGE_PARTS). A cut anywhere before the end of the closing
    line leaves the closing out, so every truncation is caught; the message
    says where the text ends and what is missing."""
    closing_at = next(
        (
            index
            for index in range(len(page.sections) - 1, -1, -1)
            if page.sections[index].heading.casefold() == CLOSING_FURNITURE.casefold()
        ),
        None,
    )
    if closing_at is not None:
        if not any(s.key == "info" for s in page.sections[:closing_at]):
            line = page.sections[closing_at].heading_line
            raise DocumentError(f'incomplete: no Movie Info before "{CLOSING_FURNITURE}"', line)
        return
    present = {"title"} | ({"header"} if page.header or page.sections else set())
    present |= {s.key for s in page.sections}
    missing = [name for name, key, required in PAGE_PARTS if required and key not in present]
    if not page.sections:
        if not page.header:
            raise _truncated("after the title", page.title_line, missing)
        raise _truncated("inside the header", page.header[-1][0], missing)
    section = page.sections[-1]
    if not section.lines:
        raise _truncated(f"at the {section.heading} heading", section.heading_line, missing)
    number, line = section.lines[-1]
    raise _truncated(f"inside {section.heading}{_cut_entry(section.key, line)}", number, missing)


def _cut_entry(key: str, line: str) -> str:
    """What the last line shows was cut mid-way, if it shows it."""
    if key in ("critics", "audience"):
        # Furniture and "Full Review" are short: the end of a long run will do.
        _, leftover = split_reviews(_strip_trailing_furniture(line[-_TAIL_WINDOW:]))
        if leftover.strip() and not is_furniture(leftover):
            return " (a review cut off)"
    elif key == "info":
        labelled = _match_label(line)
        unknown = _UNKNOWN_LABEL.fullmatch(line)
        if (labelled and not labelled[1]) or (unknown and not unknown["value"]):
            return f" ({line!r} without its value)"
    return ""
