# FilmRedirect becomes content.SlugRedirect: one table of old slugs for films,
# people, critics and publications (filmsite.content.redirects).

from django.db import migrations


def film_type(apps, db):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.using(db).get_or_create(app_label="films", model="film")[0]


def to_slug_redirects(apps, schema_editor):
    db = schema_editor.connection.alias
    FilmRedirect = apps.get_model("films", "FilmRedirect")
    SlugRedirect = apps.get_model("content", "SlugRedirect")
    content_type = film_type(apps, db)
    SlugRedirect.objects.using(db).bulk_create(
        SlugRedirect(
            content_type=content_type,
            old_slug=redirect.old_slug,
            object_id=redirect.film_id,
            created_at=redirect.created_at,
        )
        for redirect in FilmRedirect.objects.using(db).iterator()
    )


def to_film_redirects(apps, schema_editor):
    db = schema_editor.connection.alias
    FilmRedirect = apps.get_model("films", "FilmRedirect")
    Film = apps.get_model("films", "Film")
    SlugRedirect = apps.get_model("content", "SlugRedirect")
    redirects = SlugRedirect.objects.using(db).filter(content_type=film_type(apps, db))
    films = set(Film.objects.using(db).values_list("pk", flat=True))
    FilmRedirect.objects.using(db).bulk_create(
        FilmRedirect(old_slug=r.old_slug, film_id=r.object_id)
        for r in redirects
        if r.object_id in films
    )
    redirects.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("content", "0003_slug_redirects"),
        ("films", "0018_publication_expiry"),
    ]

    operations = [
        migrations.RunPython(to_slug_redirects, to_film_redirects),
        migrations.DeleteModel(name="FilmRedirect"),
    ]
