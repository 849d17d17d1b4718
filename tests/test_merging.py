"""Merging duplicates moves every credit and review to the one kept."""

import pytest
from django.urls import reverse

from films.models import Film, Person
from filmsite.content.models import ChangeRecord
from reviews.models import Critic, CriticReview, Publication

from . import factories as f

pytestmark = pytest.mark.django_db


def merge_in_admin(client, model, keep, *others):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    ids = [keep.pk, *(o.pk for o in others)]
    confirm = client.post(url, {"action": "merge_selected", "_selected_action": ids})
    assert b"Choose the" in confirm.content
    return client.post(
        url,
        {"action": "merge_selected", "_selected_action": ids, "confirm": "yes", "target": keep.pk},
    )


def test_merging_people_moves_credits_and_keeps_one_per_role(editor_client):
    keep = f.PersonFactory(name="Emeric Pressburger")
    typo = f.PersonFactory(name="Emeric Presburger")
    film, other_film = f.FilmFactory(), f.FilmFactory()
    f.CreditFactory(film=film, person=keep, role="director")
    f.CreditFactory(film=film, person=typo, role="director")  # the same credit twice
    f.CreditFactory(film=film, person=typo, role="producer")
    f.CreditFactory(film=other_film, person=typo, role="screenwriter")
    merge_in_admin(editor_client, Person, keep, typo)
    assert not Person.objects.filter(pk=typo.pk).exists()
    assert sorted(keep.credits.values_list("film__pk", "role")) == sorted(
        [(film.pk, "director"), (film.pk, "producer"), (other_film.pk, "screenwriter")]
    )
    record = ChangeRecord.objects.get(action="merged")
    assert record.object_id == keep.pk and "Emeric Presburger" in record.message


def test_merging_critics_and_publications_moves_reviews(editor_client):
    publication = f.PublicationFactory(name="Shadows on the Wall")
    variant = f.PublicationFactory(name="Shadows On The Wall (blog)")
    keep = f.CriticFactory(name="Rich Cline", publication=publication)
    typo = f.CriticFactory(name="Rich Klein", publication=variant)
    film = f.FilmFactory()
    f.CriticReviewFactory(film=film, critic=typo, publication=variant, sentiment="fresh")
    merge_in_admin(editor_client, Critic, keep, typo)
    merge_in_admin(editor_client, Publication, publication, variant)
    review = CriticReview.objects.get()
    assert (review.critic, review.publication) == (keep, publication)
    film.refresh_from_db()
    assert film.tomatometer == 100


def test_merging_films_moves_everything_and_redirects(editor_client, client):
    keep = f.FilmFactory(title="The Red Shoes", slug="the-red-shoes-1948", year=1948)
    twin = f.FilmFactory(title="Red Shoes, The", slug="red-shoes-the-1948", year=1948)
    f.AudienceReviewFactory(film=twin, author_name="Only On Twin")
    f.CriticReviewFactory(film=twin)
    f.CreditFactory(film=twin, role="cast", character="Vicky Page")
    f.SimilarFilmFactory(film=f.FilmFactory(), title="Red Shoes, The", similar_film=twin)
    merge_in_admin(editor_client, Film, keep, twin)
    assert keep.audience_reviews.filter(author_name="Only On Twin").exists()
    assert keep.critic_reviews.count() == 1 and keep.credits.count() == 1
    response = client.get("/films/red-shoes-the-1948/")
    assert response.status_code == 301 and response.headers["Location"] == keep.get_absolute_url()


def test_contributors_cannot_merge(client, django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("c", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Contributors"))
    client.force_login(user)
    a, b = (
        f.PersonFactory(status="draft", published_at=None),
        f.PersonFactory(status="draft", published_at=None),
    )
    url = reverse("admin:films_person_changelist")
    client.post(
        url,
        {
            "action": "merge_selected",
            "_selected_action": [a.pk, b.pk],
            "confirm": "yes",
            "target": a.pk,
        },
    )
    assert Person.objects.filter(pk=b.pk).exists()
