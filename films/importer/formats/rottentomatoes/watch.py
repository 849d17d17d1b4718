"""Where to Watch: the offer sentence ("Watch T with a subscription on A, B,
rent on C, or buy on D.") and the provider tiles beside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ...records import WatchRecord
from ...text import clean_name
from .layout import is_furniture

# Where to watch

_OFFER_MARKER = re.compile(
    r"\b(?:(?P<subscription>with (?:a )?subscription on)"
    r"|(?P<free>(?:for )?free(?: with ads)? on)"
    r"|(?P<rent_buy>rent or buy(?: it)? on)"
    r"|(?P<rent>rent(?: it)? on)"
    r"|(?P<buy>buy(?: it)? on)"
    r"|(?P<theaters>in theaters))\b",
    re.IGNORECASE,
)
_LIST_GLUE = re.compile(r"^(?:,|\s|and\b|or\b)+|(?:,|\s|\.|and\b|or\b)+$", re.IGNORECASE)


def _providers(text: str, tiles: str) -> list[str]:
    """ "Prime Video, Max, " -> ["Prime Video", "Max"]. "A and B" is split
    unless the tile line shows "A and B" as one provider."""
    providers: list[str] = []
    for item in text.split(","):
        item = _LIST_GLUE.sub("", item.strip())
        if not item:
            continue
        if re.search(r"\s(?:and|or)\s", item) and item not in tiles:
            providers.extend(p.strip() for p in re.split(r"\s(?:and|or)\s", item) if p.strip())
        else:
            providers.append(item)
    return [clean_name(p) for p in providers]


def parse_watch_sentence(sentence: str, *, title: str, tiles: str = "") -> list[WatchRecord]:
    """ "Watch T with a subscription on A, B, rent on C, or buy on D." ->
    one record per offer and provider, in the sentence's order. Any subset
    of the clauses works; "rent or buy on X" gives both."""
    text = sentence.replace(title, " ", 1) if title else sentence
    markers = list(_OFFER_MARKER.finditer(text))
    options: list[WatchRecord] = []
    for index, marker in enumerate(markers):
        kind = marker.lastgroup
        end = markers[index + 1].start() if index + 1 < len(markers) else len(text)
        if kind == "theaters":
            options.append(WatchRecord("theaters", None))
            continue
        offer_types = ("rent", "buy") if kind == "rent_buy" else (kind,)
        providers = _providers(text[marker.end() : end], tiles)
        for offer_type in offer_types:
            options.extend(WatchRecord(offer_type, provider) for provider in providers)
    return options


def _dedupe_watch(options: Iterable[WatchRecord]) -> list[WatchRecord]:
    seen: set[tuple[str, str | None]] = set()
    unique = []
    for option in options:
        key = (option.offer_type, option.provider.casefold() if option.provider else None)
        if key not in seen:
            seen.add(key)
            unique.append(option)
    return unique


def _read_watch(lines: list[tuple[int, str]], title: str, warnings: list[str]) -> list[WatchRecord]:
    sentences = [
        line for _, line in lines if _OFFER_MARKER.search(line) and line.rstrip().endswith(".")
    ]
    tiles = " ".join(line for _, line in lines if line not in sentences and not is_furniture(line))
    options: list[WatchRecord] = []
    if re.match(r"In Theaters\b", tiles, re.IGNORECASE):
        options.append(WatchRecord("theaters", None))
    for sentence in sentences:
        options.extend(parse_watch_sentence(sentence, title=title, tiles=tiles))
    if not sentences and re.sub(r"^In Theaters\b", "", tiles, flags=re.I).strip():
        warnings.append(f"where to watch: providers without offer types ({tiles!r}); not imported")
    return _dedupe_watch(options)
