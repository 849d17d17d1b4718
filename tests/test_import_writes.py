"""How the load stage writes: the names a document mentions are matched
ignoring case and created when missing, and a document's rows go in as few
INSERTs as the database allows (bulk_create), not one per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from films.importer.load import NameCache
from films.importer.load.matching import resolve_names
from films.importer.load.rows import LoadReport
from films.models import Credit, Film, Person

from . import factories as f
from .test_import_matching import run_import

pytestmark = pytest.mark.django_db


def resolve(names, cache=None):
    report = LoadReport(film=None, outcome="")
    found = resolve_names(Person, names, report, "people", cache or NameCache())
    return found, dict(report.counts["people"])


def test_a_name_on_the_site_in_another_case_is_reused_not_duplicated():
    ada = f.PersonFactory(name="Ada Lovelace")
    found, counts = resolve(["ADA LOVELACE", "Grace Hopper"])
    grace = Person.objects.get(name="Grace Hopper")
    assert found == {"ada lovelace": ada.pk, "grace hopper": grace.pk}
    assert counts == {"created": 1, "unchanged": 1}
    assert (grace.slug, grace.get_status_display()) == ("grace-hopper", "Draft")


def test_a_new_name_whose_slug_another_name_holds_gets_a_free_slug():
    f.PersonFactory(name="Jose Garcia", slug="jose-garcia")
    found, counts = resolve(["José García"])
    jose = Person.objects.get(name="José García")
    assert found == {"josé garcía": jose.pk}
    assert jose.slug == "jose-garcia-2"
    assert counts == {"created": 1}
    assert Person.objects.count() == 2


def test_new_names_are_looked_up_written_and_read_back_in_three_queries(
    django_assert_num_queries,
):
    names = [f"Person {n}" for n in range(50)]
    with django_assert_num_queries(3):
        found, _counts = resolve(names)
    assert sorted(found.values()) == sorted(Person.objects.values_list("pk", flat=True))
    assert len(found) == 50


def test_a_document_writes_its_credits_in_one_insert(rt_seed_path):
    with CaptureQueriesContext(connection) as queries:
        run_import(rt_seed_path)
    table = connection.ops.quote_name(Credit._meta.db_table)
    inserts = [q["sql"] for q in queries if q["sql"].startswith(f"INSERT INTO {table}")]
    film = Film.objects.get()
    assert len(inserts) == 1
    assert Credit.objects.filter(film=film).count() > 10
