"""The admin fits the work (#15 item 7): changelist columns, the film search over
credited people, the poster, sentiment and conflict filters, documents named by
file name, the grouped film form, and the dashboard on the index page. How wide
the pages are in a browser: tests/browser/test_admin_widths.py."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse
from django.utils import timezone

from films.models import Credit, Film
from filmsite.content import history, revisions
from filmsite.content.models import ChangeRecord, Publishable
from reviews.models import CriticReview

from . import factories as f

pytestmark = pytest.mark.django_db

SERVER_PATH = "/srv/filmsite/imports/2025-03/red_shoes.txt"


def changelist(name, query=""):
    return reverse(f"admin:{name}_changelist") + query


def result_rows(response):
    """The changelist's rows, as the text of each row's cells."""
    content = response.content.decode()
    body = content.split('<table id="result_list">', 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>", 1)[1], re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in rows]


def title(film_row):
    """A film row's title: the cell after the poster column ("—" when none)."""
    return film_row.removeprefix("—").split()[0]


# --- Critic review changelist -------------------------------------------------------


def test_critic_review_rows_put_byline_and_shortened_quote_in_one_column(editor_client):
    f.CriticReviewFactory(
        critic=f.CriticFactory(name="Pauline Kael"),
        publication=f.PublicationFactory(name="The New Yorker"),
        quote="A film of such lush romantic excess that " + "it dances on and on " * 10,
        sentiment=CriticReview.Sentiment.FRESH,
        score_text="4/4",
        needs_review=True,
    )
    response = editor_client.get(changelist("reviews_criticreview"))
    content = response.content.decode()
    assert "column-needs_review" in content
    [row] = result_rows(response)
    assert "Pauline Kael · The New Yorker A film of such lush romantic excess" in row
    assert "Fresh · 4/4" in row
    assert row.count("dances") < 10 and "…" in row


# --- Film search -------------------------------------------------------------------


def test_film_search_finds_films_by_a_credited_person_once_each(editor_client):
    kurosawa = f.PersonFactory(name="Akira Kurosawa")
    ran = f.FilmFactory(title="Ran")
    ikiru = f.FilmFactory(title="Ikiru")
    f.FilmFactory(title="Tokyo Story")
    # Director and writer of both: two matching credits per film.
    for film in (ran, ikiru):
        f.CreditFactory(film=film, person=kurosawa, role=Credit.Role.DIRECTOR)
        f.CreditFactory(film=film, person=kurosawa, role=Credit.Role.SCREENWRITER)
    response = editor_client.get(changelist("films_film", "?q=Kurosawa"))
    rows = result_rows(response)
    assert sorted(title(row) for row in rows) == ["Ikiru", "Ran"]
    assert "2 results" in response.content.decode()


# --- Filters -----------------------------------------------------------------------


def test_films_filter_by_poster(editor_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    f.FilmFactory(title="Postered", poster="posters/postered.jpg")
    f.FilmFactory(title="Bare")
    without = result_rows(editor_client.get(changelist("films_film", "?poster=without")))
    with_poster = result_rows(editor_client.get(changelist("films_film", "?poster=with")))
    assert [title(row) for row in without] == ["Bare"]
    assert [title(row) for row in with_poster] == ["Postered"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("fresh", "Fresh quote"), ("rotten", "Rotten quote"), ("none", "Unsure quote")],
)
def test_critic_reviews_filter_by_sentiment_including_none(editor_client, value, expected):
    f.CriticReviewFactory(quote="Fresh quote", sentiment=CriticReview.Sentiment.FRESH)
    f.CriticReviewFactory(quote="Rotten quote", sentiment=CriticReview.Sentiment.ROTTEN)
    f.CriticReviewFactory(quote="Unsure quote", sentiment="")
    response = editor_client.get(changelist("reviews_criticreview", f"?sentiment={value}"))
    [row] = result_rows(response)
    assert expected in row
    assert "No sentiment" in response.content.decode()


def test_source_documents_filter_by_conflicts(editor_client):
    f.SourceDocumentFactory(file_name="clean.txt")
    f.SourceDocumentFactory(file_name="clash.txt", conflicts=["runtime: kept 140 (edited)"])
    clashing = result_rows(editor_client.get(changelist("films_sourcedocument", "?conflicts=with")))
    clean = result_rows(editor_client.get(changelist("films_sourcedocument", "?conflicts=without")))
    assert [row.split(" ")[0] for row in clashing] == ["clash.txt"]
    assert [row.split(" ")[0] for row in clean] == ["clean.txt"]


# --- Documents by file name ------------------------------------------------------------


@pytest.fixture
def imported_film():
    """A film, a credit and a review imported from a document the command line
    recorded with its server path, and a history entry of that import."""
    document = f.SourceDocumentFactory(file_name=SERVER_PATH)
    film = f.FilmFactory(title="The Red Shoes")
    document.film = film
    document.save()
    f.CreditFactory(film=film, source_document=document)
    f.CriticReviewFactory(film=film, source_document=document)
    history.record(film, ChangeRecord.Action.CHANGED, {"synopsis": ["a", "b"]}, document=document)
    return film


def shows_file_name_only(response):
    content = response.content.decode()
    return response.status_code == 200 and "red_shoes.txt" in content and "/srv/" not in content


def test_document_changelist_and_page_show_the_file_name(editor_client, imported_film):
    document = imported_film.source_documents.get()
    assert shows_file_name_only(editor_client.get(changelist("films_sourcedocument")))
    page = reverse("admin:films_sourcedocument_change", args=[document.pk])
    assert shows_file_name_only(editor_client.get(page))


def test_film_page_and_history_show_the_file_name(editor_client, imported_film):
    page = editor_client.get(reverse("admin:films_film_change", args=[imported_film.pk]))
    assert shows_file_name_only(page)
    assert "field-source" in page.content.decode()  # the credit's source column
    history_page = reverse("admin:films_film_history", args=[imported_film.pk])
    response = editor_client.get(history_page)
    assert shows_file_name_only(response)
    assert "import of red_shoes.txt" in response.content.decode()


def test_critic_review_page_and_filter_show_the_file_name(editor_client, imported_film):
    review = imported_film.critic_reviews.get()
    page = reverse("admin:reviews_criticreview_change", args=[review.pk])
    assert shows_file_name_only(editor_client.get(page))
    assert shows_file_name_only(editor_client.get(changelist("reviews_criticreview")))


# --- Index and film form -------------------------------------------------------------


JOIN_TABLES = [
    ("films", "credit"),
    ("films", "filmcompany"),
    ("films", "releasedate"),
    ("films", "watchoption"),
    ("films", "similarfilm"),
    ("films", "filmfact"),
    ("reviews", "reportedscore"),
]


def test_the_index_lists_no_join_table(editor_client):
    content = editor_client.get(reverse("admin:index")).content.decode()
    for label in ["Film facts", "Watch options", "Credits", "Film companies", "Release dates"]:
        assert f">{label}<" not in content
    for app, model in JOIN_TABLES:
        assert f"/admin/{app}/{model}/" not in content
    assert ">Films<" in content and ">Critic reviews<" in content


def test_the_film_form_is_grouped_with_rare_sections_collapsed(editor_client):
    film = f.FilmFactory()
    content = editor_client.get(reverse("admin:films_film_change", args=[film.pk])).content
    content = content.decode()
    headings = re.findall(r'<h2 id="[^"]*-heading" class="fieldset-heading">([^<]+)</h2>', content)
    assert headings[:7] == [
        "Basics",
        "Publishing",
        "Text",
        "Poster",
        "Reviews",
        "Scores",
        "Links and identifiers",
    ]
    collapsed = re.findall(r"<details>\s*<summary>\s*<h2[^>]*>\s*([^<]+?)\s*</h2>", content)
    assert {"Scores", "Sources", "Record"} <= set(collapsed)
    assert {"Release dates", "Film companies", "Similar films", "Film facts"} <= {
        name.strip() for name in re.findall(r"<details>\s*<summary>[^<]*<h2[^>]*>([^<]+)", content)
    } | set(collapsed)
    assert 'id="id_genres"' in content and "admin-autocomplete" in content


# --- Dashboard -----------------------------------------------------------------------


def dashboard(response):
    """{label: (count, url)} from the index page's dashboard."""
    content = response.content.decode()
    table = content.split('<div class="module" id="dashboard">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(
        r'<th scope="row"><a href="([^"]+)">([^<]+)</a></th>\s*<td><a href="[^"]+">([^<]+)</a>',
        table,
    )
    return {label: (count, url.replace("&amp;", "&")) for url, label, count in rows}


@pytest.fixture
def waiting_work(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    f.FilmFactory(draft=True)
    f.FilmFactory(draft=True, poster="posters/x.jpg")
    live = f.FilmFactory(poster="posters/y.jpg")
    author = User.objects.create_user("author", is_staff=True)
    revisions.save_draft(live, revisions.capture(live), author, submit=True)
    f.PersonFactory(status=Publishable.Status.DRAFT, published_at=None)
    later = timezone.now() + datetime.timedelta(days=1)
    f.FilmFactory(published_at=later, poster="posters/z.jpg")  # scheduled
    f.PersonFactory(published_at=later)
    # Taken down after going live: Unpublished, not a draft waiting for work.
    gone = f.FilmFactory(poster="posters/w.jpg")
    gone.status = Publishable.Status.DRAFT
    gone.save()
    f.CriticReviewFactory(needs_review=True)
    f.CriticReviewFactory(needs_review=False)
    f.SourceDocumentFactory(conflicts=["runtime: kept 140 (edited)"])
    f.SourceDocumentFactory()
    bad = {"file": "empty.txt", "reason": "empty document"}
    f.ImportRunFactory(failures=[bad])
    f.ImportRunFactory()
    f.ImportRunFactory(failures=[bad], days_ago=8)  # no longer recent


def test_the_dashboard_counts_what_waits_for_editors(editor_client, waiting_work):
    counts = dashboard(editor_client.get(reverse("admin:index")))
    assert {label: count for label, (count, _url) in counts.items()} == {
        "Draft films": "2",
        "Scheduled films": "1",
        "Draft people": "1",
        "Scheduled people": "1",
        "Changes awaiting review": "1",
        "Critic reviews that need review": "1",
        "Imported documents with conflicts": "1",
        "Recent imports with failures": "1",
        # The films of the reviews have none either.
        "Films without a poster": str(Film.objects.filter(poster="").count()),
    }


@pytest.mark.parametrize(
    ("label", "noun"),
    [
        ("Draft films", "film"),
        ("Scheduled films", "film"),
        ("Draft people", "person"),
        ("Scheduled people", "person"),
        ("Changes awaiting review", "revision"),
        ("Critic reviews that need review", "critic review"),
        ("Imported documents with conflicts", "source document"),
        ("Recent imports with failures", "import run"),
        ("Films without a poster", "film"),
    ],
)
def test_each_dashboard_count_links_to_its_rows(editor_client, waiting_work, label, noun):
    count, url = dashboard(editor_client.get(reverse("admin:index")))[label]
    response = editor_client.get(url)
    assert response.status_code == 200
    assert len(result_rows(response)) == int(count)
    assert re.search(rf"{count} {noun}", response.content.decode())


def test_the_dashboard_costs_a_fixed_number_of_queries(
    editor_client, waiting_work, django_assert_num_queries
):
    editor_client.get(reverse("admin:index"))  # the session's first use
    # Session, user, the user's and the group's permissions, the admin log;
    # then the dashboard: films (drafts and no poster in one), people,
    # changes awaiting review, reviews, documents, import runs.
    with django_assert_num_queries(11):
        editor_client.get(reverse("admin:index"))
    for _ in range(5):
        f.FilmFactory(draft=True)
        f.CriticReviewFactory(needs_review=True)
        f.ImportRunFactory(failures=[{"file": "empty.txt", "reason": "empty document"}])
    with django_assert_num_queries(11):
        editor_client.get(reverse("admin:index"))


def test_the_dashboard_shows_only_what_the_user_may_view(client, django_user_model, waiting_work):
    user = django_user_model.objects.create_user(username="film-viewer", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_film"))
    client.force_login(user)
    counts = dashboard(client.get(reverse("admin:index")))
    assert set(counts) == {"Draft films", "Scheduled films", "Films without a poster"}


def test_a_contributor_sees_their_own_changes_on_the_dashboard(
    client, django_user_model, waiting_work
):
    contributor = django_user_model.objects.create_user("mine", is_staff=True)
    contributor.groups.add(Group.objects.get(name="Contributors"))
    film = f.FilmFactory()
    info = revisions.save_draft(film, revisions.capture(film), contributor, submit=True)
    client.force_login(contributor)
    counts = dashboard(client.get(reverse("admin:index")))
    # Only theirs awaits (not the author's in waiting_work); none is rejected yet.
    assert counts["Changes awaiting review"][0] == "1"
    assert counts["Your rejected changes"][0] == "0"
    assert info.state == "awaiting"
