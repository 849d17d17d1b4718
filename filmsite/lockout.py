"""The two pieces of the admin login lockout that django-axes asks the site for
(settings: AXES_CLIENT_IP_CALLABLE, AXES_LOCKOUT_CALLABLE)."""

import ipaddress
import math

from django.conf import settings
from django.contrib import admin
from django.template.response import TemplateResponse


def client_ip(request):
    """The client's address: the connection's own, or, behind a proxy, the one
    the proxy wrote in CLIENT_IP_HEADER. A proxy appends to X-Forwarded-For,
    so its last entry is the one it saw; earlier entries are the client's to
    invent. A missing or malformed header falls back to the connection."""
    remote = request.META.get("REMOTE_ADDR", "")
    if not settings.CLIENT_IP_HEADER:
        return remote
    key = "HTTP_" + settings.CLIENT_IP_HEADER.upper().replace("-", "_")
    value = request.META.get(key, "").rsplit(",", 1)[-1].strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return remote


def lockout_response(request, original_response=None, credentials=None):
    """The admin's own page saying the login is locked, and for how long: 429
    with Retry-After. The lockout was (re)started by this very attempt, so
    the whole cool-off is left."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    context = admin.site.each_context(request) | {
        "title": "Too many failed logins",
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": math.ceil(seconds / 60),
    }
    response = TemplateResponse(request, "admin/login_locked.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response.render()
