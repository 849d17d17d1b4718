"""Source-document importer: the parse and normalise stages.

A source document is a plain-text dump of a film's web page. Importing one
runs in three stages:

1. decode (`text.decode_document`): bytes -> text, rejecting what is not text;
2. detect and parse (`formats`): the one format that recognises the layout
   reads it into records (`records`), normalising values on the way and
   collecting warnings for anything it had to drop or guess;
3. load (elsewhere, with Django): records -> database rows.

This package is pure Python on purpose, so the first two stages can be
tested and run without a database or settings.
"""

from __future__ import annotations

from .formats import detect_format, get_format
from .records import NO_KNOWN_NAMES, DocumentError, KnownNames, ParsedDocument
from .text import decode_document

__all__ = [
    "NO_KNOWN_NAMES",
    "DocumentError",
    "KnownNames",
    "ParsedDocument",
    "decode_document",
    "detect_format",
    "get_format",
    "parse_document",
]


def parse_document(
    data: bytes,
    *,
    format: str | None = None,  # shadows the builtin: it is the name callers use
    known: KnownNames = NO_KNOWN_NAMES,
) -> ParsedDocument:
    """Decode `data`, pick its format (or use the one named) and parse it.

    Raises `DocumentError` when the document cannot be imported.
    """
    text = decode_document(data)
    module = get_format(format) if format is not None else detect_format(text)
    return module.parse(text, known)
