"""Contributors write drafts; Editors publish. Neither manages users."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from films.models import Film

from . import factories as f

pytestmark = pytest.mark.django_db

INLINE_PREFIXES = [
    "credits", "company_roles", "release_dates", "watch_options", "reported_scores",
    "similar_entries", "facts", "critic_reviews", "audience_reviews",
]  # fmt: skip


@pytest.fixture
def contributor_client(client, django_user_model):
    user = django_user_model.objects.create_user("contributor", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Contributors"))
    client.force_login(user)
    return client


def film_form(**fields):
    data = {
        "title": "A Contributed Film",
        "year": "2003",
        "slug": "a-contributed-film-2003",
        "status": "published",
        "published_at_0": "2020-01-01",
        "published_at_1": "10:00",
        "poster_focus_x": "50",
        "poster_focus_y": "50",
    }
    for prefix in INLINE_PREFIXES:
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data | fields


def test_a_contributors_new_film_is_a_draft_whatever_the_form_says(contributor_client):
    response = contributor_client.post(reverse("admin:films_film_add"), film_form())
    assert response.status_code == 302
    film = Film.objects.get(slug="a-contributed-film-2003")
    assert (film.status, film.published_at) == ("draft", None)


def test_a_contributor_edits_drafts(contributor_client):
    film = f.FilmFactory(draft=True)
    page = contributor_client.get(reverse("admin:films_film_change", args=[film.pk]))
    assert b'name="_save"' in page.content
    assert b'name="status"' not in page.content  # read-only for contributors


def test_a_contributor_cannot_change_a_published_film(contributor_client):
    film = f.FilmFactory(title="Live Film")
    url = reverse("admin:films_film_change", args=[film.pk])
    page = contributor_client.get(url)
    assert page.status_code == 200 and b'name="_save"' not in page.content
    response = contributor_client.post(url, film_form(title="Vandalised", slug=film.slug))
    # Saved as a draft change for an editor to review (tests/test_revisions.py).
    assert response.status_code == 302 and "/revisions/" in response.url
    film.refresh_from_db()
    assert film.title == "Live Film"


def test_a_contributor_cannot_publish(contributor_client):
    film = f.FilmFactory(draft=True)
    changelist = reverse("admin:films_film_changelist")
    assert b'value="publish"' not in contributor_client.get(changelist).content
    contributor_client.post(changelist, {"action": "publish", "_selected_action": [film.pk]})
    film.refresh_from_db()
    assert film.status == "draft"


def test_a_contributor_cannot_delete(contributor_client):
    film = f.FilmFactory(draft=True)
    response = contributor_client.post(
        reverse("admin:films_film_delete", args=[film.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Film.objects.filter(pk=film.pk).exists()


def test_a_contributor_cannot_hide_reviews(contributor_client):
    review = f.CriticReviewFactory()
    url = reverse("admin:reviews_criticreview_changelist")
    contributor_client.post(url, {"action": "unpublish", "_selected_action": [review.pk]})
    review.refresh_from_db()
    assert review.status == "published"


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:auth_user_changelist",
        "admin:auth_group_changelist",
        "admin:films_sourcedocument_import",
    ],
)
def test_a_contributor_cannot_manage_users_or_import(contributor_client, url_name):
    assert contributor_client.get(reverse(url_name)).status_code == 403


def test_an_editor_publishes(editor_client):
    film = f.FilmFactory(draft=True)
    changelist = reverse("admin:films_film_changelist")
    editor_client.post(changelist, {"action": "publish", "_selected_action": [film.pk]})
    film.refresh_from_db()
    assert film.is_published


def test_an_editor_sets_the_state_in_the_form(editor_client):
    response = editor_client.post(reverse("admin:films_film_add"), film_form())
    assert response.status_code == 302
    assert Film.objects.get(slug="a-contributed-film-2003").is_published


def test_roles_follow_new_content_models():
    contributors = Group.objects.get(name="Contributors").permissions.values_list(
        "codename", flat=True
    )
    assert {"add_film", "change_film", "view_film", "change_criticreview"} <= set(contributors)
    assert not {"delete_film", "publish_film", "add_sourcedocument"} & set(contributors)
    editors = Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    assert {"publish_film", "publish_person", "publish_criticreview", "delete_film"} <= set(editors)
    assert not any(code.endswith("_user") or code.endswith("_group") for code in editors)
