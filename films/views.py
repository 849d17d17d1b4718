from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from reviews.models import AudienceReview, CriticReview

from .models import Credit, Film, Person


class HomeView(ListView):
    template_name = "films/home.html"
    context_object_name = "films"

    def get_queryset(self):
        return Film.objects.published().for_list().order_by("-published_at", "title")[:24]


class FilmListView(ListView):
    template_name = "films/film_list.html"
    context_object_name = "films"
    paginate_by = 24

    def get_queryset(self):
        return Film.objects.visible_to(self.request.user).for_list().order_by("title", "year")


class FilmDetailView(DetailView):
    template_name = "films/film_detail.html"
    context_object_name = "film"

    def get_queryset(self):
        return Film.objects.visible_to(self.request.user).prefetch_related(
            "genres",
            Prefetch(
                "credits",
                queryset=Credit.objects.select_related("person").order_by(
                    "role", "billing_order", "person__name"
                ),
            ),
            Prefetch(
                "critic_reviews",
                queryset=CriticReview.objects.select_related("critic", "publication"),
            ),
            Prefetch("audience_reviews", queryset=AudienceReview.objects.all()),
        )


class PersonDetailView(DetailView):
    template_name = "films/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return Person.objects.visible_to(self.request.user).prefetch_related(
            Prefetch(
                "credits",
                queryset=Credit.objects.filter(
                    film__in=Film.objects.visible_to(self.request.user)
                ).select_related("film"),
            )
        )
