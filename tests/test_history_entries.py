"""The history page reads as editors think (field labels, related rows by
name, choice labels, formatted dates, whole values); a save that changes
nothing records nothing; bulk actions record each row they change."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from films.models import Credit
from filmsite.content import history
from filmsite.content.models import ChangeRecord
from reviews.models import Critic, CriticReview

from . import factories as f
from .test_history import edit_in_admin, records

pytestmark = pytest.mark.django_db


def history_page(client, obj):
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def text(page):
    return " ".join(strip_tags(page).split())


def test_fields_show_their_labels_and_related_rows_their_names(editor_client):
    critic = f.CriticFactory(publication=f.PublicationFactory(name="Sight and Sound"))
    critic.publication = f.PublicationFactory(name="Empire")
    critic.is_top_critic = True
    critic.save()
    assert records(critic)[0].changes == {
        "publication": ["Sight and Sound", "Empire"],
        "is_top_critic": [False, True],
    }
    page = text(history_page(editor_client, critic))
    assert "Publication: Sight and Sound → Empire" in page
    assert "Top critic: No → Yes" in page
    assert "publication_id" not in page and "is_top_critic" not in page


def test_a_related_row_keeps_its_name_in_the_history_after_it_is_deleted(editor_client):
    old = f.PublicationFactory(name="Sight and Sound")
    critic = f.CriticFactory(publication=old)
    critic.publication = f.PublicationFactory(name="Empire")
    critic.save()
    old.delete()
    assert "Publication: Sight and Sound → Empire" in text(history_page(editor_client, critic))


def test_choices_show_their_labels_and_dates_the_sites_format(editor_client):
    review = f.CriticReviewFactory(sentiment="fresh", review_date=datetime.date(2020, 1, 1))
    review.sentiment = CriticReview.Sentiment.ROTTEN
    review.review_date = datetime.date(2021, 3, 5)
    review.save()
    page = text(history_page(editor_client, review))
    assert "Sentiment: Fresh → Rotten" in page
    assert "Review date: Jan. 1, 2020 → March 5, 2021" in page


def test_a_rows_changes_on_its_films_history_show_the_rows_labels(editor_client):
    credit = f.CreditFactory(role=Credit.Role.DIRECTOR)
    credit.role = Credit.Role.EXECUTIVE_PRODUCER
    credit.save()
    entry = records(credit.film)[0]
    assert entry.row_type == ContentType.objects.get_for_model(Credit)
    assert "Role: Director → Executive producer" in text(history_page(editor_client, credit.film))


def test_publication_times_are_formatted(editor_client):
    film = f.FilmFactory(draft=True)
    film.status = film.Status.PUBLISHED
    film.published_at = datetime.datetime(2027, 1, 15, 9, 30, tzinfo=datetime.UTC)
    film.save()
    assert "(empty) → Jan. 15, 2027, 9:30 a.m." in text(history_page(editor_client, film))


def test_long_values_are_shown_whole(editor_client):
    before, after = "An early word. " * 60, "A later word. " * 60
    review = f.CriticReviewFactory(quote=before)
    review.quote = after
    review.save()
    page = history_page(editor_client, review)
    assert before.strip() in page and after.strip() in page
    # Folded, as each is long: the quote it was created with, then both here.
    assert page.count('<details class="history-value">') == 3


def test_entries_recorded_by_id_are_named_with_a_fixed_number_of_queries(editor_client):
    critic = f.CriticFactory()
    kept, gone = f.PublicationFactory(name="Sight and Sound"), f.PublicationFactory()
    gone_id = gone.pk
    gone.delete()

    def add_entries(count):
        # As entries were recorded before related rows were stored by name.
        for _ in range(count):
            ChangeRecord.objects.create(
                content_type=ContentType.objects.get_for_model(Critic),
                object_id=critic.pk,
                object_repr=str(critic),
                action=ChangeRecord.Action.CHANGED,
                changes={"publication_id": [kept.pk, gone_id]},
            )

    add_entries(1)
    with CaptureQueriesContext(connection) as one:
        page = text(history_page(editor_client, critic))
    assert f"Publication: Sight and Sound → #{gone_id} (deleted)" in page
    add_entries(5)
    with CaptureQueriesContext(connection) as six:
        history_page(editor_client, critic)
    assert len(six) == len(one)


def test_saving_a_film_unchanged_in_the_admin_records_nothing(editor_client):
    # Times as the site writes them (timezone.now()), microseconds and all,
    # which the admin's time field does not show.
    published = timezone.now().replace(microsecond=123456) - datetime.timedelta(days=1)
    film = f.FilmFactory(published_at=published)
    f.ReportedScoreFactory(film=film, reported_at=published)
    before = len(records(film))
    edit_in_admin(editor_client, film)
    assert len(records(film)) == before
    film.refresh_from_db()
    assert film.published_at == published.replace(microsecond=0)


def test_saving_a_film_in_the_admin_records_only_what_changed(editor_client):
    film = f.FilmFactory(
        runtime_minutes=133,
        published_at=timezone.now().replace(microsecond=123456) - datetime.timedelta(days=1),
    )
    edit_in_admin(editor_client, film, runtime_minutes="140")
    assert records(film)[0].changes == {"runtime_minutes": [133, 140]}


def mark_reviewed(client, reviews):
    url = reverse("admin:reviews_criticreview_changelist")
    selected = [review.pk for review in reviews]
    return client.post(url, {"action": "mark_reviewed", "_selected_action": selected})


def test_marking_reviews_checked_records_each_review_it_changes(editor_client, editor):
    waiting = [f.CriticReviewFactory(needs_review=True) for _ in range(3)]
    checked = f.CriticReviewFactory(needs_review=False)
    ChangeRecord.objects.all().delete()
    mark_reviewed(editor_client, [*waiting, checked])
    assert not CriticReview.objects.filter(needs_review=True).exists()
    entries = ChangeRecord.objects.all()
    assert sorted(e.object_id for e in entries) == sorted(r.pk for r in waiting)
    for entry in entries:
        assert entry.user == editor and entry.action == ChangeRecord.Action.CHANGED
        assert entry.changes == {"needs_review": [True, False]}
        assert entry.object_repr == str(CriticReview.objects.get(pk=entry.object_id))
    page = text(history_page(editor_client, waiting[0]))
    assert "Marked as checked (action on the list)" in page
    assert "Needs review: Yes → No" in page


def test_marking_reviews_checked_takes_the_same_queries_for_more_reviews(editor_client):
    def timed(count):
        reviews = [f.CriticReviewFactory(needs_review=True) for _ in range(count)]
        with CaptureQueriesContext(connection) as queries:
            mark_reviewed(editor_client, reviews)
        return len(queries)

    assert timed(1) == timed(4)


def test_a_bulk_update_records_nothing_for_rows_it_does_not_change():
    review = f.CriticReviewFactory(needs_review=False)
    ChangeRecord.objects.all().delete()
    entries = history.record_update(CriticReview.objects.all(), {"needs_review": False})
    assert entries == [] and not ChangeRecord.objects.exists()
    review.refresh_from_db()
    assert review.needs_review is False


def test_publishing_films_records_each_with_the_same_queries_for_more_films(editor_client):
    def timed(count):
        films = [f.FilmFactory(draft=True) for _ in range(count)]
        url = reverse("admin:films_film_changelist")
        with CaptureQueriesContext(connection) as queries:
            editor_client.post(
                url, {"action": "publish", "_selected_action": [film.pk for film in films]}
            )
        entries = ChangeRecord.objects.filter(object_id__in=[film.pk for film in films])
        assert entries.filter(message__startswith="Published now").count() == count
        return len(queries)

    assert timed(1) == timed(4)
