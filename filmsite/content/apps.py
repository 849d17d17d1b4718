from django.apps import AppConfig


class ContentConfig(AppConfig):
    """What films and reviews share: publishing, change history, the content
    version that cached pages are keyed on, the page cache, and the admin
    bases (publish, history, merge). It imports neither app: each app
    connects its own models in its ready() (filmsite.content.signals) and
    declares its own permission locks (filmsite.content.permissions)."""

    name = "filmsite.content"
    label = "content"
    verbose_name = "Publishing and history"

    def ready(self):
        from . import page_cache  # noqa: F401  (its receiver of content_version_changed)
