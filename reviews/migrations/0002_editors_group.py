"""Create the "Editors" group: every permission on content (films and
reviews apps), none on users, groups or settings."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT_APPS = ["films", "reviews"]


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after all migrations ran; create them
    # now so the group can be given them in this migration.
    # Migration app configs are stubs without models_module, which
    # create_permissions checks; mark them as having models for the call.
    for app_label in CONTENT_APPS:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=CONTENT_APPS)
    )


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("films", "0001_initial"),
        ("reviews", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
