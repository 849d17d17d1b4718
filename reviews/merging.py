"""Merging duplicate critics and publications: their reviews move to the
one kept (filmsite.content.merging has the steps every merge shares), and
the films they review are rescored."""

from django.db import transaction

from filmsite.content.merging import merge as merge_into
from filmsite.content.merging import move_rows

from .models import Critic, Publication
from .scores import refresh_scores


def critic_review_key(field):
    """Unique key of a critic review besides `field` (critic or publication)."""
    return ["film_id", "publication_id" if field == "critic" else "critic_id"]


@transaction.atomic
def merge(target, duplicates):
    """Merge `duplicates` into `target` (a critic or a publication) and delete them."""
    if isinstance(target, Critic):
        field = "critic"
    elif isinstance(target, Publication):
        field = "publication"
    else:
        raise TypeError(f"cannot merge {type(target).__name__} objects")
    films = set()

    def move(duplicate):
        films.update(duplicate.reviews.values_list("film_id", flat=True))
        result = move_rows(duplicate.reviews.all(), field, target, critic_review_key(field))
        if field == "publication":
            duplicate.critics.update(publication=target)
        return result

    counts = merge_into(target, duplicates, move)
    refresh_scores(films)
    return counts
