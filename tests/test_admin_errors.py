"""The admin's errors are plain words: a duplicate name names and links the
object that has it (filmsite.content.forms)."""

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from films.models import Company, Genre, Person, Provider
from reviews.models import Critic, Publication

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
