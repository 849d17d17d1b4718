"""The film list: filters that combine, live in the query string, count
their options and never fail on bad input."""

import re

import pytest
from django.urls import reverse

from films.models import Genre, OfferType

from . import factories as f

pytestmark = pytest.mark.django_db
URL = reverse("films:film-list")


@pytest.fixture
def catalogue():
    drama, comedy, horror = (f.GenreFactory(name=n) for n in ("Drama", "Comedy", "Horror"))
    streamer = f.ProviderFactory(name="Invented Stream")
    films = {
        "old drama": f.FilmFactory(
            title="An Old Drama", year=1952, certification="NR", genres=[drama],
            original_language="French", tomatometer=95, tomatometer_count=120,
            audience_score=88, audience_count=5000, critics_consensus="Moving.",
        ),
        "new comedy": f.FilmFactory(
            title="A New Comedy", year=2019, certification="PG-13", genres=[comedy],
            original_language="English", tomatometer=70, tomatometer_count=90,
            audience_score=64, audience_count=900,
        ),
        "tiny hit": f.FilmFactory(
            title="A Tiny Hit", year=2021, certification="R", genres=[comedy, horror],
            original_language="English", tomatometer=100, tomatometer_count=2,
            audience_score=100, audience_count=2,
        ),
        "draft": f.FilmFactory(title="A Draft Drama", draft=True, genres=[drama]),
    }  # fmt: skip
    f.WatchOptionFactory(film=films["new comedy"], provider=streamer, offer_type=OfferType.RENT)
    f.WatchOptionFactory(
        film=films["old drama"], provider=streamer, offer_type=OfferType.SUBSCRIPTION
    )
    f.CreditFactory(film=films["old drama"], person=f.PersonFactory(name="Invented Auteur"))
    return films


def titles(response):
    return [film.title for film in response.context_data["films"]]


def test_unfiltered_list_shows_published_films_only(client, catalogue):
    shown = titles(client.get(URL))
    assert "A Draft Drama" not in shown
    assert len(shown) == 3


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("genre=comedy", {"A New Comedy", "A Tiny Hit"}),
        ("genre=drama&genre=horror", {"An Old Drama", "A Tiny Hit"}),
        ("decade=1950", {"An Old Drama"}),
        ("year_min=2000&year_max=2020", {"A New Comedy"}),
        ("certification=PG-13&certification=R", {"A New Comedy", "A Tiny Hit"}),
        ("language=French", {"An Old Drama"}),
        ("tomatometer_min=90", {"An Old Drama", "A Tiny Hit"}),
        ("audience_min=80&genre=drama", {"An Old Drama"}),
        ("provider=invented-stream", {"An Old Drama", "A New Comedy"}),
        ("provider=invented-stream&offer=rent", {"A New Comedy"}),
        ("offer=subscription", {"An Old Drama"}),
        ("has_consensus=on", {"An Old Drama"}),
        ("q=auteur", {"An Old Drama"}),
        ("q=comedy", {"A New Comedy"}),
        ("genre=comedy&year_min=2020&ordering=title", {"A Tiny Hit"}),
    ],
)
def test_filters_combine(client, catalogue, query, expected):
    assert set(titles(client.get(f"{URL}?{query}"))) == expected


def test_few_reviews_do_not_top_a_score_ordering(client, catalogue):
    assert titles(client.get(f"{URL}?ordering=-tomatometer")) == [
        "An Old Drama", "A New Comedy", "A Tiny Hit",
    ]  # fmt: skip
    assert titles(client.get(f"{URL}?ordering=-audience_score&min_reviews=1"))[0] == "A Tiny Hit"


@pytest.mark.parametrize(
    ("ordering", "first"),
    [("title", "A New Comedy"), ("-year", "A Tiny Hit"), ("year", "An Old Drama")],
)
def test_orderings(client, catalogue, ordering, first):
    assert titles(client.get(f"{URL}?ordering={ordering}"))[0] == first


def test_facet_counts_follow_the_other_filters(client, catalogue):
    response = client.get(f"{URL}?genre=comedy&year_min=2020")
    facets = response.context_data["facets"]
    # Genre counts ignore the genre filter itself but keep the year filter.
    assert facets["genre"] == {"comedy": 1, "horror": 1}
    assert facets["certification"] == {"R": 1}
    content = response.content.decode()
    assert 'value="horror"' in content
    assert "Horror" in content and "(1<span" in content


def test_pagination_keeps_the_filters(client, catalogue):
    comedy = Genre.objects.get(slug="comedy")
    for n in range(30):
        f.FilmFactory(title=f"Comedy {n:02}", genres=[comedy])
    content = client.get(f"{URL}?genre=comedy&ordering=title&page_size=12").content.decode()
    assert 'href="?genre=comedy&amp;ordering=title&amp;page_size=12&amp;page=2"' in content


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("year_min=abc", "Enter a number."),
        ("ordering=bogus", "Select a valid choice."),
        ("tomatometer_min=101", "Ensure this value is less than or equal to 100."),
        ("genre=no-such-genre", "Select a valid choice."),
    ],
)
def test_invalid_values_show_the_form_error_and_keep_valid_filters(client, catalogue, query, error):
    response = client.get(f"{URL}?{query}&genre=drama")
    assert response.status_code == 200
    assert error in response.content.decode()


@pytest.mark.parametrize(("page", "shown"), [("-1", 1), ("0", 1), ("abc", 1), ("999999", 3)])
def test_bad_page_numbers_give_the_nearest_page(client, catalogue, page, shown):
    for n in range(30):
        f.FilmFactory(title=f"Filler {n}")
    response = client.get(f"{URL}?page_size=12&page={page}")
    assert response.status_code == 200
    assert response.context_data["page_obj"].number == shown


def test_filtered_pages_are_not_indexed_and_point_to_the_list(client, catalogue):
    content = client.get(f"{URL}?genre=drama").content.decode()
    assert '<meta name="robots" content="noindex, follow">' in content
    assert f'<link rel="canonical" href="http://testserver{URL}">' in content
    assert "noindex" not in client.get(URL).content.decode()


def test_the_language_choices_follow_the_catalogue(client, catalogue):
    assert '<option value="Wolof">' not in client.get(URL).content.decode()
    f.FilmFactory(title="Un Film", original_language="Wolof")
    content = client.get(f"{URL}?language=Wolof").content.decode()
    assert '<option value="Wolof" selected>Wolof</option>' in content
    assert 'class="film-card-title">Un Film' in content


def test_filtersets_share_their_choices_and_nothing_else():
    """Each request's FilterSet copies the filters, and its form the fields,
    but they share choices and widgets, which none changes (films.filters:
    CopiedCheaply, SharedChoices)."""
    from films.filters import FilmFilter

    def filterset(data):
        choices = {"languages": ["English"], "genres": [("drama", "Drama")], "providers": []}
        filterset = FilmFilter(data, **choices)
        filterset.is_valid()
        return filterset

    sets = [filterset({"genre": ["drama"]}), filterset({"genre": ["horror"]})]
    genre_filters = [filterset.filters["genre"] for filterset in sets]
    assert genre_filters[0] is not genre_filters[1]
    assert [f.parent for f in genre_filters] == sets
    provider_filters = [filterset.filters["provider"] for filterset in sets]
    assert [f.filter.f for f in provider_filters] == provider_filters  # their filter methods
    assert genre_filters[0].extra is not genre_filters[1].extra
    assert FilmFilter.base_filters["genre"].extra.get("choices") is None

    first, second = (filterset.form for filterset in sets)
    assert first.fields["genre"] is not second.fields["genre"]
    assert first.fields["genre"].choices is second.fields["genre"].choices
    assert list(first.fields["language"].choices) == [("", "Any language"), ("English", "English")]
    first.fields["genre"].widget.attrs["class"] = "changed"
    assert "class" not in second.fields["genre"].widget.attrs
    assert first.cleaned_data["genre"] == ["drama"]
    assert "genre" in second.errors


def test_form_controls_show_values_errors_and_selections(client, catalogue):
    """The filter form's widgets (Django's own widget templates) keep what the
    visitor chose and mark the invalid field for assistive technology."""
    response = client.get(
        URL, {"decade": "1950", "year_min": "abc", "ordering": "title", "has_consensus": "on"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<option value="1950" selected>1950s</option>', html)
    assert re.search(r'<option value="title" selected>', html)
    assert re.search(
        r'<input type="number" name="year_min" value="abc"[^>]*aria-invalid="true"', html
    )
    assert re.search(r'<input type="checkbox" name="has_consensus"[^>]* checked', html)
    assert "Enter a number." in html


def chips(response):
    return [(chip.label, chip.url) for chip in response.context_data["active_filters"]]


def test_each_active_filter_value_is_a_chip_linking_to_the_list_without_it(client, catalogue):
    response = client.get(URL, {"genre": ["drama", "horror"], "year_min": "1950", "page": "2"})
    assert chips(response) == [
        ("Drama", f"{URL}?genre=horror&year_min=1950"),
        ("Horror", f"{URL}?genre=drama&year_min=1950"),
        ("From 1950", f"{URL}?genre=drama&genre=horror"),
    ]


def test_chips_read_as_the_form_shows_the_values(client, catalogue):
    response = client.get(
        URL,
        {"q": "drama", "decade": "1950", "tomatometer_min": "60", "has_consensus": "on"},
    )
    assert [label for label, _ in chips(response)] == [
        "Search: “drama”",
        "1950s",
        "Tomatometer 60% or more",
        "With a critics consensus",
    ]
    assert chips(response)[0][1] == f"{URL}?decade=1950&tomatometer_min=60&has_consensus=on"


def test_invalid_values_ordering_and_page_size_are_no_chips(client, catalogue):
    response = client.get(
        URL,
        {"year_min": "abc", "genre": "comedy", "ordering": "title", "page_size": "12"},
    )
    assert chips(response) == [("Comedy", f"{URL}?year_min=abc&ordering=title&page_size=12")]


def test_the_filters_control_counts_the_chips_and_the_chips_are_links(client, catalogue):
    response = client.get(URL, {"genre": ["drama", "horror"], "certification": "R"})
    html = response.content.decode()
    assert (
        'Filters <span class="filters-count">(3<span class="visually-hidden"> active</span>)'
        in html
    )
    assert f'<a class="chip" href="{URL}?genre=drama&amp;genre=horror">' in html
    assert "Clear all</a>" in html


def test_no_chips_without_filters(client, catalogue):
    response = client.get(URL, {"ordering": "title"})
    assert chips(response) == []
    assert 'class="chips"' not in response.content.decode()
    assert '(0<span class="visually-hidden"> active</span>)' in response.content.decode()


def test_chip_labels_are_escaped(client, catalogue):
    html = client.get(URL, {"q": "<b>bold</b>"}).content.decode()
    assert "Search: “&lt;b&gt;bold&lt;/b&gt;”" in html
    assert "<b>bold</b>" not in html
