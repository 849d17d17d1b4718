from django.urls import path

from . import views

app_name = "films"

urlpatterns = [
    path("search/", views.SearchView.as_view(), name="search"),
    path("films/", views.FilmListView.as_view(), name="film-list"),
    path("films/<slug:slug>/", views.FilmDetailView.as_view(), name="film-detail"),
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
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person-detail"),
]
