"""The site search (films.search): ranking, accents, people, critics and
publications, drafts, and the entries following every write path. Runs on
SQLite (FTS5) and PostgreSQL (full-text and trigram); only typo matching is
PostgreSQL's alone."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from films import search
from films.merging import merge
from films.models import Credit, Film, Person
from reviews import merging as review_merging
from reviews.models import Critic, Publication

from .factories import (
    CreditFactory,
    CriticFactory,
    CriticReviewFactory,
    FilmFactory,
    PersonFactory,
    PublicationFactory,
)
from .test_import import run_import

pytestmark = pytest.mark.django_db


def titles(q, user=None):
    found = search.films(q, user)
    by_pk = Film.objects.in_bulk(found)
    return [by_pk[pk].title for pk in found]


def names(pks, model):
    by_pk = model.objects.in_bulk(pks)
    return [by_pk[pk].name for pk in pks]


# --- Ranking ---------------------------------------------------------------------------


def test_ranking_prefix_title_then_title_word_then_people_then_synopsis():
    """Created in the reverse of the expected order, each better known than
    the one ranked above it: only relevance can put them in order."""
    by_synopsis = FilmFactory(
        title="Harbour Lights", synopsis="A storm hits the harbour.", tomatometer_count=400
    )
    by_consensus = FilmFactory(
        title="Quiet Hours", critics_consensus="A storm of a film.", tomatometer_count=300
    )
    by_person = FilmFactory(title="Night Train", tomatometer_count=200)
    CreditFactory(film=by_person, person=PersonFactory(name="Jean Storm"))
    title_word = FilmFactory(title="The Perfect Storm", tomatometer_count=100)
    prefix = FilmFactory(title="Storm Warning", tomatometer_count=1)

    assert titles("storm") == [
        prefix.title,
        title_word.title,
        by_person.title,
        by_synopsis.title,  # more reviews than by_consensus: same rank
        by_consensus.title,
    ]


def test_equal_relevance_ranks_better_known_films_first():
    FilmFactory(title="Red River", tomatometer_count=3)
    FilmFactory(title="The Red Line", tomatometer_count=50)
    FilmFactory(title="Big Red One", tomatometer_count=10, audience_count=5)
    FilmFactory(title="Seeing Red", tomatometer_count=10, audience_count=90)

    assert titles("red") == ["Red River", "The Red Line", "Seeing Red", "Big Red One"]


def test_a_new_review_reorders_films_of_equal_relevance_at_once():
    # The search orders by its own copy of the review counts (reviews.scores).
    FilmFactory(title="Red River", tomatometer_count=0)
    reviewed = FilmFactory(title="Red Zone", tomatometer_count=0)
    CriticReviewFactory(film=reviewed, sentiment="fresh")

    assert titles("red") == ["Red Zone", "Red River"]


def test_the_results_page_counts_every_match_beyond_those_shown(client):
    for n in range(14):
        FilmFactory(title=f"Comet {n}", synopsis="An invented story.")
    for n in range(3):
        FilmFactory(title=f"Other {n}", synopsis="A comet passes.")

    response = client.get(reverse("films:search"), {"q": "comet"})

    assert response.context_data["film_count"] == 17
    assert not response.context_data["films_capped"]


def test_an_exact_title_beats_a_better_known_title_that_contains_it():
    FilmFactory(title="Alien", tomatometer_count=1)
    FilmFactory(title="Aliens", tomatometer_count=900)
    FilmFactory(title="Alien Nation", tomatometer_count=500)

    assert titles("Alien")[0] == "Alien"
    assert set(titles("Alien")) == {"Alien", "Aliens", "Alien Nation"}


def test_every_word_must_match_and_the_last_may_be_a_prefix():
    FilmFactory(title="The Red Shoes")
    FilmFactory(title="Red Dawn")
    FilmFactory(title="Blue Shoes")

    assert titles("red shoes") == ["The Red Shoes"]
    assert titles("red sho") == ["The Red Shoes"]
    assert titles("shoes") == ["Blue Shoes", "The Red Shoes"]


def test_a_single_letter_is_a_word_not_a_prefix():
    FilmFactory(title="A Star Is Born")
    FilmFactory(title="Apocalypse Now")

    assert titles("a") == ["A Star Is Born"]
    assert titles("ap") == ["Apocalypse Now"]


# --- Accents and case ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "query"),
    [
        ("Pedro Almodóvar", "almodovar"),
        ("Pedro Almodovar", "ALMODÓVAR"),
        ("Björk", "bjork"),
        ("Bjork", "Björk"),
    ],
)
def test_accents_and_case_never_matter_for_people(stored, query):
    person = PersonFactory(name=stored)
    film = FilmFactory(title="Volver")
    CreditFactory(film=film, person=person)

    assert search.people(query) == [person.pk]
    assert search.films(query) == [film.pk]


@pytest.mark.parametrize(("stored", "query"), [("Amélie", "amelie"), ("AMELIE", "Amélie")])
def test_accents_and_case_never_matter_for_titles(stored, query):
    film = FilmFactory(title=stored)

    assert search.films(query) == [film.pk]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="typo matching is pg_trgm's: SQLite's FTS5 has no similarity search",
)
def test_postgresql_finds_a_title_or_name_with_a_one_letter_typo():
    film = FilmFactory(title="The Shawshank Redemption", tomatometer_count=900)
    person = PersonFactory(name="Pedro Almodóvar")

    assert search.films("shawshenk") == [film.pk]
    assert search.films("redemptoin") == [film.pk]
    assert search.people("almodobar") == [person.pk]
    # Exact matches only when there are some: no similar titles beside them.
    exact = FilmFactory(title="Shawshenk Diaries")
    assert search.films("shawshenk") == [exact.pk]


# --- People, critics and publications --------------------------------------------------


def test_people_critics_and_publications_are_found_by_name():
    person = PersonFactory(name="Agnès Varda")
    PersonFactory(name="Jacques Demy")
    critic = CriticFactory(name="Pauline Kael")
    publication = PublicationFactory(name="Cahiers du Cinéma")

    assert search.people("varda") == [person.pk]
    assert search.critics("kael") == [critic.pk]
    assert search.publications("cahiers cinema") == [publication.pk]
    assert search.critics("varda") == search.publications("varda") == []


def test_people_prefix_names_first():
    later = PersonFactory(name="Anna Karina")
    first = PersonFactory(name="Karin Dor")

    assert search.people("karin") == [first.pk, later.pk]


# --- Drafts ------------------------------------------------------------------------------


def test_drafts_and_scheduled_items_are_hidden_from_visitors_and_shown_to_editors(editor):
    FilmFactory(title="Storm Draft", draft=True)
    FilmFactory(title="Storm Scheduled", published_at=timezone.now() + datetime.timedelta(days=1))
    FilmFactory(title="Storm Live")
    hidden = PersonFactory(name="Storm Person", status="draft", published_at=None)

    assert titles("storm") == ["Storm Live"]
    assert search.people("storm") == []
    assert sorted(titles("storm", editor)) == ["Storm Draft", "Storm Live", "Storm Scheduled"]
    assert search.people("storm", editor) == [hidden.pk]


# --- Kept current on every write path --------------------------------------------------


def test_a_film_edit_is_searchable_at_once():
    film = FilmFactory(title="Working Title")
    film.title = "Final Cut"
    film.synopsis = "A heist in Lisbon."
    film.save()

    assert search.films("final cut") == [film.pk]
    assert search.films("lisbon") == [film.pk]
    assert search.films("working") == []


def test_a_renamed_person_finds_their_films_by_the_new_name_only():
    person = PersonFactory(name="Old Name")
    film = FilmFactory(title="Some Film")
    CreditFactory(film=film, person=person)
    person.name = "Nouveau Nom"
    person.save()

    assert search.films("nouveau") == [film.pk]
    assert search.films("old name") == []
    assert search.people("nouveau") == [person.pk]


def test_credits_added_and_removed_follow_at_once():
    film = FilmFactory(title="Some Film")
    credit = CreditFactory(film=film, person=PersonFactory(name="Zelda Quill"))
    assert search.films("quill") == [film.pk]

    credit.delete()
    assert search.films("quill") == []


def test_deleting_a_film_or_person_removes_it_from_search():
    film = FilmFactory(title="Doomed Film")
    person = PersonFactory(name="Doomed Person")
    CreditFactory(film=film, person=person)
    film.delete()
    assert search.films("doomed") == []
    assert search.people("doomed") == [person.pk]

    person.delete()
    assert search.people("doomed") == []


def test_publish_and_unpublish_in_the_admin_follow_at_once(editor_client):
    film = FilmFactory(title="Toggle Film", draft=True)
    changelist = reverse("admin:films_film_changelist")
    assert search.films("toggle") == []

    response = editor_client.post(
        changelist, {"action": "publish", "_selected_action": [film.pk]}, follow=True
    )
    assert response.status_code == 200
    assert search.films("toggle") == [film.pk]

    editor_client.post(changelist, {"action": "unpublish", "_selected_action": [film.pk]})
    assert search.films("toggle") == []


def test_an_admin_edit_follows_at_once(editor_client):
    critic = CriticFactory(name="Roger Plume")
    url = reverse("admin:reviews_critic_change", args=[critic.pk])
    response = editor_client.post(url, {"name": "Roger Quillfeather", "slug": critic.slug})
    assert response.status_code == 302, response.content.decode()[:2000]

    assert search.critics("quillfeather") == [critic.pk]
    assert search.critics("plume") == []


def test_merging_people_keeps_the_films_findable_by_the_name_kept():
    kept = PersonFactory(name="Ingrid Bergman")
    duplicate = PersonFactory(name="Ingrid Bergmann")
    film = FilmFactory(title="Casablanca")
    CreditFactory(film=film, person=duplicate)

    merge(kept, [duplicate])

    assert search.people("ingrid") == [kept.pk]
    assert search.films("bergman") == [film.pk]
    assert search.films("bergmann") == []


def test_merging_films_leaves_one_result():
    kept = FilmFactory(title="Metropolis")
    duplicate = FilmFactory(title="Metropolis (restored)")
    CreditFactory(film=duplicate, person=PersonFactory(name="Fritz Lang"))

    merge(kept, [duplicate])

    assert search.films("metropolis") == [kept.pk]
    assert search.films("lang") == [kept.pk]


def test_merging_critics_and_publications_leaves_the_one_kept():
    critic, critic_dup = CriticFactory(name="Ann Hornaday"), CriticFactory(name="A. Hornaday")
    pub, pub_dup = PublicationFactory(name="Sight and Sound"), PublicationFactory(name="S&S")
    CriticReviewFactory(critic=critic_dup, publication=pub_dup)

    review_merging.merge(critic, [critic_dup])
    review_merging.merge(pub, [pub_dup])

    assert search.critics("hornaday") == [critic.pk]
    assert search.publications("sight") == [pub.pk]
    assert search.publications("s s") == []


def test_an_import_makes_the_film_its_people_critics_and_publications_searchable(
    rt_seed_path, review_site_seed_path
):
    run_import(rt_seed_path, review_site_seed_path, publish=True)
    film = Film.objects.get()

    assert search.films("red shoes") == [film.pk]
    assert search.films("shearer") == [film.pk]  # a credited actor
    assert names(search.people("pressburger"), Person) == ["Emeric Pressburger"]
    assert names(search.critics("cline"), Critic) == ["Rich Cline"]
    assert names(search.publications("seventh art"), Publication) == ["Seventh Art Studio"]


def test_imported_drafts_stay_hidden_until_published(rt_seed_path):
    run_import(rt_seed_path)
    assert search.films("red shoes") == []
    Film.objects.update(status="published", published_at=timezone.now())
    assert search.films("red shoes") == [Film.objects.get().pk]


def test_every_row_has_one_entry_after_imports_and_edits(rt_seed_path, review_site_seed_path):
    run_import(rt_seed_path, review_site_seed_path, publish=True)
    Person.objects.get(name="Moira Shearer").save()
    from films.models import SearchEntry

    assert SearchEntry.objects.filter(film__isnull=False).count() == Film.objects.count()
    assert SearchEntry.objects.filter(person__isnull=False).count() == Person.objects.count()
    assert SearchEntry.objects.filter(critic__isnull=False).count() == Critic.objects.count()
    assert (
        SearchEntry.objects.filter(publication__isnull=False).count() == Publication.objects.count()
    )
    assert Credit.objects.exists()


# --- The results page --------------------------------------------------------------------


def test_the_header_search_leads_to_the_results_page(client):
    FilmFactory(title="Some Film")
    body = client.get("/").content.decode()
    assert f'action="{reverse("films:search")}"' in body


def test_the_results_page_links_films_people_critics_and_publications(client):
    film = FilmFactory(title="Orlando")
    person = PersonFactory(name="Orlando Bloom")
    critic = CriticFactory(name="Orlando Critic")
    publication = PublicationFactory(name="Orlando Weekly")
    FilmFactory(title="Unrelated")

    response = client.get(reverse("films:search"), {"q": "orlando"})
    body = response.content.decode()

    assert response.status_code == 200
    for obj in (film, person, critic, publication):
        assert f'href="{obj.get_absolute_url()}"' in body
    assert "Unrelated" not in body
    assert '<h2 id="films-heading">Films <span class="muted">(1)</span></h2>' in body
    assert '<h2 id="people-heading">People <span class="muted">(1)</span></h2>' in body
    assert 'value="orlando"' in body  # the search box keeps the words


def test_the_results_page_hides_drafts_from_visitors_only(editor_client):
    FilmFactory(title="Secret Project", draft=True)
    PersonFactory(name="Secret Agent", status="draft", published_at=None)
    url = reverse("films:search") + "?q=secret"

    visitor = Client().get(url).content.decode()
    assert "Secret Project" not in visitor and "Secret Agent" not in visitor
    assert "No films match" in visitor

    editor = editor_client.get(url).content.decode()
    assert "Secret Project" in editor and "Secret Agent" in editor


def test_the_results_page_caps_films_and_links_the_whole_list(client):
    for n in range(15):
        FilmFactory(title=f"Nebula {n}", tomatometer_count=n)

    response = client.get(reverse("films:search"), {"q": "nebula"})
    body = response.content.decode()

    assert len(response.context_data["films"]) == 12
    assert response.context_data["films"][0].title == "Nebula 14"  # best known first
    assert f'href="{reverse("films:film-list")}?q=nebula"' in body
    assert "All 15 films matching" in body


def test_the_film_list_search_orders_by_relevance_by_default(client):
    FilmFactory(title="The Storm Inside", tomatometer_count=90, tomatometer=99)
    FilmFactory(title="Storm", tomatometer_count=1, tomatometer=10)

    response = client.get(reverse("films:film-list"), {"q": "storm"})
    assert [film.title for film in response.context_data["films"]] == ["Storm", "The Storm Inside"]
    assert response.context_data["filter"].form["ordering"].value() == "relevance"

    by_score = client.get(reverse("films:film-list"), {"q": "storm", "ordering": "-tomatometer"})
    titles_by_score = [film.title for film in by_score.context_data["films"]]
    assert titles_by_score == ["The Storm Inside", "Storm"]


def test_the_film_list_search_finds_people_without_accents(client):
    film = FilmFactory(title="Hable con ella")
    CreditFactory(film=film, person=PersonFactory(name="Pedro Almodóvar"))

    response = client.get(reverse("films:film-list"), {"q": "almodovar"})
    assert [f.pk for f in response.context_data["films"]] == [film.pk]


def test_the_rebuild_command_restores_entries_written_around():
    from io import StringIO

    from django.core.management import call_command

    from films.models import SearchEntry

    film = FilmFactory(title="Lost Entry")
    SearchEntry.objects.all().delete()
    assert search.films("lost") == []

    call_command("rebuild_search_index", stdout=StringIO())
    assert search.films("lost") == [film.pk]
