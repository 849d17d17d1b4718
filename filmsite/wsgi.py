"""WSGI entry point: `gunicorn filmsite.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "filmsite.settings")

application = get_wsgi_application()

# The film list's index, built as the process starts rather than on its
# first visitor's request (films/catalogue.py).
from films import catalogue  # noqa: E402  (needs the apps loaded above)

catalogue.warm_up()
