"""The registry of document formats.

A format is a module exposing:

- ``NAME``: a short identifier ("rottentomatoes"), used to force a format;
- ``SOURCE_SITE``: the label stored with what it imports ("Rotten Tomatoes");
- ``detect(text) -> bool``: cheap, and True only for its own layout;
- ``parse(text, known) -> ParsedDocument``: raises `DocumentError` when the
  document cannot be imported, and collects warnings for anything less.
- ``PRIORITY`` (optional, default 0): when two sites give the same film
  field, the loader keeps the value from the format with the higher number.

Adding a format means writing such a module and adding it to `FORMATS`.
Detection asks every format and insists on exactly one answer, so two
formats that both claim a document are reported instead of one silently
winning by its place in the list.
"""

from __future__ import annotations

from types import ModuleType

from ..records import DocumentError
from . import reviewsite, rottentomatoes

FORMATS: tuple[ModuleType, ...] = (
    rottentomatoes,
    reviewsite,
)

_BY_NAME = {module.NAME: module for module in FORMATS}


def format_names() -> list[str]:
    return sorted(_BY_NAME)


def get_format(name: str) -> ModuleType:
    """The format called `name`; DocumentError naming the known ones if none."""
    try:
        return _BY_NAME[name]
    except KeyError:
        known = ", ".join(format_names())
        raise DocumentError(f"unknown format {name!r} (known formats: {known})") from None


def _first_line(text: str) -> str:
    for line in text.split("\n"):
        if line.strip():
            line = line.strip()
            return line if len(line) <= 60 else line[:57] + "..."
    return ""


def detect_format(text: str) -> ModuleType:
    """The one format that recognises `text`; DocumentError otherwise."""
    matches = [module for module in FORMATS if module.detect(text)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise DocumentError(
            f"unknown kind of document: no format recognises it "
            f"(first line {_first_line(text)!r}; known formats: {', '.join(format_names())})"
        )
    names = ", ".join(module.NAME for module in matches)
    raise DocumentError(f"unknown kind of document: several formats recognise it ({names})")
