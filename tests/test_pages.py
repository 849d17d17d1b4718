import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from films.filters import DEFAULT_MIN_REVIEWS
from films.home import LATEST_REVIEWS
from films.models import Film

from . import factories as f

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def test_home_lists_published_films_and_not_drafts(client):
    f.FilmFactory(title="A Published Premiere")
    f.FilmFactory(title="A Secret Draft", draft=True)
    content = client.get(reverse("home")).content.decode()
    assert "A Published Premiere" in content
    assert "A Secret Draft" not in content


def shelf(content, shelf_id):
    """The film titles of one home page shelf, in order."""
    section = content.split(f'aria-labelledby="{shelf_id}-heading"', 1)[1].split("</section>")[0]
    return re.findall(r'class="film-card-title">([^<]+?)(?: <span|</h3>)', section)


def test_home_shelves_order_published_films(client, editor):
    now = timezone.now()
    f.FilmFactory(title="Well Reviewed", tomatometer=90, tomatometer_count=DEFAULT_MIN_REVIEWS)
    f.FilmFactory(title="Best Reviewed", tomatometer=95, tomatometer_count=100)
    f.FilmFactory(title="Few Reviews", tomatometer=100, tomatometer_count=DEFAULT_MIN_REVIEWS - 1)
    f.FilmFactory(title="Draft Top", tomatometer=100, tomatometer_count=500, draft=True)
    Film.objects.filter(title="Few Reviews").update(created_at=now + datetime.timedelta(hours=1))
    Film.objects.filter(title="Best Reviewed").update(created_at=now - datetime.timedelta(days=9))
    content = client.get(reverse("home")).content.decode()
    assert shelf(content, "best-reviewed") == ["Best Reviewed", "Well Reviewed"]
    assert shelf(content, "recently-added") == ["Few Reviews", "Well Reviewed", "Best Reviewed"]
    client.force_login(editor)  # editors see the shelves visitors see
    assert shelf(client.get(reverse("home")).content.decode(), "best-reviewed") == [
        "Best Reviewed",
        "Well Reviewed",
    ]


def test_home_shows_the_latest_critic_reviews_of_visible_films(client):
    draft = f.FilmFactory(title="Draft Film", draft=True)
    film = f.FilmFactory(title="Public Film")
    day = datetime.date(2024, 1, 1)
    for n in range(LATEST_REVIEWS + 2):
        f.CriticReviewFactory(film=film, quote=f"Quote {n}", review_date=day + n * DAY)
    f.CriticReviewFactory(film=draft, quote="Of a draft", review_date=day + 99 * DAY)
    f.CriticReviewFactory(film=film, quote="Hidden", review_date=day + 99 * DAY, status="draft")
    section = client.get(reverse("home")).content.decode().split("latest-reviews-heading")[2]
    quotes = re.findall(r"<blockquote[^>]*><p>([^<]+)</p>", section)
    newest = LATEST_REVIEWS + 1
    assert quotes == [f"Quote {n}" for n in range(newest, newest - LATEST_REVIEWS, -1)]


def test_film_scheduled_for_the_future_stays_hidden(client):
    f.FilmFactory(
        title="A Scheduled Release",
        published_at=timezone.now() + datetime.timedelta(days=2),
    )
    assert "A Scheduled Release" not in client.get(reverse("home")).content.decode()


def test_draft_film_page_is_404_for_visitors_and_marked_for_editors(client, editor):
    film = f.FilmFactory(title="A Secret Draft", draft=True)
    assert client.get(film.get_absolute_url()).status_code == 404
    client.force_login(editor)
    content = client.get(film.get_absolute_url()).content.decode()
    assert "A Secret Draft" in content
    assert "Draft: not visible to visitors" in content


def test_not_found_page_uses_the_site_design(client):
    response = client.get("/films/no-such-film-1900/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Page not found" in content
    assert 'class="site-header"' in content


def test_server_error_page_uses_the_site_design(client):
    from django.template.loader import render_to_string

    content = render_to_string("500.html")
    assert "Something went wrong" in content
    assert 'class="site-header"' in content


def test_imported_text_is_escaped(client):
    film = f.FilmFactory(synopsis="<script>alert('x')</script>")
    f.AudienceReviewFactory(film=film, text="<b>bold</b> claim")
    content = client.get(film.get_absolute_url()).content.decode()
    assert "<script>alert" not in content
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in content
    assert "&lt;b&gt;bold&lt;/b&gt; claim" in content


def test_film_page_shows_credits_linking_to_people(client):
    credit = f.CreditFactory(role="cast", character="Vicky Page")
    content = client.get(credit.film.get_absolute_url()).content.decode()
    assert credit.person.get_absolute_url() in content
    assert "as Vicky Page" in content
    person_page = client.get(credit.person.get_absolute_url()).content.decode()
    assert credit.film.title in person_page
