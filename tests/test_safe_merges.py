"""Safe merges (#15 item 5): the merge pages compare the duplicates field by
field and let the editor choose the values kept; nothing is dropped
silently; every merged object's old address redirects."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from films.models import Credit, Person
from filmsite.content.models import ChangeRecord, SlugRedirect
from reviews.models import Critic, CriticReview, Publication

from . import factories as f

pytestmark = pytest.mark.django_db


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def post_merge(client, model, objects, **data):
    data = {"action": "merge_selected", "_selected_action": [o.pk for o in objects], **data}
    return client.post(changelist(model), data)


@pytest.fixture
def shearers():
    """The issue's case: "M. Shearer" duplicates "Moira Shearer", with a
    credit for the same film and role but another character."""
    red_shoes = f.FilmFactory(title="The Red Shoes", year=1948)
    hoffmann = f.FilmFactory(title="The Tales of Hoffmann", year=1951)
    moira = f.PersonFactory(name="Moira Shearer", slug="moira-shearer", biography="")
    short = f.PersonFactory(
        name="M. Shearer", slug="m-shearer", biography="Scottish ballerina and actress."
    )
    f.CreditFactory(film=red_shoes, person=moira, role="cast", character="Victoria Page")
    f.CreditFactory(film=red_shoes, person=short, role="cast", character="Vicky Page")
    f.CreditFactory(film=hoffmann, person=short, role="cast", character="Stella")
    return moira, short


def test_m_shearer_merge_through_the_admin_keeps_or_lists_everything(
    editor_client, client, shearers
):
    moira, short = shearers
    compare = post_merge(editor_client, Person, [moira, short])
    assert compare.status_code == 200
    page = compare.content.decode()
    # Field by field, with full values and each person's credits.
    assert "Biography <strong>(differs)</strong>" in page
    assert "Scottish ballerina and actress." in page
    assert "The Red Shoes (1948) — Cast, Vicky Page" in page
    assert "The Tales of Hoffmann (1951) — Cast, Stella" in page

    values = post_merge(editor_client, Person, [moira, short], step="values", target=moira.pk)
    page = values.content.decode()
    assert "<legend>Biography</legend>" in page
    # The kept one's biography is empty: the duplicate's is chosen by default.
    assert f'name="value_biography" value="{short.pk}" checked' in page
    assert "will be dropped" in page
    assert (
        "The Red Shoes (1948) — Cast, Vicky Page "
        "(character Vicky Page, where the one kept has Victoria Page)" in page
    )
    assert Person.objects.filter(pk=short.pk).exists()  # nothing merged yet

    done = post_merge(
        editor_client,
        Person,
        [moira, short],
        step="merge",
        target=moira.pk,
        value_biography=short.pk,
        value_name=moira.pk,
    )
    assert done.status_code == 302
    moira.refresh_from_db()
    assert moira.name == "Moira Shearer"
    assert moira.biography == "Scottish ballerina and actress."
    assert sorted(moira.credits.values_list("film__title", "character")) == [
        ("The Red Shoes", "Victoria Page"),
        ("The Tales of Hoffmann", "Stella"),
    ]
    messages = [str(m) for m in get_messages(done.wsgi_request)]
    assert "Merged 1 into Moira Shearer: 1 rows moved, 0 identical rows dropped, " in messages[0]
    assert any("Dropped: The Red Shoes (1948) — Cast, Vicky Page" in m for m in messages)

    record = ChangeRecord.objects.get(action=ChangeRecord.Action.MERGED)
    assert record.object_id == moira.pk
    assert record.changes == {"biography": ["", "Scottish ballerina and actress."]}
    assert "Merged M. Shearer into this person: 1 rows moved" in record.message
    assert "Moved: The Tales of Hoffmann (1951) — Cast, Stella" in record.message
    assert "Dropped: The Red Shoes (1948) — Cast, Vicky Page" in record.message
    # The merge is one entry: the values it took record no second one.
    assert not ChangeRecord.objects.filter(
        object_id=moira.pk, action=ChangeRecord.Action.CHANGED, content_type__model="person"
    ).exists()

    response = client.get("/people/m-shearer/")
    assert response.status_code == 301
    assert response.headers["Location"] == "/people/moira-shearer/"


def test_the_editor_may_keep_a_duplicates_value_over_the_kept_ones(editor_client):
    keep = f.PersonFactory(name="Anton Walbrook", biography="Short.")
    other = f.PersonFactory(name="A. Walbrook", biography="Austrian actor, a longer life story.")
    post_merge(
        editor_client,
        Person,
        [keep, other],
        step="merge",
        target=keep.pk,
        value_biography=other.pk,
    )
    keep.refresh_from_db()
    assert (keep.name, keep.biography) == ("Anton Walbrook", "Austrian actor, a longer life story.")


def test_without_a_choice_the_kept_ones_values_stay(editor_client):
    keep = f.PersonFactory(name="Anton Walbrook", biography="Short.")
    other = f.PersonFactory(name="A. Walbrook", biography="Longer.")
    page = post_merge(editor_client, Person, [keep, other], step="values", target=keep.pk)
    assert f'name="value_biography" value="{keep.pk}" checked' in page.content.decode()
    post_merge(editor_client, Person, [keep, other], confirm="yes", target=keep.pk)
    keep.refresh_from_db()
    assert keep.biography == "Short."
    assert ChangeRecord.objects.get(action=ChangeRecord.Action.MERGED).changes == {}


def test_identical_rows_are_dropped_and_counted_not_listed(editor_client):
    keep, other = f.PersonFactory(name="Jack Cardiff"), f.PersonFactory(name="J. Cardiff")
    film = f.FilmFactory(title="Black Narcissus", year=1947)
    f.CreditFactory(film=film, person=keep, role="cinematographer")
    f.CreditFactory(film=film, person=other, role="cinematographer")
    page = post_merge(editor_client, Person, [keep, other], step="values", target=keep.pk)
    text = page.content.decode()
    assert "1 identical row(s) are dropped" in text and "will be dropped" not in text
    done = post_merge(editor_client, Person, [keep, other], step="merge", target=keep.pk)
    messages = [str(m) for m in get_messages(done.wsgi_request)]
    assert messages == ["Merged 1 into Jack Cardiff: 0 rows moved, 1 identical rows dropped."]
    assert Credit.objects.get().person == keep


def test_a_review_with_another_quote_is_listed_when_critics_merge(editor_client, client):
    publication = f.PublicationFactory(name="Sight and Sound")
    keep = f.CriticFactory(name="Dilys Powell", slug="dilys-powell")
    other = f.CriticFactory(name="D. Powell", slug="d-powell")
    film = f.FilmFactory(title="The Red Shoes", year=1948)
    f.CriticReviewFactory(film=film, critic=keep, publication=publication, quote="Ravishing.")
    f.CriticReviewFactory(film=film, critic=other, publication=publication, quote="Sublime.")
    page = post_merge(editor_client, Critic, [keep, other], step="values", target=keep.pk)
    assert "The Red Shoes (1948) — D. Powell, Sight and Sound: “Sublime.”" in page.content.decode()
    done = post_merge(editor_client, Critic, [keep, other], step="merge", target=keep.pk)
    messages = [str(m) for m in get_messages(done.wsgi_request)]
    assert any(
        "Dropped:" in m and "quote Sublime., where the one kept has Ravishing." in m
        for m in messages
    )
    assert list(CriticReview.objects.values_list("quote", flat=True)) == ["Ravishing."]
    response = client.get("/critics/d-powell/")
    assert response.status_code == 301 and response.headers["Location"] == "/critics/dilys-powell/"


def test_merged_publications_redirect_with_the_query_string(editor_client, client):
    keep = f.PublicationFactory(name="The Observer", slug="the-observer")
    other = f.PublicationFactory(name="Observer", slug="observer")
    older = SlugRedirect.objects.create(
        content_type_id=SlugRedirect._meta.get_field("content_type")
        .related_model.objects.get_for_model(Publication)
        .pk,
        old_slug="observer-uk",
        object_id=other.pk,
    )
    post_merge(editor_client, Publication, [keep, other], confirm="yes", target=keep.pk)
    assert not Publication.objects.filter(pk=other.pk).exists()
    response = client.get("/publications/observer/?page=2")
    assert response.status_code == 301
    assert response.headers["Location"] == "/publications/the-observer/?page=2"
    # The duplicate's own old slugs follow it to the one kept.
    older.refresh_from_db()
    assert older.object_id == keep.pk
    assert client.get("/publications/observer-uk/").headers["Location"] == (
        "/publications/the-observer/"
    )


def test_renamed_people_and_critics_redirect(client):
    person = f.PersonFactory(name="Robert Helpmann", slug="robert-helpman")
    person.slug = "robert-helpmann"
    person.save()
    critic = f.CriticFactory(name="C. A. Lejeune", slug="ca-lejeune")
    critic.slug = "c-a-lejeune"
    critic.save()
    assert client.get("/people/robert-helpman/").headers["Location"] == "/people/robert-helpmann/"
    assert client.get("/critics/ca-lejeune/").headers["Location"] == "/critics/c-a-lejeune/"
    # Renamed back: the slug is live again, and no redirect loops.
    person.slug = "robert-helpman"
    person.save()
    assert client.get("/people/robert-helpman/").status_code == 200
    assert client.get("/people/robert-helpmann/").headers["Location"] == "/people/robert-helpman/"


def test_only_a_missing_slug_looks_for_a_redirect_in_one_query(client):
    person = f.PersonFactory(name="Leonide Massine", slug="leonide-massine")
    person.slug = "leonide-massine-dancer"
    person.save()

    def redirect_lookups(url, status):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == status
        return len(queries), sum("slugredirect" in q["sql"] for q in queries.captured_queries)

    assert redirect_lookups("/people/leonide-massine-dancer/", 200)[1] == 0
    unknown = redirect_lookups("/people/nobody-at-all/", 404)
    assert unknown[1] == 1
    assert redirect_lookups("/people/leonide-massine/", 301) == unknown


def test_an_old_slug_of_a_draft_is_a_404_for_visitors(client):
    person = f.PersonFactory(name="Ludmilla Tchérina", slug="ludmilla-tcherina")
    person.slug, person.status, person.published_at = "tcherina", "draft", None
    person.save()
    assert client.get("/people/ludmilla-tcherina/").status_code == 404


def test_contributors_cannot_merge_published_people(client, django_user_model, shearers):
    moira, short = shearers
    user = django_user_model.objects.create_user("contributor", is_staff=True)
    user.groups.add(Group.objects.get(name="Contributors"))
    client.force_login(user)
    for step in ("", "values", "merge"):
        response = post_merge(client, Person, [moira, short], step=step, target=moira.pk)
        assert "Step " not in response.content.decode()
    assert Person.objects.filter(pk=short.pk).exists()
    assert not SlugRedirect.objects.exists()


def test_editors_cannot_merge_what_they_may_not_delete(client, django_user_model, shearers):
    moira, short = shearers
    user = django_user_model.objects.create_user("viewer", is_staff=True)
    user.user_permissions.add(
        *Group.objects.get(name="Editors").permissions.exclude(codename="delete_person")
    )
    client.force_login(user)
    post_merge(client, Person, [moira, short], step="merge", target=moira.pk)
    assert Person.objects.count() == 2


BEFORE_SLUG_REDIRECTS = [("films", "0018_publication_expiry"), ("content", "0001_initial")]


# Transactional, with serialized_rollback as tests/test_content_migration.py says.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_film_redirects_become_slug_redirects(client):
    from django.core.management import call_command
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE_SLUG_REDIRECTS)
        executor.loader.build_graph()
        old = executor.loader.project_state(BEFORE_SLUG_REDIRECTS).apps
        film = old.get_model("films", "Film").objects.create(
            title="The Red Shoes",
            slug="the-red-shoes-1948",
            year=1948,
            status="published",
            published_at="2020-01-01T00:00Z",
        )
        old.get_model("films", "FilmRedirect").objects.create(old_slug="red-shoes", film=film)
    finally:
        call_command("migrate", verbosity=0)
    redirect = SlugRedirect.objects.get()
    assert (redirect.old_slug, redirect.object_id, redirect.content_type.model) == (
        "red-shoes",
        film.pk,
        "film",
    )
    response = client.get("/films/red-shoes/")
    assert (
        response.status_code == 301 and response.headers["Location"] == "/films/the-red-shoes-1948/"
    )


def test_a_photo_taken_from_a_duplicate_replaces_and_removes_the_kept_ones(
    editor_client, settings, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    keep, other = f.PersonFactory(name="Marius Goring"), f.PersonFactory(name="M. Goring")
    keep.photo.save("old.jpg", ContentFile(b"old"))
    other.photo.save("better.jpg", ContentFile(b"better"))
    with django_capture_on_commit_callbacks(execute=True):
        post_merge(
            editor_client, Person, [keep, other], step="merge", target=keep.pk, value_photo=other.pk
        )
    keep.refresh_from_db()
    assert keep.photo.name == "people/better.jpg"
    assert sorted(p.name for p in (tmp_path / "people").iterdir()) == ["better.jpg"]


def test_both_merge_pages_are_valid_html(editor_client, shearers):
    from .test_html_valid import parse_errors

    moira, short = shearers
    for data in ({}, {"step": "values", "target": short.pk}):
        page = post_merge(editor_client, Person, [moira, short], **data)
        assert parse_errors(page.content.decode()) == []
