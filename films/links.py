"""Links without a full URL reversal for each link.

`reverse()` costs about 40 µs, and a film page links to every person in its cast
and crew, some of them three times. The URL of a named, slug-addressed page is
reversed once (per script prefix) with a placeholder slug; each link then
replaces the placeholder. A slug that reverse() would have to quote goes the slow
way. The templates' `url()` remembers the URLs it reversed.
"""

import re
from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

PLACEHOLDER = "__slug__"
PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


@lru_cache(maxsize=64)
def _pattern(name, script_prefix):
    return reverse(name, kwargs={"slug": PLACEHOLDER})


def slug_url(name, slug):
    """reverse(name, kwargs={"slug": slug}), for URL patterns whose only argument
    is a slug."""
    if not PLAIN_SLUG.fullmatch(slug):
        return reverse(name, kwargs={"slug": slug})
    return _pattern(name, get_script_prefix()).replace(PLACEHOLDER, slug, 1)


@lru_cache(maxsize=1024)
def _reversed(name, args, kwargs, script_prefix, urlconf):
    return reverse(name, urlconf=urlconf, args=args or None, kwargs=dict(kwargs) or None)


def url(name, *args, **kwargs):
    """reverse(name, args=args, kwargs=kwargs), remembered: a page's header and
    footer alone link to the same few pages on every request."""
    return _reversed(name, args, tuple(sorted(kwargs.items())), get_script_prefix(), get_urlconf())


@receiver(setting_changed)
def _urlconf_changed(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _pattern.cache_clear()
        _reversed.cache_clear()
