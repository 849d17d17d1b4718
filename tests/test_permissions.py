"""Permissions follow the content (filmsite.content.permissions): a role changes a
film's rows, its reviews and the entries it shows only where it may change
the film or review itself. Contributors work on drafts; editors and
superusers change everything."""

import datetime
import itertools

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from films.models import (
    Company,
    Credit,
    Film,
    FilmCompany,
    FilmFact,
    Genre,
    Person,
    Provider,
    ReleaseDate,
    SimilarFilm,
    WatchOption,
)
from filmsite.content import permissions
from filmsite.content.models import RevisionInfo
from reviews.models import AudienceReview, Critic, CriticReview, Publication, ReportedScore

from . import factories as f
from .admin_forms import form_data

pytestmark = pytest.mark.django_db

ROLES = ["contributor", "editor", "superuser"]
FILM_ROWS = [Credit, FilmCompany, ReleaseDate, WatchOption, SimilarFilm, FilmFact, ReportedScore]
REVIEWS = [CriticReview, AudienceReview]
# One field of each row, and a new value for it.
EDITS = {
    Credit: ("character", "Julie"),
    FilmCompany: ("region", "fr"),
    ReleaseDate: ("note", "Edited"),
    WatchOption: ("url", "https://example.org/elsewhere"),
    SimilarFilm: ("title", "Edited"),
    FilmFact: ("value", "$2.0M"),
    ReportedScore: ("tomatometer", 12),
    CriticReview: ("quote", "Edited."),
    AudienceReview: ("text", "Edited."),
}


def make_user(django_user_model, role, name=None):
    if role == "superuser":
        return django_user_model.objects.create_superuser(name or f"{role}-user", password=None)
    user = django_user_model.objects.create_user(f"{role}-user", is_staff=True)
    user.groups.add(Group.objects.get(name=f"{role.capitalize()}s"))
    return user


@pytest.fixture(params=ROLES)
def role(request):
    return request.param


@pytest.fixture
def user(django_user_model, role):
    return make_user(django_user_model, role)


@pytest.fixture
def as_role(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def contributor(client, django_user_model):
    client.force_login(make_user(django_user_model, "contributor"))
    return client


@pytest.fixture
def superuser_client(django_user_model):
    """Reads the full change forms, to build what a role could post."""
    other = Client()
    other.force_login(make_user(django_user_model, "superuser", "reader"))
    return other


def film_in(state, **fields):
    now = timezone.now()
    states = {
        "published": {"published_at": now - datetime.timedelta(days=1)},
        "scheduled": {"published_at": now + datetime.timedelta(days=1)},
        "draft": {"draft": True},
    }
    return f.FilmFactory(**states[state], **fields)


def film_with_rows(state):
    film = film_in(state)
    f.CreditFactory(film=film, role="cast", character="Vicky")
    f.FilmCompanyFactory(film=film)
    f.ReleaseDateFactory(film=film)
    f.WatchOptionFactory(film=film, url="https://example.com/watch")
    f.SimilarFilmFactory(film=film)
    f.FilmFactFactory(film=film)
    f.ReportedScoreFactory(film=film, tomatometer=100)
    f.CriticReviewFactory(film=film)
    f.AudienceReviewFactory(film=film)
    return film


def rows_of(film, models=FILM_ROWS + REVIEWS):
    return {model: model.objects.get(film=film) for model in models}


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def change_data(reader, obj, **changes):
    page = reader.get(admin_url(type(obj), "change", obj.pk))
    assert page.status_code == 200
    return form_data(page) | changes


def inline_changes(film, models):
    """The film form's fields that change one field of each of its rows."""
    changes = {}
    for model, row in rows_of(film, models).items():
        prefix = model._meta.get_field("film").related_query_name()
        field, value = EDITS[model]
        assert getattr(row, field) != value
        changes[f"{prefix}-0-{field}"] = value
    return changes


def changed(row):
    field, value = EDITS[type(row)]
    return getattr(type(row).objects.get(pk=row.pk), field) == value


def content_snapshot():
    """Every content row, to show that a refused request wrote nothing."""
    return {model: list(model.objects.order_by("pk").values()) for model in permissions.LOCKS}


def assert_drafted(response, model, obj):
    """A save of live content by whoever may not publish it: stored as a
    draft change (filmsite.content.revisions), the live rows untouched."""
    assert response.status_code == 302
    assert response.url.startswith(admin_url(model, "revisions", obj.pk))
    assert RevisionInfo.objects.filter(object_id=obj.pk, state="draft").exists()


def assert_saved_or_drafted(response, saved, model, obj):
    if saved:
        assert response.status_code == 302
        assert "/revisions/" not in response.url
    else:
        assert_drafted(response, model, obj)


# --- The scenario -----------------------------------------------------------


def test_a_contributor_cannot_change_a_published_films_score_credit_or_watch_link(
    contributor, superuser_client, client
):
    film = film_with_rows("published")
    before = content_snapshot()
    url = admin_url(Film, "change", film.pk)
    data = change_data(
        superuser_client,
        film,
        **{
            "reported_scores-0-tomatometer": "12",
            "credits-0-character": "Julie",
            "watch_options-0-url": "https://example.org/elsewhere",
        },
    )
    assert b'name="_save"' not in contributor.get(url).content
    # The contributor's save becomes a draft change for an editor to review.
    assert_drafted(contributor.post(url, data), Film, film)
    for model in (ReportedScore, Credit, WatchOption):
        row = model.objects.get(film=film)
        change = reverse("admin:index") + f"{model._meta.app_label}/{model._meta.model_name}/"
        assert (
            contributor.post(f"{change}{row.pk}/change/", {"tomatometer": "12"}).status_code == 404
        )
    assert content_snapshot() == before
    client.logout()
    assert "a Tomatometer of 100%" in client.get(film.get_absolute_url()).content.decode()


@pytest.mark.parametrize("model", FILM_ROWS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("view", ["", "add/", "{pk}/change/", "{pk}/delete/", "{pk}/history/"])
def test_a_films_rows_have_no_admin_pages_of_their_own(contributor, model, view):
    row = rows_of(film_with_rows("published"), [model])[model]
    base = reverse("admin:index") + f"{model._meta.app_label}/{model._meta.model_name}/"
    url = base + view.format(pk=row.pk)
    assert contributor.get(url).status_code == 404
    assert contributor.post(url, {"post": "yes"}).status_code == 404
    assert model.objects.filter(pk=row.pk).exists()


# --- Rows changed on the film's page ------------------------------------------------


@pytest.mark.parametrize("state", ["published", "scheduled", "draft"])
def test_a_films_rows_change_on_its_page_only_for_who_may_change_the_film(
    as_role, role, superuser_client, state
):
    film = film_with_rows(state)
    url = admin_url(Film, "change", film.pk)
    rows = rows_of(film)
    data = change_data(superuser_client, film, **inline_changes(film, FILM_ROWS))
    may_change_film = role != "contributor" or state == "draft"
    assert (b'name="_save"' in as_role.get(url).content) == may_change_film
    response = as_role.post(url, data)
    assert_saved_or_drafted(response, may_change_film, Film, film)
    expected = {model: may_change_film and model in FILM_ROWS for model in rows}
    assert {model: changed(row) for model, row in rows.items()} == expected


@pytest.mark.parametrize("state", ["published", "draft"])
def test_a_films_rows_are_deleted_on_its_page_only_by_editors(
    as_role, role, superuser_client, state
):
    film = film_with_rows(state)
    rows = rows_of(film, FILM_ROWS)
    deletions = {
        f"{model._meta.get_field('film').related_query_name()}-0-DELETE": "on" for model in rows
    }
    data = change_data(superuser_client, film, **deletions)
    as_role.post(admin_url(Film, "change", film.pk), data)
    kept = {model: model.objects.filter(pk=row.pk).exists() for model, row in rows.items()}
    assert kept == dict.fromkeys(rows, role == "contributor")


@pytest.mark.parametrize("state", ["published", "draft"])
def test_rows_are_added_on_a_films_page_only_by_who_may_change_it(
    as_role, role, superuser_client, state
):
    film = film_in(state)
    person = f.PersonFactory()
    data = change_data(
        superuser_client,
        film,
        **{
            "credits-TOTAL_FORMS": "1",
            "credits-0-person": str(person.pk),
            "credits-0-role": "cast",
            "credits-0-character": "Julie",
            "credits-0-billing_order": "0",
            "facts-TOTAL_FORMS": "1",
            "facts-0-label": "Box Office (Gross USA)",
            "facts-0-value": "$9.0M",
            "facts-0-position": "0",
        },
    )
    response = as_role.post(admin_url(Film, "change", film.pk), data)
    allowed = role != "contributor" or state == "draft"
    assert_saved_or_drafted(response, allowed, Film, film)
    assert (film.credits.count(), film.facts.count()) == ((1, 1) if allowed else (0, 0))


# --- Reviews on their own pages -------------------------------------------------------

REVIEW_CASES = [  # (review's state, film's state)
    ("draft", "draft"),
    ("published", "draft"),
    ("draft", "published"),
    ("published", "published"),
]


def review_in(model, review_state, film_state):
    factory = f.CriticReviewFactory if model is CriticReview else f.AudienceReviewFactory
    fields = {"status": "draft", "published_at": None} if review_state == "draft" else {}
    return factory(film=film_in(film_state), **fields)


@pytest.mark.parametrize("model", REVIEWS, ids=lambda m: m.__name__)
@pytest.mark.parametrize(("review_state", "film_state"), REVIEW_CASES)
def test_a_review_changes_only_where_the_review_and_its_film_may_change(
    as_role, role, superuser_client, model, review_state, film_state
):
    review = review_in(model, review_state, film_state)
    field, value = EDITS[model]
    url = admin_url(model, "change", review.pk)
    data = change_data(superuser_client, review, **{field: value})
    allowed = role != "contributor" or review_state == film_state == "draft"
    assert (b'name="_save"' in as_role.get(url).content) == allowed
    assert_saved_or_drafted(as_role.post(url, data), allowed, model, review)
    assert changed(review) == allowed


@pytest.mark.parametrize("model", REVIEWS, ids=lambda m: m.__name__)
@pytest.mark.parametrize(("review_state", "film_state"), [("draft", "draft"), *REVIEW_CASES[3:]])
def test_reviews_are_deleted_only_by_editors(as_role, role, model, review_state, film_state):
    review = review_in(model, review_state, film_state)
    url = admin_url(model, "delete", review.pk)
    expected = 403 if role == "contributor" else 200
    assert as_role.get(url).status_code == expected
    as_role.post(url, {"post": "yes"})
    assert model.objects.filter(pk=review.pk).exists() == (role == "contributor")


@pytest.mark.parametrize("model", REVIEWS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("film_state", ["published", "draft"])
def test_a_new_review_goes_only_on_a_film_the_role_may_change(
    as_role, role, superuser_client, model, film_state
):
    film = film_in(film_state)
    template = review_in(model, "draft", "draft")
    data = change_data(superuser_client, template, film=str(film.pk))
    template.delete()
    response = as_role.post(admin_url(model, "add"), data)
    allowed = role != "contributor" or film_state == "draft"
    assert model.objects.filter(film=film).count() == allowed
    if not allowed:
        assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize("model", REVIEWS, ids=lambda m: m.__name__)
def test_a_contributor_cannot_move_a_draft_review_onto_a_published_film(
    contributor, superuser_client, model
):
    review = review_in(model, "draft", "draft")
    live = film_in("published")
    data = change_data(superuser_client, review, film=str(live.pk))
    response = contributor.post(admin_url(model, "change", review.pk), data)
    assert "Select a valid choice" in response.content.decode()
    assert model.objects.get(pk=review.pk).film_id == review.film_id


def test_the_film_a_contributor_may_choose_for_a_review_is_a_draft(contributor):
    draft, live = film_in("draft", title="Draft Shoes"), film_in("published", title="Live Shoes")

    def offered(field, model="criticreview"):
        query = {"app_label": "reviews", "model_name": model, "field_name": field, "term": "Shoes"}
        if model == "similarfilm":
            query["app_label"] = "films"
        results = contributor.get(reverse("admin:autocomplete"), query).json()["results"]
        return {int(result["id"]) for result in results}

    assert offered("film") == {draft.pk}
    assert offered("film", "audiencereview") == {draft.pk}
    assert offered("similar_film", "similarfilm") == {draft.pk, live.pk}  # only a link


# --- Entries shared by films and reviews ------------------------------------------------


def shared_entry(model, live):
    """An entry of `model` shown by a published film or review, or only by drafts."""
    state = "published" if live else "draft"
    film = film_in(state)
    review = review_in(CriticReview, state, state)
    if model is Genre:
        entry = f.GenreFactory()
        film.genres.add(entry)
        return entry
    if model is Person:
        person = f.PersonFactory(status="draft", published_at=None)
        return f.CreditFactory(film=film, person=person).person
    return {
        Company: lambda: f.FilmCompanyFactory(film=film).company,
        Provider: lambda: f.WatchOptionFactory(film=film).provider,
        Critic: lambda: review.critic,
        Publication: lambda: review.publication,
    }[model]()


SHARED = [Genre, Company, Provider, Critic, Publication, Person]


@pytest.mark.parametrize("model", SHARED, ids=lambda m: m.__name__)
@pytest.mark.parametrize("live", [True, False], ids=["shown", "unseen"])
def test_an_entry_a_published_page_shows_changes_only_for_editors(
    as_role, role, superuser_client, model, live
):
    entry = shared_entry(model, live)
    data = change_data(superuser_client, entry, name="Renamed")
    response = as_role.post(admin_url(model, "change", entry.pk), data)
    allowed = role != "contributor" or not live
    if model in (Genre, Company, Provider):  # no revisions: refused outright
        assert response.status_code == (302 if allowed else 403)
    else:
        assert_saved_or_drafted(response, allowed, model, entry)
    assert (model.objects.get(pk=entry.pk).name == "Renamed") == allowed


# --- Bulk actions ----------------------------------------------------------------------


def every_action():
    for model, model_admin in admin.site._registry.items():
        if model in permissions.LOCKS:
            names = [getattr(a, "__name__", a) for a in model_admin.actions]
            for name in ["delete_selected", *names]:
                yield model, name


@pytest.mark.parametrize(
    ("model", "action"), list(every_action()), ids=lambda v: getattr(v, "__name__", v)
)
def test_no_action_lets_a_contributor_change_published_content(contributor, model, action):
    film_with_rows("published")
    film_with_rows("published")
    for entry in (f.GenreFactory(), f.GenreFactory()):
        Film.objects.first().genres.add(entry)
    CriticReview.objects.update(needs_review=True)
    selected = [str(pk) for pk in model.objects.values_list("pk", flat=True)]
    assert len(selected) >= 2
    before = content_snapshot()
    data = {"action": action, "_selected_action": selected, "post": "yes", "confirm": "yes"}
    contributor.post(admin_url(model, "changelist"), data | {"target": selected[0]})
    assert content_snapshot() == before


def test_a_contributor_marks_only_draft_reviews_as_checked(contributor):
    draft = review_in(CriticReview, "draft", "draft")
    on_live_film = review_in(CriticReview, "draft", "published")
    live = review_in(CriticReview, "published", "draft")
    CriticReview.objects.update(needs_review=True)
    response = contributor.post(
        admin_url(CriticReview, "changelist"),
        {"action": "mark_reviewed", "_selected_action": [draft.pk, on_live_film.pk, live.pk]},
        follow=True,
    )
    assert "2 selected item(s) left unchanged" in response.content.decode()
    flags = dict(CriticReview.objects.values_list("pk", "needs_review"))
    assert flags == {draft.pk: False, on_live_film.pk: True, live.pk: True}


@pytest.mark.parametrize("action", ["unpublish", "mark_reviewed"])
def test_editors_act_on_published_reviews(editor_client, action):
    review = f.CriticReviewFactory(needs_review=True)
    url = admin_url(CriticReview, "changelist")
    editor_client.post(url, {"action": action, "_selected_action": [review.pk]})
    review.refresh_from_db()
    assert (review.status, review.needs_review) == {
        "unpublish": ("draft", True),
        "mark_reviewed": ("published", False),
    }[action]


# --- The rule, read as a filter, agrees with itself -----------------------------------


def test_the_rule_for_one_row_and_as_a_filter_agree(django_user_model):
    for state in ("published", "scheduled", "draft"):
        film_with_rows(state)
    for model, live in itertools.product(SHARED, (True, False)):
        shared_entry(model, live)
    review_in(CriticReview, "draft", "published")
    review_in(AudienceReview, "draft", "draft")
    users = [make_user(django_user_model, role) for role in ROLES]
    for model, user, action in itertools.product(permissions.LOCKS, users, ["change", "delete"]):
        rows = model.objects.all()
        assert rows.exists()
        allowed = set(permissions.changeable(user, rows, action).values_list("pk", flat=True))
        one_by_one = {row.pk for row in rows if permissions.may_change(user, row, action)}
        assert allowed == one_by_one, (model, user, action)
        if user.username == "contributor-user" and action == "change":
            assert 0 < len(allowed) < len(rows), model
