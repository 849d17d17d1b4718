"""Every admin page an editor uses renders; what is not content stays out of reach."""

import pytest
from django.contrib import admin
from django.urls import reverse

from films.models import (
    Credit,
    Film,
    FilmCompany,
    FilmFact,
    ImportRun,
    Person,
    ReleaseDate,
    SimilarFilm,
    SourceDocument,
    WatchOption,
)
from reviews.models import AudienceReview, CriticReview, ReportedScore

from . import factories as f
from .admin_forms import form_data

pytestmark = pytest.mark.django_db

CONTENT_MODELS = [
    model
    for model in admin.site._registry
    # The import runs' log is not content: tests/test_import_runs.py.
    if model._meta.app_label in {"films", "reviews"} and model is not ImportRun
]


@pytest.fixture
def one_of_everything():
    """One row of every content model, so change pages have something to show."""
    film = f.FilmFactory(genres=[f.GenreFactory()])
    objects = [
        film,
        f.CreditFactory(film=film),
        f.FilmCompanyFactory(film=film),
        f.WatchOptionFactory(film=film),
        f.ReleaseDateFactory(film=film),
        f.SimilarFilmFactory(film=film),
        f.FilmFactFactory(film=film),
        f.CriticReviewFactory(film=film),
        f.AudienceReviewFactory(film=film),
        f.ReportedScoreFactory(film=film),
        f.SourceDocumentFactory(film=film),
    ]
    return {type(obj): obj for obj in objects} | {
        type(obj): obj
        for obj in (
            film.genres.get(),
            film.credits.get().person,
            film.company_roles.get().company,
            film.watch_options.get().provider,
            film.critic_reviews.get().critic,
            film.critic_reviews.get().publication,
        )
    }


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_content_model_is_registered():
    names = {model.__name__ for model in CONTENT_MODELS}
    assert names == {
        "Film",
        "Person",
        "Genre",
        "Company",
        "Provider",
        "SourceDocument",
        "Publication",
        "Critic",
        "CriticReview",
        "AudienceReview",
    }


FILM_ROWS = [Credit, FilmCompany, ReleaseDate, WatchOption, SimilarFilm, FilmFact, ReportedScore]


@pytest.mark.parametrize("model", FILM_ROWS, ids=lambda m: m.__name__)
def test_rows_of_a_film_are_edited_on_its_page_only(editor_client, one_of_everything, model):
    film = one_of_everything[Film]
    inlines = {inline.model for inline in admin.site.get_model_admin(Film).inlines}
    assert model in inlines and not admin.site.is_registered(model)
    page = editor_client.get(admin_url(Film, "change", film.pk)).content.decode()
    assert f'name="{model._meta.get_field("film").related_query_name()}-0-id"' in page


def test_a_persons_credits_are_listed_with_their_films(editor_client, one_of_everything):
    credit = one_of_everything[Credit]
    page = editor_client.get(admin_url(Person, "change", credit.person.pk)).content.decode()
    assert admin_url(Film, "change", credit.film.pk) in page
    assert 'name="credits-0-role"' not in page  # edited on the film's page


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda m: m.__name__)
def test_editor_sees_the_changelist(editor_client, one_of_everything, model):
    response = editor_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert str(one_of_everything[model]).split(" ")[0] in response.content.decode()


# Source documents are added by importing them, and never edited.
READ_ONLY_MODELS = [SourceDocument]
EDITABLE_MODELS = [model for model in CONTENT_MODELS if model not in READ_ONLY_MODELS]


@pytest.mark.parametrize("model", EDITABLE_MODELS, ids=lambda m: m.__name__)
def test_editor_sees_the_add_page(editor_client, model):
    response = editor_client.get(admin_url(model, "add"))
    assert response.status_code == 200
    assert b"<form" in response.content


@pytest.mark.parametrize("model", EDITABLE_MODELS, ids=lambda m: m.__name__)
def test_editor_sees_the_change_page(editor_client, one_of_everything, model):
    obj = one_of_everything[model]
    response = editor_client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200
    assert b'name="_save"' in response.content


def test_source_documents_are_read_only(editor_client, one_of_everything):
    document = one_of_everything[SourceDocument]
    response = editor_client.get(admin_url(SourceDocument, "change", document.pk))
    assert response.status_code == 200
    assert document.file_name in response.content.decode()
    assert b'name="_save"' not in response.content
    assert editor_client.get(admin_url(SourceDocument, "add")).status_code == 403


@pytest.mark.parametrize("path", ["auth_user_changelist", "auth_group_changelist", "auth_user_add"])
def test_editor_cannot_reach_users_or_groups(editor_client, path):
    assert editor_client.get(reverse(f"admin:{path}")).status_code == 403


def test_admin_index_lists_content_but_not_users(editor_client):
    content = editor_client.get(reverse("admin:index")).content.decode()
    assert "Films and people" in content
    assert "Reviews and scores" in content
    assert reverse("admin:auth_user_changelist") not in content


def test_editor_can_save_a_film_from_the_admin(editor_client):
    response = editor_client.post(
        admin_url(Film, "add"),
        {
            "title": "An Invented Premiere",
            "year": "2001",
            "slug": "an-invented-premiere-2001",
            "status": "published",
            "published_at_0": "",
            "published_at_1": "",
            "certification": "PG",
            "runtime_minutes": "91",
            "poster_focus_x": "50",
            "poster_focus_y": "50",
            **{
                f"{prefix}-{key}": value
                for prefix in (
                    "credits",
                    "company_roles",
                    "release_dates",
                    "watch_options",
                    "reported_scores",
                    "similar_entries",
                    "facts",
                )
                for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))
            },
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    film = Film.objects.get(slug="an-invented-premiere-2001")
    assert film.is_published  # publishing without a date publishes now


def test_a_film_with_thousands_of_reviews_is_saved_from_its_page(editor_client):
    """Reviews are not inlines: every one would be a dozen form fields, and a
    popular film's form would exceed DATA_UPLOAD_MAX_NUMBER_FIELDS (400)."""
    film = f.FilmFactory(synopsis="Before.")
    CriticReview.objects.bulk_create(
        f.CriticReviewFactory.build(film=film, critic=None, publication=f.PublicationFactory())
        for _ in range(3)
    )
    f.CriticReviewFactory(film=film, needs_review=True)
    AudienceReview.objects.bulk_create(
        f.AudienceReviewFactory.build(film=film, author_name=f"Viewer {n}") for n in range(1200)
    )
    page = editor_client.get(admin_url(Film, "change", film.pk))
    content = page.content.decode()
    assert f"?film__id__exact={film.pk}" in content
    assert "1,200 audience reviews" in content and "4 critic reviews" in content
    assert "1 need review" in content
    data = form_data(page) | {"synopsis": "After."}
    assert len(data) < 1000
    response = editor_client.post(admin_url(Film, "change", film.pk), data)
    assert response.status_code == 302
    film.refresh_from_db()
    assert film.synopsis == "After."
    assert film.audience_reviews.count() == 1200
    reviews = editor_client.get(
        reverse("admin:reviews_audiencereview_changelist") + f"?film__id__exact={film.pk}"
    )
    assert reviews.status_code == 200 and "1200 audience reviews" in reviews.content.decode()


def test_bulk_publish_and_unpublish(editor_client):
    drafts = [f.FilmFactory(draft=True), f.FilmFactory(draft=True)]
    changelist = admin_url(Film, "changelist")
    ids = [str(film.pk) for film in drafts]
    editor_client.post(changelist, {"action": "publish", "_selected_action": ids})
    assert Film.objects.published().filter(pk__in=ids).count() == 2
    editor_client.post(changelist, {"action": "unpublish", "_selected_action": ids})
    assert Film.objects.published().filter(pk__in=ids).count() == 0


def test_film_changelist_shows_poster_column_and_filters(editor_client):
    f.FilmFactory(title="A Listed Film")
    content = editor_client.get(admin_url(Film, "changelist")).content.decode()
    assert "A Listed Film" in content
    assert "Poster" in content
    assert "By status" in content
