"""The film list's filters: every filter combines with the others and lives in
the query string, so a filtered list is a shareable link.

Invalid values never fail the page: the form reports them and the valid
filters still apply (`FilmFilter.qs` filters on cleaned data only).
"""

import copy
from dataclasses import dataclass
from decimal import Decimal

import django_filters
from django import forms
from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    Value,
    When,
)
from django.forms.renderers import Jinja2
from django.http import QueryDict
from django_filters.constants import EMPTY_VALUES

from . import search
from .models import Certification, Film, Genre, OfferType, Provider, ReleaseStatus

DECADES = [(str(year), f"{year}s") for year in range(2020, 1910, -10)]
ORDERINGS = [
    ("-tomatometer", "Tomatometer, highest first"),
    ("-audience_score", "Audience score, highest first"),
    ("-year", "Newest release first"),
    ("year", "Oldest release first"),
    ("title", "Title, A to Z"),
    ("-created_at", "Recently added"),
    # The order of a search's results (films.search); with q, the default.
    ("relevance", "Best match"),
]
RELEVANCE = "relevance"
# Films without the value sorted on come last in both directions, titles
# compare by their folded form (Film.title_key: no case, accents or
# punctuation, the same on every database), and the primary key breaks the
# last ties: every ordering is total, so pages never overlap.
BY_TITLE = ["title_key", "title", F("year").asc(nulls_last=True), "pk"]
ORDER_BY = {
    "-tomatometer": ["-ranked", F("tomatometer").desc(nulls_last=True), *BY_TITLE],
    "-audience_score": ["-ranked", F("audience_score").desc(nulls_last=True), *BY_TITLE],
    "-year": [F("year").desc(nulls_last=True), *BY_TITLE],
    "year": [F("year").asc(nulls_last=True), *BY_TITLE],
    "title": BY_TITLE,
    "-created_at": ["-created_at", *BY_TITLE],
}
DEFAULT_ORDERING = "-tomatometer"
# Below this many reviews a score ranks after the others, so a 100% from two
# reviews does not top the list. Visitors can raise or lower it.
DEFAULT_MIN_REVIEWS = 20
MAX_QUERY_LENGTH = 200
PAGE_SIZES = [12, 24, 48, 96]
DEFAULT_PAGE_SIZE = 24
# Filters that apply as one: a provider and an offer type are the same watch
# option ("Max, by subscription"; see FilmFilter.filter_watch).
TOGETHER = [("provider", "offer")]
# Parameters that choose no films: the search's ranking and the ordering.
NOT_FILTERS = ("q", "ordering", "min_reviews")
# The filters whose options show how many films each would give.
FACETS = ("genre", "certification", "provider")


def together(name):
    """`name` and the filters applied with it."""
    for group in TOGETHER:
        if name in group:
            return set(group)
    return {name}


@dataclass(frozen=True, slots=True)
class FacetOption:
    id: str
    value: str
    label: str
    checked: bool
    count: int


def facet_options(bound_field, counts, choices=None):
    """The options of a multiple-choice filter shown as checkboxes, each with
    the number of films it would give (`counts`, by value); options that give
    none are left out unless chosen. `choices`: (value, label) pairs when the
    caller has them (films.catalogue does), else the field's. Ids, values and
    checked states are those Django's CheckboxSelectMultiple would render
    (id_genre_0, ...), read without building a widget per option."""
    chosen = {str(value) for value in bound_field.value() or []}
    options = []
    for index, (value, label) in enumerate(choices or bound_field.field.choices):
        value = str(value)
        count = (counts or {}).get(value, 0)
        if count or value in chosen:
            options.append(
                FacetOption(f"{bound_field.auto_id}_{index}", value, label, value in chosen, count)
            )
    return options


class SharedChoices:
    """A choice field whose copies share its choices. Every form deep-copies
    its class's fields; these choices are never changed per form, and copying
    the genres, languages, providers and the rest cost the film list about
    1 ms a request."""

    def __deepcopy__(self, memo):
        memo[id(self._choices)] = self._choices  # deepcopy() gives it back as is
        return super().__deepcopy__(memo)


class ChoiceField(SharedChoices, django_filters.fields.ChoiceField):
    pass


class MultipleChoiceField(SharedChoices, django_filters.fields.MultipleChoiceField):
    pass


class CopiedCheaply:
    """A filter whose copies share its settings. Every FilterSet deep-copies
    its class's filters, and with them their choices and widgets, which
    nothing changes in place: a copy gets its own `extra` dict (which
    FilmFilter fills with the current choices) and its own binding to a
    filter method, and shares the values."""

    def __deepcopy__(self, memo):
        new = copy.copy(self)
        memo[id(self)] = new
        new.extra = dict(self.extra)
        new.__dict__.pop("_field", None)  # built from `extra` when needed
        new.method = self.method  # binds a new FilterMethod to the copy
        return new


class CharFilter(CopiedCheaply, django_filters.CharFilter):
    pass


class NumberFilter(CopiedCheaply, django_filters.NumberFilter):
    pass


class BooleanFilter(CopiedCheaply, django_filters.BooleanFilter):
    pass


class ChoiceFilter(CopiedCheaply, django_filters.ChoiceFilter):
    field_class = ChoiceField


class MultipleChoiceFilter(CopiedCheaply, django_filters.MultipleChoiceFilter):
    field_class = MultipleChoiceField


class FilterForm(forms.Form):
    """The film list's form. Its widgets render with Django's own Jinja2
    widget templates, as the public pages are Jinja2: about 0.6 ms a film list,
    against 2.3 ms through the Django template renderer (the admin's). One
    renderer for all forms, so its template engine is built once."""

    default_renderer = Jinja2()


class FilmFilter(django_filters.FilterSet):
    q = CharFilter(
        label="Search",
        method="search",
        max_length=MAX_QUERY_LENGTH,
        help_text="Titles, people's names, synopses and critics consensus.",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Title, actor, director…"}),
    )
    # Genres and providers by slug. Their choices come from the database, or
    # from the caller (films.catalogue's index), which spares a query a request.
    # A plain MultipleChoiceFilter: films with any of the chosen genres
    # (django-filter's own rule, which films.catalogue relies on).
    genre = MultipleChoiceFilter(
        label="Genres",
        field_name="genres__slug",
        distinct=True,
        widget=forms.CheckboxSelectMultiple,
    )
    decade = ChoiceFilter(
        label="Decade", choices=DECADES, method="filter_decade", empty_label="Any decade"
    )
    year_min = NumberFilter(
        label="From year",
        field_name="year",
        lookup_expr="gte",
        min_value=1870,
        max_value=2100,
        widget=forms.NumberInput(attrs={"placeholder": "1870"}),
    )
    year_max = NumberFilter(
        label="To year",
        field_name="year",
        lookup_expr="lte",
        min_value=1870,
        max_value=2100,
        widget=forms.NumberInput(attrs={"placeholder": "2100"}),
    )
    certification = MultipleChoiceFilter(
        label="Rating",
        field_name="certification",
        choices=Certification.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    language = ChoiceFilter(
        label="Original language",
        field_name="original_language",
        lookup_expr="iexact",
        empty_label="Any language",
    )
    tomatometer_min = NumberFilter(
        label="Tomatometer at least (%)",
        field_name="tomatometer",
        lookup_expr="gte",
        min_value=0,
        max_value=100,
    )
    audience_min = NumberFilter(
        label="Audience score at least (%)",
        field_name="audience_score",
        lookup_expr="gte",
        min_value=0,
        max_value=100,
    )
    min_reviews = NumberFilter(
        label="Scores from at least (reviews)",
        method="filter_min_reviews",
        min_value=0,
        max_value=1_000_000,
        help_text=f"Default {DEFAULT_MIN_REVIEWS}: fewer reviews rank lower in score orderings.",
    )
    provider = MultipleChoiceFilter(
        label="Where to watch",
        method="filter_watch",
        widget=forms.CheckboxSelectMultiple,
    )
    offer = ChoiceFilter(
        label="How", choices=OfferType.choices, method="filter_watch", empty_label="Any way"
    )
    status = ChoiceFilter(
        label="Status",
        field_name="release_status",
        choices=ReleaseStatus.choices,
        empty_label="Any status",
    )
    has_consensus = BooleanFilter(
        label="With a critics consensus",
        method="filter_has_consensus",
        widget=forms.CheckboxInput,
    )
    ordering = ChoiceFilter(
        label="Sort by",
        choices=ORDERINGS,
        method="order",
        empty_label=None,
        # Shown above the results, outside the <form>, and submitted with it.
        widget=forms.Select(attrs={"form": "filters"}),
    )

    class Meta:
        model = Film
        fields = []
        form = FilterForm

    def __init__(self, data=None, *args, languages=None, genres=None, providers=None, **kwargs):
        if data is not None and data.get("q", "").strip() and not data.get("ordering"):
            data = data.copy()  # a search lists its best matches first
            data["ordering"] = RELEVANCE
        super().__init__(data, *args, **kwargs)
        self.ranking = None  # a search's film pks, best first (`search`)
        # Choices read when the form is built, unless the caller knows them
        # (films.catalogue does): the languages of the films on the site, and
        # (slug, name) pairs of genres and providers.
        self.choices = (
            None if languages is None else tuple(languages),
            None if genres is None else tuple(genres),
            None if providers is None else tuple(providers),
        )
        self.filters["language"].extra["choices"] = (
            language_choices if languages is None else [(name, name) for name in languages]
        )
        self.filters["genre"].extra["choices"] = (
            slug_choices(Genre) if genres is None else list(genres)
        )
        self.filters["provider"].extra["choices"] = (
            slug_choices(Provider) if providers is None else list(providers)
        )

    # Form classes by choices. Building one makes a form field per filter
    # (~2 ms a request); only the choices differ between requests, and a form
    # deep-copies its class's fields, so instances share nothing.
    _form_classes = {}

    def get_form_class(self):
        if None in self.choices:
            return super().get_form_class()
        form_class = self._form_classes.get(self.choices)
        if form_class is None:
            form_class = super().get_form_class()
            if len(self._form_classes) >= 4:  # the choices change with the content
                self._form_classes.clear()
            self._form_classes[self.choices] = form_class
        return form_class

    # --- Filter methods -------------------------------------------------------------

    def search(self, queryset, name, value):
        """The films the site search (films.search) finds for `value`, at most
        its FILM_LIMIT best; their order is the relevance ordering's."""
        value = value.strip()
        if not value:
            return queryset
        if self.ranking is None:
            self.ranking = search.films(value, getattr(self.request, "user", None))
        return queryset.filter(pk__in=self.ranking)

    def filter_decade(self, queryset, name, value):
        start = int(value)
        return queryset.filter(year__gte=start, year__lte=start + 9)

    def filter_watch(self, queryset, name, value):
        # Provider and offer type apply to the same watch option: "Max, by
        # subscription" means a subscription on Max. The provider filter
        # applies both; the offer filter alone only when no provider is chosen.
        providers = self.form.cleaned_data.get("provider")
        offer = self.form.cleaned_data.get("offer")
        if (name == "offer" and providers) or not (providers or offer):
            return queryset
        return queryset.filter(pk__in=self.watch_options(providers, offer).values("film_id"))

    @staticmethod
    def watch_options(providers, offer):
        from .models import WatchOption

        options = WatchOption.objects.all()
        if providers:
            options = options.filter(provider__slug__in=providers)
        if offer:
            options = options.filter(offer_type=offer)
        return options

    def filter_min_reviews(self, queryset, name, value):
        return queryset  # used by `order`; filtering happens there

    def filter_has_consensus(self, queryset, name, value):
        # A checkbox: unticked means "any film", not "films without one".
        return queryset.exclude(critics_consensus="") if value else queryset

    def order(self, queryset, name, value):
        return queryset  # applied last, in `filter_queryset`

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return self.ordered(queryset)

    def ordering_rule(self):
        """(ordering, threshold): the chosen ordering, and for score orderings the
        number of reviews below which a score ranks after the others."""
        data = self.form.cleaned_data if self.is_bound else {}
        ordering = data.get("ordering") or DEFAULT_ORDERING
        if ordering == RELEVANCE and not (data.get("q") or "").strip():
            ordering = DEFAULT_ORDERING  # nothing searched: nothing to rank by
        min_reviews = data.get("min_reviews")
        threshold = DEFAULT_MIN_REVIEWS if min_reviews is None else int(min_reviews)
        return ordering, threshold

    def ordered(self, queryset):
        ordering, threshold = self.ordering_rule()
        if ordering == RELEVANCE:
            position = Case(
                *(When(pk=pk, then=Value(i)) for i, pk in enumerate(self.ranking or ())),
                default=Value(len(self.ranking or ())),
                output_field=IntegerField(),
            )
            return queryset.order_by(position, "title", "year")
        if ordering in ("-tomatometer", "-audience_score"):
            count = "tomatometer_count" if ordering == "-tomatometer" else "audience_count"
            enough = Q(**{f"{count}__gte": threshold})
            queryset = queryset.alias(ranked=ExpressionWrapper(enough, output_field=BooleanField()))
        return queryset.order_by(*ORDER_BY[ordering])

    # --- Facets ---------------------------------------------------------------------

    def without(self, name):
        """The films matching every current filter except `name` and those
        applied with it (TOGETHER)."""
        skip = together(name)
        queryset = self.queryset.all()
        for field, value in self.form.cleaned_data.items() if self.is_bound else ():
            if field not in skip:
                queryset = self.filters[field].filter(queryset, value)
        return queryset.order_by()

    def facet_counts(self):
        """Per option of each facet, how many films the list would show with
        that option as the facet's only choice and every other filter as it
        is: the films of `without(name)` that the option's own filter keeps.
        One query per option; films.catalogue answers the same from its index."""
        counts = {}
        for name in FACETS:
            others = self.without(name)
            found = {}
            for value, _ in self.form.fields[name].choices:
                option = as_query(self.facet_option(name, value))
                alone = FilmFilter(option, queryset=others, **self.choice_lists())
                if count := alone.qs.count():
                    found[str(value)] = count
            counts[name] = found
        return counts

    def facet_option(self, name, value):
        """The filter values of one facet option: `value` as the facet's only
        choice, the filters applied with it (TOGETHER) as they are."""
        data = self.form.cleaned_data if self.is_bound else {}
        return {key: data.get(key) for key in together(name)} | {name: [value]}

    def choice_lists(self):
        """The choices this filterset was given, to build another with them."""
        languages, genres, providers = self.choices
        return {"languages": languages, "genres": genres, "providers": providers}


def as_query(values):
    """Cleaned filter values (FilmFilter's form) as the query string that
    gives them: lists as repeated keys, a ticked box as "on"; empty values
    and unticked boxes are left out, as a form leaves them."""
    query = QueryDict(mutable=True)
    for name, value in values.items():
        if isinstance(value, (list, tuple)):
            if value:
                query.setlist(name, [str(item) for item in value])
        elif isinstance(value, bool):
            if value:
                query[name] = "on"
        elif value not in EMPTY_VALUES:
            query[name] = str(value)
    return query


def slug_choices(model):
    """(slug, name) of every genre or provider, in the model's order."""

    def choices():
        return list(model.objects.values_list("slug", "name"))

    return choices


def languages(films):
    """The original languages of `films` (a queryset), each once, in order."""
    return list(
        films.exclude(original_language="")
        .values_list("original_language", flat=True)
        .distinct()
        .order_by("original_language")
    )


def language_choices():
    return [(language, language) for language in languages(Film.objects.published())]


# --- Active filters as chips --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ActiveFilter:
    """One value the list is filtered by, and the link to the same list
    without it."""

    label: str
    url: str


# How each single-valued filter reads as a chip; {} is the value's label.
CHIP_LABELS = {
    "q": "Search: “{}”",
    "decade": "{}",
    "year_min": "From {}",
    "year_max": "To {}",
    "status": "{}",
    "tomatometer_min": "Tomatometer {}% or more",
    "audience_min": "Audience score {}% or more",
    "offer": "{}",
    "language": "In {}",
    "has_consensus": "With a critics consensus",
}


def active_filters(filterset, query, path):
    """The filters the list applies, one chip per value (each chosen genre is
    its own), in the form's order, each with the URL of `path` under `query`
    (the request's GET) without that one value and on page 1.

    Only valid values count: an invalid one is ignored by the list (and
    reported by the form), so it is no filter to remove. The ordering and
    the score threshold choose no films, so they are not filters here."""
    if not filterset.is_bound:
        return []
    filterset.is_valid()  # cleaned_data holds the valid values even when some are not
    data = filterset.form.cleaned_data
    chips = []
    for name, field in filterset.form.fields.items():
        value = data.get(name)
        if name in ("ordering", "min_reviews") or value in EMPTY_VALUES or value is False:
            continue
        labels = {str(key): label for key, label in getattr(field, "choices", ())}
        if isinstance(value, (list, tuple)):
            for item in value:
                url = _without(query, path, name, str(item))
                chips.append(ActiveFilter(str(labels.get(str(item), item)), url))
            continue
        if isinstance(value, str) and not value.strip():
            continue
        shown = labels.get(str(value), value)
        if isinstance(value, Decimal):
            shown = format(value, "g")  # 1940, not 1940.0
        label = CHIP_LABELS.get(name, "{}").format(shown)
        chips.append(ActiveFilter(label, _without(query, path, name)))
    return chips


def _without(query, path, name, value=None):
    """`path` with `query` less `name` (only its `value`, for a list), and no page."""
    rest = query.copy()
    rest.pop("page", None)
    if value is None:
        rest.pop(name, None)
    else:
        rest.setlist(name, [item for item in rest.getlist(name) if item != value])
    encoded = rest.urlencode()
    return f"{path}?{encoded}" if encoded else path
