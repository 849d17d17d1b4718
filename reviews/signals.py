"""Keep what reviews feed in step with edits made anywhere (admin, shell,
tests): a film's headline scores and the site search's entries for critics
and publications. Connected by reviews.apps; history and the content
version are filmsite.content.signals'."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from films import search
from filmsite.content.signals import bulk_deleting

from .models import AudienceReview, Critic, CriticReview, Publication, ReportedScore
from .scores import refresh_scores


@receiver([post_save, post_delete], sender=CriticReview)
@receiver([post_save, post_delete], sender=AudienceReview)
@receiver([post_save, post_delete], sender=ReportedScore)
def rescore_film(sender, instance, raw=False, **kwargs):
    if not raw and not bulk_deleting():
        refresh_scores([instance.film_id])


@receiver(post_save, sender=Critic)
def index_critic(sender, instance, raw=False, **kwargs):
    if not raw:
        search.refresh_critics([instance.pk])


@receiver(post_save, sender=Publication)
def index_publication(sender, instance, raw=False, **kwargs):
    if not raw:
        search.refresh_publications([instance.pk])
