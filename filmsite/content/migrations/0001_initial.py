import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MOVED = ["changerecord", "contentversion"]


def move_content_types(apps, schema_editor):
    """The models' content types (and so the permissions granted on them)
    follow them from films to content. A database migrated from scratch has
    none yet: post_migrate creates them later."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    taken = set(
        ContentType.objects.using(db)
        .filter(app_label="content", model__in=MOVED)
        .values_list("model", flat=True)
    )
    ContentType.objects.using(db).filter(
        app_label="films", model__in=set(MOVED) - taken
    ).update(app_label="content")


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(schema_editor.connection.alias).filter(
        app_label="content", model__in=MOVED
    ).update(app_label="films")


class Migration(migrations.Migration):
    """ChangeRecord and ContentVersion, moved here from films with their rows:
    films' 0015 renamed their tables to these models' default names, so this
    creates them in the state only (SeparateDatabaseAndState)."""

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("films", "0015_move_history_tables_to_content"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ContentVersion",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("version", models.PositiveBigIntegerField(default=0)),
                    ],
                    options={
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("pk", 1)),
                                name="films_contentversion_single_row",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ChangeRecord",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("object_id", models.PositiveBigIntegerField()),
                        ("object_repr", models.CharField(max_length=200)),
                        (
                            "action",
                            models.CharField(
                                choices=[
                                    ("created", "Created"),
                                    ("changed", "Changed"),
                                    ("deleted", "Deleted"),
                                    ("imported", "Imported"),
                                    ("merged", "Merged"),
                                    ("released", "Released to imports"),
                                ],
                                max_length=20,
                            ),
                        ),
                        (
                            "changes",
                            models.JSONField(
                                blank=True, default=dict, help_text="field: [before, after]"
                            ),
                        ),
                        ("message", models.TextField(blank=True)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "content_type",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="contenttypes.contenttype",
                            ),
                        ),
                        (
                            "source_document",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="films.sourcedocument",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["-created_at", "-id"],
                        "indexes": [
                            models.Index(
                                fields=["content_type", "object_id", "-created_at"],
                                name="films_change_object_idx",
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
