from django.db import migrations


class Migration(migrations.Migration):
    """ChangeRecord and ContentVersion now belong to filmsite.content (its
    0001_initial): forget them here, in the state only; their tables are
    content's."""

    dependencies = [
        ("films", "0015_move_history_tables_to_content"),
        ("content", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ChangeRecord"),
                migrations.DeleteModel(name="ContentVersion"),
            ],
        ),
    ]
