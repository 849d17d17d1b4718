"""films.sql.insert writes what bulk_create() would: defaults, time stamps and
database preparation of every value, in statements of any size."""

import datetime

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from films.models import Credit, Person
from films.sql import insert

from . import factories as f

pytestmark = pytest.mark.django_db


def test_rows_get_defaults_time_stamps_and_prepared_values():
    before = timezone.now()
    published = datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.UTC)
    insert(
        Person,
        [
            {"name": "Ada Lovelace", "slug": "ada-lovelace"},
            {"name": "Émile Zola", "slug": "emile-zola", "status": "published",
             "published_at": published, "birth_date": datetime.date(1840, 4, 2)},
        ],
    )  # fmt: skip
    ada, emile = Person.objects.order_by("slug")
    assert (ada.name, ada.status, ada.birth_date, ada.biography) == (
        "Ada Lovelace", "draft", None, ""
    )  # fmt: skip
    assert ada.created_at >= before and ada.updated_at >= before
    assert (emile.name, emile.status, emile.published_at) == ("Émile Zola", "published", published)
    assert emile.birth_date == datetime.date(1840, 4, 2)


def test_an_unknown_field_is_an_error_not_a_silent_drop():
    with pytest.raises(TypeError, match="Person has no field nmae"):
        insert(Person, [{"nmae": "Typo", "slug": "typo"}])
    assert not Person.objects.exists()


def test_conflicts_fail_unless_ignored():
    f.PersonFactory(name="Taken Name", slug="taken-name")
    insert(Person, [{"name": "taken name", "slug": "other"}, {"name": "New", "slug": "new"}],
           ignore_conflicts=True)  # fmt: skip
    assert sorted(Person.objects.values_list("name", flat=True)) == ["New", "Taken Name"]
    with pytest.raises(IntegrityError):
        insert(Person, [{"name": "TAKEN NAME", "slug": "third"}])


def test_many_rows_go_in_as_few_statements_as_the_database_allows():
    film = f.FilmFactory()
    people = [f.PersonFactory() for _ in range(3)]
    rows = [
        {"film_id": film.pk, "person_id": people[n % 3].pk, "role": "cast",
         "character": f"Part {n}", "billing_order": n}
        for n in range(3)
    ]  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        insert(Credit, rows)
    assert len(queries) == 1
    assert sorted(Credit.objects.values_list("character", flat=True)) == [
        "Part 0", "Part 1", "Part 2"
    ]  # fmt: skip
    many = [{"name": f"Person {n}", "slug": f"person-{n}"} for n in range(2500)]
    with CaptureQueriesContext(connection) as queries:
        insert(Person, many)
    batch = connection.ops.bulk_batch_size(Person._meta.concrete_fields, many)
    assert len(queries) == -(-2500 // batch)
    assert Person.objects.filter(name__startswith="Person ").count() == 2500
