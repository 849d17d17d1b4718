"""generate_demo_data: exact sizes, valid and published data, scores that
agree with refresh_scores, reproducible output, and a --clear that removes
demo rows only."""

import random
import unicodedata

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Q
from django.utils import timezone

from films.demo.draws import allocate
from films.models import (
    Credit,
    Film,
    Person,
    SimilarFilm,
    WatchOption,
)
from filmsite.content.models import ChangeRecord, ContentVersion
from reviews.models import STAR_VALUES, AudienceReview, Critic, CriticReview, ReportedScore
from reviews.scores import SCORE_FIELDS, refresh_scores
from tests.factories import (
    AudienceReviewFactory,
    CriticReviewFactory,
    FilmFactory,
    PersonFactory,
    ProviderFactory,
)

pytestmark = pytest.mark.django_db

SIZES = {"films": 30, "people": 200, "reviews": 600}
DEMO = "demo--"


def generate(**options):
    call_command("generate_demo_data", verbosity=0, **(SIZES | options))


def demo_films():
    return Film.objects.filter(slug__startswith=DEMO)


def test_sizes_are_exact_and_rows_valid():
    version = ContentVersion.current()
    generate()

    films = demo_films()
    assert films.count() == 30
    assert Person.objects.filter(slug__startswith=DEMO).count() == 200
    critic_reviews = CriticReview.objects.filter(film__in=films)
    audience_reviews = AudienceReview.objects.filter(film__in=films)
    assert critic_reviews.count() + audience_reviews.count() == 600
    assert critic_reviews.count() == 180  # 30%
    # Reviews have a publishing state too: all demo reviews are public.
    assert critic_reviews.published().count() == 180
    assert audience_reviews.published().count() == 420
    assert ContentVersion.current() > version  # cached pages are dropped

    # Everything visitors could open is published, in the past.
    assert Film.objects.published().filter(slug__startswith=DEMO).count() == 30
    assert Person.objects.published().filter(slug__startswith=DEMO).count() == 200
    assert not films.filter(published_at__gt=timezone.now()).exists()

    annotated = films.annotate(
        n_genres=Count("genres", distinct=True),
        n_directors=Count("credits", filter=Q(credits__role="director"), distinct=True),
        n_cast=Count("credits", filter=Q(credits__role="cast"), distinct=True),
        n_similar=Count("similar_entries", distinct=True),
        n_watch=Count("watch_options", distinct=True),
    )
    for film in annotated:
        assert 1 <= film.n_genres <= 3
        assert 1 <= film.n_directors <= 2
        assert 4 <= film.n_cast <= 10
        assert 3 <= film.n_similar <= 5
        assert film.n_watch <= 4
        assert 1920 <= film.year <= 2025
        assert film.synopsis and film.runtime_minutes and film.certification
    assert not Credit.objects.filter(role="cast", character="").exists()
    # "More like this" links other demo films, never the film itself.
    similar = SimilarFilm.objects.filter(film__in=films)
    assert not similar.filter(similar_film__isnull=True).exists()
    assert similar.filter(similar_film__slug__startswith=DEMO).count() == similar.count()
    assert all(s.title == s.similar_film.title for s in similar.select_related("similar_film"))

    # Every critic review names a critic or a publication (also a DB constraint).
    assert not critic_reviews.filter(critic__isnull=True, publication__isnull=True).exists()
    assert set(critic_reviews.values_list("sentiment", flat=True)) <= {"fresh", "rotten"}
    stars = set(audience_reviews.exclude(stars=None).values_list("stars", flat=True))
    assert stars <= set(STAR_VALUES)
    assert set(audience_reviews.values_list("source_site", flat=True)) == {"Rotten Tomatoes"}
    assert (
        not WatchOption.objects.filter(film__in=films, provider=None)
        .exclude(offer_type="theaters")
        .exists()
    )
    assert ReportedScore.objects.filter(film__in=films).count() > 10  # ~80%


def test_headline_scores_agree_with_refresh_scores():
    generate()
    fields = [f for f in SCORE_FIELDS if hasattr(Film, f)]
    ids = list(demo_films().values_list("pk", flat=True))
    stored = list(demo_films().order_by("pk").values_list("pk", *fields))
    assert any(row[1] is not None for row in stored)

    refresh_scores(ids)

    assert list(demo_films().order_by("pk").values_list("pk", *fields)) == stored


def test_clear_removes_demo_data_only():
    # Rows that are not demo data, some linked to the demo vocabulary's kind.
    film = FilmFactory(title="Demo Reel", year=2020)  # slug "demo-reel-2020": not ours
    person = PersonFactory(name="Kept Person")
    critic_review = CriticReviewFactory(film=film)
    audience_review = AudienceReviewFactory(film=film)
    provider = ProviderFactory()
    generate()
    assert demo_films().exists()

    call_command("generate_demo_data", clear_only=True, verbosity=0)

    for model in (Film, Person, Critic):
        assert not model.objects.filter(slug__startswith=DEMO).exists()
    assert not CriticReview.objects.exclude(pk=critic_review.pk).exists()
    assert not AudienceReview.objects.exclude(pk=audience_review.pk).exists()
    assert not Credit.objects.exists()
    for row in (film, person, critic_review, audience_review, provider):
        row.refresh_from_db()  # still there


def test_clear_leaves_no_history_and_bumps_the_content_version_once():
    """Deleting demo data is one bulk change, not thousands of edits: no
    history entry per deleted row, one new content version for cached pages."""
    generate()
    records = ChangeRecord.objects.count()
    version = ContentVersion.current()

    call_command("generate_demo_data", clear_only=True, verbosity=0)

    assert not demo_films().exists()
    assert ChangeRecord.objects.count() == records
    assert ContentVersion.current() == version + 1


def test_clear_then_generate_replaces_demo_data():
    generate()
    with pytest.raises(CommandError, match="--clear"):
        generate()
    generate(clear=True, films=12)
    assert demo_films().count() == 12
    assert Person.objects.filter(slug__startswith=DEMO).count() == 200


def test_same_seed_same_data():
    def titles():
        return list(demo_films().order_by("pk").values_list("title", "year"))

    generate(seed=7)
    first = titles()
    generate(seed=7, clear=True)
    assert titles() == first
    generate(seed=8, clear=True)
    assert titles() != first


def test_some_names_carry_accents_and_fold_to_distinct_slugs():
    """Searches at scale need names with accents ("bjora" must find "Björa");
    two names that differ only by accents would share a slug."""
    generate(people=400)
    names = list(Person.objects.filter(slug__startswith=DEMO).values_list("name", "slug"))
    accented = [name for name, _slug in names if not name.isascii()]
    assert len(accented) >= 20  # about one name in six
    assert all(slug.isascii() for _name, slug in names)
    folded = {unicodedata.normalize("NFKD", n).encode("ascii", "ignore").lower() for n, _ in names}
    assert len(folded) == len(names) == 400
    assert all(slug.isascii() for slug in demo_films().values_list("slug", flat=True))


@pytest.mark.parametrize("cap", [3, 50, 10**6])
def test_allocate_is_exact_proportional_and_capped(cap):
    rng = random.Random(3)
    weights = [rng.lognormvariate(0, 1.4) for _ in range(500)]
    total = min(20000, cap * 500)

    counts = allocate(total, weights, cap)

    assert sum(counts) == total
    assert max(counts) <= cap
    if cap == 10**6:  # uncapped: within one of the exact share
        exact = [total * w / sum(weights) for w in weights]
        assert all(abs(c - e) < 1 for c, e in zip(counts, exact, strict=True))
