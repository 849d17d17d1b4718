"""The admin login's defences around django-axes: the client's address and
the lockout page axes asks the site for (settings: AXES_CLIENT_IP_CALLABLE,
AXES_LOCKOUT_CALLABLE), and the slow-down that comes before the lockout."""

import ipaddress
import math

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.db.models import Max, Sum
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone


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
    return too_many_failures(
        request,
        "admin/login_locked.html",
        seconds,
        failure_limit=settings.AXES_FAILURE_LIMIT,
        cooloff_minutes=math.ceil(seconds / 60),
    )


def too_many_failures(request, template, seconds, **context):
    """The admin's page refusing a login for `seconds`: 429 with Retry-After."""
    context = admin.site.each_context(request) | {"title": "Too many failed logins", **context}
    response = TemplateResponse(request, template, context, status=429)
    response["Retry-After"] = str(seconds)
    return response.render()


def slowdown_seconds(request):
    """How long this login attempt must still wait, in whole seconds (0: it
    may be checked). Before the lockout, failures slow logins down: after n
    failures for the account or from the address within the cool-off, the
    next attempt is accepted LOGIN_SLOWDOWN_SECONDS * 2 ** (n - 1) seconds
    after the last failure (1, 2, 4, 8 s by default). An early attempt is
    refused without checking its password, and does not count as a failure.
    From the lockout on, django-axes answers instead."""
    base = settings.LOGIN_SLOWDOWN_SECONDS
    if not base:
        return 0
    now = timezone.now()
    attempts = AccessAttempt.objects.filter(attempt_time__gte=now - settings.AXES_COOLOFF_TIME)
    wait = 0.0
    for lookup in (
        {"username": request.POST.get("username", "")},
        {"ip_address": client_ip(request)},
    ):
        recent = attempts.filter(**lookup).aggregate(
            failures=Sum("failures_since_start"), last=Max("attempt_time")
        )
        failures = recent["failures"] or 0
        if 0 < failures < settings.AXES_FAILURE_LIMIT:
            since = (now - recent["last"]).total_seconds()
            wait = max(wait, base * 2 ** (failures - 1) - since)
    return math.ceil(wait)


class LoginSlowdownMiddleware:
    """Answers a login attempt that comes too soon after failures
    (`slowdown_seconds`) with 429 and Retry-After, before any password is
    checked. Nothing sleeps: a delay would hold one of the site's few web
    workers per attempt."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path_info == reverse("admin:login"):
            seconds = slowdown_seconds(request)
            if seconds:
                return too_many_failures(
                    request, "admin/login_slowed.html", seconds, wait_seconds=seconds
                )
        return self.get_response(request)
