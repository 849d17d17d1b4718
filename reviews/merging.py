"""Merging duplicate critics and publications: their reviews move to the
one kept (filmsite.content.merging has the steps every merge shares), and
the films they review are rescored."""

from django.db import transaction

from filmsite.content import merging
from filmsite.content.merging import Part

from .models import Critic, CriticReview, Publication
from .scores import refresh_scores


def describe_review(review):
    """A review as the merge page lists it: film, author and the quote."""
    return f"{review.film} — {review.author}: “{review.quote}”"


class ReviewerMerger(merging.Merger):
    """Critics (`field` "critic") or publications ("publication")."""

    def __init__(self, field):
        self.field = field
        self.films = set()

    def parts(self):
        # A review is unique on its film and the other of critic and publication.
        other = "publication" if self.field == "critic" else "critic"
        return [Part(CriticReview, self.field, ["film", other], describe_review)]

    def related_rows(self, obj, limit=50):
        reviews = obj.reviews.select_related("film", "critic", "publication")
        return [describe_review(review) for review in reviews[:limit]]

    def move_more(self, target, duplicate):
        if self.field == "publication":
            duplicate.critics.update(publication=target)

    def finish(self, target, duplicates):
        refresh_scores(set(target.reviews.values_list("film_id", flat=True)))


def merger_for(obj):
    if isinstance(obj, Critic):
        return ReviewerMerger("critic")
    if isinstance(obj, Publication):
        return ReviewerMerger("publication")
    raise TypeError(f"cannot merge {type(obj).__name__} objects")


@transaction.atomic
def merge(target, duplicates, sources=None):
    """Merge `duplicates` into `target` (a critic or a publication) and delete
    them; `sources` as for filmsite.content.merging.merge."""
    return merging.merge(merger_for(target), target, duplicates, sources)
