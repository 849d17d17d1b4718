"""What a Rotten Tomatoes page looks like: its banner, its headings and the
furniture (buttons and links) that is never content.

Layout (one item per line unless said otherwise)::

    Rotten Tomatoes                       banner
    Cancel Movies Tv shows Shop News ...  navigation (furniture)
    <Title>
    [CERT] <status> [date] <runtime> <genres> List          the header line
    99% Tomatometer 67 Reviews 91% Audience Score 10,000+ Ratings
    <synopsis teaser> Read More Read Less
    Where to Watch / What to Know / Critics Consensus / Critics Reviews /
    Audience Reviews / My Rating / Cast & Crew / Movie Info   headings
    Most Popular at Home Now              closes the page (furniture)
"""

from __future__ import annotations

import re

BANNER = "Rotten Tomatoes"


# Page structure: headings and furniture

# Heading line (lower case) -> section key. "ignore" sections are page
# regions whose lines are never content (ratings widgets, other films).
HEADINGS = {
    "where to watch": "watch",
    "what to know": "know",
    "critics consensus": "consensus",
    "audience says": "audience_says",
    "critics reviews": "critics",
    "critic reviews": "critics",
    "audience reviews": "audience",
    "cast & crew": "cast",
    "cast and crew": "cast",
    "more like this": "similar",
    "movie info": "info",
    "my rating": "ignore",
    "most popular at home now": "ignore",
    "videos": "ignore",
    "photos": "ignore",
    "news & interviews": "ignore",
    "rate and review": "ignore",
}

# What every complete page has: its parts in page order, as (name, section
# key, required). The real page shows them all; the others may be
# legitimately absent (a coming-soon film has no scores line, reviews,
# consensus or cast; a film with few ratings has no Audience Reviews), so
# only the required ones are checked. Movie Info is last, and then the page
# closes with CLOSING_FURNITURE, the heading of a rail of other films.
PAGE_PARTS = (
    ("title", "title", True),
    ("header line", "header", True),  # checked once read: a header line or scores
    ("Where to Watch", "watch", False),
    ("What to Know", "know", False),
    ("Critics Consensus", "consensus", False),
    ("Critics Reviews", "critics", False),
    ("Audience Reviews", "audience", False),
    ("Cast & Crew", "cast", False),
    ("More Like This", "similar", False),
    ("Movie Info", "info", True),
)
CLOSING_FURNITURE = "Most Popular at Home Now"

# Phrases of buttons and links. A line made only of these is furniture.
FURNITURE_PHRASES = (
    "Cancel Movies Tv shows Shop News Showtimes",
    "Discover more movies and TV shows.",
    "Most Popular at Home Now",
    "Read Critics Reviews",
    "Read all reviews",
    "Read More",
    "Read Less",
    "Now in Theaters",
    "Now Playing",
    "Buy Tickets",
    "Coming Soon",
    "Want to See",
    "View More",
    "View All",
    "See All",
    "My Rating",
    "Where to Watch",
    "What to Know",
)
_FURNITURE_LINE = re.compile(
    r"(?:\s*(?:"
    + "|".join(re.escape(phrase) for phrase in FURNITURE_PHRASES)
    + r"|View All \(\d[\d,]*\) (?:Critics|Audience) Reviews))+\s*",
    re.IGNORECASE,
)
_VIEW_ALL_COUNT = re.compile(
    r"View All \((?P<n>\d[\d,]*)\) (?P<kind>Critics|Audience) Reviews", re.IGNORECASE
)
_NAVIGATION = re.compile(r"Cancel\b.*\bMovies\b.*", re.IGNORECASE)
_TRAILING_FURNITURE = re.compile(
    r"\s*(?:Read More Read Less|Discover more movies and TV shows\. View More|"
    r"Read all reviews|View More)\s*$",
    re.IGNORECASE,
)


def is_furniture(line: str) -> bool:
    # Furniture lines are short; long lines (review runs) need no regex pass.
    return len(line) <= 200 and bool(_FURNITURE_LINE.fullmatch(line))


def _strip_trailing_furniture(text: str) -> str:
    while True:
        stripped = _TRAILING_FURNITURE.sub("", text)
        if stripped == text:
            return text
        text = stripped
