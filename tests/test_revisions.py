"""Revisions (filmsite.content.revisions): every admin save is one; draft
changes leave the live page alone until approved; compare, preview and
revert; the review workflow and who may do each step."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image
from reversion.models import Version

from films.models import Credit, Film
from filmsite.content.models import ChangeRecord, ContentVersion, RevisionInfo
from tests.admin_forms import form_data
from tests.factories import (
    CreditFactory,
    CriticFactory,
    CriticReviewFactory,
    FilmFactory,
    PersonFactory,
)
from tests.test_merging import merge_in_admin

pytestmark = pytest.mark.django_db

State = RevisionInfo.State
Action = ChangeRecord.Action


@pytest.fixture
def contributor(django_user_model):
    user = django_user_model.objects.create_user("contributor", is_staff=True)
    user.groups.add(Group.objects.get(name="Contributors"))
    return user


def another_contributor(django_user_model):
    user = django_user_model.objects.create_user("other", is_staff=True)
    user.groups.add(Group.objects.get(name="Contributors"))
    return user


@pytest.fixture
def film():
    film = FilmFactory(title="The Red Shoes", year=1948, runtime_minutes=133)
    CreditFactory(
        film=film, person=PersonFactory(name="Moira Shearer"), role="cast", character="Vicky Page"
    )
    return film


def change_url(film):
    return reverse("admin:films_film_change", args=[film.pk])


def revisions_url(obj, *rest):
    opts = obj._meta
    name = f"admin:{opts.app_label}_{opts.model_name}_"
    if not rest:
        return reverse(name + "revisions", args=[obj.pk])
    return reverse(name + "revision", args=[obj.pk, *rest])


def edit(client, film, button=None, **changes):
    """Post the film's change form with `changes` (field: value; credit_0_x
    for the first credit's field)."""
    data = form_data(client.get(change_url(film)))
    for key, value in changes.items():
        if key.startswith("credit_"):
            _, index, name = key.split("_", 2)
            data[f"credits-{index}-{name}"] = value
        else:
            data[key] = value
    if button:
        data[button] = "1"
    return client.post(change_url(film), data)


def infos(obj):
    return list(
        RevisionInfo.objects.filter(
            object_id=obj.pk, content_type__model=obj._meta.model_name
        ).order_by("revision_id")
    )


# --- Saving ----------------------------------------------------------------------------


def test_an_admin_save_is_a_revision_with_the_rows_and_who_made_it(client, editor, film):
    client.force_login(editor)
    response = edit(client, film, runtime_minutes=134, credit_0_character="Victoria Page")
    assert response.status_code == 302
    [info] = infos(film)
    assert info.state == State.SAVED
    assert info.revision.user == editor
    assert "Runtime (minutes)" in info.revision.comment or "runtime" in info.revision.comment
    versions = {v.content_type.model: v for v in info.revision.version_set.all()}
    assert set(versions) == {"film", "credit"}
    assert versions["film"].field_dict["runtime_minutes"] == 134
    assert versions["credit"].field_dict["character"] == "Victoria Page"
    # Publishing and computed values are not part of a revision.
    assert "status" not in versions["film"].field_dict
    assert "tomatometer" not in versions["film"].field_dict


def test_a_save_that_changes_nothing_makes_no_revision(client, editor, film):
    client.force_login(editor)
    assert edit(client, film).status_code == 302
    assert infos(film) == []


def test_a_draft_change_leaves_the_live_film_alone(client, editor, film):
    client.force_login(editor)
    version = ContentVersion.current()
    before = ChangeRecord.objects.count()
    response = edit(client, film, "_draft", title="The Red Shoes (restored)")
    assert response.status_code == 302
    film.refresh_from_db()
    assert film.title == "The Red Shoes"
    assert ContentVersion.current() == version
    base, draft = infos(film)
    assert base.state == State.SAVED and draft.state == State.DRAFT
    assert draft.based_on_id == base.revision_id
    assert response.url == revisions_url(film, draft.revision_id)
    # The draft's page compares it with the live film, with labels and full values.
    page = client.get(response.url)
    text = page.content.decode()
    assert "Title" in text and "The Red Shoes (restored)" in text
    # The history says a draft change was saved, and nothing else changed.
    actions = list(ChangeRecord.objects.order_by("pk")[before:].values_list("action", flat=True))
    assert actions == [Action.DRAFTED]
    # The changelist tells editors a change is pending.
    listing = client.get(reverse("admin:films_film_changelist"))
    assert "Published · draft changes" in listing.content.decode()


def test_a_draft_change_with_errors_shows_the_form_and_stores_nothing(client, editor, film):
    client.force_login(editor)
    response = edit(client, film, "_draft", title="")
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert infos(film) == []


# --- Contributors and review --------------------------------------------------------------


def test_a_contributor_edits_a_live_film_as_a_draft_change(client, contributor, film):
    client.force_login(contributor)
    page = client.get(change_url(film))
    text = page.content.decode()
    assert 'name="_submit"' in text and 'name="_draft"' in text
    assert 'name="_save"' not in text
    assert "saved as a draft change" in text
    response = edit(client, film, "_submit", title="Red Shoes", credit_0_character="Vicky")
    assert response.status_code == 302
    film.refresh_from_db()
    assert film.title == "The Red Shoes"
    assert Credit.objects.get(film=film).character == "Vicky Page"
    draft = infos(film)[-1]
    assert draft.state == State.AWAITING and draft.revision.user == contributor
    assert draft.submitted_at is not None
    assert ChangeRecord.objects.filter(object_id=film.pk, action=Action.SUBMITTED).exists()


def test_the_editor_approves_and_the_change_goes_live(client, contributor, editor, film):
    client.force_login(contributor)
    edit(client, film, "_submit", title="Red Shoes", credit_0_character="Vicky")
    draft = infos(film)[-1]
    # The contributor cannot approve their own change.
    client.post(revisions_url(film, draft.revision_id), {"action": "approve"})
    film.refresh_from_db()
    assert film.title == "The Red Shoes"
    client.force_login(editor)
    queue = client.get(reverse("admin:content_revisioninfo_changelist") + "?state__exact=awaiting")
    assert "Red Shoes" in queue.content.decode() and "contributor" in queue.content.decode()
    response = client.post(
        revisions_url(film, draft.revision_id), {"action": "approve", "comment": "Good"}
    )
    assert response.status_code == 302
    film.refresh_from_db()
    assert film.title == "Red Shoes"
    assert Credit.objects.get(film=film).character == "Vicky"
    draft.refresh_from_db()
    assert draft.state == State.APPROVED and draft.reviewed_by == editor
    latest = infos(film)[-1]
    assert latest.state == State.SAVED and latest.revision.user == editor
    history = ChangeRecord.objects.filter(object_id=film.pk, content_type__model="film")
    assert history.filter(action=Action.APPROVED, user=editor).exists()
    assert history.filter(action=Action.CHANGED, changes__title=["The Red Shoes", "Red Shoes"])
    assert client.get(film.get_absolute_url()).status_code == 200


def test_a_rejection_needs_a_comment_which_the_contributor_sees(client, contributor, editor, film):
    client.force_login(contributor)
    edit(client, film, "_submit", title="Red Shoes")
    draft = infos(film)[-1]
    client.force_login(editor)
    client.post(revisions_url(film, draft.revision_id), {"action": "reject", "comment": " "})
    draft.refresh_from_db()
    assert draft.state == State.AWAITING
    client.post(
        revisions_url(film, draft.revision_id),
        {"action": "reject", "comment": "Keep the article <b>The</b>."},
    )
    draft.refresh_from_db()
    assert draft.state == State.REJECTED
    assert ChangeRecord.objects.filter(object_id=film.pk, action=Action.REJECTED).exists()
    client.force_login(contributor)
    text = client.get(change_url(film)).content.decode()
    assert "was rejected by editor" in text
    assert "Keep the article &lt;b&gt;The&lt;/b&gt;." in text
    mine = client.get(reverse("admin:content_revisioninfo_changelist")).content.decode()
    assert "Keep the article" in mine


def test_one_pending_change_per_film(client, django_user_model, contributor, film):
    client.force_login(contributor)
    edit(client, film, "_draft", title="Red Shoes")
    client.force_login(another_contributor(django_user_model))
    response = edit(client, film, "_draft", title="Les Chaussons rouges")
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("contributor has a pending change" in m for m in messages)
    assert [i.state for i in infos(film)] == [State.SAVED, State.DRAFT]
    # Its author replaces it with a newer one.
    client.force_login(contributor)
    edit(client, film, "_draft", title="Red Shoes, The")
    assert [i.state for i in infos(film)] == [State.SAVED, State.DISCARDED, State.DRAFT]


def test_a_contributors_new_film_is_submitted_and_approval_publishes_it(
    client, contributor, editor
):
    client.force_login(contributor)
    data = form_data(client.get(reverse("admin:films_film_add")))
    data |= {"title": "Black Narcissus", "year": "1947", "slug": "black-narcissus-1947"}
    data["_submit"] = "1"
    response = client.post(reverse("admin:films_film_add"), data)
    assert response.status_code == 302
    film = Film.objects.get(slug="black-narcissus-1947")
    assert film.status == Film.Status.DRAFT
    submitted = infos(film)[-1]
    assert submitted.state == State.AWAITING
    client.force_login(editor)
    client.post(revisions_url(film, submitted.revision_id), {"action": "approve"})
    film.refresh_from_db()
    assert film.is_published


def test_only_the_author_or_an_editor_discards(client, django_user_model, contributor, film):
    client.force_login(contributor)
    edit(client, film, "_draft", title="Red Shoes")
    draft = infos(film)[-1]
    client.force_login(another_contributor(django_user_model))
    client.post(revisions_url(film, draft.revision_id), {"action": "discard"})
    draft.refresh_from_db()
    assert draft.state == State.DRAFT
    # Nor do they see it in their queue (the first page shows the messages).
    client.get(reverse("admin:content_revisioninfo_changelist"))
    queue = client.get(reverse("admin:content_revisioninfo_changelist")).content.decode()
    assert "Red Shoes" not in queue
    client.force_login(contributor)
    client.post(revisions_url(film, draft.revision_id), {"action": "discard"})
    draft.refresh_from_db()
    assert draft.state == State.DISCARDED
    assert ChangeRecord.objects.filter(
        object_id=film.pk, action=Action.DISCARDED, user=contributor
    ).exists()


def test_a_contributor_may_not_release_a_value_of_a_live_film(client, contributor, film):
    client.force_login(contributor)
    url = reverse("admin:films_film_release", args=[film.pk, "title"])
    assert client.post(url).status_code == 403


def test_users_without_the_view_permission_see_no_revisions(client, django_user_model, film):
    nobody = django_user_model.objects.create_user("nobody", is_staff=True)
    client.force_login(nobody)
    assert client.get(revisions_url(film)).status_code == 403


# --- Compare, revert, preview ---------------------------------------------------------------


def test_compare_two_revisions_field_by_field_with_rows(client, editor, film):
    client.force_login(editor)
    edit(client, film, runtime_minutes=134)
    first = infos(film)[-1]
    CreditFactory(
        film=film, person=PersonFactory(name="Anton Walbrook"), role="cast", character="Lermontov"
    )
    edit(client, film, runtime_minutes=135, synopsis="A ballerina " + "dances. " * 80)
    second = infos(film)[-1]
    page = client.get(
        reverse("admin:films_film_revisions_compare", args=[film.pk])
        + f"?from={first.revision_id}&to={second.revision_id}"
    )
    text = page.content.decode()
    assert "Runtime (minutes)" in text and "134" in text and "135" in text
    assert "Anton Walbrook as Lermontov in The Red Shoes (1948)" in text
    assert ("dances. " * 80).strip() in text  # full values, not cut
    assert "Added" in text


def test_revert_restores_an_earlier_revision_as_a_new_one(client, editor, film):
    client.force_login(editor)
    edit(client, film, title="The Red Shoes", runtime_minutes=134)
    first = infos(film)[-1]
    CreditFactory(
        film=film, person=PersonFactory(name="Anton Walbrook"), role="cast", character="Lermontov"
    )
    edit(client, film, title="Red Shoes", credit_0_character="Vicky")
    response = client.post(revisions_url(film, first.revision_id), {"action": "revert"})
    assert response.status_code == 302
    film.refresh_from_db()
    assert film.title == "The Red Shoes" and film.runtime_minutes == 134
    assert film.is_published  # publishing is not part of a revision
    assert sorted(Credit.objects.filter(film=film).values_list("character", flat=True)) == [
        "Vicky Page"
    ]
    latest = infos(film)[-1]
    assert latest.state == State.SAVED
    assert f"Reverted to revision #{first.revision_id}" in latest.revision.comment
    assert ChangeRecord.objects.filter(object_id=film.pk, action=Action.REVERTED).exists()


def test_a_contributor_restores_as_a_draft_change(client, contributor, editor, film):
    client.force_login(editor)
    edit(client, film, runtime_minutes=134)
    first = infos(film)[-1]
    edit(client, film, runtime_minutes=140)
    client.force_login(contributor)
    client.post(revisions_url(film, first.revision_id), {"action": "revert"})
    film.refresh_from_db()
    assert film.runtime_minutes == 140
    assert infos(film)[-1].state == State.DRAFT


def test_preview_shows_the_draft_as_visitors_will_and_leaves_nothing(client, editor, film):
    client.force_login(editor)
    edit(client, film, "_draft", title="The Red Shoes <restored>")
    draft = infos(film)[-1]
    records, versions = ChangeRecord.objects.count(), Version.objects.count()
    content_version = ContentVersion.current()
    url = reverse("admin:films_film_revision_preview", args=[film.pk, draft.revision_id])
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "The Red Shoes &lt;restored&gt;" in text
    assert "Preview, not live." in text
    assert "Admin</a>" not in text  # rendered as a visitor sees it
    film.refresh_from_db()
    assert film.title == "The Red Shoes"
    assert ChangeRecord.objects.count() == records and Version.objects.count() == versions
    assert ContentVersion.current() == content_version
    client.logout()
    assert "restored" not in client.get(film.get_absolute_url()).content.decode()


def test_the_staff_view_of_the_page_says_a_change_is_pending(client, editor, film):
    client.force_login(editor)
    edit(client, film, "_draft", title="Red Shoes")
    text = client.get(film.get_absolute_url()).content.decode()
    assert "Published · draft changes" in text


# --- Other kinds ------------------------------------------------------------------------------


def test_critics_and_reviews_have_revisions(client, editor, contributor):
    critic = CriticFactory(name="Dilys Powell")
    review = CriticReviewFactory(critic=critic)
    client.force_login(editor)
    url = reverse("admin:reviews_critic_change", args=[critic.pk])
    data = form_data(client.get(url)) | {"name": "Dilys Powell (Sunday Times)"}
    assert client.post(url, data).status_code == 302
    assert infos(critic)[-1].state == State.SAVED
    # A contributor proposes a change to a published review.
    client.force_login(contributor)
    url = reverse("admin:reviews_criticreview_change", args=[review.pk])
    data = form_data(client.get(url)) | {"quote": "A masterpiece.", "_submit": "1"}
    assert client.post(url, data).status_code == 302
    review.refresh_from_db()
    assert review.quote != "A masterpiece."
    assert infos(review)[-1].state == State.AWAITING


# --- Imports and merges -------------------------------------------------------------------------


def test_an_import_records_a_revision_from_its_document(rt_seed_path):
    call_command("import_sources", str(rt_seed_path), stdout=StringIO())
    film = Film.objects.get()
    [info] = infos(film)
    assert info.state == State.SAVED
    assert info.source_document.name == rt_seed_path.name
    assert info.revision.user is None
    kinds = set(info.revision.version_set.values_list("content_type__model", flat=True))
    assert {"film", "credit"} <= kinds
    # A second import of the same document changes nothing: no new revision.
    call_command("import_sources", str(rt_seed_path), stdout=StringIO())
    assert len(infos(film)) == 1


def test_a_merge_records_a_revision_of_the_one_kept(client, editor):
    keep = PersonFactory(name="Moira Shearer")
    twin = PersonFactory(name="M. Shearer", biography="Scottish ballerina.")
    client.force_login(editor)
    merge_in_admin(client, type(keep), keep, twin)
    [info] = infos(keep)
    assert info.revision.user == editor
    assert "Merged M. Shearer" in info.revision.comment


# --- More boundaries ----------------------------------------------------------------------------


def submitted_by(client, contributor, film, **changes):
    client.force_login(contributor)
    edit(client, film, "_submit", **(changes or {"title": "Red Shoes"}))
    return infos(film)[-1]


def test_a_contributor_cannot_reject(client, contributor, film):
    draft = submitted_by(client, contributor, film)
    client.post(revisions_url(film, draft.revision_id), {"action": "reject", "comment": "No"})
    draft.refresh_from_db()
    assert draft.state == State.AWAITING
    page = client.get(revisions_url(film, draft.revision_id)).content.decode()
    assert "Approve and publish" not in page and "Reject with comment" not in page


def test_an_editor_cannot_submit_someone_elses_draft(client, contributor, editor, film):
    client.force_login(contributor)
    edit(client, film, "_draft", title="Red Shoes")
    draft = infos(film)[-1]
    client.force_login(editor)
    client.post(revisions_url(film, draft.revision_id), {"action": "submit"})
    draft.refresh_from_db()
    assert draft.state == State.DRAFT


def test_a_settled_change_cannot_be_approved_again(client, contributor, editor, film):
    draft = submitted_by(client, contributor, film)
    client.force_login(editor)
    client.post(revisions_url(film, draft.revision_id), {"action": "reject", "comment": "No"})
    client.post(revisions_url(film, draft.revision_id), {"action": "approve"})
    film.refresh_from_db()
    assert film.title == "The Red Shoes"


@pytest.mark.parametrize("page", ["list", "detail", "compare", "preview"])
def test_revision_pages_need_the_view_permission(client, django_user_model, editor, film, page):
    client.force_login(editor)
    edit(client, film, "_draft", title="Red Shoes")
    draft = infos(film)[-1]
    urls = {
        "list": revisions_url(film),
        "detail": revisions_url(film, draft.revision_id),
        "compare": reverse("admin:films_film_revisions_compare", args=[film.pk]),
        "preview": reverse("admin:films_film_revision_preview", args=[film.pk, draft.revision_id]),
    }
    client.force_login(django_user_model.objects.create_user("nobody", is_staff=True))
    assert client.get(urls[page]).status_code == 403
    client.logout()
    assert client.get(urls[page]).status_code == 302  # to the login page


def test_a_revision_of_another_object_is_not_found(client, editor, film):
    client.force_login(editor)
    edit(client, film, "_draft", title="Red Shoes")
    draft = infos(film)[-1]
    other = FilmFactory()
    assert client.get(revisions_url(other, draft.revision_id)).status_code == 404
    bad = reverse("admin:films_film_revisions_compare", args=[film.pk]) + "?from=abc"
    assert client.get(bad).status_code == 404


def test_approving_a_stale_draft_warns_first(client, contributor, editor, film):
    draft = submitted_by(client, contributor, film)
    client.force_login(editor)
    edit(client, film, runtime_minutes=150)  # the live film moves on
    page = client.get(revisions_url(film, draft.revision_id)).content.decode()
    assert "The live version has changed since this draft was made" in page


def test_a_row_whose_target_was_deleted_is_left_out_and_named(client, editor, film):
    client.force_login(editor)
    walbrook = PersonFactory(name="Anton Walbrook")
    CreditFactory(film=film, person=walbrook, role="cast", character="Lermontov")
    edit(client, film, runtime_minutes=134)
    with_walbrook = infos(film)[-1]
    Credit.objects.filter(person=walbrook).delete()
    walbrook.delete()
    response = client.post(revisions_url(film, with_walbrook.revision_id), {"action": "revert"})
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Left out: Anton Walbrook as Lermontov" in m for m in messages)
    assert list(Credit.objects.filter(film=film).values_list("character", flat=True)) == [
        "Vicky Page"
    ]


def test_the_changelist_status_costs_no_query_per_row(client, editor):
    client.force_login(editor)
    url = reverse("admin:films_film_changelist")
    client.get(url)
    for _ in range(3):
        FilmFactory()
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for film in [FilmFactory() for _ in range(10)]:
        edit(client, film, "_draft", title=f"{film.title} (changed)")
    client.get(url)  # shows the messages of the edits
    with CaptureQueriesContext(connection) as many:
        listing = client.get(url)
    assert len(many) == len(few)
    assert listing.content.decode().count("Published · draft changes") == 10


def test_a_revert_keeps_the_poster_when_the_old_file_is_gone(client, editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "posters").mkdir()
    for name in ("old.jpg", "current.jpg"):
        Image.new("RGB", (20, 30), "red").save(tmp_path / "posters" / name)
    film = FilmFactory(poster="posters/old.jpg")
    client.force_login(editor)
    edit(client, film, runtime_minutes=90)
    old = infos(film)[-1]
    Film.objects.filter(pk=film.pk).update(poster="posters/current.jpg")
    (tmp_path / "posters" / "old.jpg").unlink()
    response = client.post(revisions_url(film, old.revision_id), {"action": "revert"})
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("its file posters/old.jpg no longer exists" in m for m in messages)
    film.refresh_from_db()
    assert film.poster.name == "posters/current.jpg" and film.runtime_minutes == 90


def test_a_missing_poster_file_is_a_form_error_not_a_crash(client, editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    film = FilmFactory(poster="posters/gone.jpg")
    client.force_login(editor)
    response = edit(client, film, runtime_minutes=90)
    assert response.status_code == 200
    assert 'id="id_poster_error"' in response.content.decode()


def test_a_rejected_change_sent_again_awaits_review_afresh(client, contributor, editor, film):
    draft = submitted_by(client, contributor, film)
    client.force_login(editor)
    client.post(revisions_url(film, draft.revision_id), {"action": "reject", "comment": "Why?"})
    client.force_login(contributor)
    client.post(revisions_url(film, draft.revision_id), {"action": "submit"})
    draft.refresh_from_db()
    assert draft.state == State.AWAITING and draft.review_comment == ""
    assert ChangeRecord.objects.filter(object_id=film.pk, action=Action.REJECTED).exists()


def test_a_draft_change_says_it_does_not_publish(client, editor, film):
    client.force_login(editor)
    response = edit(client, film, "_draft", status="draft", synopsis="Changed.")
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any(
        m.startswith("A draft change does not publish:") and "publishing" in m for m in messages
    )
    film.refresh_from_db()
    assert film.status == "published"


# --- Going on with a draft change ---------------------------------------------------------------


def add_credit(data, person, character):
    index = int(data["credits-TOTAL_FORMS"])
    data |= {
        "credits-TOTAL_FORMS": str(index + 1),
        f"credits-{index}-person": str(person.pk),
        f"credits-{index}-role": "cast",
        f"credits-{index}-character": character,
        f"credits-{index}-billing_order": "2",
    }
    return data


def test_the_author_goes_on_editing_their_draft_change(client, contributor, film):
    client.force_login(contributor)
    walbrook = PersonFactory(name="Anton Walbrook")
    data = add_credit(form_data(client.get(change_url(film))), walbrook, "Lermontov")
    data |= {"title": "Red Shoes", "_draft": "1"}
    client.post(change_url(film), data)
    first = infos(film)[-1]
    # The form shows the draft, with its new credit, not the live film.
    url = change_url(film) + f"?draft={first.revision_id}"
    page = client.get(url)
    text = page.content.decode()
    assert "You are editing your draft change" in text
    assert page.context["adminform"].form["title"].value() == "Red Shoes"
    assert "Lermontov" in text
    # Saving from it keeps the draft's changes and adds the new ones.
    data = form_data(page) | {"synopsis": "Revised.", "_submit": "1"}
    response = client.post(url, data)
    assert response.status_code == 302
    first.refresh_from_db()
    second = infos(film)[-1]
    assert first.state == State.DISCARDED and second.state == State.AWAITING
    values = {
        (v.content_type.model, v.object_repr): v.field_dict
        for v in second.revision.version_set.all()
    }
    film_values = next(v for (kind, _), v in values.items() if kind == "film")
    assert film_values["title"] == "Red Shoes" and film_values["synopsis"] == "Revised."
    characters = sorted(v["character"] for (kind, _), v in values.items() if kind == "credit")
    assert characters == ["Lermontov", "Vicky Page"]
    # The live film is as it was.
    film.refresh_from_db()
    assert film.title == "The Red Shoes" and film.credits.count() == 1


def test_a_rejected_change_is_edited_and_sent_again(client, contributor, editor, film):
    draft = submitted_by(client, contributor, film, title="Red Shoes")
    client.force_login(editor)
    client.post(revisions_url(film, draft.revision_id), {"action": "reject", "comment": "Year?"})
    client.force_login(contributor)
    text = client.get(change_url(film)).content.decode()
    assert f"?draft={draft.revision_id}" in text
    url = change_url(film) + f"?draft={draft.revision_id}"
    data = form_data(client.get(url)) | {"year": "1949", "_submit": "1"}
    client.post(url, data)
    latest = infos(film)[-1]
    assert latest.state == State.AWAITING and latest.revision_id != draft.revision_id
    film_version = latest.revision.version_set.get(content_type__model="film")
    assert film_version.field_dict["title"] == "Red Shoes"
    assert film_version.field_dict["year"] == 1949


def test_nobody_else_edits_a_draft_change(client, django_user_model, contributor, film):
    client.force_login(contributor)
    edit(client, film, "_draft", title="Red Shoes")
    draft = infos(film)[-1]
    client.force_login(another_contributor(django_user_model))
    page = client.get(change_url(film) + f"?draft={draft.revision_id}")
    assert page.context["adminform"].form["title"].value() == "The Red Shoes"
    assert "You are editing your draft change" not in page.content.decode()


@pytest.mark.parametrize("kind", ["person", "critic"])
def test_preview_of_a_person_or_a_critic(client, editor, kind):
    if kind == "person":
        obj = PersonFactory(name="Moira Shearer")
    else:  # a critic a published review shows: live, with a page
        obj = CriticFactory(name="Dilys Powell")
        CriticReviewFactory(critic=obj)
    client.force_login(editor)
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    data = form_data(client.get(url)) | {"name": f"{obj.name} (preview)", "_draft": "1"}
    assert client.post(url, data).status_code == 302
    draft = infos(obj)[-1]
    preview = reverse(
        f"admin:{opts.app_label}_{opts.model_name}_revision_preview",
        args=[obj.pk, draft.revision_id],
    )
    page = client.get(preview)
    assert page.status_code == 200
    assert f"{obj.name} (preview)" in page.content.decode()
    obj.refresh_from_db()
    assert "(preview)" not in obj.name
