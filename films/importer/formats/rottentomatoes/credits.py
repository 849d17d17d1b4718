"""Cast & Crew: the alternating name and role lines, and, when a page lists no
cast, the "Character (Actor)" pairs of its synopsis.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ...records import CreditRecord
from ...text import clean_name
from .vocabulary import _INITIAL, is_name_word, is_person_name

# Cast & Crew

CREW_ROLES = {
    "director": "director",
    "directed by": "director",
    "producer": "producer",
    "executive producer": "executive_producer",
    "screenwriter": "screenwriter",
    "writer": "screenwriter",
    "screenplay": "screenwriter",
    "cinematographer": "cinematographer",
    "director of photography": "cinematographer",
    "cinematography": "cinematographer",
    "film editor": "editor",
    "editor": "editor",
    "original music": "composer",
    "composer": "composer",
    "music": "composer",
    "production design": "production_designer",
    "production designer": "production_designer",
    "costume design": "costume_designer",
    "costume designer": "costume_designer",
}
_PLAIN_CAST = frozenset(("actor", "actress", "cast", "performer"))


def _crew_roles(role_line: str) -> list[str] | None:
    """ "Director, Screenwriter" -> ["director", "screenwriter"]; None when
    the line is not made of crew roles (then it names a character)."""
    parts = [p.strip().casefold() for p in re.split(r"[,/&]", role_line) if p.strip()]
    roles = [CREW_ROLES.get(part) for part in parts]
    if not parts or None in roles:
        return None
    return [role for role in roles if role]


def read_cast_and_crew(lines: list[str], warnings: list[str]) -> list[CreditRecord]:
    """Lines alternate "Name" and "Role or character"."""
    if len(lines) % 2:
        warnings.append(f"cast & crew: {lines[-1]!r} has no role line; ignored")
    credits = []
    for name, role_line in zip(lines[0::2], lines[1::2], strict=False):
        roles = _crew_roles(role_line)
        if roles:
            credits.extend(CreditRecord(clean_name(name), role) for role in roles)
        else:
            character = "" if role_line.casefold() in _PLAIN_CAST else clean_name(role_line)
            credits.append(CreditRecord(clean_name(name), "cast", character))
    return credits


_PARENTHESES = re.compile(r"\((?P<inner>[^()]{3,60})\)")


def cast_from_synopsis(synopsis: str) -> list[CreditRecord]:
    """ "... Vicky Page (Moira Shearer) ..." -> Moira Shearer as Vicky Page.

    The character is the run of name words just before the parenthesis; a
    sentence-opening word ("Eventually Vicky") is not part of it.
    """
    credits: list[CreditRecord] = []
    for match in _PARENTHESES.finditer(synopsis):
        actor = clean_name(match["inner"])
        if not is_person_name(actor.split()):
            continue
        before = synopsis[: match.start()].rstrip()
        words = before.split()[-4:]
        character_words: list[str] = []
        for word in reversed(words):
            if not (is_name_word(word) or _INITIAL.fullmatch(word)):
                break
            character_words.insert(0, word)
        if len(character_words) > 1:
            opening = before[: len(before) - len(" ".join(character_words))].rstrip()
            if (not opening or opening[-1] in ".!?") and character_words[0].endswith("ly"):
                character_words.pop(0)
        if not character_words:
            continue
        if any(credit.name == actor for credit in credits):
            continue
        credits.append(CreditRecord(actor, "cast", " ".join(character_words)))
    return credits


def _add_credits(
    credits: list[CreditRecord], names: Iterable[str], role: str, character: str = ""
) -> None:
    for name in names:
        if any(c.name.casefold() == name.casefold() and c.role == role for c in credits):
            continue
        order = sum(1 for c in credits if c.role == role)
        credits.append(CreditRecord(name, role, character, order))
