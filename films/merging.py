"""Merging duplicates: two spellings of one person, critic, publication or
film become one, keeping every credit and review.

Rows that point at a duplicate move to the one kept. Where the kept object
already has the same row (a credit for the same film and role, a review of
the same film by the same critic), the kept object's row wins and the
duplicate's is dropped: unique constraints allow only one. The merge is
recorded in the kept object's history.
"""

from django.db import transaction

from reviews.models import AudienceReview, Critic, CriticReview, Publication, ReportedScore
from reviews.scores import refresh_scores

from . import history
from .models import (
    ContentVersion,
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


def move_rows(rows, field, target, key_fields):
    """Point `rows` (a queryset) at `target` through `field`; a row whose
    key already exists on the target is deleted instead. Returns
    (moved, dropped)."""
    model = rows.model
    taken = set(model.objects.filter(**{field: target}).values_list(*key_fields))
    moved = dropped = 0
    for row in rows:
        key = tuple(getattr(row, name) for name in key_fields)
        if key in taken:
            row.delete()
            dropped += 1
        else:
            taken.add(key)
            setattr(row, field, target)
            row.save(update_fields=[field])
            moved += 1
    return moved, dropped


def critic_review_key(field):
    """Unique key of a critic review besides `field` (critic or publication)."""
    return ["film_id", "publication_id" if field == "critic" else "critic_id"]


FILM_PARTS = [
    (Credit, ["person_id", "role"]),
    (FilmCompany, ["company_id", "kind"]),
    (ReleaseDate, ["kind", "date", "region"]),
    (WatchOption, ["provider_id", "offer_type"]),
    (SimilarFilm, ["title"]),
    (FilmFact, ["label"]),
    (CriticReview, ["critic_id", "publication_id"]),
    (AudienceReview, ["source_site", "author_name"]),
    (ReportedScore, ["source_site"]),
]


@transaction.atomic
def merge(target, duplicates):
    """Merge `duplicates` into `target` (same model) and delete them."""
    duplicates = [d for d in duplicates if d.pk != target.pk]
    if not duplicates:
        return {}
    model = type(target)
    counts = {"moved": 0, "dropped": 0}
    films_to_rescore = set()

    def tally(result):
        counts["moved"] += result[0]
        counts["dropped"] += result[1]

    for duplicate in duplicates:
        if model is Person:
            tally(move_rows(duplicate.credits.all(), "person", target, ["film_id", "role"]))
        elif model is Critic:
            films_to_rescore |= set(duplicate.reviews.values_list("film_id", flat=True))
            tally(move_rows(duplicate.reviews.all(), "critic", target, critic_review_key("critic")))
        elif model is Publication:
            films_to_rescore |= set(duplicate.reviews.values_list("film_id", flat=True))
            tally(
                move_rows(
                    duplicate.reviews.all(), "publication", target, critic_review_key("publication")
                )
            )
            duplicate.critics.update(publication=target)
        elif model is Film:
            merge_film(target, duplicate, tally)
            films_to_rescore.add(target.pk)
        else:
            raise TypeError(f"cannot merge {model.__name__} objects")
    names = ", ".join(str(d) for d in duplicates)
    for duplicate in duplicates:
        duplicate.delete()
    history.record(
        target,
        "merged",
        message=f"Merged {names} into this {model._meta.verbose_name}: "
        f"{counts['moved']} rows moved, {counts['dropped']} duplicates dropped.",
    )
    refresh_scores(films_to_rescore)
    ContentVersion.bump()
    return counts


def merge_film(target, duplicate, tally):
    for model, key_fields in FILM_PARTS:
        tally(move_rows(model.objects.filter(film=duplicate), "film", target, key_fields))
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
