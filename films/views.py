"""Public pages. Views stay thin: querysets come from the models' QuerySet
methods, filtering from films.filters, score rules from reviews.scores, and
every page costs a fixed number of queries (tests/test_query_counts.py)."""

from collections import OrderedDict
from itertools import groupby

from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, TemplateView

from filmsite.content import revisions
from filmsite.content.models import visible_q
from filmsite.content.page_cache import cache_public_page
from filmsite.content.redirects import RedirectsOldSlugs
from reviews.models import Critic, Publication

from . import catalogue, search, structured_data
from .cards import film_cards
from .film_page import film_by_slug, film_page
from .filters import (
    DEFAULT_PAGE_SIZE,
    MAX_QUERY_LENGTH,
    ORDERINGS,
    PAGE_SIZES,
    FilmFilter,
    active_filters,
    facet_options,
)
from .home import home_page
from .models import Credit, CreditRole, Film, OfferType, Person
from .pagination import paginate


@require_GET
def healthz(request):
    """A trivial view: what the benchmarks compare real pages with, and the
    liveness check (README): it answers while the process runs, without the
    database or the cache."""
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        # Filtered lists are endless combinations of one list.
        "Disallow: /films/?*",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@cache_public_page
class HomeView(TemplateView):
    template_name = "films/home.html"

    def get_context_data(self, **kwargs):
        # What visitors see, also for editors: the shelves show published films.
        shelves, latest_reviews = home_page(catalogue.index_for())
        return super().get_context_data(
            shelves=shelves,
            latest_reviews=latest_reviews,
            has_films=any(films for _, _, films, _ in shelves),
            **kwargs,
        )


@cache_public_page
class FilmListView(TemplateView):
    template_name = "films/film_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        index = catalogue.index_for(user)
        filterset = FilmFilter(
            self.request.GET or None,
            queryset=Film.objects.visible_to(user),
            languages=index.languages(user),
            genres=index.genre_choices,
            providers=index.provider_choices,
            request=self.request,
        )
        filterset.is_valid()  # invalid filters are reported and ignored
        listing, facets = catalogue.film_list(filterset, index, user)
        choices = {"genre": index.genre_choices, "provider": index.provider_choices}
        per_page = page_size(self.request.GET.get("page_size"))
        page = paginate(self.request, listing, per_page)
        filtered = any(
            key not in ("page", "page_size") and value for key, value in self.request.GET.items()
        )
        return super().get_context_data(
            filter=filterset,
            facets=facets,
            facet_options={
                name: facet_options(filterset.form[name], counts, choices.get(name))
                for name, counts in facets.items()
            },
            page_obj=page,
            films=page.object_list,
            page_sizes=PAGE_SIZES,
            page_size=per_page,
            filtered=filtered,
            active_filters=active_filters(filterset, self.request.GET, reverse("films:film-list")),
            **kwargs,
        )


@cache_public_page
class SearchView(TemplateView):
    """The header search's results: films, people, critics and publications,
    each group ranked by films.search and capped; the whole list of films is
    the film list searched for the same words."""

    template_name = "films/search.html"
    FILMS_SHOWN = 12
    OTHERS_SHOWN = 20

    def get_context_data(self, **kwargs):
        q = " ".join(self.request.GET.get("q", "")[:MAX_QUERY_LENGTH].split())
        user = self.request.user
        film_pks, film_count = search.film_results(q, user, self.FILMS_SHOWN)
        groups = [
            ("people", "People", Person, search.people(q, user, self.OTHERS_SHOWN + 1)),
            ("critics", "Critics", Critic, search.critics(q, self.OTHERS_SHOWN + 1)),
            (
                "publications",
                "Publications",
                Publication,
                search.publications(q, self.OTHERS_SHOWN + 1),
            ),
        ]
        return super().get_context_data(
            q=q,
            films=film_cards(film_pks),
            film_count=film_count,
            films_capped=film_count >= search.FILM_LIMIT,
            orderings=ORDERINGS,
            film_list_url=f"{reverse('films:film-list')}?{urlencode({'q': q})}",
            groups=[
                (
                    key,
                    heading,
                    in_order(model, pks[: self.OTHERS_SHOWN]),
                    len(pks) > self.OTHERS_SHOWN,
                )
                for key, heading, model, pks in groups
            ],
            **kwargs,
        )


def in_order(model, pks):
    """The objects `pks` (name and address only), in that order."""
    found = model.objects.only("pk", "name", "slug").in_bulk(pks)
    return [found[pk] for pk in pks if pk in found]


def page_size(value):
    try:
        size = int(value)
    except (TypeError, ValueError):
        return DEFAULT_PAGE_SIZE
    return size if size in PAGE_SIZES else DEFAULT_PAGE_SIZE


class FilmMixin(RedirectsOldSlugs):
    """Finds the film in the URL (drafts only for editors) and answers an old
    slug with a permanent redirect to the current one, on every page of the
    film (its reviews too)."""

    def get_film(self, queryset=None):
        queryset = queryset if queryset is not None else Film.objects.all()
        queryset = queryset.visible_to(self.request.user)
        slug = self.kwargs["slug"]
        try:
            return queryset.get(slug=slug)
        except Film.DoesNotExist:
            self.redirect_old_slug(queryset, slug)
            raise Http404("No film at this address.") from None


@cache_public_page
class FilmDetailView(FilmMixin, DetailView):
    template_name = "films/film_detail.html"
    context_object_name = "film"

    def get_object(self, queryset=None):
        film = film_by_slug(self.kwargs["slug"])
        if film is None or not film.is_visible_to(self.request.user):
            film = self.get_film()  # a 404, or the redirect from an old slug
        return revisions.mark_pending(film, self.request.user)

    def get_context_data(self, **kwargs):
        page = film_page(self.object)
        credits = sorted(page.credits, key=lambda c: (c.billing_order, c.person.name))
        return super().get_context_data(
            page=page,
            cast=[c for c in credits if c.role == CreditRole.CAST],
            crew=group_crew(credits),
            companies=group_companies(page.company_roles),
            watch_options=group_watch_options(page.watch_options),
            watch_confirmed=max((o.last_confirmed for o in page.watch_options), default=None),
            structured_data=structured_data.movie(page, self.request),
            **kwargs,
        )


def group_crew(credits):
    """Crew credits by role, in the order the roles are declared."""
    groups = OrderedDict((role, []) for role in CreditRole if role != CreditRole.CAST)
    for credit in credits:
        if credit.role != CreditRole.CAST:
            groups[credit.role].append(credit)
    return [(role.label, people) for role, people in groups.items() if people]


def group_companies(roles):
    """Company roles grouped by kind (consecutive: `roles` come ordered by kind)."""
    return [
        (kind, list(group)) for kind, group in groupby(roles, key=lambda r: r.get_kind_display())
    ]


def group_watch_options(options):
    groups = OrderedDict((offer, []) for offer in OfferType)
    for option in options:
        groups[option.offer_type].append(option)
    return [(offer, items) for offer, items in groups.items() if items]


@cache_public_page
class PersonDetailView(RedirectsOldSlugs, DetailView):
    template_name = "films/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        credits = (
            Credit.objects.filter(visible_q(self.request.user, "film"))
            .select_related("film")
            .order_by("-film__year", "film__title", "billing_order")
        )
        return Person.objects.visible_to(self.request.user).prefetch_related(
            Prefetch("credits", queryset=credits)
        )

    def get_object(self, queryset=None):
        return revisions.mark_pending(super().get_object(queryset), self.request.user)

    def get_context_data(self, **kwargs):
        credits = list(self.object.credits.all())
        groups = OrderedDict((role, []) for role in CreditRole)
        for credit in credits:
            groups[credit.role].append(credit)
        films = list({credit.film_id: credit.film for credit in credits}.values())
        return super().get_context_data(
            filmography=[(role.label, items) for role, items in groups.items() if items],
            films=films,
            structured_data=structured_data.person(self.object, self.request, films),
            **kwargs,
        )
