"""The admin's errors are plain words: a duplicate name names and links the
object that has it (filmsite.content.forms); a refusal is an admin page that
says which permission is missing, and a read-only page says why."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils.html import strip_tags

from films.models import Company, Film, Genre, Person, Provider
from reviews.models import Critic, CriticReview, Publication

from . import factories as f
from .admin_forms import form_data

pytestmark = pytest.mark.django_db

NAMED = {
    Person: f.PersonFactory,
    Critic: f.CriticFactory,
    Publication: f.PublicationFactory,
    Genre: f.GenreFactory,
    Company: f.CompanyFactory,
    Provider: f.ProviderFactory,
}


def add_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def post_add(client, model, **fields):
    data = form_data(client.get(add_url(model))) | fields
    return client.post(add_url(model), data)


def field_errors(response, name):
    return [str(error) for error in response.context["adminform"].form.errors.get(name, [])]


@pytest.mark.parametrize("model", NAMED, ids=lambda model: model._meta.model_name)
def test_a_duplicate_name_says_who_has_it_and_links_there(editor_client, model):
    existing = NAMED[model](name="Moira Shearer", slug="moira-shearer")
    response = post_add(editor_client, model, name="moira shearer", slug="moira-shearer-2")
    assert response.status_code == 200
    noun = model._meta.verbose_name
    (error,) = field_errors(response, "name")
    assert strip_tags(error) == f"A {noun} named “Moira Shearer” already exists."
    assert f'<a href="{change_url(existing)}">Moira Shearer</a>' in error
    content = response.content.decode()
    assert f"A {noun} named “" in content
    assert "is violated" not in content
    assert model.objects.count() == 1


def test_a_taken_slug_names_its_holder_once(editor_client):
    existing = f.PersonFactory(name="Moira Shearer", slug="moira-shearer")
    response = post_add(editor_client, Person, name="M. Shearer", slug="moira-shearer")
    assert field_errors(response, "name") == []
    (error,) = field_errors(response, "slug")
    assert (
        strip_tags(error)
        == "The slug “moira-shearer” is already used by the person “Moira Shearer”."
    )
    assert change_url(existing) in error


def test_the_existing_name_is_escaped(editor_client):
    f.PersonFactory(name="<b>Moira</b>", slug="moira")
    response = post_add(editor_client, Person, name="<B>moira</B>", slug="moira-2")
    (error,) = field_errors(response, "name")
    assert "&lt;b&gt;Moira&lt;/b&gt;" in error and "<b>" not in error


def test_a_new_name_still_saves(editor_client):
    f.PersonFactory(name="Moira Shearer", slug="moira-shearer")
    response = post_add(editor_client, Person, name="Ludmilla Tchérina", slug="ludmilla-tcherina")
    assert response.status_code == 302
    assert Person.objects.filter(name="Ludmilla Tchérina").exists()


def test_saving_an_object_under_its_own_name_is_no_duplicate(editor_client):
    person = f.PersonFactory(name="Moira Shearer", slug="moira-shearer")
    page = editor_client.get(change_url(person))
    response = editor_client.post(change_url(person), form_data(page) | {"name": "MOIRA SHEARER"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.name == "MOIRA SHEARER"


# --- Refusals -----------------------------------------------------------------------


@pytest.fixture
def contributor_client(client, django_user_model):
    user = django_user_model.objects.create_user("contributor", is_staff=True)
    user.groups.add(Group.objects.get(name="Contributors"))
    client.force_login(user)
    return client


def refusal_text(response):
    assert response.status_code == 403
    assert [t.name for t in response.templates][:2] == ["admin/403.html", "admin/base_site.html"]
    content = response.content.decode()
    assert "Filmsite administration" in content  # the admin's own header
    return strip_tags(re.search(r'<p class="errornote">(.*?)</p>', content, re.S).group(1))


def test_a_contributor_posting_a_published_film_saves_a_draft_change(contributor_client):
    film = f.FilmFactory(title="Live Film")
    url = change_url(film)
    data = form_data(contributor_client.get(url)) | {"title": "Vandalised"}
    response = contributor_client.post(url, data, follow=True)
    assert "were saved as a draft change: the live page is unchanged" in (response.content.decode())
    film.refresh_from_db()
    assert film.title == "Live Film"


def test_a_contributor_opening_a_delete_page_is_told_the_missing_permission(
    contributor_client,
):
    film = f.FilmFactory()
    response = contributor_client.get(reverse("admin:films_film_delete", args=[film.pk]))
    assert refusal_text(response) == "You need the permission “Can delete film” to delete a film."
    response = contributor_client.post(
        reverse("admin:films_film_delete", args=[film.pk]), {"post": "yes"}
    )
    assert refusal_text(response) == "You need the permission “Can delete film” to delete a film."
    assert Film.objects.filter(pk=film.pk).exists()


def test_a_review_of_a_published_film_names_the_films_permission(contributor_client):
    review = f.CriticReviewFactory(status=CriticReview.Status.DRAFT, published_at=None)
    page = contributor_client.get(change_url(review))
    assert (
        "You need the permission “Can publish and unpublish films” "
        "to change a critic review of a published film. Your changes are saved as a draft change"
    ) in page.content.decode()


def test_the_import_page_names_the_missing_permission(contributor_client):
    response = contributor_client.get(reverse("admin:films_sourcedocument_import"))
    assert refusal_text(response) == (
        "You need the permission “Can add source document” to import documents."
    )


def test_a_refusal_from_django_itself_is_an_admin_page_too(contributor_client):
    response = contributor_client.get(reverse("admin:auth_user_changelist"))
    assert refusal_text(response) == "You do not have the permission this page needs."


def test_a_refusal_outside_the_admin_stays_the_public_one(rf):
    from django.core.exceptions import PermissionDenied

    from filmsite.views import permission_denied

    response = permission_denied(rf.get("/films/"), PermissionDenied("secret reason"))
    assert response.status_code == 403
    assert b"secret reason" not in response.content
    assert b"Filmsite administration" not in response.content


def test_a_read_only_page_says_why(client, django_user_model):
    reader = django_user_model.objects.create_user("reader", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_film"))
    client.force_login(reader)
    film = f.FilmFactory()
    content = client.get(change_url(film)).content.decode()
    assert (
        '<ul class="messagelist"><li class="warning">You can see this film but not change it. '
        "You need the permission “Can change film” to change a film.</li></ul>"
    ) in content


def test_a_live_film_tells_a_contributor_why_saves_become_draft_changes(contributor_client):
    film = f.FilmFactory()
    content = contributor_client.get(change_url(film)).content.decode()
    assert (
        '<ul class="messagelist"><li class="warning">'
        "You need the permission “Can publish and unpublish films” to change a published film. "
        "Your changes are saved as a draft change, which an editor reviews: the live page "
        "stays as it is until then.</li></ul>"
    ) in content


def test_a_page_the_user_may_change_has_no_read_only_note(contributor_client):
    film = f.FilmFactory(draft=True)
    content = contributor_client.get(change_url(film)).content.decode()
    assert "but not change it" not in content
    assert 'name="_save"' in content


@pytest.mark.parametrize("page", ["changelist", "history"])
def test_a_user_without_the_view_permission_is_told_so(client, django_user_model, page):
    client.force_login(django_user_model.objects.create_user("no-role", is_staff=True))
    film = f.FilmFactory()
    args = [film.pk] if page == "history" else []
    response = client.get(reverse(f"admin:films_film_{page}", args=args))
    assert refusal_text(response) == "You need the permission “Can view film” to see a film."
