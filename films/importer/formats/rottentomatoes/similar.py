"""Similar films ("More Like This").

"Brief Encounter 93% 91% Brief Encounter Marty 96% 87% Marty ..." is read by
anchoring on each pair of percentages: the title before a pair must reappear
right after it, which tells where one title ends and the next begins without
guessing at words.
"""

from __future__ import annotations

import re

from ...records import SimilarRecord
from ...text import parse_percentage

# Similar films

_SCORE_PAIR = re.compile(r"(?<!\S)(?P<tm>\d{1,3}%|--)\s(?P<aud>\d{1,3}%|--)(?!\S)")
_DISCOVER = re.compile(r"\s*Discover more movies and TV shows\.(?: View More)?\s*$", re.I)


def parse_similar_line(line: str, warnings: list[str]) -> list[SimilarRecord] | None:
    """ "<T> NN% NN% <T> <T2> NN% NN% <T2> ..." -> records; None if the line
    is not such a list (no score pairs, or titles that do not repeat)."""
    text = _DISCOVER.sub("", line.strip())
    ends_with_discover = text != line.strip()
    records: list[SimilarRecord] = []
    position, previous = 0, None
    consistent = True
    for match in _SCORE_PAIR.finditer(text):
        between = text[position : match.start()].strip()
        if previous is None:
            title = between
        elif between.startswith(previous + " "):
            title = between[len(previous) + 1 :].strip()
        else:
            consistent = False
            title = between
        if not title:
            consistent = False
            break
        scores = []
        for part, label in ((match["tm"], "tomatometer"), (match["aud"], "audience score")):
            try:
                scores.append(parse_percentage(part))
            except ValueError as exc:
                warnings.append(f"similar film {title!r}: {label} {exc}; left empty")
                scores.append(None)
        records.append(SimilarRecord(title, scores[0], scores[1], order=len(records)))
        position, previous = match.end(), title
    if previous is None or text[position:].strip() != previous:
        consistent = False
    if not records or not (consistent or ends_with_discover):
        return None
    if not consistent:
        warnings.append("similar films: titles do not repeat around their scores; check them")
    return records
