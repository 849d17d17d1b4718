"""Splitting a critic review's head, "[critic] [publication] quote", which
carries no separators at all.

`split_critic_head` enumerates the few dozen ways to cut the first words
(critic: 0 or 2-5 name-shaped words; publication: 0-8 words) and scores each
cut by shape: names are capitalised words, particles and initials;
publications show evidence (a known media word such as "Magazine" or
"Daily", a region tag "(UK)", a domain, capitals or CamelCase, or title case
around "on the"); a quote starts like a sentence ("A ...", "These ...", the
film's title followed by a verb, a quotation mark). Names the site already
knows (`KnownNames`) outweigh every shape. The split is marked uncertain
unless the winning cut beats every other cut by a clear margin, so editors
check exactly the reviews that plain text cannot settle.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ...records import NO_KNOWN_NAMES, KnownNames
from ...text import clean_name
from .vocabulary import (
    _APOSTROPHES,
    _QUOTE_OPENERS,
    _TAG,
    CONNECTORS,
    GENERIC_PUBLICATION_WORDS,
    PUBLICATION_HEAD_WORDS,
    PUBLICATION_START_WORDS,
    PUBLICATION_WORDS,
    SENTENCE_STARTERS,
    _publication_token,
    is_person_name,
    is_publication,
)

# Known names


class _KnownIndex:
    """Case- and whitespace-insensitive lookup of names at a word position."""

    def __init__(self, names: Iterable[str]):
        self.by_key: dict[str, str] = {}
        for name in names:
            cleaned = clean_name(name)
            if cleaned:
                self.by_key.setdefault(cleaned.casefold(), cleaned)
        self.max_words = max((len(key.split()) for key in self.by_key), default=0)

    def longest(self, words: list[str], start: int, limit: int) -> tuple[int, str] | None:
        """(length in words, canonical name) of the longest known name at
        `start` that is shorter than `limit` words, or None. Only the longest
        counts: when both "Daily" and "Daily Telegraph (UK)" are known, the
        page says "Daily Telegraph (UK)" wherever it says the longer name."""
        for length in range(min(self.max_words, len(words) - start, limit - 1), 0, -1):
            key = " ".join(words[start : start + length]).casefold()
            if key in self.by_key:
                return length, self.by_key[key]
        return None


@dataclass(slots=True)
class _Known:
    critics: _KnownIndex
    publications: _KnownIndex

    @classmethod
    def build(cls, known: KnownNames) -> _Known:
        return _build_known(known)


# A run parses every document with the same names, possibly many thousands:
# the index is built once for them, not once a document.
@functools.lru_cache(maxsize=4)
def _build_known(known: KnownNames) -> _Known:
    return _Known(_KnownIndex(known.critics), _KnownIndex(known.publications))


# Splitting "[critic] [publication] quote"

MAX_CRITIC_WORDS = 5
MAX_PUBLICATION_WORDS = 8
# Words read from the start of a review; enough for the longest critic and
# publication plus a long film title at the start of the quote.
_HEAD_WINDOW = 32
# The winning split is certain only if no other split scores within this.
CERTAIN_MARGIN = 1.5
KNOWN_NAME_BONUS = 10.0
_OPENING_RUN_WORDS = 4
_CRITIC_SCORES = {2: 2.0, 3: 1.7, 4: 1.3, 5: 1.0}


@dataclass(slots=True)
class HeadSplit:
    critic: str | None
    publication: str | None
    quote: str
    uncertain: bool


def _head_tokens(text: str) -> list[tuple[str, int]]:
    """The first words of `text` with their offsets. A parenthesised tag of
    up to three words, "(New Zealand)", is kept as one token."""
    raw = [
        (m.group(), m.start()) for m in itertools.islice(re.finditer(r"\S+", text), _HEAD_WINDOW)
    ]
    tokens: list[tuple[str, int]] = []
    index = 0
    while index < len(raw):
        word, start = raw[index]
        if word.startswith("(") and ")" not in word:
            for end in range(index + 1, min(index + 3, len(raw))):
                if raw[end][0].endswith(")") and "(" not in raw[end][0]:
                    tokens.append((" ".join(w for w, _ in raw[index : end + 1]), start))
                    index = end + 1
                    break
            else:
                tokens.append((word, start))
                index += 1
            continue
        tokens.append((word, start))
        index += 1
    return tokens


def _quote_start(words: list[str], start: int, title_words: list[str]) -> float | None:
    """How much words[start:] looks like the start of a sentence; None if a
    quote cannot start there (a lower-case word, a connector, a tag)."""
    word = words[start]
    following = words[start + 1] if start + 1 < len(words) else ""
    if _TAG.fullmatch(word):
        return None
    if word[0] in _QUOTE_OPENERS or word[0].isdigit():
        return 3.0
    if not word[0].isupper():
        return None
    if title_words and words[start : start + len(title_words)] == title_words:
        after = words[start + len(title_words)] if start + len(title_words) < len(words) else ""
        if not after or not after[0].isupper():
            return 3.0  # "The Red Shoes showed me ..."
    bare = word.rstrip(",;:!?.").casefold()
    # A media word in the opening capitalised run ("Cinéfila Digital Una
    # ...") means the publication's name has not ended yet.
    opening_run = itertools.takewhile(
        lambda w: w[0].isupper(), words[start : start + _OPENING_RUN_WORDS]
    )
    penalty = (
        1.5 if any(w.rstrip(",;:!?.").casefold() in PUBLICATION_WORDS for w in opening_run) else 0.0
    )
    if bare in SENTENCE_STARTERS and (not following or not following[0].isupper()):
        return 3.0 - penalty
    if word[-1] in ",;:!?":
        return 2.0 - penalty
    if following and following[0].islower():
        return (1.0 if following in CONNECTORS else 2.0) - penalty
    return (1.0 if following and following[0].isupper() else 0.5) - penalty


def _publication_score(words: list[str]) -> float:
    kinds = [_publication_token(word) for word in words]
    if "strong" in kinds:
        score = 3.0
    elif "connector" in kinds[1:-1] and sum(k == "word" for k in kinds) >= 2:
        score = 1.0  # title case: "Shadows on the Wall"
    else:
        score = -1.0
    if kinds[-1] == "strong":
        score += 1.0
    if words[0].casefold() in PUBLICATION_START_WORDS:
        score += 1.0
    for word, next_kind, next_word in zip(words, kinds[1:], words[1:], strict=False):
        if (
            word.casefold() in PUBLICATION_HEAD_WORDS
            and next_kind == "word"
            and next_word.casefold() not in PUBLICATION_WORDS
        ):
            score -= 1.5  # "Seventh Art Studio Black": the name ended at "Studio"
    if all(word.casefold() in GENERIC_PUBLICATION_WORDS for word in words):
        score -= 2.0
    if words[-1].endswith(tuple(f"{mark}s" for mark in _APOSTROPHES)):
        score -= 1.0
    return score - 0.3 * max(0, len(words) - 4)


def split_critic_head(
    head: str, *, title: str = "", known: KnownNames = NO_KNOWN_NAMES
) -> HeadSplit | None:
    """Split "[critic] [publication] quote" (see the module docstring).

    Returns None when no split leaves a quote that starts like a sentence.
    """
    return _split_head(head, title.split(), _Known.build(known))


def _split_head(head: str, title_words: list[str], known: _Known) -> HeadSplit | None:
    tokens = _head_tokens(head)
    words = [word for word, _ in tokens]
    # (score, critic words, publication words, known critic, known publication)
    candidates: list[tuple[float, int, int, str | None, str | None]] = []
    critic_options: dict[int, str | None] = {0: None}
    for length in range(2, min(MAX_CRITIC_WORDS, len(words) - 1) + 1):
        if is_person_name(words[:length]):
            critic_options[length] = None
    if match := known.critics.longest(words, 0, len(words)):
        critic_options[match[0]] = match[1]
    for critic_len, known_critic in critic_options.items():
        publication_options: dict[int, str | None] = {0: None}
        for length in range(1, MAX_PUBLICATION_WORDS + 1):
            if critic_len + length >= len(words):
                break
            if is_publication(words[critic_len : critic_len + length]):
                publication_options[length] = None
        if match := known.publications.longest(words, critic_len, len(words) - critic_len):
            publication_options[match[0]] = match[1]
        for publication_len, known_publication in publication_options.items():
            quote_at = critic_len + publication_len
            start_score = _quote_start(words, quote_at, title_words)
            if start_score is None:
                continue
            score = start_score
            if critic_len:
                score += KNOWN_NAME_BONUS if known_critic else _CRITIC_SCORES[critic_len]
            if publication_len:
                publication_words = words[critic_len:quote_at]
                score += (
                    KNOWN_NAME_BONUS if known_publication else _publication_score(publication_words)
                )
            if not critic_len and not publication_len:
                score -= 3.0  # a review always names someone
            candidates.append((score, critic_len, publication_len, known_critic, known_publication))
    if not candidates:
        return None
    candidates.sort(key=lambda c: c[0], reverse=True)  # stable: ties keep the first found
    score, critic_len, publication_len, known_critic, known_publication = candidates[0]
    runner_up = candidates[1][0] if len(candidates) > 1 else float("-inf")
    quote_at = critic_len + publication_len
    critic = known_critic or (clean_name(" ".join(words[:critic_len])) if critic_len else None)
    publication = known_publication or (
        clean_name(" ".join(words[critic_len:quote_at])) if publication_len else None
    )
    return HeadSplit(
        critic=critic,
        publication=publication,
        quote=head[tokens[quote_at][1] :].strip(),
        uncertain=score - runner_up < CERTAIN_MARGIN,
    )


def split_names(
    heads: Iterable[tuple[str, str]], known: KnownNames
) -> list[tuple[str | None, str | None, bool]]:
    """(critic, publication, certain) for each (title, head) pair of
    `critic_heads`, split as `parse` would split them given `known`."""
    index = _Known.build(known)
    result = []
    for title, head in heads:
        split = _split_head(head, title.split(), index)
        if split is None:
            result.append((None, None, False))
        else:
            result.append((split.critic, split.publication, not split.uncertain))
    return result
