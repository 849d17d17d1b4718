"""Site-wide views: the error handlers (a database outage told from a bug; a
refusal in the admin shown as an admin page) and the readiness check a load
balancer asks.

`/healthz` (films.views) stays a liveness check: it answers while the process
runs, whatever the database does. `/readyz` says whether this instance can
serve pages: 503 when the database does not answer, 200 otherwise, even with
the cache down (the site works without it, only slower, so a cache outage must
not take every instance out of rotation).
"""

import sys
from uuid import uuid4

from django.contrib import admin
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

# How long a client should wait before trying again after a 503: a database
# restart or failover takes about this long.
RETRY_AFTER_SECONDS = 30


def server_error(request):
    """handler500. Django calls it with the exception being handled, from any
    view or middleware. A database that does not answer is an outage, not a
    bug: 503 with Retry-After and a page rendered without the database (no
    request, user or session in its context). Anything else is Django's 500.
    Django's handler logs the exception either way."""
    if not isinstance(sys.exception(), (OperationalError, InterfaceError)):
        return defaults.server_error(request)
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def permission_denied(request, exception):
    """handler403. In the admin, a page of the admin that says which
    permission is missing: the message the admin's views raise
    PermissionDenied with (filmsite.content.admin.ContentAdmin). Elsewhere,
    Django's own 403."""
    if not request.path.startswith(reverse("admin:index")):
        return defaults.permission_denied(request, exception)
    message = str(exception) if exception.args else ""
    context = {
        **admin.site.each_context(request),
        "title": "Permission denied",
        "message": message or "You do not have the permission this page needs.",
    }
    return render(request, "admin/403.html", context, status=403)


def database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


def cache_answers():
    # A write of a key of its own: FailSoftRedisCache answers a failed (or
    # backed-off) call as a miss, so `add` reports False when Redis does not
    # answer. The key expires within a second; its unique name keeps the
    # instances that share a cache apart.
    return cache.add(f"readyz:{uuid4().hex}", True, timeout=1)


@require_safe
@never_cache
def readyz(request):
    checks = {
        "database": "ok" if database_answers() else "unavailable",
        "cache": "ok" if cache_answers() else "unavailable",
    }
    return JsonResponse(checks, status=200 if checks["database"] == "ok" else 503)
