"""Moving ChangeRecord and ContentVersion from films to filmsite.content
(#14) keeps their rows: a database migrated before the move reads the same
history and version after it."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from filmsite.content.models import ChangeRecord, ContentVersion

BEFORE_THE_MOVE = [("films", "0014_search_counts_and_title_indexes"), ("content", None)]


def migrate_to(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1]]).apps


# serialized_rollback: as tests/test_health_check.py says, so that the flush after
# it leaves the content types to the next serialized_rollback test.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_history_and_content_version_keep_their_rows_across_the_move():
    try:
        old = migrate_to(BEFORE_THE_MOVE)
        OldRecord = old.get_model("films", "ChangeRecord")
        OldVersion = old.get_model("films", "ContentVersion")
        ContentType = old.get_model("contenttypes", "ContentType")
        film_type, _ = ContentType.objects.get_or_create(app_label="films", model="film")
        OldRecord.objects.create(
            content_type=film_type, object_id=7, object_repr="The Red Shoes", action="changed"
        )
        OldVersion.objects.create(pk=1, version=41)
    finally:
        call_command("migrate", verbosity=0)
    record = ChangeRecord.objects.get()
    assert (record.object_repr, record.action, record.content_type.model) == (
        "The Red Shoes",
        ChangeRecord.Action.CHANGED,
        "film",
    )
    assert ContentVersion.current() == 41
    ContentVersion.bump()
    assert ContentVersion.current() == 42
