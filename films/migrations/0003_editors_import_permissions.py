"""Give the Editors group the permissions on source documents, added with
the importer (the group's own migration predates the model)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("films")
    app_config.models_module = True  # migration app configs are stubs; see reviews 0002
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="films", content_type__model="sourcedocument"
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("films", "0002_import_provenance"),
        ("reviews", "0002_editors_group"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
