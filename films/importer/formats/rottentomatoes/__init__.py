"""Rotten Tomatoes film pages, as plain-text dumps: a document format (see
`films.importer.formats`).

Parsing cuts the page into the header block and heading-led sections,
dropping page furniture, rejects a truncated page before reading anything,
then reads each section with a small function. The modules, from the page
down to its words:

- `document`: the entry points, `detect`, `parse` and `critic_heads`, and
  how the sections' readings make one film;
- `sections`: cutting the page into parts, and the completeness check;
- `layout`: what a page looks like: banner, headings, furniture;
- `header`: the status line and the scores line under the title;
- `watch`: Where to Watch;
- `reviews`: critic and audience reviews, run together on one line;
- `heads`: splitting "[critic] [publication] quote" in a critic review;
- `movie_info`: Movie Info, with or without its labels;
- `credits`: Cast & Crew, and cast named in the synopsis;
- `similar`: More Like This;
- `vocabulary`: the word lists and the name and publication shape tests.

Names starting with an underscore are shared between these modules but
private to the package. Everything other code uses is imported here.
"""

from .credits import cast_from_synopsis, read_cast_and_crew
from .document import NAME, PRIORITY, SOURCE_SITE, critic_heads, detect, parse
from .header import parse_header_line, parse_scores_line, read_genre_words
from .heads import split_critic_head, split_names
from .layout import CLOSING_FURNITURE
from .movie_info import read_movie_info
from .reviews import (
    parse_audience_segment,
    parse_critic_reviews,
    parse_critic_segment,
    split_reviews,
)
from .similar import parse_similar_line
from .watch import parse_watch_sentence

__all__ = [
    "CLOSING_FURNITURE",
    "NAME",
    "PRIORITY",
    "SOURCE_SITE",
    "cast_from_synopsis",
    "critic_heads",
    "detect",
    "parse",
    "parse_audience_segment",
    "parse_critic_reviews",
    "parse_critic_segment",
    "parse_header_line",
    "parse_scores_line",
    "parse_similar_line",
    "parse_watch_sentence",
    "read_cast_and_crew",
    "read_genre_words",
    "read_movie_info",
    "split_critic_head",
    "split_names",
    "split_reviews",
]
