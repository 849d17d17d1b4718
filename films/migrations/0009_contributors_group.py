"""Create the "Contributors" group. Its permissions (add, change and view
content; no delete, publish, merge or import) are kept in step with the
models by films.signals.grant_role_permissions after every migrate."""

from django.db import migrations


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="Contributors")


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Contributors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("films", "0008_publish_permissions"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
