"""Merging duplicate people and films (filmsite.content.merging has the
steps every merge shares; reviews.merging merges critics and publications).

A person's credits move to the person kept. A film's rows all move to the
film kept: its own parts below, and those other apps register (reviews);
the duplicate's address redirects to the film kept.
"""

from django.db import transaction

from filmsite.content.merging import merge as merge_into
from filmsite.content.merging import move_rows
from reviews.scores import refresh_scores

from .models import (
    Credit,
    Film,
    FilmCompany,
    FilmFact,
    FilmRedirect,
    Person,
    ReleaseDate,
    SimilarFilm,
    SourceDocument,
    WatchOption,
)

# The rows that belong to a film, each with its unique key besides the film.
FILM_PARTS = {
    Credit: ["person_id", "role"],
    FilmCompany: ["company_id", "kind"],
    ReleaseDate: ["kind", "date", "region"],
    WatchOption: ["provider_id", "offer_type"],
    SimilarFilm: ["title"],
    FilmFact: ["label"],
}


def register_film_parts(parts):
    """Other apps' rows that belong to a film, as FILM_PARTS ({model: key})."""
    FILM_PARTS.update(parts)


@transaction.atomic
def merge(target, duplicates):
    """Merge `duplicates` into `target` (a film or a person) and delete them."""
    if isinstance(target, Person):
        return merge_into(
            target,
            duplicates,
            lambda duplicate: move_rows(
                duplicate.credits.all(), "person", target, ["film_id", "role"]
            ),
        )
    if isinstance(target, Film):
        counts = merge_into(target, duplicates, lambda duplicate: merge_film(target, duplicate))
        refresh_scores({target.pk})
        return counts
    raise TypeError(f"cannot merge {type(target).__name__} objects")


def merge_film(target, duplicate):
    moved = dropped = 0
    for model, key_fields in FILM_PARTS.items():
        rows = model.objects.filter(film=duplicate)
        result = move_rows(rows, "film", target, key_fields)
        moved, dropped = moved + result[0], dropped + result[1]
    # Recommendations of the duplicate now recommend the film kept.
    SimilarFilm.objects.filter(similar_film=duplicate).exclude(film=target).update(
        similar_film=target
    )
    SimilarFilm.objects.filter(similar_film=duplicate, film=target).delete()
    target.genres.add(*duplicate.genres.all())
    SourceDocument.objects.filter(film=duplicate).update(film=target)
    # The duplicate's address keeps working: it redirects to the film kept.
    FilmRedirect.objects.filter(film=duplicate).update(film=target)
    FilmRedirect.objects.update_or_create(old_slug=duplicate.slug, defaults={"film": target})
    return moved, dropped
