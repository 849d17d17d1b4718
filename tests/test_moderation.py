"""Moderators hide and show reviews; hidden reviews leave every page and
the scores, and stay hidden when their page is imported again."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from films.models import Film
from reviews.models import AudienceReview, CriticReview

from . import factories as f

pytestmark = pytest.mark.django_db


def hide(client, model, review):
    url = reverse(f"admin:reviews_{model._meta.model_name}_changelist")
    return client.post(url, {"action": "unpublish", "_selected_action": [review.pk]})


def test_hiding_an_audience_review_removes_it_and_rescores(editor_client, client):
    film = f.FilmFactory()
    kept = f.AudienceReviewFactory(film=film, stars=5, text="Kept opinion.")
    spam = f.AudienceReviewFactory(film=film, stars=1, text="Spam opinion.")
    film.refresh_from_db()
    assert (film.audience_score, film.audience_count) == (50, 2)
    hide(editor_client, AudienceReview, spam)
    film.refresh_from_db()
    assert (film.audience_score, film.audience_count) == (100, 1)
    content = client.get(film.get_absolute_url()).content.decode()
    assert kept.text in content and spam.text not in content
    listing = client.get(reverse("reviews:film-audience-reviews", args=[film.slug]))
    assert spam.text not in listing.content.decode()


def test_hiding_a_critic_review_removes_it_from_every_page(editor_client, client):
    review = f.CriticReviewFactory(quote="A quote to hide.", sentiment="fresh")
    hide(editor_client, CriticReview, review)
    for url in (
        review.film.get_absolute_url(),
        reverse("reviews:film-critic-reviews", args=[review.film.slug]),
        review.critic.get_absolute_url(),
        review.publication.get_absolute_url(),
        reverse("home"),
    ):
        assert "A quote to hide." not in client.get(url).content.decode(), url


def test_a_hidden_review_stays_hidden_after_a_reimport(editor_client, rt_seed_path):
    call_command("import_sources", str(rt_seed_path), stdout=StringIO())
    review = AudienceReview.objects.get(author_name="Lars N")
    hide(editor_client, AudienceReview, review)
    call_command("import_sources", str(rt_seed_path), stdout=StringIO())
    review.refresh_from_db()
    assert review.status == "draft"
    assert AudienceReview.objects.filter(author_name="Lars N").count() == 1


def test_imported_reviews_are_published(client, rt_seed_path):
    call_command("import_sources", str(rt_seed_path), publish=True, stdout=StringIO())
    film = Film.objects.get()
    assert film.critic_reviews.published().count() == 6
    assert film.audience_reviews.published().count() == 6


def test_needs_review_queue_shows_the_source_text(editor_client):
    review = f.CriticReviewFactory(needs_review=True, raw_source="Raw Name Raw Outlet Quote.")
    url = reverse("admin:reviews_criticreview_changelist") + "?needs_review__exact=1"
    assert str(review.film) in editor_client.get(url).content.decode()
    change = reverse("admin:reviews_criticreview_change", args=[review.pk])
    assert "Raw Name Raw Outlet Quote." in editor_client.get(change).content.decode()
