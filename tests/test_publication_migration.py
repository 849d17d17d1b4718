"""The expiry migration (#15 item 3) gives existing rows the state they had:
a film taken down by the old "unpublish" action (a draft that kept its past
publication time) reads as Unpublished, not as a never-published Draft."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from films.models import Film

BEFORE_EXPIRY = [
    ("films", "0017_duplicate_names_in_words"),
    ("reviews", "0007_duplicate_names_in_words"),
]


def migrate_to(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


# serialized_rollback: as tests/test_content_migration.py says.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_films_keep_the_state_they_had():
    now = timezone.now()
    rows = {
        "live": ("published", now - datetime.timedelta(days=2)),
        "scheduled": ("published", now + datetime.timedelta(days=2)),
        "taken-down": ("draft", now - datetime.timedelta(days=2)),
        "never": ("draft", None),
    }
    try:
        OldFilm = migrate_to(BEFORE_EXPIRY).get_model("films", "Film")
        for slug, (status, published_at) in rows.items():
            OldFilm.objects.create(title=slug, slug=slug, status=status, published_at=published_at)
    finally:
        call_command("migrate", verbosity=0)
    states = {film.slug: film.publication_state for film in Film.objects.all()}
    assert states == {
        "live": Film.State.PUBLISHED,
        "scheduled": Film.State.SCHEDULED,
        "taken-down": Film.State.UNPUBLISHED,
        "never": Film.State.DRAFT,
    }
