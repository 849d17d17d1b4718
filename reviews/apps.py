from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Reviews and scores"

    def ready(self):
        from films import merging as film_merging
        from films.models import Film
        from filmsite.content import permissions, redirects, revisions
        from filmsite.content import signals as content_signals

        from . import (
            scores,
            signals,  # noqa: F401  (its receivers)
        )
        from .models import AudienceReview, Critic, CriticReview, Publication, ReportedScore

        # Paths from a row to what makes it live (filmsite.content.permissions).
        permissions.register_locks(
            {
                CriticReview: ["", "film"],
                AudienceReview: ["", "film"],
                ReportedScore: ["film"],
                Critic: ["reviews"],
                Publication: ["reviews"],
            }
        )
        # A reported score is recorded on its film's history.
        content_signals.connect_history(
            [Critic, Publication, CriticReview, AudienceReview], parts={ReportedScore: "film"}
        )
        content_signals.connect_content_version(self.get_models())
        # A renamed critic or publication leaves its old address behind.
        redirects.connect([Critic, Publication])
        # A film's scores are computed from its reviews (reviews.scores):
        # restoring an old revision must not bring old scores back.
        revisions.register(Film, parts={"reported_scores": []}, exclude=scores.SCORE_FIELDS)
        for model in (Critic, Publication, CriticReview, AudienceReview):
            revisions.register(model)
        # Merging two films moves their reviews too, one per key.
        film_merging.register_film_parts(
            {
                CriticReview: ["critic_id", "publication_id"],
                AudienceReview: ["source_site", "author_name"],
                ReportedScore: ["source_site"],
            }
        )
