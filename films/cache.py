"""Whole-page caching for visitors.

Anonymous GET requests are cached per full URL. The key includes the
content version (films.models.ContentVersion), which every edit and every
import changes, so a change is visible on the very next request in every
server process, whatever the cache backend. Editors (logged in) are never
served from the cache: they see drafts. Entries also expire after
PAGE_CACHE_SECONDS so that scheduled publications appear on time.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from .models import ContentVersion


def cache_public_page(view):
    """Decorate a view function; for class-based views use
    `method_decorator(cache_public_page, name="dispatch")`."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        path = request.get_full_path().encode("utf-8", "surrogateescape")
        key = f"page:{ContentVersion.current()}:{hashlib.sha256(path).hexdigest()}"
        cached = cache.get(key)
        if cached is not None:
            status, content_type, content = cached
            return HttpResponse(content, status=status, content_type=content_type)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response.render()
        if response.status_code == 200 and not response.cookies:
            cache.set(
                key,
                (response.status_code, response["Content-Type"], response.content),
                settings.PAGE_CACHE_SECONDS,
            )
        return response

    return wrapper
