from django.urls import path

from . import views

app_name = "films"

urlpatterns = [
    path("search/", views.SearchView.as_view(), name="search"),
    path("films/", views.FilmListView.as_view(), name="film-list"),
    path("films/<slug:slug>/", views.FilmDetailView.as_view(), name="film-detail"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person-detail"),
]
