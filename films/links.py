"""Links to pages addressed by a slug, without a full URL reversal for each link.

`reverse()` costs about 40 µs, and a film page links to every person in its cast
and crew, some of them three times. The URL of a named, slug-addressed page is
reversed once (per script prefix) with a placeholder slug; each link then
replaces the placeholder. A slug that reverse() would have to quote goes the slow
way.
"""

import re
from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse

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


@receiver(setting_changed)
def _urlconf_changed(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _pattern.cache_clear()
