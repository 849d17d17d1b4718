"""Public pages of reviews: a film's critic and audience reviews, and a
critic's or a publication's reviews across films."""

from django.db.models import Count, Q
from django.views.generic import DetailView, ListView

from films.models import Film
from films.pagination import paginate
from films.views import FilmMixin
from filmsite.content.models import visible_q
from filmsite.content.page_cache import cache_public_page
from filmsite.content.redirects import RedirectsOldSlugs

from .models import Critic, CriticReview, Publication

REVIEWS_PER_PAGE = 20


@cache_public_page
class ReviewerDetailView(RedirectsOldSlugs, DetailView):
    """A critic's or a publication's reviews across films, newest first."""

    def get_context_data(self, **kwargs):
        reviews = (
            CriticReview.objects.published()
            .filter(
                **{self.context_object_name: self.object},
            )
            .filter(visible_q(self.request.user, "film"))
            .select_related("film", "critic", "publication")
            .order_by("-review_date", "-id")
        )
        page = paginate(self.request, reviews, REVIEWS_PER_PAGE)
        return super().get_context_data(page_obj=page, reviews=page.object_list, **kwargs)


class CriticDetailView(ReviewerDetailView):
    template_name = "reviews/critic_detail.html"
    context_object_name = "critic"
    queryset = Critic.objects.select_related("publication")


class PublicationDetailView(ReviewerDetailView):
    template_name = "reviews/publication_detail.html"
    context_object_name = "publication"
    queryset = Publication.objects.all()


@cache_public_page
class FilmReviewsView(FilmMixin, ListView):
    """A film's reviews, filtered and paginated; subclasses say which."""

    paginate_by = 20

    def get(self, request, *args, **kwargs):
        self.film = self.get_film(Film.objects.only(*FILM_HEADER_FIELDS))
        return super().get(request, *args, **kwargs)

    def paginate_queryset(self, queryset, page_size):
        page = paginate(self.request, queryset, page_size)
        return page.paginator, page, page.object_list, page.has_other_pages()


FILM_HEADER_FIELDS = [
    "pk", "title", "slug", "year", "status", "published_at", "unpublish_at",
    "first_published_at", "poster",
    "tomatometer", "tomatometer_count", "audience_score", "audience_count",
]  # fmt: skip


class FilmCriticReviewsView(FilmReviewsView):
    template_name = "reviews/film_critic_reviews.html"
    context_object_name = "reviews"
    ORDERINGS = {"newest": ("-review_date", "-id"), "oldest": ("review_date", "id")}

    def get_queryset(self):
        reviews = self.film.critic_reviews.published().select_related("critic", "publication")
        self.sentiment = self.request.GET.get("sentiment", "")
        if self.sentiment in CriticReview.Sentiment.values:
            reviews = reviews.filter(sentiment=self.sentiment)
        else:
            self.sentiment = ""
        self.ordering_key = self.request.GET.get("ordering", "newest")
        if self.ordering_key not in self.ORDERINGS:
            self.ordering_key = "newest"
        return reviews.order_by(*self.ORDERINGS[self.ordering_key])

    def get_context_data(self, **kwargs):
        counts = self.film.critic_reviews.published().aggregate(
            total=Count("pk"),
            fresh=Count("pk", filter=Q(sentiment=CriticReview.Sentiment.FRESH)),
            rotten=Count("pk", filter=Q(sentiment=CriticReview.Sentiment.ROTTEN)),
        )
        return super().get_context_data(
            film=self.film,
            counts=counts,
            sentiment=self.sentiment,
            ordering=self.ordering_key,
            **kwargs,
        )


class FilmAudienceReviewsView(FilmReviewsView):
    template_name = "reviews/film_audience_reviews.html"
    context_object_name = "reviews"
    STARS = ["5.0", "4.5", "4.0", "3.5", "3.0", "2.5", "2.0", "1.5", "1.0", "0.5"]

    def get_queryset(self):
        reviews = self.film.audience_reviews.published()
        self.stars = self.request.GET.get("stars", "")
        if self.stars in self.STARS:
            reviews = reviews.filter(stars=self.stars)
        else:
            self.stars = ""
        self.sites = list(
            self.film.audience_reviews.published()
            .order_by("source_site")
            .values_list("source_site", flat=True)
            .distinct()
        )
        self.site = self.request.GET.get("site", "")
        if self.site in self.sites:
            reviews = reviews.filter(source_site=self.site)
        else:
            self.site = ""
        return reviews.order_by("-review_date", "-id")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            film=self.film,
            star_choices=self.STARS,
            stars=self.stars,
            sites=self.sites,
            site=self.site,
            **kwargs,
        )
