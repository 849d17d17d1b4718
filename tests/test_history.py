"""Every change by an editor or an import is recorded and shown on the
object in the admin; values edited by hand can be released to imports."""

import datetime
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from films.models import Film
from filmsite.content.models import ChangeRecord

from . import factories as f

pytestmark = pytest.mark.django_db
INLINES = [
    "credits", "company_roles", "release_dates", "watch_options", "reported_scores",
    "similar_entries", "facts", "critic_reviews", "audience_reviews",
]  # fmt: skip


def records(obj):
    content_type = ContentType.objects.get_for_model(type(obj))
    return list(ChangeRecord.objects.filter(content_type=content_type, object_id=obj.pk))


def import_rt(rt_seed_path, text=None, tmp_path=None):
    path = rt_seed_path
    if text is not None:
        path = tmp_path / "rt.txt"
        path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("import_sources", str(path), stdout=out)
    return out.getvalue()


def form_values(form):
    """What a browser posts for `form` as the admin renders it: split date and
    time widgets in two, times to the second as the time field shows them."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, datetime.datetime):  # a split date/time widget
            value = timezone.localtime(value) if timezone.is_aware(value) else value
            data[form.add_prefix(name) + "_0"] = value.date().isoformat()
            data[form.add_prefix(name) + "_1"] = value.time().isoformat("seconds")
        elif value is not None and name != "poster":
            data[form.add_prefix(name)] = value
    return data


def edit_in_admin(client, film, **changes):
    """Post the film's change form as the admin shows it, with `changes`."""
    page = client.get(reverse("admin:films_film_change", args=[film.pk]))
    data = form_values(page.context["adminform"].form)
    data["genres"] = [g.pk for g in film.genres.all()]
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{formset.formset.prefix}-{name}"] = management[name].value()
        for form in formset.formset.forms:
            data |= form_values(form)
    data |= changes
    response = client.post(reverse("admin:films_film_change", args=[film.pk]), data)
    if response.status_code != 302:
        errors = [response.context["adminform"].form.errors] + [
            formset.formset.errors for formset in response.context["inline_admin_formsets"]
        ]
        pytest.fail(f"admin refused the edit: {errors}")


def test_history_of_a_film_after_an_import_an_edit_and_a_reimport(
    editor_client, editor, tmp_path, rt_seed_path
):
    import_rt(rt_seed_path)
    film = Film.objects.get()
    created = records(film)
    assert [r.action for r in created] == ["imported", "created"]
    assert created[1].source_document.file_name.endswith("000_ea9deac0f6375b19.txt")
    assert "critic reviews: 6 created" in created[0].message

    edit_in_admin(editor_client, film, runtime_minutes="140")
    change = records(film)[0]
    assert (change.action, change.user) == ("changed", editor)
    assert change.changes["runtime_minutes"] == [133, 140]

    text = rt_seed_path.read_text(encoding="utf-8").replace("99% Tomatometer", "98% Tomatometer")
    import_rt(rt_seed_path, text, tmp_path)
    latest = records(film)[0]
    assert latest.action == "imported" and latest.user is None
    assert "kept by hand: Runtime (minutes)" in latest.message
    film.refresh_from_db()
    assert film.runtime_minutes == 140

    page = editor_client.get(reverse("admin:films_film_history", args=[film.pk])).content.decode()
    assert "import of " in page and "rt.txt</a>" in page
    assert "editor" in page
    assert "Runtime (minutes): 133 → 140" in " ".join(strip_tags(page).split())


def test_releasing_a_protected_value_lets_the_next_import_replace_it(editor_client, rt_seed_path):
    import_rt(rt_seed_path)
    film = Film.objects.get()
    film.runtime_minutes = 140
    film.save()
    change_page = editor_client.get(reverse("admin:films_film_change", args=[film.pk]))
    release_url = reverse("admin:films_film_release", args=[film.pk, "runtime_minutes"])
    assert release_url in change_page.content.decode()
    editor_client.post(release_url)
    released = records(film)[0]
    assert released.action == "released"
    assert released.message.startswith("Runtime (minutes): the next import may replace")
    import_rt(rt_seed_path)
    film.refresh_from_db()
    assert film.runtime_minutes == 133


def test_release_needs_a_post(editor_client):
    film = f.FilmFactory()
    url = reverse("admin:films_film_release", args=[film.pk, "runtime_minutes"])
    assert editor_client.get(url).status_code == 403


def test_review_changes_are_recorded_with_the_user(editor_client, editor):
    review = f.CriticReviewFactory(quote="Before.")
    url = reverse("admin:reviews_criticreview_changelist")
    editor_client.post(url, {"action": "mark_reviewed", "_selected_action": [review.pk]})
    review.quote = "After."
    review.save()
    assert records(review)[0].changes["quote"] == ["Before.", "After."]


def test_credit_changes_are_recorded_on_the_film():
    credit = f.CreditFactory(role="cast", character="Vicky")
    messages = [r.message for r in records(credit.film)]
    assert any("Credit added" in message for message in messages)
    credit.delete()
    assert "Credit removed" in records(credit.film)[0].message


def test_a_change_to_a_films_row_is_recorded_on_the_film_with_its_values(editor_client):
    # Whole seconds, as the admin's time field writes them back.
    score = f.ReportedScoreFactory(
        tomatometer=100, reported_at=timezone.now().replace(microsecond=0)
    )
    credit = f.CreditFactory(film=score.film, role="cast", character="Vicky")
    other = f.PersonFactory(name="Moira Shearer")
    edit_in_admin(
        editor_client,
        score.film,
        **{"reported_scores-0-tomatometer": "12", "credits-0-person": str(other.pk)},
    )
    changes = {}
    for record in records(score.film)[:2]:
        assert (record.action, record.user.username) == ("changed", "editor")
        changes[record.message.split(":")[0]] = record.changes
    assert changes["Reported score changed"] == {"tomatometer": [100, 12]}
    assert changes["Credit changed"] == {"person": [str(credit.person), "Moira Shearer"]}
    page = editor_client.get(reverse("admin:films_film_history", args=[score.film.pk]))
    assert "Tomatometer (%): 100 → 12" in " ".join(strip_tags(page.content.decode()).split())


def test_an_added_or_removed_row_is_recorded_with_its_values():
    fact = f.FilmFactFactory(label="Box Office (Gross USA)", value="$1.0M")
    added = records(fact.film)[0]
    assert added.message.startswith("Film fact added")
    assert added.changes == {
        "label": [None, "Box Office (Gross USA)"],
        "value": [None, "$1.0M"],
        "position": [None, 0],
    }
    fact.delete()
    removed = records(fact.film)[0]
    assert removed.message.startswith("Film fact removed")
    assert removed.changes["value"] == ["$1.0M", None]
