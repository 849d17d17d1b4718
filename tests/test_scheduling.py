"""Truthful status and scheduling (#15 item 3): one state of four (Draft,
Scheduled, Published, Unpublished) computed in one place and shown in the
admin and on the staff view of the pages; "Publish now" publishes now; an
expiry hides an item from then on, with no cron job."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from films import catalogue
from films.models import Film, Person
from filmsite.content.models import ChangeRecord, ContentVersion, Publishable
from reviews.models import AudienceReview, CriticReview

from . import factories as f

pytestmark = pytest.mark.django_db

State = Publishable.State
GO_LIVE = datetime.datetime(2099, 1, 15, 9, 0, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def utc(settings):
    settings.TIME_ZONE = "UTC"  # the times shown below are in the site's zone


def ago(days=1):
    return timezone.now() - days * DAY


def later(days=1):
    return timezone.now() + days * DAY


def taken_down(**fields):
    """A film that was live and was moved back to draft."""
    film = f.FilmFactory(**fields)
    film.status = Film.Status.DRAFT
    film.save()
    return film


def withdrawn(**fields):
    """A film scheduled, then moved back to draft before it went live."""
    film = f.FilmFactory(published_at=later(), **fields)
    film.status = Film.Status.DRAFT
    film.save()
    return film


FILMS = {
    State.DRAFT: lambda **kw: f.FilmFactory(draft=True, **kw),
    State.SCHEDULED: lambda **kw: f.FilmFactory(published_at=GO_LIVE, **kw),
    State.PUBLISHED: lambda **kw: f.FilmFactory(**kw),
    State.UNPUBLISHED: lambda **kw: f.FilmFactory(published_at=ago(3), unpublish_at=ago(), **kw),
}


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


# --- One state, computed in one place ---------------------------------------------------


@pytest.mark.parametrize(
    ("make", "state"),
    [
        (FILMS[State.DRAFT], State.DRAFT),
        (withdrawn, State.DRAFT),
        (FILMS[State.SCHEDULED], State.SCHEDULED),
        (FILMS[State.PUBLISHED], State.PUBLISHED),
        (lambda: f.FilmFactory(unpublish_at=later()), State.PUBLISHED),
        (FILMS[State.UNPUBLISHED], State.UNPUBLISHED),
        (taken_down, State.UNPUBLISHED),
    ],
)
def test_each_film_has_one_state_and_the_filter_agrees(make, state):
    film = make()
    assert film.publication_state == state
    assert list(Film.objects.in_state(state)) == [film]
    others = [s for s in State if s != state]
    assert not any(Film.objects.in_state(s).exists() for s in others)
    assert film.is_published == (state == State.PUBLISHED)
    assert Film.objects.published().exists() == (state == State.PUBLISHED)


def test_a_scheduled_item_that_went_live_and_was_taken_down_is_unpublished():
    film = f.FilmFactory(published_at=later())
    assert film.first_published_at == film.published_at  # follows it while to come
    Film.objects.filter(pk=film.pk).update(published_at=ago(), first_published_at=ago())
    film.refresh_from_db()  # as if its time had come
    film.status = Film.Status.DRAFT
    film.save()
    assert film.publication_state == State.UNPUBLISHED


def test_the_expiry_must_follow_the_publication_date(editor_client):
    film = f.FilmFactory()
    from .test_roles import film_form

    response = editor_client.post(
        reverse("admin:films_film_change", args=[film.pk]),
        film_form(slug=film.slug, unpublish_at_0="2019-12-31", unpublish_at_1="10:00"),
    )
    assert response.status_code == 200
    assert "The expiry must be after the publication date." in response.content.decode()
    film.refresh_from_db()
    assert film.unpublish_at is None


# --- Shown in the admin ----------------------------------------------------------------


def test_the_film_changelist_shows_each_state_with_its_time(editor_client):
    for state, make in FILMS.items():
        make(title=f"The {state.label} Film")
    f.FilmFactory(title="The Expiring Film", unpublish_at=GO_LIVE)
    content = page(editor_client, changelist(Film))
    assert '<th scope="col" class="column-publication_status">' in content
    assert "Scheduled · Jan 15, 2099 09:00" in content
    assert "Published · until Jan 15, 2099 09:00" in content
    assert "Unpublished · expired" in content
    assert '<td class="field-publication_status">Draft</td>' in content


@pytest.mark.parametrize(
    ("model", "make"),
    [
        (Person, lambda: f.PersonFactory(published_at=GO_LIVE)),
        (CriticReview, lambda: f.CriticReviewFactory(published_at=GO_LIVE)),
        (AudienceReview, lambda: f.AudienceReviewFactory(published_at=GO_LIVE)),
    ],
)
def test_every_publishable_changelist_shows_the_state(editor_client, model, make):
    make()
    content = page(editor_client, changelist(model))
    assert '<td class="field-publication_status">Scheduled · Jan 15, 2099 09:00</td>' in content
    assert "?state=scheduled" in content  # the filter


@pytest.mark.parametrize("state", list(State))
def test_the_changelist_filters_by_state(editor_client, state):
    for each, make in FILMS.items():
        make(title=f"Filtered {each.label}")
    content = page(editor_client, changelist(Film) + f"?state={state.value}")
    shown = [each for each in State if f"Filtered {each.label}" in content]
    assert shown == [state]


def test_the_change_form_shows_the_state_beside_the_publication_fields(editor_client):
    film = f.FilmFactory(published_at=GO_LIVE)
    content = page(editor_client, reverse("admin:films_film_change", args=[film.pk]))
    assert "Scheduled · Jan 15, 2099 09:00" in content
    assert 'name="unpublish_at_0"' in content
    assert content.index("field-publication_status") < content.index('name="published_at_0"')


# --- Shown on the staff view of the pages -------------------------------------------


@pytest.mark.parametrize(
    ("state", "label"),
    [
        (State.DRAFT, "Draft"),
        (State.SCHEDULED, "Scheduled · Jan 15, 2099 09:00"),
        (State.UNPUBLISHED, "Unpublished · expired"),
    ],
)
def test_editors_see_the_state_on_the_film_page_and_list(client, editor, state, label):
    film = FILMS[state](title="A Staff Film")
    client.force_login(editor)
    assert f"{label}" in page(client, film.get_absolute_url())
    assert "not visible to visitors" in page(client, film.get_absolute_url())
    assert f'<span class="badge badge-draft">{label}' in page(client, reverse("films:film-list"))


def test_editors_see_a_scheduled_person_and_their_films_state(client, editor):
    person = f.PersonFactory(published_at=GO_LIVE)
    f.CreditFactory(person=person, film=f.FilmFactory(published_at=GO_LIVE))
    client.force_login(editor)
    content = page(client, person.get_absolute_url())
    assert "Scheduled · Jan 15, 2099 09:00: not visible to visitors" in content
    assert '<span class="badge badge-draft">Scheduled · Jan 15, 2099 09:00</span>' in content


# --- Publish now, unpublish ------------------------------------------------------------


def act(client, action, items):
    model = type(items[0])
    return client.post(
        changelist(model),
        {"action": action, "_selected_action": [item.pk for item in items]},
        follow=True,
    )


def test_publish_now_shows_a_scheduled_film_to_visitors_at_once(client, editor):
    film = f.FilmFactory(title="Soon Showing", published_at=GO_LIVE)
    assert client.get(film.get_absolute_url()).status_code == 404
    assert "Soon Showing" not in page(client, reverse("films:film-list"))  # index built
    client.force_login(editor)
    response = act(client, "publish", [film])
    assert "Published 1 item(s) now." in response.content.decode()
    client.logout()
    assert client.get(film.get_absolute_url()).status_code == 200
    assert "Soon Showing" in page(client, reverse("films:film-list"))
    film.refresh_from_db()
    assert film.publication_state == State.PUBLISHED and film.published_at <= timezone.now()


def test_publish_now_clears_an_expiry_already_past_and_keeps_one_to_come(editor_client):
    expired = FILMS[State.UNPUBLISHED]()
    expiring = f.FilmFactory(draft=True, unpublish_at=GO_LIVE)
    act(editor_client, "publish", [expired, expiring])
    expired.refresh_from_db()
    expiring.refresh_from_db()
    assert (expired.unpublish_at, expired.is_published) == (None, True)
    assert (expiring.unpublish_at, expiring.is_published) == (GO_LIVE, True)


def test_publish_now_leaves_live_films_alone_and_says_so(editor_client):
    live = f.FilmFactory(published_at=ago(30))
    draft = f.FilmFactory(draft=True)
    before = live.published_at
    response = act(editor_client, "publish", [live, draft])
    assert "Published 1 item(s) now. 1 already published, left unchanged." in (
        response.content.decode()
    )
    live.refresh_from_db()
    assert live.published_at == before
    assert not ChangeRecord.objects.filter(object_id=live.pk, message__startswith="Published")


def test_unpublish_takes_live_and_scheduled_films_down_now(editor_client):
    live, scheduled, draft = f.FilmFactory(), FILMS[State.SCHEDULED](), f.FilmFactory(draft=True)
    response = act(editor_client, "unpublish", [live, scheduled, draft])
    assert "Moved 2 item(s) back to draft. 1 already draft, left unchanged." in (
        response.content.decode()
    )
    states = {film.pk: film.publication_state for film in Film.objects.all()}
    assert states == {live.pk: State.UNPUBLISHED, scheduled.pk: State.DRAFT, draft.pk: State.DRAFT}


def test_bulk_actions_write_one_history_entry_per_item(editor_client, editor):
    films = [f.FilmFactory(draft=True), f.FilmFactory(published_at=GO_LIVE)]
    ChangeRecord.objects.all().delete()
    act(editor_client, "publish", films)
    records = {r.object_id: r for r in ChangeRecord.objects.all()}
    assert set(records) == {film.pk for film in films}
    draft, scheduled = (records[film.pk] for film in films)
    assert draft.user == editor and draft.action == ChangeRecord.Action.CHANGED
    assert draft.changes["status"] == ["draft", "published"]
    assert draft.changes["published_at"][0] is None
    assert set(scheduled.changes) == {"published_at"}  # its status was published already
    assert scheduled.changes["published_at"][0] == GO_LIVE.isoformat()

    ChangeRecord.objects.all().delete()
    act(editor_client, "unpublish", films)
    assert sorted(ChangeRecord.objects.values_list("object_id", flat=True)) == sorted(
        film.pk for film in films
    )
    assert all(r.changes == {"status": ["published", "draft"]} for r in ChangeRecord.objects.all())


def test_bulk_actions_on_reviews_write_history(editor_client):
    review = f.CriticReviewFactory(published_at=GO_LIVE)
    ChangeRecord.objects.all().delete()
    act(editor_client, "publish", [review])
    record = ChangeRecord.objects.get()
    assert record.object_id == review.pk and set(record.changes) == {"published_at"}
    assert review.is_published is False
    review.refresh_from_db()
    assert review.is_published


def test_each_bulk_action_bumps_the_content_version_once(editor_client):
    films = [f.FilmFactory(draft=True) for _ in range(3)]
    before = ContentVersion.current()
    act(editor_client, "publish", films)
    assert ContentVersion.current() == before + 1
    act(editor_client, "unpublish", films)
    assert ContentVersion.current() == before + 2


# --- Expiry ------------------------------------------------------------------------------


def test_an_expired_film_is_hidden_from_its_page_the_list_and_search(client):
    film = f.FilmFactory(title="Gone Tomorrow", published_at=ago(3), unpublish_at=ago())
    f.FilmFactory(title="Gone Later", unpublish_at=later())
    assert client.get(film.get_absolute_url()).status_code == 404
    listed = page(client, reverse("films:film-list"))
    assert "Gone Later" in listed and "Gone Tomorrow" not in listed
    found = page(client, reverse("films:search") + "?q=gone")
    assert "Gone Later" in found and "Gone Tomorrow" not in found
    found = page(client, reverse("films:film-list") + "?q=gone")
    assert "Gone Later" in found and "Gone Tomorrow" not in found


def test_an_expiry_passing_hides_a_film_the_list_index_already_holds(client):
    film = f.FilmFactory(title="Fading Film", unpublish_at=later())
    assert "Fading Film" in page(client, reverse("films:film-list"))
    # Its expiry passes: nothing is written that would change the content version.
    Film.objects.filter(pk=film.pk).update(published_at=ago(3), unpublish_at=ago())
    cache.clear()  # cached pages expire after PAGE_CACHE_SECONDS (filmsite.content.page_cache)
    assert "Fading Film" not in page(client, reverse("films:film-list"))
    assert client.get(film.get_absolute_url()).status_code == 404


def test_the_list_index_is_good_until_the_next_go_live_or_expiry():
    f.FilmFactory(published_at=later(5))
    expiring = f.FilmFactory(unpublish_at=later(2))
    f.FilmFactory(draft=True, published_at=later(1))  # a draft goes nowhere
    assert catalogue.index_for().valid_until == expiring.unpublish_at
    catalogue.forget()
    soon = f.FilmFactory(published_at=later(1))
    assert catalogue.index_for().valid_until == soon.published_at


# --- Permissions unchanged ---------------------------------------------------------------


def test_a_contributor_can_neither_publish_unpublish_nor_set_an_expiry(client, django_user_model):
    from django.contrib.auth.models import Group

    from .test_roles import film_form

    user = django_user_model.objects.create_user("contributor", is_staff=True)
    user.groups.add(Group.objects.get(name="Contributors"))
    client.force_login(user)
    live, scheduled = f.FilmFactory(), FILMS[State.SCHEDULED]()
    act(client, "publish", [scheduled])
    act(client, "unpublish", [live])
    assert {film.publication_state for film in Film.objects.all()} == {
        State.PUBLISHED,
        State.SCHEDULED,
    }
    response = client.post(
        reverse("admin:films_film_add"),
        film_form(unpublish_at_0="2030-01-01", unpublish_at_1="10:00"),
    )
    assert response.status_code == 302
    film = Film.objects.get(slug="a-contributed-film-2003")
    assert (film.status, film.unpublish_at, film.publication_state) == ("draft", None, State.DRAFT)
    assert not ChangeRecord.objects.filter(message__contains="action on the list").exists()
