from django.apps import AppConfig


class FilmsConfig(AppConfig):
    name = "films"
    verbose_name = "Films and people"

    def ready(self):
        from filmsite.content import permissions, redirects, revisions
        from filmsite.content import signals as content_signals

        from . import signals  # noqa: F401  (its receivers)
        from .models import (
            Company,
            Credit,
            Film,
            FilmCompany,
            FilmFact,
            Genre,
            ImportRun,
            Person,
            Provider,
            ReleaseDate,
            SimilarFilm,
            WatchOption,
        )

        film_parts = [Credit, FilmCompany, ReleaseDate, WatchOption, SimilarFilm, FilmFact]
        # Paths from a row to what makes it live (filmsite.content.permissions).
        permissions.register_locks(
            {
                Film: [""],
                Person: ["", "credits__film"],
                **{model: ["film"] for model in film_parts},
                Genre: ["films"],
                Company: ["films"],
                Provider: ["watch_options__film"],
            }
        )
        # Rows that belong to a film are recorded on the film's history.
        content_signals.connect_history(
            [Film, Person, Genre, Company, Provider],
            parts=dict.fromkeys(film_parts, "film"),
        )
        # A renamed film or person leaves its old address behind as a redirect.
        redirects.connect([Film, Person])
        revisions.register(
            Film,
            parts={
                "credits": ["person"],
                "watch_options": ["provider"],
                "release_dates": [],
                "company_roles": ["company"],
                "similar_entries": ["similar_film"],
                "facts": [],
            },
        )
        revisions.register(Person)
        # An import run's record changes no page: only what the run loads does.
        content_signals.connect_content_version(
            [model for model in self.get_models() if model is not ImportRun],
            many_to_many=[Film.genres.through],
        )
