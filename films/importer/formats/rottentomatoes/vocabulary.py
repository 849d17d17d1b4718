"""The words the shape tests know: genres, languages, media and company words,
sentence openers, name particles; and the tests themselves, which tell a
word or a run of words shaped like a person's name from one shaped like a
publication's.
"""

from __future__ import annotations

import functools
import re

YEAR_MIN, YEAR_MAX = 1870, 2100


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
