from django.db.models import Prefetch
from django.views.generic import DetailView

from films.models import Film

from .models import Critic, CriticReview, Publication


def visible_reviews(user):
    return CriticReview.objects.filter(film__in=Film.objects.visible_to(user)).select_related(
        "film", "critic", "publication"
    )


class CriticDetailView(DetailView):
    template_name = "reviews/critic_detail.html"
    context_object_name = "critic"

    def get_queryset(self):
        return Critic.objects.select_related("publication").prefetch_related(
            Prefetch("reviews", queryset=visible_reviews(self.request.user))
        )


class PublicationDetailView(DetailView):
    template_name = "reviews/publication_detail.html"
    context_object_name = "publication"

    def get_queryset(self):
        return Publication.objects.prefetch_related(
            Prefetch("reviews", queryset=visible_reviews(self.request.user))
        )
