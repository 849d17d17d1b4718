"""Invented Rotten Tomatoes pages whose critics and publications recur.

Used by the split tests, the crash test and `bench/split_accuracy.py`. A
page's critic reviews run together as on the real site ("George Campbell
Dixon Daily Telegraph (UK) These faults, ..."), so where the critic's name
ends and the publication's begins is exactly what the importer has to work
out. Each critic writes for one publication and reviews several films; the
quotes mix openings that settle the split ("These faults ...", "A lingering
...") with openings that do not (a name or the film's title in capitals), so
a review may be unsure on its own page and settled by another page of the
same run. Everything is fictional and the same seed gives the same pages.
"""

import random
from dataclasses import dataclass

# (critic, publication): critics of 2-3 words, multi-word publications,
# critics writing for no publication and publications without a critic.
AUTHORS = [
    ("George Campbell Dixon", "Daily Telegraph (UK)"),
    ("Hana Lindqvist", "Northern Screen Journal"),
    ("Oren Pemberton", "Shadows on the Wall"),
    ("Rhea Marchetti Vale", "Harbourlight Review"),
    ("Tova Birchall", "Morning Courier (Australia)"),
    ("Ivo Stainforth", "Frame by Frame"),
    ("Esme Kettering", "The Invented Gazette"),
    ("Saul Ingleby Ward", "Reelhouse Weekly"),
    ("Pia Thistlewood", "Cinema Ledger"),
    ("Dov Fairbanks", "Evening Lantern"),
    ("Kit Northcott", "Cine Vue"),
    ("Mael Quarrie", "Kino Lorber Notes"),
    ("Juno Hartwell", None),
    ("Bram Oyelowo Quist", None),
    (None, "TIME Magazine"),
    (None, "Sunday Film Quarterly"),
]
# Openings a reader (and the importer) takes for the start of a quote.
CLEAR_OPENINGS = [
    "These faults, if faults they be, may well be outweighed by the {noun}.",
    "A lingering, calf-eyed look at a little world of {noun}.",
    "It is one of the most indelible fables about {noun}.",
    "What stays is the {noun}, long after the lights come up.",
    "\u201cA triumph of {noun},\u201d and every frame shows it.",
    "There is no better film about {noun} this decade.",
    "1948 was never this good for {noun}.",
]
# Openings that could continue a name: a proper noun, or the title.
UNCLEAR_OPENINGS = [
    "Black Swan would not exist without this {noun}.",
    "Powell and Pressburger stand behind every {noun} here.",
    "Andersen himself would have admired the {noun}.",
    "{title} makes {noun} look effortless.",
    "Moira Shearer dances the {noun} like no one since.",
]
NOUNS = [
    "ballet sequences",
    "harbour at night",
    "quiet storm",
    "colour and music",
    "backstage egos",
    "winter orchard",
    "letters never sent",
]
WORDS = ["Quiet", "Storm", "Harbour", "Letter", "Orchard", "Lantern", "Winter", "Signal"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@dataclass(frozen=True)
class TrueReview:
    critic: str | None
    publication: str | None
    quote: str


@dataclass(frozen=True)
class Page:
    title: str
    year: int
    reviews: tuple[TrueReview, ...]
    text: str


def critic_segment(review: TrueReview, rng: random.Random) -> str:
    names = " ".join(part for part in (review.critic, review.publication) if part)
    day = f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2000, 2025)}"
    rated = f"Rated: {rng.randint(1, 4)}/4 " if rng.random() < 0.6 else ""
    return f"{names} {review.quote} {rated}{day} Full Review"


def audience_segment(index: int, rng: random.Random) -> str:
    stars = rng.choice(["2", "3", "3.5", "4", "4.5", "5"])
    date = f"{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/{rng.randint(10, 25)}"
    name = f"Viewer{index} {rng.choice('ABCDEFGHJKLMNPRSTW')}"
    text = "A fine evening at the pictures, all told."
    return f"{name} {text} Rated {stars} out of 5 stars {date} Full Review"


def page_text(title: str, year: int, reviews, rng: random.Random, audience_reviews: int = 3):
    critics = " ".join(critic_segment(review, rng) for review in reviews)
    audience = " ".join(audience_segment(i, rng) for i in range(audience_reviews))
    director = f"{rng.choice(WORDS)} Director{rng.randint(1, 40)}"
    scores = (
        f"{rng.randint(10, 99)}% Tomatometer {len(reviews)} Reviews "
        f"{rng.randint(10, 99)}% Audience Score 2,500+ Ratings"
    )
    return f"""Rotten Tomatoes
Cancel Movies Tv shows Shop News Showtimes

{title}

Released {rng.choice(MONTHS)} {rng.randint(1, 28)}, {year} 1h {rng.randint(10, 59)}m Drama List
{scores}
A story of a harbour, a letter and a winter that would not end. Read More Read Less

Where to Watch

{title}

Prime Video Max

Watch {title} with a subscription on Prime Video, or rent on Max.

{title}

What to Know

Critics Consensus

A quiet storm of a film.

Read Critics Reviews

Critics Reviews

View All ({len(reviews)}) Critics Reviews
{critics} Read all reviews

Audience Reviews

View All ({audience_reviews}) audience reviews
{audience} Read all reviews
{title}

My Rating


Cast & Crew

Movie Info

Synopsis A story of a harbour, a letter and a winter that would not end.
Director: {director}
Genre: Drama
Original Language: English
Release Date (Theaters): {rng.choice(MONTHS)} {rng.randint(1, 28)}, {year}, Wide
Runtime: 1h {rng.randint(10, 59)}m
Most Popular at Home Now
"""


def pages(count: int, *, seed: int = 1, reviews_per_page: int = 6, audience_reviews: int = 3):
    """`count` pages of distinct films, each with `reviews_per_page` critic
    reviews by distinct authors drawn from `AUTHORS` (so each author appears
    on several pages), about half of them with an unclear opening."""
    rng = random.Random(seed)
    result = []
    for index in range(count):
        title = f"The {rng.choice(WORDS)} {rng.choice(WORDS)} {index + 1}"
        year = rng.randint(1930, 2024)
        reviews = []
        for critic, publication in rng.sample(AUTHORS, reviews_per_page):
            openings = UNCLEAR_OPENINGS if rng.random() < 0.5 else CLEAR_OPENINGS
            quote = rng.choice(openings).format(noun=rng.choice(NOUNS), title=title)
            reviews.append(TrueReview(critic, publication, quote))
        text = page_text(title, year, reviews, rng, audience_reviews)
        result.append(Page(title, year, tuple(reviews), text))
    return result


def write_pages(directory, page_list):
    """Write each page as page_NNNNN.txt; the paths in page order."""
    paths = []
    for index, page in enumerate(page_list):
        path = directory / f"page_{index:05d}.txt"
        path.write_text(page.text, encoding="utf-8")
        paths.append(path)
    return paths
