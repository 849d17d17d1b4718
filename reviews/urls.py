from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path(
        "films/<slug:slug>/reviews/",
        views.FilmCriticReviewsView.as_view(),
        name="film-critic-reviews",
    ),
    path(
        "films/<slug:slug>/reviews/audience/",
        views.FilmAudienceReviewsView.as_view(),
        name="film-audience-reviews",
    ),
    path("critics/<slug:slug>/", views.CriticDetailView.as_view(), name="critic-detail"),
    path(
        "publications/<slug:slug>/",
        views.PublicationDetailView.as_view(),
        name="publication-detail",
    ),
]
