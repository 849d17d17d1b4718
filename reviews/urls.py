from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("critics/<slug:slug>/", views.CriticDetailView.as_view(), name="critic-detail"),
    path(
        "publications/<slug:slug>/",
        views.PublicationDetailView.as_view(),
        name="publication-detail",
    ),
]
