from django.views.generic import DetailView

from films.cache import cache_public_page
from films.models import visible_q
from films.pagination import paginate

from .models import Critic, CriticReview, Publication

REVIEWS_PER_PAGE = 20


@cache_public_page
class ReviewerDetailView(DetailView):
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
