"""A very long run-together line of reviews parses whole.

How fast it parses is a figure for bench/import_bench.py (its large document),
not an assertion here: a time limit in a test fails on a busy machine and
passes on a slow parser run on a fast one.
"""

import datetime
from decimal import Decimal

from films.importer import parse_document

FIRST_NAMES = ["Amara", "Bruno", "Cleo", "Dario", "Esme", "Farid", "Greta", "Hugo", "Iris", "Jonah"]
SENTENCES = [
    "The lighthouse scenes glow like old paintings and the score hums along nicely.",
    "I kept waiting for the plot to arrive, but the costumes alone were worth the ticket.",
    "My cousin fell asleep, then woke up for the finale and declared it a masterpiece.",
    "Some of the dialogue feels stiff, yet the dancing carries every scene it touches.",
    "A strange, lovely film that rewards patience more than it rewards popcorn.",
]


def invented_text(number: int) -> str:
    return " ".join(SENTENCES[(number + k) % 5] for k in range(12))


def invented_review(number: int) -> str:
    author = f"{FIRST_NAMES[number % 10]} {chr(ord('A') + number % 26)}"
    text = invented_text(number)
    stars = (number % 10 + 1) / 2
    stars_text = f"{stars:g}"
    date = f"{number % 12 + 1:02d}/{number % 28 + 1:02d}/2{number % 5}"
    return f"{author} {text} Rated {stars_text} out of 5 stars {date} Full Review"


def test_five_megabytes_of_audience_reviews_parse_into_every_review(rt_seed_lines):
    count = 5000
    run = " ".join(invented_review(n) for n in range(count)) + " Read all reviews"
    lines = list(rt_seed_lines)
    lines[lines.index("View All (829) audience reviews") + 1] = run
    data = "\n".join(lines).encode()
    assert len(data) > 5_000_000

    parsed = parse_document(data)

    reviews = parsed.film.audience_reviews
    assert len(reviews) == count
    last = reviews[-1]
    assert (reviews[0].author, last.author) == ("Amara A", "Jonah H")
    assert (last.stars, last.review_date) == (Decimal("5"), datetime.date(2024, 8, 16))
    assert last.text == invented_text(count - 1)
    assert parsed.warnings == ["movie info: Sound Mix has no value"]
