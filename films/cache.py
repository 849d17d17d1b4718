"""Whole-page caching for visitors.

Views opt in with `cache_public_page`; `PageCacheMiddleware`, placed before
the session, authentication and CSRF middleware, answers repeated requests
for those pages straight from the cache, with every header the full stack
added (CSP, frame options...), so a cached page costs little more than a
trivial view.

Only anonymous GET/HEAD requests (no session cookie) are cached, per full
URL. The key includes the content version (films.models.ContentVersion),
which every edit and every import changes, so a change is visible on the
very next request in every server process, whatever the cache backend.
Editors, who are logged in, are never served from the cache: they see
drafts. Entries also expire after PAGE_CACHE_SECONDS, so that scheduled
publications appear on time.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from .models import ContentVersion


def cache_public_page(view):
    """Mark a view's successful anonymous responses as cacheable. For
    class-based views: `method_decorator(cache_public_page, name="dispatch")`."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        request.cache_page = True
        return view(request, *args, **kwargs)

    return wrapper


def cacheable(request):
    return request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES


def page_key(request, version):
    path = request.get_full_path().encode("utf-8", "surrogateescape")
    return f"page:{version}:{hashlib.sha256(path).hexdigest()}"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not cacheable(request):
            return self.get_response(request)
        key = page_key(request, ContentVersion.current())
        cached = cache.get(key)
        if cached is not None:
            status, headers, content = cached
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return response
        response = self.get_response(request)
        if (
            getattr(request, "cache_page", False)
            and response.status_code == 200
            and not response.cookies
            and not getattr(response, "streaming", False)
        ):
            headers = list(response.headers.items())
            cache.set(
                key, (response.status_code, headers, response.content), settings.PAGE_CACHE_SECONDS
            )
        return response
