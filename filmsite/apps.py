from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """Django's admin, whose default site is ours: the index page shows a
    dashboard (filmsite/dashboard.py). A module of its own, as the app
    registry imports it before any model can be."""

    default_site = "filmsite.dashboard.AdminSite"
