from django.db import migrations


class Migration(migrations.Migration):
    """ChangeRecord and ContentVersion move to filmsite.content (#14), rows
    and all. This step renames their tables only; the models stay in films'
    state until content's 0001_initial takes them over, and 0016 drops them
    from films' state. Index and constraint names are unchanged, so the
    database sees nothing but the renames (Django's documented recipe with
    SeparateDatabaseAndState)."""

    dependencies = [
        ("films", "0014_search_counts_and_title_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="changerecord", table="content_changerecord"),
                migrations.AlterModelTable(name="contentversion", table="content_contentversion"),
            ],
        ),
    ]
