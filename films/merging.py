"""Merging duplicate people and films (filmsite.content.merging has the
steps every merge shares; reviews.merging merges critics and publications).

A person's credits move to the person kept. A film's rows all move to the
film kept: its own parts below, and those other apps register (reviews).
Either way the duplicate's address redirects to the one kept.
"""

from django.db import transaction

from filmsite.content import merging
from filmsite.content.merging import Part
from reviews.scores import refresh_scores

from . import search
from .images import delete_image
from .models import (
    Credit,
    Film,
    FilmCompany,
    FilmFact,
    Person,
    ReleaseDate,
    SimilarFilm,
    SourceDocument,
    WatchOption,
)

# The rows that belong to a film, each with its unique key besides the film.
FILM_PARTS = {
    Credit: ["person", "role"],
    FilmCompany: ["company", "kind"],
    ReleaseDate: ["kind", "date", "region"],
    WatchOption: ["provider", "offer_type"],
    SimilarFilm: ["title"],
    FilmFact: ["label"],
}


def register_film_parts(parts):
    """Other apps' rows that belong to a film, as FILM_PARTS ({model: key})."""
    FILM_PARTS.update(parts)


def describe_credit(credit):
    """A person's credit as the merge page lists it: "Film (year) — role, character"."""
    words = credit.get_role_display()
    if credit.character:
        words += f", {credit.character}"
    return f"{credit.film} — {words}"


class ImageMerger(merging.Merger):
    def file_replaced(self, model, field_name, name):
        # films.signals.remove_replaced_image would have done this on a save
        # that changed the file; the merge writes the value before saving.
        transaction.on_commit(lambda: delete_image(model, field_name, name))


class PersonMerger(ImageMerger):
    def parts(self):
        return [Part(Credit, "person", ["film", "role"], describe_credit)]

    def related_rows(self, obj, limit=50):
        credits = obj.credits.select_related("film").order_by("film__year", "film__title", "role")
        return [describe_credit(credit) for credit in credits[:limit]]

    def finish(self, target, duplicates):
        search.refresh_films(target.credits.values_list("film_id", flat=True).distinct())


class FilmMerger(ImageMerger):
    def parts(self):
        return [Part(model, "film", key) for model, key in FILM_PARTS.items()]

    def related_rows(self, obj, limit=50):
        credits = obj.credits.select_related("person").order_by("role", "billing_order")
        lines = [
            f"{credit.person} — {credit.get_role_display()}"
            + (f", {credit.character}" if credit.character else "")
            for credit in credits[:limit]
        ]
        reviews = obj.critic_reviews.count()
        return [
            *lines,
            f"{reviews} critic reviews",
            f"{obj.audience_reviews.count()} audience reviews",
        ]

    def move_more(self, target, duplicate):
        # Recommendations of the duplicate now recommend the film kept.
        SimilarFilm.objects.filter(similar_film=duplicate).exclude(film=target).update(
            similar_film=target
        )
        SimilarFilm.objects.filter(similar_film=duplicate, film=target).delete()
        target.genres.add(*duplicate.genres.all())
        SourceDocument.objects.filter(film=duplicate).update(film=target)

    def finish(self, target, duplicates):
        refresh_scores({target.pk})


def merger_for(obj):
    if isinstance(obj, Person):
        return PersonMerger()
    if isinstance(obj, Film):
        return FilmMerger()
    raise TypeError(f"cannot merge {type(obj).__name__} objects")


@transaction.atomic
def merge(target, duplicates, sources=None):
    """Merge `duplicates` into `target` (a film or a person) and delete them;
    `sources` as for filmsite.content.merging.merge."""
    return merging.merge(merger_for(target), target, duplicates, sources)
