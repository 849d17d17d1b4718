"""Realistic site content and the list of page types, shared by the browser tests
(tests/browser/) and the page tests that need no browser (tests/test_html_valid.py,
tests/test_hostile_queries.py).

`seed_site()` imports the real source documents (The Red Shoes, its people, critics
and publications) and adds invented films and audience reviews with the factories, so
that every page type has content: filters with results, several result pages and three
pages of audience reviews. `page_urls(site)` names one URL per page type.
"""

import datetime
import io
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.urls import resolve, reverse

from films.models import Film, Genre, Person
from reviews.models import AudienceReview, Critic, Publication

from .. import factories as f

SOURCES = Path(__file__).resolve().parents[2].parent / "shared" / "sources"
FILM_SLUG = "the-red-shoes-1948"
PERSON_SLUG = "moira-shearer"
FALLBACK_REVIEWS_PER_PAGE = 20


@dataclass
class Site:
    film: Film
    person: Person
    critic: Critic
    publication: Publication
    drama: Genre


@dataclass
class Page:
    id: str
    url: str
    status: int = 200


def audience_reviews_per_page(film):
    """The audience review listing's page size, read from its view (20 when the
    view does not say), so the seed makes exactly three pages whatever it is."""
    view = resolve(reverse("reviews:film-audience-reviews", args=[film.slug])).func
    view_class = getattr(view, "view_class", None)
    return getattr(view_class, "paginate_by", None) or FALLBACK_REVIEWS_PER_PAGE


def seed_site():
    assert SOURCES.is_dir(), f"the sample source documents are missing: {SOURCES}"
    out = io.StringIO()
    call_command("import_sources", str(SOURCES), publish=True, stdout=out, stderr=out)
    film = Film.objects.get(slug=FILM_SLUG)
    drama = Genre.objects.get(slug="drama")
    comedy = f.GenreFactory(name="Comedy")
    thriller = f.GenreFactory(name="Thriller")
    provider = f.ProviderFactory(name="Invented Stream")

    # Thirty published films from 1930 to 2017: every other one a drama, so a
    # genre filter has results on three pages of 12, and a year range has some.
    for n in range(30):
        year = 1930 + 3 * n
        invented = f.FilmFactory(
            title=f"Invented Film {n:02d}",
            year=year,
            certification=["G", "PG", "PG-13", "R"][n % 4],
            genres=[drama, thriller] if n % 2 == 0 else [comedy],
        )
        if n % 3 == 0:
            f.ReportedScoreFactory(
                film=invented, tomatometer=(35 + 7 * n) % 101, audience_score=(50 + 5 * n) % 101
            )
        if n % 5 == 0:
            f.WatchOptionFactory(film=invented, provider=provider)
    f.FilmFactory(title="Invented Draft", year=1950, draft=True, genres=[drama])

    # Audience reviews for exactly three pages (the import brings some).
    per_page = audience_reviews_per_page(film)
    existing = AudienceReview.objects.filter(film=film).count()
    start = datetime.date(2019, 1, 1)
    for n in range(max(0, 2 * per_page + 5 - existing)):
        f.AudienceReviewFactory(
            film=film,
            author_name=f"Invented Viewer {n:02d}",
            stars=Decimal("0.5") * (1 + n % 10),
            text=f"Invented opinion number {n}: the ballet sequence stays with you.",
            review_date=start - datetime.timedelta(days=n),
        )

    critic = Critic.objects.filter(reviews__film=film).order_by("name").first()
    publication = Publication.objects.filter(reviews__film=film).order_by("name").first()
    assert critic and publication, "the import gave no critic or publication"
    return Site(
        film=film,
        person=Person.objects.get(slug=PERSON_SLUG),
        critic=critic,
        publication=publication,
        drama=drama,
    )


@contextmanager
def seeded_database(django_db_blocker):
    """For a module-scoped fixture of tests that need no browser: seed once, inside a
    transaction rolled back at the end; each test's own `db` transaction nests in it
    as a savepoint. Pages are cached per content version: the cache is cleared on
    the way in and out."""
    with django_db_blocker.unblock(), transaction.atomic():
        cache.clear()
        try:
            yield seed_site()
        finally:
            cache.clear()
            transaction.set_rollback(True)


def with_query(url, pairs):
    return f"{url}?{urlencode(pairs)}"


def page_urls(site, *, variants=True):
    """One URL per page type, with the status it must answer. `variants` adds the
    filtered and paginated forms of the listings."""
    film_list = reverse("films:film-list")
    critic_reviews = reverse("reviews:film-critic-reviews", args=[site.film.slug])
    audience_reviews = reverse("reviews:film-audience-reviews", args=[site.film.slug])
    pages = [
        Page("home", reverse("home")),
        Page("film-list", film_list),
        Page(
            "film-list-filtered",
            with_query(
                film_list,
                [
                    ("q", "red"),
                    ("genre", "drama"),
                    ("genre", "romance"),
                    ("decade", "1940"),
                    ("year_min", "1940"),
                    ("year_max", "1960"),
                    ("tomatometer_min", "50"),
                    ("ordering", "-year"),
                ],
            ),
        ),
        Page(
            "film-list-results-page-2",
            with_query(film_list, [("genre", "drama"), ("page_size", "12"), ("page", "2")]),
        ),
        Page(
            "film-list-invalid-filters",
            with_query(
                film_list,
                [
                    ("year_min", "abc"),
                    ("year_max", "1800"),
                    ("tomatometer_min", "101"),
                    ("ordering", "nonsense"),
                    ("genre", "no-such-genre"),
                ],
            ),
        ),
        Page("search-results", with_query(reverse("films:search"), [("q", "powell")])),
        Page("film-detail", site.film.get_absolute_url()),
        Page("film-critic-reviews", critic_reviews),
        Page("film-audience-reviews", audience_reviews),
        Page("person-detail", site.person.get_absolute_url()),
        Page("critic-detail", site.critic.get_absolute_url()),
        Page("publication-detail", site.publication.get_absolute_url()),
        Page("not-found", "/films/no-such-film-1900/", 404),
    ]
    if variants:
        pages += [
            Page(
                "film-critic-reviews-fresh",
                with_query(critic_reviews, [("sentiment", "fresh"), ("ordering", "oldest")]),
            ),
            Page(
                "film-audience-reviews-page-2",
                with_query(audience_reviews, [("page", "2")]),
            ),
            Page(
                "film-audience-reviews-filtered",
                with_query(audience_reviews, [("stars", "5.0"), ("site", "Rotten Tomatoes")]),
            ),
            Page("film-list-no-results", with_query(film_list, [("q", "nothing-matches-this")])),
            Page("search-no-results", with_query(reverse("films:search"), [("q", "zzqx")])),
            Page("search-empty", reverse("films:search")),
            Page("person-detail-director", "/people/michael-powell/"),
            Page("not-found-person", "/people/no-such-person/", 404),
        ]
    return pages


PAGE_IDS = [
    "home",
    "film-list",
    "film-list-filtered",
    "film-list-results-page-2",
    "film-list-invalid-filters",
    "search-results",
    "film-detail",
    "film-critic-reviews",
    "film-audience-reviews",
    "person-detail",
    "critic-detail",
    "publication-detail",
    "not-found",
]
ALL_PAGE_IDS = [
    *PAGE_IDS,
    "film-critic-reviews-fresh",
    "film-audience-reviews-page-2",
    "film-audience-reviews-filtered",
    "film-list-no-results",
    "search-no-results",
    "search-empty",
    "person-detail-director",
    "not-found-person",
]


def page_by_id(site, page_id):
    return next(page for page in page_urls(site) if page.id == page_id)
