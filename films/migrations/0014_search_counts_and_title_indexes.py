from django.db import migrations, models

from films import search


class Migration(migrations.Migration):
    """The films' review counts on their search entries, ordered by an index,
    and an index of titles per kind of entry (films.search): each rank of a
    search reads its rows in index order and stops at its limit."""

    dependencies = [
        ("films", "0013_search_entries"),
    ]

    operations = [
        # Nullable, so that SQLite adds the columns without rebuilding the
        # table (which would drop the FTS5 triggers, see films.search).
        migrations.AddField(
            model_name="searchentry",
            name="tomatometer_count",
            field=models.PositiveIntegerField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="audience_count",
            field=models.PositiveIntegerField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(
                condition=models.Q(("film__isnull", False)),
                fields=["-tomatometer_count", "-audience_count", "title", "film"],
                name="films_search_film_order",
            ),
        ),
        migrations.RunPython(
            search.add_counts_and_title_indexes, search.remove_title_indexes, elidable=False
        ),
    ]
