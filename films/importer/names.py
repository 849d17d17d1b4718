"""Critic and publication names for a whole import run: pure Python.

A Rotten Tomatoes review runs critic, publication and quote together
("George Campbell Dixon Daily Telegraph (UK) These faults, ..."). Names the
site knows settle the split; otherwise the format guesses and marks the
review unsure. Reading documents one by one, a review whose publication is
only settled by a later document of the same run would be split wrongly,
and corrected by the next run. So a run reads its documents twice:

1. a cheap first pass (`resolve_run_names`) keeps only each page's title and
   the first words of each critic review (the format's `critic_heads`, a few
   hundred bytes a review, so long runs stay small, and no parsed document
   is kept), splits them with the names the site trusts, learns the names
   of the certain splits, and splits again the reviews a newly learnt name
   can change, until no split teaches a new name;
2. the full parse and load then split every document with that one set of
   names, so the result does not depend on the order of the documents, and
   a second run, whose trusted names are what the first one stored from
   certain splits, splits every review the same way and changes nothing.

Names only ever grow, so the rounds end; in practice after two or three.
The trusted names come from the database (`films.importer.load.matching.known_names`):
names of reviews that were certain or that an editor checked, and names an
editor created or corrected, never the guess of an unsure review. A format
without `critic_heads` and `split_names` has no splits to settle.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import repeat

from .formats import detect_format, get_format
from .records import DocumentError, KnownNames
from .text import decode_document

# A name changes a split only where it can start: at the first word (a
# critic) or where a publication can start after a critic's name.
NAME_START_WORDS = 10


@dataclass(slots=True)
class _Review:
    title: str
    head: str
    critic: str | None
    publication: str | None
    certain: bool


def first_split(read, format, trusted):
    """(format name, [(title, head, critic, publication, certain), ...]) of
    one document split with `trusted`, or None when it has no critic
    reviews to split or cannot be read (the full parse reports why). A plain
    function of picklable arguments, so worker processes can run it."""
    try:
        text = decode_document(read())
        module = get_format(format) if format is not None else detect_format(text)
        heads_of = getattr(module, "critic_heads", None)
        if heads_of is None:
            return None
        title, heads = heads_of(text)
    except DocumentError:
        return None
    pairs = [(title, head) for head in heads]
    return module.NAME, [
        (title, head, *split) for (title, head), split in zip(
            pairs, module.split_names(pairs, trusted), strict=True
        )
    ]  # fmt: skip


def resolve_run_names(
    documents, format: str | None, trusted: KnownNames, map: Callable = map
) -> KnownNames:
    """The names to split every review of `documents` ((name, read) pairs)
    with: `trusted` plus what the run's certain splits establish. `map` may
    be a process pool's, to split in workers."""
    reviews: dict[str, list[_Review]] = defaultdict(list)
    reads = [read for _name, read in documents]
    for found in map(first_split, reads, repeat(format), repeat(trusted)):
        if found is not None:
            reviews[found[0]].extend(_Review(*review) for review in found[1])
    known = trusted
    learnt = _learn(known, (r for group in reviews.values() for r in group))
    while learnt.critics or learnt.publications:
        known = KnownNames(known.critics | learnt.critics, known.publications | learnt.publications)
        critics = _by_first_word(learnt.critics)
        publications = _by_first_word(learnt.publications)
        touched = []
        for format_name, group in reviews.items():
            again = [review for review in group if _may_change(review, critics, publications)]
            splits = get_format(format_name).split_names(
                [(review.title, review.head) for review in again], known
            )
            for review, (critic, publication, certain) in zip(again, splits, strict=True):
                review.critic, review.publication, review.certain = critic, publication, certain
            touched += again
        learnt = _learn(known, touched)
    return known


def _learn(known: KnownNames, reviews: Iterable[_Review]) -> KnownNames:
    """The names of certain splits that `known` lacks (ignoring case, as
    matching does; of two spellings of a new name, the same one whatever the
    order of the documents)."""
    critics, publications = {}, {}
    for review in reviews:
        if review.certain:
            for name, found in ((review.critic, critics), (review.publication, publications)):
                if name and (name.casefold() not in found or name < found[name.casefold()]):
                    found[name.casefold()] = name
    old_critics = {name.casefold() for name in known.critics}
    old_publications = {name.casefold() for name in known.publications}
    return KnownNames(
        frozenset(name for key, name in critics.items() if key not in old_critics),
        frozenset(name for key, name in publications.items() if key not in old_publications),
    )


def _by_first_word(names: Iterable[str]) -> dict[str, list[list[str]]]:
    index = defaultdict(list)
    for name in names:
        words = name.casefold().split()
        index[words[0]].append(words)
    return index


def _may_change(review: _Review, critics: dict, publications: dict) -> bool:
    """Whether a newly learnt name (`critics`, `publications`: indexes by
    first word) can change this review's split: it must appear where a name
    can start, and not be the very name a certain split already found there
    (a known name only strengthens that split)."""
    words = [word.casefold() for word in review.head.split()[: NAME_START_WORDS + 8]]
    critic = review.critic.casefold().split() if review.critic else []
    publication = review.publication.casefold().split() if review.publication else []
    for name_words in critics.get(words[0], ()) if words else ():
        found = words[: len(name_words)] == name_words
        if found and not (review.certain and name_words == critic):
            return True
    for start, word in enumerate(words[:NAME_START_WORDS]):
        for name_words in publications.get(word, ()):
            found = words[start : start + len(name_words)] == name_words
            if found and not (
                review.certain and name_words == publication and start == len(critic)
            ):
                return True
    return False
