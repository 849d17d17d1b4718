"""Whole-page caching for visitors.

Views opt in with `cache_public_page`; `PageCacheMiddleware`, placed before
the session, authentication and CSRF middleware, answers repeated requests
for those pages straight from the cache, with every header the full stack
added (CSP, frame options...), so a cached page costs little more than a
trivial view. Other views never touch the cache.

Only anonymous GET/HEAD requests (no session cookie) are cached, per full
URL. Each entry remembers the content version (filmsite.content.models.ContentVersion)
it was rendered at; every edit and every import changes the version, so a
change is visible on the very next request in every server process,
whatever the cache backend (an import bumps it once per document, in the
document's transaction: ContentVersion.batched).
Editors, who are logged in, are never served from the cache: they see
drafts. Entries also expire after PAGE_CACHE_SECONDS, so that scheduled
publications appear on time.

A Redis outage is a cache miss (filmsite/cache.py): the version is read from
the database and pages render uncached, without waiting for Redis. An edit
made during the outage cannot store its new version in Redis, where an older
copy may outlive the outage: until that copy expires, visitors can be shown
pages as they were before the edit. That copy lives PAGE_CACHE_SECONDS from
when it was stored, before the edit: such a page is PAGE_CACHE_SECONDS late at
most (tests/test_cache_outage.py).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpResponse
from django.urls import Resolver404, resolve

from .models import ContentVersion, content_version_changed


def cache_public_page(view):
    """Mark a view (a function, or a class-based view class) whose anonymous
    GET responses may be cached."""
    view.cache_public_page = True
    return view


def is_cached_view(request):
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    view = match.func
    return getattr(view, "cache_public_page", False) or getattr(
        getattr(view, "view_class", None), "cache_public_page", False
    )


def cacheable(request):
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and is_cached_view(request)
    )


def page_key(request):
    path = request.get_full_path().encode("utf-8", "surrogateescape")
    return f"page:{hashlib.sha256(path).hexdigest()}"


VERSION_KEY = "page:content-version"


def current_version(cached_version):
    """The content version. A shared cache (Redis) holds a copy beside the
    pages, so one round trip answers a request; a per-process cache cannot
    (another process may have bumped it), so the database is asked."""
    if settings.PAGE_CACHE_SHARED and cached_version is not None:
        return cached_version
    version = ContentVersion.current()
    if settings.PAGE_CACHE_SHARED:
        # add, not set: a bump that committed meanwhile has already stored
        # the newer version, which must win.
        cache.add(VERSION_KEY, version, settings.PAGE_CACHE_SECONDS)
    return version


@receiver(content_version_changed, dispatch_uid="page-cache-publish-version")
def publish_version(sender, **kwargs):
    """After a bump commits: store the new version for every process. The
    copy expires like the pages, which bounds any race to that lifetime."""
    if settings.PAGE_CACHE_SHARED:
        cache.set(VERSION_KEY, ContentVersion.current(), settings.PAGE_CACHE_SECONDS)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not cacheable(request):
            return self.get_response(request)
        key = page_key(request)
        found = cache.get_many([VERSION_KEY, key])
        version = current_version(found.get(VERSION_KEY))
        entry = found.get(key)
        if entry is not None and entry[0] == version:
            _, status, headers, content = entry
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return response
        with ContentVersion.pinned(version):
            response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.cookies
            and not getattr(response, "streaming", False)
        ):
            entry = (
                version,
                response.status_code,
                list(response.headers.items()),
                response.content,
            )
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
        return response
