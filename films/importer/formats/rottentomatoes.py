"""Rotten Tomatoes film pages, as plain-text dumps.

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

Parsing first cuts the page into the header block and heading-led sections,
dropping page furniture (buttons, links, repeated titles), then reads each
section with a small function. Three parts need more than that:

Run-together reviews. Each review section is one line in which every review
ends with "Full Review", so splitting there is exact; the tail of each piece
("Full review in Spanish", "Rated: 9/10", "Nov 16, 2023", or for audience
reviews "Rated 2 out of 5 stars 07/21/24") is read backwards from its end.
The start of a critic review, "[critic] [publication] quote", carries no
separators at all. `split_critic_head` enumerates the few dozen ways to cut
the first words (critic: 0 or 2-5 name-shaped words; publication: 0-8 words)
and scores each cut by shape: names are capitalised words, particles and
initials; publications show evidence (a known media word such as
"Magazine" or "Daily", a region tag "(UK)", a domain, capitals or CamelCase,
or title case around "on the"); a quote starts like a sentence ("A ...",
"These ...", the film's title followed by a verb, a quotation mark). Names
the site already knows (`KnownNames`) outweigh every shape. The split is
marked uncertain unless the winning cut beats every other cut by a clear
margin, so editors check exactly the reviews that plain text cannot settle.

Movie Info with missing labels. Values keep the page's field order
(`MOVIE_INFO_FIELDS`) even where their labels are missing, so an unlabelled
line is given to the first field, at or after the last one seen, whose shape
it has: strong shapes first (a date, a runtime, a rating, genres, a
language, "[us]" region tags, an aspect ratio), then the weak ones
(a list of people, a list of companies). A label whose next line is
furniture or another label has no value.

Similar films. "Brief Encounter 93% 91% Brief Encounter Marty 96% 87%
Marty ..." is read by anchoring on each pair of percentages: the title
before a pair must reappear right after it, which tells where one title ends
and the next begins without guessing at words.
"""

from __future__ import annotations

import datetime
import functools
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..records import (
    NO_KNOWN_NAMES,
    AudienceReviewRecord,
    CompanyRecord,
    CreditRecord,
    CriticReviewRecord,
    DocumentError,
    FilmRecord,
    KnownNames,
    ParsedDocument,
    ReleaseRecord,
    ScoreRecord,
    SimilarRecord,
    WatchRecord,
)
from ..text import (
    DATE_PATTERN,
    clean_name,
    convert_score,
    date_year,
    normalise_certification,
    parse_count,
    parse_date,
    parse_percentage,
    parse_rating_count,
    parse_runtime,
    parse_stars,
    split_list,
)

NAME = "rottentomatoes"
SOURCE_SITE = "Rotten Tomatoes"
# The fuller, structured page: its values win over other sites' (see formats).
PRIORITY = 20

BANNER = "Rotten Tomatoes"
YEAR_MIN, YEAR_MAX = 1870, 2100

# ---------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------
# Vocabularies for the shape tests


def _words(text: str) -> frozenset[str]:
    """A set of words written as one string, for long vocabularies."""
    return frozenset(text.split())


# Rotten Tomatoes genre names, used to read header lines ("Mystery & Thriller
# Kids & Family" has no separators) and to recognise an unlabelled Genre line.
KNOWN_GENRES = (
    "Action",
    "Adventure",
    "Animation",
    "Anime",
    "Biography",
    "Comedy",
    "Crime",
    "Documentary",
    "Drama",
    "Entertainment",
    "Faith & Spirituality",
    "Family",
    "Fantasy",
    "Foreign",
    "Game Show",
    "Health & Wellness",
    "Historical",
    "History",
    "Holiday",
    "Horror",
    "House & Garden",
    "Kids & Family",
    "LGBTQ+",
    "Music",
    "Musical",
    "Mystery",
    "Mystery & Thriller",
    "Nature",
    "News",
    "Other",
    "Reality",
    "Romance",
    "Sci-Fi",
    "Science Fiction",
    "Short",
    "Special Interest",
    "Sports",
    "Sports & Fitness",
    "Stand-Up",
    "Suspense",
    "Talk Show",
    "Thriller",
    "Travel",
    "Variety",
    "War",
    "Western",
)
_GENRES_BY_TOKENS = {tuple(g.casefold().split()): g for g in KNOWN_GENRES}
_GENRE_MAX_TOKENS = max(len(key) for key in _GENRES_BY_TOKENS)

LANGUAGES = _words(
    "english french spanish german italian japanese korean mandarin cantonese chinese hindi "
    "russian portuguese swedish danish norwegian finnish dutch polish czech hungarian greek "
    "turkish arabic hebrew persian farsi thai vietnamese indonesian tagalog filipino bengali "
    "tamil telugu malayalam marathi punjabi urdu romanian serbian croatian icelandic irish "
    "welsh ukrainian catalan basque silent"
)
_SOUND_MIX_WORDS = re.compile(
    r"\b(?:Dolby|DTS|Mono|Stereo|Surround|SDDS|Atmos|Datasat|Auro|IMAX|Track|Sound)\b",
    re.IGNORECASE,
)
_ASPECT_RATIO = re.compile(r"\d+(?:\.\d+)?\s?:\s?1\b")
_MONEY = re.compile(r"\$\s?\d[\d,.]*\s?[KMB]?")

# Words that end or start media names. They count as evidence that words
# form a publication, and are never part of a person's name.
PUBLICATION_WORDS = _words(
    """magazine mag times post news review reviews studio studios telegraph guardian
    journal tribune herald weekly monthly quarterly daily sunday online blog blogspot
    observer gazette chronicle express mail reporter podcast press digest bulletin insider
    critic critics sentinel examiner inquirer courier dispatch network radio tv television
    zine variety empire media entertainment pictures movies films film cinema cinemas
    screen reel reels cinephile revista cahiers zeitung diario giornale kino cine cinéma
    rivista channel broadcasting newspaper webzine digital movie guide voice independent"""
)
# Media words too generic to be a publication on their own: "Common Sense
# Media" is one name, not the critic "Common Sense" of "Media".
GENERIC_PUBLICATION_WORDS = _words(
    """magazine mag news review reviews studio studios online blog press radio tv television
    network channel media entertainment pictures movie movies film films cinema cinemas daily
    weekly monthly quarterly sunday podcast critic critics zine webzine screen reel reels
    digital guide"""
)
# Media words that close a name ("... Studio", "... Times"): a plain word
# after one of them starts the quote, not more of the publication.
PUBLICATION_HEAD_WORDS = _words(
    """magazine times post news review reviews studio studios telegraph guardian journal
    tribune herald gazette chronicle online blog podcast digest bulletin insider sentinel
    examiner inquirer courier dispatch observer express reporter weekly monthly
    quarterly"""
)
# Words a publication's name starts with when no city comes first.
PUBLICATION_START_WORDS = _words("daily sunday evening morning new")
# Company words: a list containing them is companies, not people.
COMPANY_WORDS = _words(
    """productions production company co co. inc inc. ltd ltd. llc corporation corp corp.
    group collection releasing distribution distributors associates producers partners
    international classics"""
) | frozenset(w for w in PUBLICATION_WORDS if w not in {"critic"})

# Sentence openers: capitalised words that start quotes, never names.
SENTENCE_STARTERS = _words(
    """a an the this that these those it it's its i i'm i've i'd we we're he she they you
    there here what when while where why how if in on at as for but and or nor not no yes
    one every all some few many most even still yet so such just only never always my our
    your his her their too now then with from by like despite although though because after
    before perhaps maybe sure sadly ultimately overall unfortunately fortunately clearly
    instead both each either neither much more less any another other once since until
    unlike whether whatever anyone everyone nobody something nothing everything"""
)
# Capitalised words that are not names: openers, numbers, ordinals.
NOT_NAME_WORDS = (
    SENTENCE_STARTERS
    | PUBLICATION_WORDS
    | COMPANY_WORDS
    | _words(
        """first second third fourth fifth sixth seventh eighth ninth tenth two three four
        five six seven eight nine ten hundred thousand new old"""
    )
)
NAME_PARTICLES = _words(
    "de da di del della der den des du la le van von bin ibn al el dos das do ten ter y zu af"
)
NAME_SUFFIXES = frozenset(("Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"))
# Lower-case words allowed inside a publication's name.
CONNECTORS = _words(
    "of the on and in for at a an to de la le du des del da di y et & - + by und sur from"
)
_ABBREVIATIONS = frozenset(("Inc.", "Co.", "Mag.", "St.", "Corp.", "Ltd.", "Bros.", "Mr.", "Dr."))

_INITIAL = re.compile(r"(?:[A-Z]\.){1,3}")
_TAG = re.compile(r"\([^()\s][^()]{0,24}\)")
_DOMAIN = re.compile(
    r"[\w.-]+\.(?:com|net|org|co\.uk|com\.au|au|ca|de|fr|es|it|io|tv|us|uk|ie|nz|in|info|blog|me)",
    re.IGNORECASE,
)
_NAME_PREFIX = re.compile(r"(?:Mc|Mac|Fitz|De|Di|Da|Du|La|Le|Van|Von|O)[A-Z][^\W\d_]+")
# Quotation marks (straight and curly), ellipsis, brackets, dashes.
_QUOTE_OPENERS = "\"'\u201c\u2018\u00ab\u201e\u00a1\u00bf\u2026[(\u2014\u2013-"
_APOSTROPHES = "'\u2019"


# Splitting a review's head tries every (critic, publication) cut and asks the
# same questions of the same words many times over: the answers about one word
# depend on nothing else, so they are remembered.
_per_word = functools.lru_cache(maxsize=1 << 16)


@_per_word
def is_name_word(token: str) -> bool:
    """A capitalised word that can be part of a person's name: "Pineyro",
    "O'Brien", "Jean-Luc", "Álvarez", "McAdams" (but not "PopMatters",
    "TIME", "Magazine", "These", "Seventh", or a possessive)."""
    if token.casefold() in NOT_NAME_WORDS or not token[0].isupper():
        return False
    if len(token) > 1 and token.isupper():
        return False
    parts = re.split(f"[-{_APOSTROPHES}]", token)
    for index, part in enumerate(parts):
        if not part or not part.isalpha():
            return False
        if index and len(part) == 1 and part.islower():
            return False  # "Pressburger's"
        if any(char.isupper() for char in part[1:]) and not _NAME_PREFIX.fullmatch(part):
            return False
    return True


def is_person_name(words: list[str]) -> bool:
    """2-5 words shaped like a person's name: name words, particles inside
    ("van der"), initials ("J."), a suffix last ("Jr.")."""
    if not 2 <= len(words) <= 5:
        return False
    if not (is_name_word(words[0]) or _INITIAL.fullmatch(words[0])):
        return False
    last = words[-1]
    if not (is_name_word(last) or (last in NAME_SUFFIXES and len(words) > 2)):
        return False
    for word in words[1:-1]:
        if not (is_name_word(word) or _INITIAL.fullmatch(word) or word in NAME_PARTICLES):
            return False
    return sum(1 for word in words if is_name_word(word)) >= 1


@_per_word
def _is_camel_case(word: str) -> bool:
    """Capitals inside a word, as brands write them ("PopMatters"), unlike
    names ("McAdams", "O'Brien", "Smith-Jones")."""
    for part in re.split(f"[-{_APOSTROPHES}]", word):
        letters = [c for c in part if c.isalpha()]
        if (
            len(letters) > 2
            and letters[0].isupper()
            and any(c.isupper() for c in letters[1:])
            and any(c.islower() for c in letters)
            and not _NAME_PREFIX.fullmatch(part)
        ):
            return True
    return False


@_per_word
def _publication_token(token: str) -> str | None:
    """How a token can sit in a publication's name: "connector" (of, the,
    &), "strong" (evidence of a media name), "word", or None (cannot)."""
    if token in CONNECTORS:
        return "connector"
    if _TAG.fullmatch(token) or _DOMAIN.fullmatch(token):
        return "strong"
    ends_sentence = token[-1] in ',;:!?"\u201d' or (
        token.endswith(".") and token not in _ABBREVIATIONS
    )
    if ends_sentence and not _INITIAL.fullmatch(token):
        return None
    if not (token[0].isupper() or token[0].isdigit()):
        return None
    if any(char.isdigit() for char in token):
        return "strong"
    parts = [part.casefold() for part in re.split(r"[-/]", token.rstrip("."))]
    if any(part in PUBLICATION_WORDS for part in parts):
        return "strong"
    letters = [c for c in token if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return "strong"
    if _is_camel_case(token):
        return "strong"
    return "word"


def is_publication(words: list[str]) -> bool:
    """1-8 words that can form a publication's name (shape only)."""
    if not 1 <= len(words) <= 8:
        return False
    kinds = [_publication_token(word) for word in words]
    if None in kinds or kinds[0] == "connector" or kinds[-1] == "connector":
        return False
    first = words[0].rstrip(".").casefold()
    if first in SENTENCE_STARTERS and words[0] != "The":
        return False
    if words[0] == "The" and len(words) == 1:
        return False
    # "The" inside a name is lower case; a capital "The" starts a sentence.
    return "The" not in words[1:]


# ---------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------
# Critic reviews

_FULL_REVIEW_SPLIT = re.compile(r"\s*\bFull Review\b\s*")  # case matters: not "Full review in"
_TAIL_WINDOW = 120
_TAIL_DATE = re.compile(rf"(?:^|\s)(?P<date>{DATE_PATTERN})\s*$", re.IGNORECASE)
_TAIL_SCORE = re.compile(r"(?:^|\s)Rated:\s*(?P<score>[^\s:][^:]{0,19}?)\s*$")
_TAIL_LANGUAGE = re.compile(
    r"(?:^|\s)(?P<note>Full review in [A-Z][\w()-]*(?: [A-Z][\w()-]*){0,2})\s*$"
)


def split_reviews(text: str) -> tuple[list[str], str]:
    """Run-together reviews -> (segments, leftover after the last "Full Review")."""
    parts = _FULL_REVIEW_SPLIT.split(text.strip())
    return [part for part in parts[:-1] if part], parts[-1]


@dataclass(slots=True)
class _Tail:
    head: str
    date_text: str = ""
    score_text: str = ""
    note: str = ""


def _read_critic_tail(segment: str) -> _Tail:
    """Peel "[Full review in X] [Rated: s] [date]" off the end of a review."""
    tail = _Tail(head=segment.rstrip())
    for _ in range(3):
        window_start = max(0, len(tail.head) - _TAIL_WINDOW)
        window = tail.head[window_start:]
        if not tail.date_text and (match := _TAIL_DATE.search(window)):
            tail.date_text = match["date"]
        elif not tail.score_text and (match := _TAIL_SCORE.search(window)):
            tail.score_text = match["score"].strip()
        elif not tail.note and (match := _TAIL_LANGUAGE.search(window)):
            tail.note = match["note"]
        else:
            break
        tail.head = tail.head[: window_start + match.start()].rstrip()
    return tail


def parse_critic_segment(
    segment: str,
    *,
    number: int,
    title: str,
    known: KnownNames = NO_KNOWN_NAMES,
    warnings: list[str] | None = None,
) -> CriticReviewRecord | None:
    """One critic review (the text before its "Full Review")."""
    return _parse_critic_segment(
        segment,
        number,
        title.split(),
        _Known.build(known),
        warnings if warnings is not None else [],
    )


def _parse_critic_segment(
    segment: str, number: int, title_words: list[str], known: _Known, warnings: list[str]
) -> CriticReviewRecord | None:
    raw = segment.strip()
    where = f"critic review {number}"
    tail = _read_critic_tail(raw)
    review_date = _review_date(tail.date_text, where, warnings)
    score = None
    if tail.score_text:
        try:
            score = convert_score(tail.score_text)
            if score is None:
                warnings.append(f"{where}: score {tail.score_text!r} is not a scale we know")
        except ValueError as exc:
            warnings.append(f"{where}: score {exc}; kept as written only")
    if not tail.head:
        warnings.append(f"{where}: no critic, publication or quote; skipped")
        return None
    split = _split_head(tail.head, title_words, known)
    if split is None:
        warnings.append(f"{where}: could not tell the critic and publication from the quote")
        split = HeadSplit(None, None, tail.head, uncertain=True)
    elif split.critic is None and split.publication is None:
        warnings.append(f"{where}: no critic or publication found")
    return CriticReviewRecord(
        critic=split.critic,
        publication=split.publication,
        quote=split.quote,
        score_text=tail.score_text,
        score=score,
        review_date=review_date,
        note=tail.note,
        uncertain=split.uncertain,
        raw=raw,
    )


def _review_date(text: str, where: str, warnings: list[str]) -> datetime.date | None:
    if not text:
        return None
    try:
        value = parse_date(text)
    except ValueError as exc:
        warnings.append(f"{where}: date {exc}; left empty")
        return None
    if value is not None and not YEAR_MIN <= value.year <= YEAR_MAX:
        warnings.append(f"{where}: date {text!r} is outside {YEAR_MIN}-{YEAR_MAX}; left empty")
        return None
    return value


def _leftover_warning(leftover: str, where: str, warnings: list[str]) -> None:
    leftover = leftover.strip()
    if leftover and not is_furniture(leftover):
        shown = leftover if len(leftover) <= 60 else leftover[:57] + "..."
        warnings.append(f"{where}: text after the last review was not read: {shown!r}")


def parse_critic_reviews(
    text: str, *, title: str, known: KnownNames = NO_KNOWN_NAMES, warnings: list[str]
) -> list[CriticReviewRecord]:
    """A run-together line of critic reviews -> records, in page order."""
    return _critic_reviews(text, title.split(), _Known.build(known), warnings)


def _critic_reviews(
    text: str, title_words: list[str], known: _Known, warnings: list[str]
) -> list[CriticReviewRecord]:
    segments, leftover = split_reviews(text)
    reviews = []
    for number, segment in enumerate(segments, start=1):
        review = _parse_critic_segment(segment, number, title_words, known, warnings)
        if review is not None:
            reviews.append(review)
    _leftover_warning(leftover, "critic reviews", warnings)
    return reviews


def critic_heads(text: str) -> tuple[str, list[str]]:
    """The page's title and the head of each critic review as
    `_parse_critic_segment` splits it (the tail peeled off, only the words
    the split reads kept): all that `confident_names` needs, small enough to
    keep for every document of a long run. Cheap: no other section is read.
    A truncated page raises DocumentError here too: it teaches no names."""
    page = _cut_page(text)
    check_complete(page)
    segments, _ = split_reviews(_section_text(_review_lines(page.section_lines("critics"))))
    heads = []
    for segment in segments:
        head = _read_critic_tail(segment.strip()).head
        if head:
            words = list(itertools.islice(re.finditer(r"\S+", head), _HEAD_WINDOW))
            heads.append(head[: words[-1].end()])
    return page.title, heads


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


# ---------------------------------------------------------------------------
# Audience reviews

_AUDIENCE_TAIL = re.compile(
    r"(?:^|\s)(?:Rated\s+(?P<stars>\d{1,3}(?:\.\d{1,2})?)\s+out\s+of\s+5\s+stars?)?"
    r"\s*(?P<date>\d{1,2}/\d{1,2}/(?:\d{4}|\d{2}))?\s*$"
)
_AUTHOR_INITIAL = re.compile(r"[A-Z]\.?")
_MAX_AUTHOR_WORDS = 4


def parse_audience_segment(
    segment: str, *, number: int, warnings: list[str]
) -> AudienceReviewRecord | None:
    """ "<Author> <text> Rated <N> out of 5 stars <MM/DD/YY>".

    The author is a first name and an initial ("Lars N"), so it ends at the
    first single capital letter among the first words.
    """
    where = f"audience review {number}"
    body = segment.strip()
    window_start = max(0, len(body) - _TAIL_WINDOW)
    stars = review_date = None
    match = _AUDIENCE_TAIL.search(body[window_start:])
    if match and (match["stars"] or match["date"]):
        if match["stars"]:
            try:
                stars = parse_stars(f"{match['stars']} stars")
            except ValueError as exc:
                warnings.append(f"{where}: {exc}; left empty")
        review_date = _review_date(match["date"] or "", where, warnings)
        body = body[: window_start + match.start()].rstrip()
    tokens = list(itertools.islice(re.finditer(r"\S+", body), _MAX_AUTHOR_WORDS + 1))
    author_end = next(
        (
            index
            for index, token in enumerate(tokens[:_MAX_AUTHOR_WORDS])
            if index and _AUTHOR_INITIAL.fullmatch(token.group())
        ),
        None,
    )
    if author_end is None:
        if len(tokens) < 2:
            warnings.append(f"{where}: no author or no text; skipped")
            return None
        author_end = 0
        warnings.append(f"{where}: author {tokens[0].group()!r} is a guess (no initial found)")
    if author_end + 1 >= len(tokens):
        warnings.append(f"{where}: no text; skipped")
        return None
    author = clean_name(body[: tokens[author_end].end()])
    text = body[tokens[author_end + 1].start() :]
    return AudienceReviewRecord(author=author, text=text, stars=stars, review_date=review_date)


def parse_audience_reviews(text: str, *, warnings: list[str]) -> list[AudienceReviewRecord]:
    segments, leftover = split_reviews(text)
    reviews = []
    for number, segment in enumerate(segments, start=1):
        review = parse_audience_segment(segment, number=number, warnings=warnings)
        if review is not None:
            reviews.append(review)
    _leftover_warning(leftover, "audience reviews", warnings)
    return reviews


# ---------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------
# Header: status line and scores

_CERT_AT_START = re.compile(
    r"(?P<cert>PG-13|PG|G|R|NC-17|NR|TV-Y7|TV-Y|TV-G|TV-PG|TV-14|TV-MA|Not Rated|Unrated)"
    r"(?=[\s,]|$)[\s,]*"
)
_STATUS = re.compile(
    r"(?<!\w)(?P<status>Now Playing|Now in Theaters|In Theaters|Coming Soon|Released|Streaming)"
    rf"(?:,?\s+(?P<date>{DATE_PATTERN}))?",
    re.IGNORECASE,
)
_STATUSES = {
    "now playing": "now_playing",
    "now in theaters": "now_playing",
    "in theaters": "now_playing",
    "coming soon": "coming_soon",
    "released": "released",
    "streaming": "streaming",
}
_HEADER_RUNTIME = re.compile(
    r"(?<!\S)(?P<rt>\d{1,2}h(?: \d{1,2}m)?|\d{1,3}m|\d{2,3} min)(?=[\s,]|$)"
)
_HEADER_YEAR = re.compile(r"(?<![\w,$])(?P<year>\d{4})(?![\w%])")
_HEADER_MAX_LENGTH = 160


@dataclass(slots=True)
class HeaderLine:
    certification: str = ""
    status: str = ""
    status_date: datetime.date | None = None
    runtime: int | None = None
    year: int | None = None
    genres: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    @property
    def recognised(self) -> bool:
        """A status or a runtime makes a header line; otherwise every word
        must be accounted for, so that another site's "NR | 22 October 1948
        (USA)" is not mistaken for one."""
        if self.status or self.runtime:
            return True
        found = self.certification or self.year or self.genres
        return bool(found) and not self.unknown


def read_genre_words(text: str) -> tuple[list[str], list[str]]:
    """Genres written without separators -> (known genres, unknown words).
    Longest known genre first, so "Mystery & Thriller" is one genre."""
    words = [w for w in re.split(r"[\s,/|]+", text) if w]
    genres: list[str] = []
    unknown: list[str] = []
    index = 0
    while index < len(words):
        for length in range(min(_GENRE_MAX_TOKENS, len(words) - index), 0, -1):
            key = tuple(w.casefold() for w in words[index : index + length])
            if key in _GENRES_BY_TOKENS:
                genres.append(_GENRES_BY_TOKENS[key])
                index += length
                break
        else:
            unknown.append(words[index])
            index += 1
    return genres, unknown


def parse_header_line(
    line: str, *, line_number: int | None = None, warnings: list[str] | None = None
) -> HeaderLine:
    """ "[CERT] <status> [date] <runtime> <genres> [List]", in any order, with
    or without commas. Raises DocumentError for an impossible year."""
    header = HeaderLine()
    rest = line.strip()
    if len(rest) > _HEADER_MAX_LENGTH:
        return header
    rest = re.sub(r"(?:^|\s)List$", "", rest).strip()
    if match := _CERT_AT_START.match(rest):
        header.certification = normalise_certification(match["cert"]) or ""
        rest = rest[match.end() :]
    if match := _STATUS.search(rest):
        header.status = _STATUSES[match["status"].casefold()]
        if match["date"]:
            header.status_date = _film_date(
                match["date"], "header date", line_number, warnings if warnings is not None else []
            )
        rest = rest[: match.start()] + " " + rest[match.end() :]
    if match := _HEADER_RUNTIME.search(rest):
        header.runtime = parse_runtime(match["rt"].replace("min", "m"))
        rest = rest[: match.start()] + " " + rest[match.end() :]
    if match := _HEADER_YEAR.search(rest):
        header.year = _check_year(int(match["year"]), "year", line_number)
        rest = rest[: match.start()] + " " + rest[match.end() :]
    header.genres, header.unknown = read_genre_words(rest)
    return header


_TOMATOMETER = re.compile(r"(?<!\S)(?P<v>\d+|--)\s?%?\s+Tomatometer", re.IGNORECASE)
_REVIEW_COUNT = re.compile(r"Tomatometer\s+(?P<n>\d{1,3}(?:,\d{3})+|\d+)\s+Reviews?", re.I)
_AUDIENCE_SCORE = re.compile(
    r"(?<!\S)(?P<v>\d+|--)\s?%?\s+(?:Audience Score|Popcornmeter)", re.IGNORECASE
)
_RATINGS = re.compile(
    r"(?:Audience Score|Popcornmeter)\s+(?P<c>(?:(?:Fewer|Less) than\s+)?[\d,]+\+?"
    r"(?:\s+Verified)?\s+Ratings?)",
    re.IGNORECASE,
)


def is_scores_line(line: str) -> bool:
    return bool(_TOMATOMETER.search(line) or _AUDIENCE_SCORE.search(line))


def parse_scores_line(line: str, *, line_number: int | None = None) -> ScoreRecord:
    """ "99% Tomatometer 67 Reviews 91% Audience Score 10,000+ Ratings".

    A percentage over 100 raises DocumentError: these are the film's
    headline facts, and a page that states one is broken, not approximate.
    """
    scores = ScoreRecord()
    if match := _TOMATOMETER.search(line):
        scores.tomatometer = _headline_percentage(match["v"], "tomatometer", line_number)
    if match := _REVIEW_COUNT.search(line):
        scores.critic_review_count = parse_count(match["n"])
    if match := _AUDIENCE_SCORE.search(line):
        scores.audience_score = _headline_percentage(match["v"], "audience score", line_number)
    if (match := _RATINGS.search(line)) and (count := parse_rating_count(match["c"])):
        scores.audience_rating_count_text, scores.audience_rating_count = count
    return scores


def _headline_percentage(text: str, name: str, line_number: int | None) -> int | None:
    try:
        return parse_percentage(text)
    except ValueError as exc:
        raise DocumentError(f"{name}: {exc}", line_number) from None


def _check_year(year: int, name: str, line_number: int | None) -> int:
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise DocumentError(f"{name}: {year} is outside {YEAR_MIN}-{YEAR_MAX}", line_number)
    return year


def _film_date(
    text: str, name: str, line_number: int | None, warnings: list[str]
) -> datetime.date | None:
    """A date that can set the film's year. A year outside YEAR_MIN-YEAR_MAX
    is fatal (the year is a headline fact); an impossible day in a possible
    year ("Feb 30, 1948") is a warning."""
    year = date_year(text)
    if year is not None:
        _check_year(year, f"year ({name} {text!r})", line_number)
    try:
        return parse_date(text)
    except ValueError as exc:
        warnings.append(f"{name}: {exc}; ignored")
        return None


# ---------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------
# Movie Info


def _shape_prose(value: str) -> int:
    return 1 if len(value.split()) >= 12 else 0


def _is_person_list(value: str) -> bool:
    items = split_list(value)
    return bool(items) and all(is_person_name(item.split()) for item in items)


def _shape_people(value: str) -> int:
    return 1 if _is_person_list(value) else 0


def _is_company_name(item: str) -> bool:
    words = item.split()
    return (
        0 < len(words) <= 8
        and (words[0][0].isupper() or words[0][0].isdigit())
        and not re.search(r"[.!?;:]\s", item)
    )


_REGION_TAG = re.compile(r"\s*\[(?P<region>[A-Za-z]{2,3})\]$")


def _shape_companies(value: str) -> int:
    items = split_list(value)
    if not items or any(_REGION_TAG.search(item) for item in items):
        return 0
    return 1 if all(_is_company_name(item) for item in items) else 0


def _shape_distributors(value: str) -> int:
    items = split_list(value)
    if not items or not all(_is_company_name(_REGION_TAG.sub("", item)) for item in items):
        return 0
    return 2 if any(_REGION_TAG.search(item) for item in items) else 1


_RATING_VALUE = re.compile(r"(?P<cert>[A-Za-z0-9-]+(?: Rated)?)\s*(?:\((?P<reason>[^()]*)\))?")


def _shape_rating(value: str) -> int:
    match = _RATING_VALUE.fullmatch(value)
    return 2 if match and normalise_certification(match["cert"]) else 0


def _shape_genres(value: str) -> int:
    items = split_list(value)
    return (
        2 if items and all(tuple(i.casefold().split()) in _GENRES_BY_TOKENS for i in items) else 0
    )


def _shape_language(value: str) -> int:
    items = split_list(value)
    ok = items and all(len(i.split()) <= 3 and i.split()[-1].casefold() in LANGUAGES for i in items)
    return 2 if ok else 0


_RELEASE_VALUE = re.compile(rf"(?P<date>{DATE_PATTERN})(?:,\s*(?P<note>[^,]{{1,40}}))?", re.I)


def _shape_release(value: str) -> int:
    return 2 if _RELEASE_VALUE.fullmatch(value) else 0


def _shape_money(value: str) -> int:
    return 2 if _MONEY.fullmatch(value) else 0


def _shape_runtime(value: str) -> int:
    try:
        return 2 if parse_runtime(value) else 0
    except ValueError:
        return 2


def _shape_sound_mix(value: str) -> int:
    items = split_list(value)
    return 2 if items and all(_SOUND_MIX_WORDS.search(i) for i in items) else 0


def _shape_aspect_ratio(value: str) -> int:
    return 2 if _ASPECT_RATIO.search(value) and len(value) <= 40 else 0


def _never(value: str) -> int:
    return 0


@dataclass(frozen=True, slots=True)
class InfoField:
    key: str
    labels: tuple[str, ...]
    # How well an unlabelled value fits: 0 no, 1 weakly, 2 unmistakably.
    shape: Callable[[str], int]


# Rotten Tomatoes' Movie Info order. Fields with `_never` are read only when
# labelled: by shape they would be confused with a neighbour.
MOVIE_INFO_FIELDS = (
    InfoField("synopsis", ("Synopsis",), _shape_prose),
    InfoField("director", ("Director", "Directors", "Directed By"), _shape_people),
    InfoField("producer", ("Producer", "Producers"), _shape_people),
    InfoField("executive_producer", ("Executive Producer", "Executive Producers"), _never),
    InfoField(
        "screenwriter", ("Screenwriter", "Screenwriters", "Writer", "Writers"), _shape_people
    ),
    InfoField("distributor", ("Distributor", "Distributors"), _shape_distributors),
    InfoField(
        "production_co",
        ("Production Co", "Production Company", "Production Companies"),
        _shape_companies,
    ),
    InfoField("rating", ("Rating", "Rated"), _shape_rating),
    InfoField("genre", ("Genre", "Genres"), _shape_genres),
    InfoField("original_language", ("Original Language", "Language"), _shape_language),
    InfoField("release_theaters", ("Release Date (Theaters)",), _shape_release),
    InfoField("rerelease_theaters", ("Rerelease Date (Theaters)",), _never),
    InfoField("release_streaming", ("Release Date (Streaming)",), _shape_release),
    InfoField("release_physical", ("Release Date (DVD)", "Release Date (Blu-ray)"), _never),
    InfoField("box_office", ("Box Office (Gross USA)",), _shape_money),
    InfoField("runtime", ("Runtime",), _shape_runtime),
    InfoField("sound_mix", ("Sound Mix",), _shape_sound_mix),
    InfoField("aspect_ratio", ("Aspect Ratio",), _shape_aspect_ratio),
)
_FIELD_INDEX = {f.key: i for i, f in enumerate(MOVIE_INFO_FIELDS)}
_LABELS = sorted(
    ((label, f) for f in MOVIE_INFO_FIELDS for label in f.labels),
    key=lambda pair: len(pair[0]),
    reverse=True,
)
_UNKNOWN_LABEL = re.compile(r"(?P<label>[A-Z][\w ()&/.'-]{0,48}?):(?:\s+(?P<value>.+))?")


def _match_label(line: str) -> tuple[InfoField, str] | None:
    """ "Production Co" -> (field, ""); "Rating: PG-13 (...)" or "Runtime
    1h 30m" -> (field, value). Longest label first."""
    for label, info_field in _LABELS:
        if line[: len(label)].casefold() != label.casefold():
            continue
        rest = line[len(label) :]
        if not rest.strip() or rest.strip() == ":":
            return info_field, ""
        if rest.startswith(":"):
            return info_field, rest[1:].strip()
        if rest.startswith(" "):
            return info_field, rest.strip()
    return None


@dataclass(slots=True)
class MovieInfo:
    values: dict[str, tuple[str, int]] = field(default_factory=dict)  # key -> (value, line)
    extra_facts: list[tuple[str, str]] = field(default_factory=list)


def read_movie_info(lines: list[tuple[int, str]], warnings: list[str]) -> MovieInfo:
    """Assign each Movie Info line to a field (see the module docstring)."""
    info = MovieInfo()
    expected = 0
    index = 0

    def assign(info_field: InfoField, value: str, line_number: int) -> None:
        nonlocal expected
        if info_field.key in info.values:
            warnings.append(f"movie info: {info_field.labels[0]} given twice; kept the first")
        else:
            info.values[info_field.key] = (value, line_number)
        expected = max(expected, _FIELD_INDEX[info_field.key] + 1)

    def is_value_line(position: int, info_field: InfoField) -> bool:
        if position >= len(lines):
            return False
        candidate = lines[position][1]
        if (
            is_furniture(candidate)
            or _match_label(candidate)
            or _UNKNOWN_LABEL.fullmatch(candidate)
        ):
            return False
        if info_field.shape(candidate) == 0 and info_field.shape is not _never:
            # Not this field's shape but clearly a later field's: the label
            # had no value ("Sound Mix" followed by the aspect ratio).
            later = MOVIE_INFO_FIELDS[_FIELD_INDEX[info_field.key] + 1 :]
            if any(f.shape(candidate) == 2 for f in later if f.key not in info.values):
                return False
        return True

    while index < len(lines):
        line_number, line = lines[index]
        index += 1
        if is_furniture(line):
            continue
        if labelled := _match_label(line):
            info_field, value = labelled
            if not value:
                if is_value_line(index, info_field):
                    line_number, value = lines[index]  # errors point at the value
                    index += 1
                else:
                    warnings.append(f"movie info: {info_field.labels[0]} has no value")
                    expected = max(expected, _FIELD_INDEX[info_field.key] + 1)
                    continue
            assign(info_field, value, line_number)
            continue
        if unknown := _UNKNOWN_LABEL.fullmatch(line):
            label, value = unknown["label"].strip(), (unknown["value"] or "").strip()
            if not value and index < len(lines) and not is_furniture(lines[index][1]):
                value = lines[index][1]
                index += 1
            if value:
                _add_fact(info.extra_facts, label, value, warnings)
            continue
        info_field = _infer_field(line, expected, info)
        if info_field is None:
            warnings.append(f"movie info: could not tell what {line!r} is; ignored")
            continue
        assign(info_field, line, line_number)
    return info


def _infer_field(value: str, expected: int, info: MovieInfo) -> InfoField | None:
    open_fields = [f for f in MOVIE_INFO_FIELDS if f.key not in info.values]
    ahead = [f for f in open_fields if _FIELD_INDEX[f.key] >= expected]
    for strength, fields in ((2, ahead), (1, ahead), (2, open_fields)):
        for info_field in fields:
            if info_field.shape(value) == strength:
                return info_field
    return None


def _add_fact(facts: list[tuple[str, str]], label: str, value: str, warnings: list[str]) -> None:
    if any(existing.casefold() == label.casefold() for existing, _ in facts):
        warnings.append(f"movie info: {label} given twice; kept the first")
    else:
        facts.append((label, value))


# ---------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------
# Detection and the whole page


def detect(text: str) -> bool:
    """The banner line first, or the Tomatometer/Audience Score line near
    the top (a dump that lost its banner)."""
    lines = _nonblank_lines(text[:20_000])
    if not lines:
        return False
    if lines[0][1].casefold() == BANNER.casefold():
        return True
    return any(_TOMATOMETER.search(line) and _AUDIENCE_SCORE.search(line) for _, line in lines[:10])


@dataclass(slots=True)
class _HeaderBlock:
    header: HeaderLine | None = None
    scores: ScoreRecord | None = None
    teaser: str = ""


def _read_header_block(lines: list[tuple[int, str]], warnings: list[str]) -> _HeaderBlock:
    block = _HeaderBlock()
    for number, line in lines:
        if block.scores is None and is_scores_line(line):
            block.scores = parse_scores_line(line, line_number=number)
            continue
        if block.header is None and block.scores is None and not block.teaser:
            header = parse_header_line(line, line_number=number, warnings=warnings)
            if header.recognised:
                block.header = header
                for word in header.unknown:
                    warnings.append(f"genres: {word!r} in the header line is not a known genre")
                continue
        if is_furniture(line):
            continue
        if not block.teaser:
            block.teaser = _strip_trailing_furniture(line)
        else:
            shown = line if len(line) <= 60 else line[:57] + "..."
            warnings.append(f"header: line {number} not understood: {shown!r}; ignored")
    return block


def _section_text(lines: list[tuple[int, str]]) -> str:
    return " ".join(line for _, line in lines if not is_furniture(line))


def _view_all_count(lines: list[tuple[int, str]], kind: str) -> int | None:
    for _, line in lines:
        if len(line) > 200:
            continue  # a review run, not the short "View All (N) ..." link
        if (match := _VIEW_ALL_COUNT.search(line)) and match["kind"].casefold() == kind:
            return parse_count(match["n"])
    return None


def _review_lines(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    return [(n, line) for n, line in lines if not _VIEW_ALL_COUNT.fullmatch(line)]


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


def _add_credits(
    credits: list[CreditRecord], names: Iterable[str], role: str, character: str = ""
) -> None:
    for name in names:
        if any(c.name.casefold() == name.casefold() and c.role == role for c in credits):
            continue
        order = sum(1 for c in credits if c.role == role)
        credits.append(CreditRecord(name, role, character, order))


def _companies(value: str, kind: str) -> list[CompanyRecord]:
    companies = []
    for order, item in enumerate(split_list(value)):
        region = ""
        if match := _REGION_TAG.search(item):
            region = match["region"].lower()
            item = item[: match.start()].strip()
        companies.append(CompanyRecord(item, kind, region, order))
    return companies


def _release(
    value: str, kind: str, line_number: int, warnings: list[str], label: str, note_prefix: str = ""
) -> ReleaseRecord | None:
    """ "Sep 6, 1948, Original" -> a release with the note "Original"."""
    match = _RELEASE_VALUE.fullmatch(value)
    if match is None:
        warnings.append(f"{label}: {value!r} is not a date; ignored")
        return None
    release_date = _film_date(match["date"], label, line_number, warnings)
    if release_date is None:
        return None
    note = (match["note"] or "").strip()
    if note_prefix:
        note = f"{note_prefix} ({note})" if note else note_prefix
    return ReleaseRecord(kind, release_date, "", note)


def _apply_movie_info(info: MovieInfo, film: FilmRecord, warnings: list[str]) -> None:
    values = info.values

    def get(key: str) -> tuple[str, int] | None:
        return values.get(key)

    if item := get("synopsis"):
        film.synopsis = item[0]
    for key in ("director", "producer", "executive_producer", "screenwriter"):
        if item := get(key):
            _add_credits(film.credits, split_list(item[0]), key)
    if item := get("distributor"):
        film.companies.extend(_companies(item[0], "distributor"))
    if item := get("production_co"):
        film.companies.extend(_companies(item[0], "production"))
    if item := get("rating"):
        match = _RATING_VALUE.fullmatch(item[0])
        certification = normalise_certification(match["cert"]) if match else None
        if certification is None:
            warnings.append(
                f"certification: {item[0]!r} is not a certification we know; left empty"
            )
        else:
            film.certification = certification
            reason = (match["reason"] or "") if match else ""
            film.certification_reason = ", ".join(
                part.strip() for part in reason.split("|") if part.strip()
            )
    if item := get("genre"):
        film.genres = split_list(item[0].replace("/", ","))
    if item := get("original_language"):
        film.original_language = item[0]
    for key, kind, label, prefix in (
        ("release_theaters", "theatrical", "Release Date (Theaters)", ""),
        ("rerelease_theaters", "theatrical", "Rerelease Date (Theaters)", "Rerelease"),
        ("release_streaming", "streaming", "Release Date (Streaming)", ""),
        ("release_physical", "physical", "Release Date (DVD)", ""),
    ):
        if item := get(key):
            release = _release(item[0], kind, item[1], warnings, label, prefix)
            if release is not None:
                film.release_dates.append(release)
    if item := get("box_office"):
        _add_fact(film.extra_facts, "Box Office (Gross USA)", item[0], warnings)
    if item := get("runtime"):
        try:
            runtime = parse_runtime(item[0])
        except ValueError as exc:
            runtime = None
            warnings.append(f"runtime: {exc}; left empty")
        else:
            if runtime is None:
                warnings.append(f"runtime: {item[0]!r} is not a runtime; left empty")
        film.runtime_minutes = runtime
    if item := get("sound_mix"):
        film.sound_mix = item[0]
    if item := get("aspect_ratio"):
        film.aspect_ratio = item[0]
    for label, value in info.extra_facts:
        _add_fact(film.extra_facts, label, value, warnings)


def parse(text: str, known: KnownNames = NO_KNOWN_NAMES) -> ParsedDocument:
    warnings: list[str] = []
    page = _cut_page(text)
    check_complete(page)
    block = _read_header_block(page.header, warnings)
    if block.header is None and block.scores is None:
        raise DocumentError("incomplete: no header line or scores after the title", page.title_line)
    film = FilmRecord(title=page.title)
    known_index = _Known.build(known)

    # Movie Info first: it is the authority for the fields it states.
    info_lines = page.section_lines("info")
    _apply_movie_info(read_movie_info(info_lines, warnings), film, warnings)

    header = block.header or HeaderLine()
    film.release_status = header.status
    if header.certification:
        if film.certification and film.certification != header.certification:
            warnings.append(
                f"certification: header says {header.certification}, Movie Info says "
                f"{film.certification}; kept Movie Info"
            )
        elif not film.certification:
            film.certification = header.certification
    if header.runtime is not None:
        if film.runtime_minutes and film.runtime_minutes != header.runtime:
            warnings.append(
                f"runtime: header says {header.runtime} min, Movie Info says "
                f"{film.runtime_minutes} min; kept Movie Info"
            )
        elif film.runtime_minutes is None:
            film.runtime_minutes = header.runtime
    if not film.genres:
        film.genres = header.genres
    if header.status_date is not None:
        kind = "streaming" if header.status == "streaming" else "theatrical"
        if not any(r.kind == kind for r in film.release_dates):
            film.release_dates.append(ReleaseRecord(kind, header.status_date))
    film.year = header.year or _year_from_releases(film.release_dates)
    if not film.synopsis:
        film.synopsis = block.teaser

    film.critics_consensus = _section_text(page.section_lines("consensus"))
    if says := _section_text(page.section_lines("audience_says")):
        _add_fact(film.extra_facts, "Audience Says", says, warnings)
    film.watch_options = _read_watch(page.section_lines("watch"), page.title, warnings)

    critics_lines = page.section_lines("critics")
    film.critic_reviews = _critic_reviews(
        _section_text(_review_lines(critics_lines)), page.title.split(), known_index, warnings
    )
    audience_lines = page.section_lines("audience")
    film.audience_reviews = parse_audience_reviews(
        _section_text(_review_lines(audience_lines)), warnings=warnings
    )

    film.scores = _scores(block.scores, critics_lines, audience_lines, warnings)
    _read_cast_and_similar(page, film, warnings)
    return ParsedDocument(NAME, SOURCE_SITE, film, warnings)


def _year_from_releases(releases: list[ReleaseRecord]) -> int | None:
    theatrical = [r.date for r in releases if r.kind == "theatrical"]
    dates = theatrical or [r.date for r in releases]
    return min(dates).year if dates else None


def _scores(
    scores: ScoreRecord | None,
    critics_lines: list[tuple[int, str]],
    audience_lines: list[tuple[int, str]],
    warnings: list[str],
) -> ScoreRecord | None:
    critic_count = _view_all_count(critics_lines, "critics")
    audience_count = _view_all_count(audience_lines, "audience")
    if scores is None and critic_count is None and audience_count is None:
        return None
    scores = scores or ScoreRecord()
    if critic_count is not None:
        if scores.critic_review_count is None:
            scores.critic_review_count = critic_count
        elif scores.critic_review_count != critic_count:
            warnings.append(
                f"critic review count: {scores.critic_review_count} in the header, "
                f"{critic_count} in the reviews section; kept the header"
            )
    scores.audience_review_count = audience_count
    return scores


def _read_cast_and_similar(page: _Page, film: FilmRecord, warnings: list[str]) -> None:
    """Cast & Crew entries, and the similar-films list wherever it sits (its
    heading is often lost, leaving it under Cast & Crew)."""
    cast_lines: list[str] = []
    for section in page.sections:
        if section.key in ("critics", "audience", "info", "ignore"):
            continue
        for _, line in section.lines:
            if not film.similar and (section.key in ("cast", "similar") or _DISCOVER.search(line)):
                similar = parse_similar_line(line, warnings)
                if similar is not None:
                    film.similar = similar
                    continue
            if section.key == "cast" and not is_furniture(line):
                cast_lines.append(line)
    crew = read_cast_and_crew(cast_lines, warnings) if cast_lines else []
    for credit in crew:
        _add_credits(film.credits, [credit.name], credit.role, credit.character)
    if not any(c.role == "cast" for c in film.credits):
        for credit in cast_from_synopsis(film.synopsis):
            _add_credits(film.credits, [credit.name], "cast", credit.character)
