"""The Jinja2 environment of the public pages (templates/jinja2/).

The public pages render with Jinja2, the admin with Django's template
language. Jinja2 compiles a template to Python once; Django's engine walks a
node tree and resolves every variable through a chain of lookups on each
render. On the film list (24 cards, a filter form with ~50 options) and the
film page that was most of the time a request took: the same markup renders
several times faster with Jinja2.

Autoescaping is on (Django's backend sets it): imported text is always escaped;
markup built by films.display (html()) or Django forms is marked safe.
"""

from functools import lru_cache
from types import SimpleNamespace

from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import pluralize, truncatechars
from django.template.defaulttags import querystring as django_querystring
from django.templatetags.static import static as django_static
from django.utils.encoding import iri_to_uri
from jinja2 import Environment

from films import display
from films.links import url


@lru_cache(maxsize=256)
def static(path):
    """The URL of a static file, remembered: with the manifest storage each
    lookup costs about 40 µs, and every page links the same few files. The
    manifest is read once per process anyway, so a new one needs a restart."""
    return django_static(path)


@receiver(setting_changed)
def _static_settings_changed(setting, **kwargs):
    if setting in ("STATIC_URL", "STATIC_ROOT", "STORAGES"):
        static.cache_clear()


def querystring(request, **changes):
    """request.GET with `changes` applied, as "?a=1&b=2" (Django's {% querystring %})."""
    return django_querystring(SimpleNamespace(request=request), **changes)


def environment(**options):
    env = Environment(**options)
    env.globals.update(
        url=url,
        static=static,
        querystring=querystring,
        picture=display.picture,
        star_meter=display.star_meter,
        json_ld=display.json_ld,
    )
    env.filters.update(
        runtime=display.runtime,
        critics_mark=display.critics_mark,
        audience_mark=display.audience_mark,
        mark_label=display.mark_label,
        score_mark=display.score_mark,
        pluralize=pluralize,
        intcomma=intcomma,
        date=display.date,
        truncatechars=truncatechars,
        iriencode=iri_to_uri,
    )
    return env
