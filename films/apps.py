from django.apps import AppConfig, apps


class FilmsConfig(AppConfig):
    name = "films"
    verbose_name = "Films and people"

    def ready(self):
        from . import cache, signals  # noqa: F401  (cache: its receivers)

        content_models = list(apps.get_app_config("films").get_models()) + list(
            apps.get_app_config("reviews").get_models()
        )
        signals.connect_content_signals(content_models)
        signals.connect_history_signals(content_models)
