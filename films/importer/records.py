"""What the parse stage hands to the load stage: plain records, no Django.

Every format module turns a decoded document into one `ParsedDocument`. The
records hold values already normalised (dates as `datetime.date`, scores on a
0-100 scale, stars as `Decimal`), so the loader only has to match and store.
Nothing here knows about a particular site; the format modules fill them in.

Vocabularies (checked by the formats, stored by the loader):

- credit roles: see `CREDIT_ROLES`;
- company kinds: "production", "distributor";
- release kinds: "theatrical", "streaming", "physical", "tv";
- offer types: "theaters" (the only one without a provider), "subscription",
  "free", "rent", "buy";
- certifications: see `CERTIFICATIONS`; release statuses: see `RELEASE_STATUSES`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

CREDIT_ROLES = (
    "director",
    "producer",
    "executive_producer",
    "screenwriter",
    "cast",
    "cinematographer",
    "editor",
    "composer",
    "production_designer",
    "costume_designer",
)
COMPANY_KINDS = ("production", "distributor")
RELEASE_KINDS = ("theatrical", "streaming", "physical", "tv")
OFFER_TYPES = ("theaters", "subscription", "free", "rent", "buy")
CERTIFICATIONS = (
    "G",
    "PG",
    "PG-13",
    "R",
    "NC-17",
    "NR",
    "TV-Y",
    "TV-Y7",
    "TV-G",
    "TV-PG",
    "TV-14",
    "TV-MA",
)
RELEASE_STATUSES = ("now_playing", "coming_soon", "released", "streaming")


class DocumentError(Exception):
    """The document cannot be imported at all (as opposed to a warning).

    `reason` is one line for people; `line` is the 1-based line of the decoded
    document the problem was found on, when there is one.
    """

    def __init__(self, reason: str, line: int | None = None):
        super().__init__(reason, line)
        self.reason = reason
        self.line = line

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}" if self.line is not None else self.reason


@dataclass(slots=True)
class CreditRecord:
    name: str
    role: str
    character: str = ""
    order: int = 0


@dataclass(slots=True)
class CompanyRecord:
    name: str
    kind: str
    region: str = ""
    order: int = 0


@dataclass(slots=True)
class ReleaseRecord:
    kind: str
    date: datetime.date
    region: str = ""
    note: str = ""


@dataclass(slots=True)
class WatchRecord:
    offer_type: str
    provider: str | None


@dataclass(slots=True)
class CriticReviewRecord:
    critic: str | None
    publication: str | None
    quote: str
    score_text: str = ""
    score: int | None = None
    sentiment: str = ""
    review_date: datetime.date | None = None
    note: str = ""
    # True when the split between critic, publication and quote was a guess
    # (the loader flags the review for an editor).
    uncertain: bool = False
    # The review exactly as the source had it, for editors to fix a split.
    raw: str = ""


@dataclass(slots=True)
class AudienceReviewRecord:
    author: str
    text: str
    stars: Decimal | None = None
    review_date: datetime.date | None = None


@dataclass(slots=True)
class SimilarRecord:
    title: str
    tomatometer: int | None
    audience_score: int | None
    order: int = 0


@dataclass(slots=True)
class ScoreRecord:
    tomatometer: int | None = None
    critic_review_count: int | None = None
    audience_score: int | None = None
    # The count as written, without the trailing "Ratings": "10,000+",
    # "2,500+ Verified", "Fewer than 50".
    audience_rating_count_text: str = ""
    # The lower bound of the written count (10000 for "10,000+"); None when
    # the text gives no lower bound ("Fewer than 50").
    audience_rating_count: int | None = None
    audience_review_count: int | None = None


@dataclass(slots=True)
class FilmRecord:
    title: str
    year: int | None = None
    runtime_minutes: int | None = None
    certification: str = ""
    certification_reason: str = ""
    synopsis: str = ""
    critics_consensus: str = ""
    release_status: str = ""
    original_language: str = ""
    sound_mix: str = ""
    aspect_ratio: str = ""
    trailer: bool = False
    genres: list[str] = field(default_factory=list)
    credits: list[CreditRecord] = field(default_factory=list)
    companies: list[CompanyRecord] = field(default_factory=list)
    release_dates: list[ReleaseRecord] = field(default_factory=list)
    watch_options: list[WatchRecord] = field(default_factory=list)
    critic_reviews: list[CriticReviewRecord] = field(default_factory=list)
    audience_reviews: list[AudienceReviewRecord] = field(default_factory=list)
    similar: list[SimilarRecord] = field(default_factory=list)
    scores: ScoreRecord | None = None
    # Labelled facts with no field of their own, e.g.
    # ("Box Office (Gross USA)", "$1.2M"), in document order, labels unique.
    extra_facts: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class ParsedDocument:
    format: str
    source_site: str
    film: FilmRecord
    warnings: list[str] = field(default_factory=list)
    # When the page itself says when it was fetched (an aware datetime). It
    # outranks the time given on import and the file's modification time.
    # Neither known site's pages show one, so their formats leave it None.
    captured_at: datetime.datetime | None = None


@dataclass(slots=True, frozen=True)
class KnownNames:
    """Critic and publication names the site already knows (editors keep
    them). Formats use them before any heuristic; matching ignores case and
    runs of whitespace, and a match yields the spelling given here."""

    critics: frozenset[str] = frozenset()
    publications: frozenset[str] = frozenset()


# The default for "no known names": a shared immutable instance, so that
# signatures can say `known: KnownNames = NO_KNOWN_NAMES`.
NO_KNOWN_NAMES = KnownNames()
