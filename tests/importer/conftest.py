"""Fixtures for the importer's parse stage: the two seed documents (from
tests/conftest.py) as bytes, lines and records, and the invented documents in
tests/fixtures/."""

import dataclasses
from pathlib import Path

import pytest

from films.importer import parse_document

PROJECT_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = PROJECT_ROOT / "tests" / "fixtures"


@pytest.fixture(scope="session")
def rt_seed_bytes(rt_seed_path) -> bytes:
    return rt_seed_path.read_bytes()


@pytest.fixture(scope="session")
def review_site_seed_bytes(review_site_seed_path) -> bytes:
    return review_site_seed_path.read_bytes()


@pytest.fixture(scope="session")
def rt_seed_lines(rt_seed_bytes) -> list[str]:
    return rt_seed_bytes.decode("utf-8").split("\n")


@pytest.fixture(scope="session")
def review_site_seed_lines(review_site_seed_bytes) -> list[str]:
    return review_site_seed_bytes.decode("utf-8").split("\n")


@pytest.fixture(scope="session")
def rt_seed(rt_seed_bytes):
    """The Rotten Tomatoes seed, parsed without known names."""
    return parse_document(rt_seed_bytes)


@pytest.fixture(scope="session")
def review_site_seed(review_site_seed_bytes):
    return parse_document(review_site_seed_bytes)


@pytest.fixture(scope="session")
def fixture_bytes():
    """Bytes of an invented document in tests/fixtures/."""

    def read(name: str) -> bytes:
        return (FIXTURES / name).read_bytes()

    return read


@pytest.fixture(scope="session")
def fixture_text(fixture_bytes):
    def read(name: str) -> str:
        return fixture_bytes(name).decode("utf-8")

    return read


@pytest.fixture(scope="session")
def all_strings():
    """Every string inside a record, however deeply nested."""

    def walk(value):
        if dataclasses.is_dataclass(value):
            for item in dataclasses.fields(value):
                yield from walk(getattr(value, item.name))
        elif isinstance(value, list | tuple):
            for item in value:
                yield from walk(item)
        elif isinstance(value, str):
            yield value

    return walk


# Buttons, links and headings of Rotten Tomatoes pages: never content.
PAGE_FURNITURE = (
    "Most Popular at Home Now",
    "Read Critics Reviews",
    "My Rating",
    "Discover more movies and TV shows",
    "View More",
    "Read More",
    "Read Less",
    "Buy Tickets",
    "View All",
    "Where to Watch",
    "What to Know",
    "Cancel Movies Tv shows Shop News Showtimes",
    "Read all reviews",
    "Full Review",
)


@pytest.fixture(scope="session")
def furniture_leaks(all_strings):
    """(phrase, string) for each furniture phrase found in a record."""

    def find(record):
        return [(p, s) for s in all_strings(record) for p in PAGE_FURNITURE if p in s]

    return find


def _line_after(lines: list[str], marker: str) -> str:
    return lines[lines.index(marker) + 1]


# Oracles for exact-text assertions: the seed's own run-together lines, cut
# at "Full Review" with plain str methods, independently of the parser.


@pytest.fixture(scope="session")
def rt_seed_critic_segments(rt_seed_lines) -> list[str]:
    line = _line_after(rt_seed_lines, "View All (67) Critics Reviews")
    return [part.strip() for part in line.split("Full Review")[:-1]]


@pytest.fixture(scope="session")
def rt_seed_audience_segments(rt_seed_lines) -> list[str]:
    line = _line_after(rt_seed_lines, "View All (829) audience reviews")
    return [part.strip() for part in line.split("Full Review")[:-1]]


@pytest.fixture(scope="session")
def rt_seed_audience_line(rt_seed_lines) -> str:
    return _line_after(rt_seed_lines, "View All (829) audience reviews")
