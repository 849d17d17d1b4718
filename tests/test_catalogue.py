"""films.catalogue answers the film list from an index in memory derived from
FilmFilter: it must give what FilmFilter's querysets give, for every filter
combination, facet counts and orderings included, and follow every change to the
database, in production without making a visitor wait for a rebuild."""

import datetime
import random
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict
from django.utils import timezone

from films import catalogue
from films.filters import DECADES, ORDERINGS, FilmFilter
from films.importer.text import title_key
from films.models import Film, OfferType

from . import factories as f

pytestmark = pytest.mark.django_db
VISITOR = AnonymousUser()


@pytest.fixture
def films():
    """Sixty invented films with every attribute the filters read, some unknown."""
    rng = random.Random(7)
    genres = [f.GenreFactory(name=name) for name in ("Drama", "Comedy", "Horror", "Noir")]
    providers = [f.ProviderFactory(name=name) for name in ("Streamy", "Rentals", "Flix")]
    made = []
    for n in range(60):
        film = f.FilmFactory(
            title=f"{rng.choice(['The', 'A', 'an', 'Über'])} Film {n:02}",
            year=None if n % 13 == 0 else rng.randrange(1925, 2025),
            certification=rng.choice(["", "G", "PG", "PG-13", "R", "NR"]),
            original_language=rng.choice(["", "English", "French", "british English"]),
            release_status=rng.choice(["", "now_playing", "released", "streaming"]),
            critics_consensus=rng.choice(["", "", "Fine."]),
            tomatometer=None if n % 7 == 0 else rng.randrange(0, 101),
            tomatometer_count=rng.choice([0, 3, 19, 20, 150]),
            audience_score=None if n % 5 == 0 else rng.randrange(0, 101),
            audience_count=rng.choice([0, 5, 20, 2500]),
            genres=rng.sample(genres, rng.randrange(0, 3)),
        )
        for _ in range(rng.randrange(0, 3)):
            offer = rng.choice(list(OfferType))
            provider = None if offer == OfferType.THEATERS else rng.choice(providers)
            if not film.watch_options.filter(provider=provider, offer_type=offer).exists():
                f.WatchOptionFactory(film=film, provider=provider, offer_type=offer)
        made.append(film)
    f.FilmFactory(title="A Draft", draft=True, genres=[genres[0]], year=1990)
    later = timezone.now() + datetime.timedelta(hours=1)
    f.FilmFactory(title="A Scheduled Film", published_at=later, year=1990, genres=[genres[0]])
    f.CreditFactory(film=made[3], person=f.PersonFactory(name="Invented Auteur"))
    return {"genres": genres, "providers": providers, "films": made}


def random_query(rng, films):
    pairs = []
    if rng.random() < 0.5:
        pairs += [("genre", g.slug) for g in rng.sample(films["genres"], rng.randrange(1, 3))]
    if rng.random() < 0.2:
        pairs.append(("decade", rng.choice(DECADES)[0]))
    if rng.random() < 0.3:
        pairs.append(("year_min", rng.choice(["1950", "1980.5", "2000"])))
    if rng.random() < 0.3:
        pairs.append(("year_max", rng.choice(["1960", "1999", "2010.7"])))
    if rng.random() < 0.3:
        pairs += [("certification", c) for c in rng.sample(["G", "PG", "R", "NR"], 2)]
    if rng.random() < 0.2:
        pairs.append(("language", rng.choice(["English", "French", "british English"])))
    if rng.random() < 0.3:
        pairs.append(("tomatometer_min", rng.choice(["0", "50", "59.5", "100"])))
    if rng.random() < 0.3:
        pairs.append(("audience_min", rng.choice(["0", "70", "99"])))
    if rng.random() < 0.3:
        pairs += [("provider", p.slug) for p in rng.sample(films["providers"], rng.randrange(1, 3))]
    if rng.random() < 0.3:
        pairs.append(("offer", rng.choice(list(OfferType)).value))
    if rng.random() < 0.2:
        pairs.append(("status", rng.choice(["now_playing", "released", "streaming"])))
    if rng.random() < 0.2:
        pairs.append(("has_consensus", "on"))
    if rng.random() < 0.1:
        pairs.append(("q", rng.choice(["film 1", "auteur", "über"])))
    if rng.random() < 0.5:
        pairs.append(("ordering", rng.choice(ORDERINGS)[0]))
    if rng.random() < 0.3:
        pairs.append(("min_reviews", rng.choice(["0", "3", "25"])))
    return urlencode(pairs)


def answer(query):
    index = catalogue.index_for(VISITOR)
    filterset = FilmFilter(
        QueryDict(query),
        queryset=Film.objects.visible_to(VISITOR),
        languages=index.languages(VISITOR),
        genres=index.genre_choices,
        providers=index.provider_choices,
    )
    assert filterset.is_valid(), (query, filterset.errors)
    listing, facets = catalogue.film_list(filterset, index, VISITOR)
    return filterset, listing, facets


@pytest.mark.slow
def test_the_index_answers_as_the_filterset_does(films):
    rng = random.Random(11)
    queries = {random_query(rng, films) for _ in range(250)}
    nonempty = 0
    for query in sorted(queries):
        filterset, listing, facets = answer(query)
        expected = list(filterset.qs)
        shown = listing[0 : len(listing)]
        assert {film.pk for film in shown} == {film.pk for film in expected}, query
        assert listing.count() == len(expected), query
        assert facets == filterset.facet_counts(), query
        nonempty += bool(expected)
        assert [film.pk for film in shown] == reference_order(expected, filterset), query
    assert nonempty > 60, "the combinations must mostly find films"


def reference_order(films, filterset):
    """The list's ordering rule, spelled out: by the chosen value (score orderings
    first rank films with enough reviews before the others), films without the value
    last, then by title ignoring case, accents and punctuation, then year."""
    ordering, threshold = filterset.ordering_rule()
    if ordering == "relevance":  # a search's: the engine's ranking (tests/test_search.py)
        found = {film.pk for film in films}
        return [pk for pk in filterset.ranking if pk in found]
    field = ordering.lstrip("-")
    count = {"tomatometer": "tomatometer_count", "audience_score": "audience_count"}.get(field)

    def title(film):
        return (title_key(film.title), film.title, film.year is None, film.year or 0, film.pk)

    result = sorted(films, key=title)
    if field != "title":
        with_value = [film for film in result if getattr(film, field) is not None]
        with_value.sort(key=lambda film: getattr(film, field), reverse=ordering.startswith("-"))
        result = with_value + [film for film in result if getattr(film, field) is None]
    if count:
        result.sort(key=lambda film: getattr(film, count) < threshold)
    return [film.pk for film in result]


def test_pages_of_a_listing_follow_one_another(films):
    _, listing, _ = answer("ordering=-tomatometer&min_reviews=20")
    everything = [film.pk for film in listing[0 : len(listing)]]
    pages = [film.pk for start in range(0, len(listing), 7) for film in listing[start : start + 7]]
    assert pages == everything and len(everything) == 60
    ranked = [Film.objects.get(pk=pk).tomatometer_count >= 20 for pk in everything]
    assert ranked == sorted(ranked, reverse=True), "fewer reviews rank after the others"


def test_every_change_reaches_the_index(films):
    def titles(query):
        _, listing, _ = answer(query)
        return {film.title for film in listing[0 : len(listing)]}

    film = films["films"][0]
    assert film.title in titles("")
    film.title = "Renamed Film"
    film.certification = "NC-17"
    film.save()
    assert titles("certification=NC-17") == {"Renamed Film"}
    film.genres.set([films["genres"][3]])
    assert "Renamed Film" in titles("genre=noir")
    film.genres.clear()
    assert "Renamed Film" not in titles("genre=noir")
    option = f.WatchOptionFactory(film=film, provider=films["providers"][2], offer_type="buy")
    assert "Renamed Film" in titles("provider=flix&offer=buy")
    option.delete()
    assert "Renamed Film" not in titles("provider=flix&offer=buy")
    film.status = Film.Status.DRAFT
    film.save()
    assert "Renamed Film" not in titles("")


def test_facet_labels_follow_edits_to_genres_and_providers(films, client):
    assert "> Melodrama<span" not in client.get("/films/").content.decode()  # index built
    films["genres"][0].name = "Melodrama"
    films["genres"][0].save()
    films["providers"][0].name = "Renamed Stream"
    films["providers"][0].save()
    page = client.get("/films/").content.decode()
    assert "> Melodrama<span" in page
    assert "> Renamed Stream<span" in page


def test_a_scheduled_film_appears_when_its_time_comes(films, monkeypatch):
    assert "A Scheduled Film" not in {film.title for film in answer("year_min=1990")[1][0:100]}
    later = timezone.now() + datetime.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "A Scheduled Film" in {film.title for film in answer("year_min=1990")[1][0:100]}


def test_editors_see_drafts_in_their_own_index(films, editor, client):
    client.force_login(editor)
    content = client.get("/films/?year_min=1990&year_max=1990").content.decode()
    assert "A Draft" in content
    client.logout()
    assert "A Draft" not in client.get("/films/?year_min=1990&year_max=1990").content.decode()


def test_an_empty_catalogue():
    _, listing, facets = answer("ordering=title")
    assert listing.count() == 0 and listing[0:24] == []
    assert facets == {"genre": {}, "certification": {}, "provider": {}}


def test_bitmaps():
    assert catalogue.bitmap([0, 3, 9], 10) == 0b1000001001
    order = [9, 3, 0, 5]
    assert catalogue.walk(order, 0b1000001001, 0, 10) == [9, 3, 0]
    assert catalogue.walk(order, 0b1000001001, 1, 2) == [3]
    assert catalogue.walk(order, 0, 0, 5) == []
    assert Decimal("59.5") > 59  # min scores round up: 59.5 means 60 or more


def test_rows_committed_while_the_index_is_read_are_left_for_the_next_version():
    """An import can commit a film after the index has read the catalogue's
    films and before it reads a clause: the clause leaves that film out (the
    import's version bump brings the next index) rather than failing."""
    drama = f.GenreFactory(name="Drama")
    f.FilmFactory(title="Read first").genres.add(drama)
    index = catalogue.index_for(VISITOR)
    f.FilmFactory(title="Arrived meanwhile").genres.add(drama)
    bits = index.clause_bits(catalogue.clause({"genre": ["drama"]}))
    assert bits == catalogue.bitmap([0], 1) and index.size == 1


def test_clauses_group_the_filters_applied_together():
    data = {"genre": ["drama", "noir"], "provider": ["flix"], "offer": "rent", "q": "x"}
    data |= {"ordering": "title", "min_reviews": 3, "has_consensus": False, "year_min": None}
    assert catalogue.clauses(data) == [
        "genre=drama&genre=noir",
        "offer=rent&provider=flix",
    ]


# Committed rows, which the background thread's own connection sees; the
# rows migrations made (content types, groups) restored, as browser tests
# that run before may have flushed them.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_after_a_change_visitors_are_answered_at_once_and_the_index_follows(settings):
    """Production: the request that finds a change is answered from the index
    the process has; a background thread builds the next one."""
    settings.CATALOGUE_REFRESH_SECONDS = 0
    film = f.FilmFactory(title="Before", year=1990)
    before = catalogue.index_for(VISITOR)
    f.FilmFactory(title="After", year=1991)
    assert catalogue.index_for(VISITOR) is before  # no rebuild on this request
    catalogue.refresh_now()
    after = catalogue.index_for(VISITOR)
    assert after is not before and after.size == 2
    film.status = Film.Status.DRAFT
    film.save()
    # Until the next index is built, the unpublished film is counted but never shown.
    _, listing, _ = answer("year_max=1990")
    assert [card.title for card in listing[0:10]] == []
    catalogue.refresh_now()
    _, listing, _ = answer("year_max=1990")
    assert listing.count() == 0


def test_a_new_filter_is_one_declaration_in_the_filterset(films, monkeypatch):
    """The index knows no filter by name: a filter added to FilmFilter alone
    filters the list and its facet counts."""
    from films.filters import NumberFilter

    short = NumberFilter(field_name="runtime_minutes", lookup_expr="lte")
    monkeypatch.setitem(FilmFilter.base_filters, "runtime_max", short)
    monkeypatch.setattr(FilmFilter, "_form_classes", {})
    kept = films["films"][:5]
    Film.objects.exclude(pk__in=[film.pk for film in kept]).update(runtime_minutes=150)
    Film.objects.filter(pk__in=[film.pk for film in kept]).update(runtime_minutes=80)
    catalogue.forget()
    filterset, listing, facets = answer("runtime_max=90&ordering=title")
    assert sorted(card.pk for card in listing[0:100]) == sorted(film.pk for film in kept)
    assert [card.pk for card in listing[0:100]] == [film.pk for film in filterset.qs]
    assert facets == filterset.facet_counts()


def test_a_new_process_prepares_every_ordering_and_facet_option(films, client):
    """What warm_up reads as a process starts: a list request, and the home
    page's shelves, then read no clause or ordering of their own."""
    from films.filters import DEFAULT_MIN_REVIEWS, ORDER_BY
    from filmsite.content.models import ContentVersion

    index = catalogue.prepared(catalogue.Index(ContentVersion.current()))
    kept = index.warm_keys()
    assert sorted(kept["orderings"]) == sorted((o, DEFAULT_MIN_REVIEWS) for o in ORDER_BY)
    assert {f"genre={genre.slug}" for genre in films["genres"]} <= set(kept["clauses"])
    assert {f"provider={p.slug}" for p in films["providers"]} <= set(kept["clauses"])
    catalogue._state.index = index
    answer("ordering=title")
    assert client.get("/").status_code == 200
    assert {key: set(keys) for key, keys in index.warm_keys().items()} == {
        key: set(keys) for key, keys in kept.items()
    }


def test_several_genres_are_the_union_of_each_genre(films, django_assert_num_queries):
    """genre is a plain MultipleChoiceFilter: django-filter keeps films with
    any chosen genre, so the index answers two genres from each one's bitmap
    (read when the facet counts were) without asking the database again."""
    drama, comedy = films["genres"][0].slug, films["genres"][1].slug
    index = catalogue.index_for(VISITOR)
    one = index.clause_bits(f"genre={drama}") | index.clause_bits(f"genre={comedy}")
    with django_assert_num_queries(0):
        both = index.clause_bits(catalogue.clause({"genre": [drama, comedy]}))
    expected = FilmFilter(QueryDict(f"genre={drama}&genre={comedy}"), queryset=Film.objects.all())
    assert both == one == index.bits_of(expected.qs.values_list("pk", flat=True))
