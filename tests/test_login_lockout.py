"""Repeated failed admin logins lock out the account and, separately, the
address (django-axes, filmsite/lockout.py); a superuser unlocks."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "editor-password"  # the conftest editor's


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Dozens of logins per test: a fast hasher keeps them quick (the lockout
    does not depend on the hasher)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def no_slowdown(settings):
    """The lockout tests post failures back to back; the slow-down between
    them is tested on its own below."""
    settings.LOGIN_SLOWDOWN_SECONDS = 0


@pytest.fixture
def limit(settings):
    return settings.AXES_FAILURE_LIMIT


@pytest.fixture
def contributor(django_user_model):
    user = django_user_model.objects.create_user(
        username="contributor", password="contributor-password", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Contributors"))
    return user


def log_in(username, password, address="192.0.2.1", **headers):
    """A fresh browser posting the admin's login form; its response."""
    return Client().post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


def logged_in(response):
    return response.status_code == 302 and response["Location"] == "/admin/"


def locked(response):
    return response.status_code == 429 and "Too many failed logins" in response.content.decode()


def test_failures_for_one_account_lock_it_from_every_address(editor, limit, settings):
    for attempt in range(limit - 1):
        response = log_in("editor", "wrong", f"192.0.2.{10 + attempt}")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()

    response = log_in("editor", "wrong", "192.0.2.99")

    assert locked(response)
    page = response.content.decode()
    assert "Filmsite administration" in page  # the admin's own look
    assert f"After {limit} failed attempts" in page
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"locked for {minutes} minutes" in page
    assert response["Retry-After"] == str(minutes * 60)
    assert 'href="/admin/login/"' in page
    # The right password, from yet another address, is refused too.
    assert locked(log_in("editor", PASSWORD, "198.51.100.7"))


def test_failures_from_one_address_lock_it_for_every_account(editor, limit):
    for attempt in range(limit):
        log_in(f"someone-{attempt}", "wrong", "192.0.2.1")

    assert locked(log_in("editor", PASSWORD, "192.0.2.1"))
    # The account itself is not locked: from elsewhere it logs in.
    assert logged_in(log_in("editor", PASSWORD, "198.51.100.7"))


def test_a_correct_login_before_the_limit_resets_nothing(editor, contributor, limit):
    for _ in range(limit - 1):
        log_in("editor", "wrong", "192.0.2.1")
    # Below the limit, the right password works...
    assert logged_in(log_in("contributor", "contributor-password", "192.0.2.1"))
    assert logged_in(log_in("editor", PASSWORD, "198.51.100.7"))

    # ...and wipes neither the address's nor the account's failures.
    assert locked(log_in("editor", "wrong", "192.0.2.1"))
    assert locked(log_in("contributor", "contributor-password", "192.0.2.1"))
    assert locked(log_in("editor", PASSWORD, "198.51.100.8"))


def test_a_superuser_unlocks_an_account_in_the_admin(editor, limit, admin_client):
    for attempt in range(limit):
        log_in("editor", "wrong", f"192.0.2.{10 + attempt}")
    assert locked(log_in("editor", PASSWORD, "198.51.100.7"))

    changelist = reverse("admin:axes_accessattempt_changelist")
    listed = admin_client.get(changelist, {"q": "editor"})
    assert listed.status_code == 200
    attempts = list(listed.context["cl"].queryset.values_list("pk", flat=True))
    assert attempts
    response = admin_client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": attempts, "post": "yes"},
    )
    assert response.status_code == 302

    assert logged_in(log_in("editor", PASSWORD, "198.51.100.7"))


def test_the_reset_commands_unlock_an_account_and_an_address(editor, limit):
    for attempt in range(limit):
        log_in("editor", "wrong", f"192.0.2.{10 + attempt}")
    for attempt in range(limit):
        log_in(f"someone-{attempt}", "wrong", "203.0.113.5")
    assert locked(log_in("editor", PASSWORD, "198.51.100.7"))

    call_command("axes_reset_username", "editor")
    assert logged_in(log_in("editor", PASSWORD, "198.51.100.7"))
    assert locked(log_in("editor", PASSWORD, "203.0.113.5"))

    call_command("axes_reset_ip", "203.0.113.5")
    assert logged_in(log_in("editor", PASSWORD, "203.0.113.5"))


@pytest.mark.parametrize("role", ["editor", "contributor"])
def test_only_superusers_see_the_login_attempts(request, client, role, admin_client):
    log_in("editor", "wrong")
    client.force_login(request.getfixturevalue(role))
    for name in ("accessattempt", "accesslog", "accessfailurelog"):
        url = reverse(f"admin:axes_{name}_changelist")
        assert client.get(url).status_code == 403
        assert admin_client.get(url).status_code == 200
    index = client.get(reverse("admin:index")).content.decode()
    assert "/admin/axes/" not in index
    assert "/admin/axes/" in admin_client.get(reverse("admin:index")).content.decode()


def test_a_forged_forwarded_header_does_not_dodge_the_address_lock(editor, limit):
    for attempt in range(limit):
        log_in(f"someone-{attempt}", "wrong", "192.0.2.1", HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}")
    assert locked(log_in("editor", PASSWORD, "192.0.2.1", HTTP_X_FORWARDED_FOR="10.9.9.9"))


def test_behind_a_proxy_the_configured_header_names_the_client(editor, limit, settings):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    proxy = "127.0.0.1"
    for attempt in range(limit):
        # The client may invent entries; the proxy appends the address it saw.
        log_in(
            f"someone-{attempt}",
            "wrong",
            proxy,
            HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}, 203.0.113.5",
        )

    assert locked(log_in("editor", PASSWORD, proxy, HTTP_X_FORWARDED_FOR="203.0.113.5"))
    assert logged_in(log_in("editor", PASSWORD, proxy, HTTP_X_FORWARDED_FOR="198.51.100.7"))
    # No usable header: the connection's address, here the proxy's, not locked.
    assert logged_in(log_in("editor", PASSWORD, proxy, HTTP_X_FORWARDED_FOR="unknown"))


# --- The slow-down before the lockout --------------------------------------------


def slowed(response):
    return response.status_code == 429 and "each new attempt must wait" in response.content.decode()


def time_passes(seconds):
    """Move every recorded failure `seconds` into the past."""
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= datetime.timedelta(seconds=seconds)
        attempt.save(update_fields=["attempt_time"])


def test_each_failure_doubles_the_wait_before_the_next_attempt_is_checked(editor, settings):
    settings.LOGIN_SLOWDOWN_SECONDS = 1
    assert log_in("editor", "wrong").status_code == 200

    too_soon = log_in("editor", PASSWORD)  # the right password, not even checked
    assert slowed(too_soon)
    assert too_soon["Retry-After"] == "1"
    assert "Filmsite administration" in too_soon.content.decode()
    assert AccessAttempt.objects.get().failures_since_start == 1  # not counted as a failure

    time_passes(1.1)
    assert log_in("editor", "wrong").status_code == 200  # the second failure
    assert log_in("editor", PASSWORD)["Retry-After"] == "2"
    time_passes(1.1)
    assert slowed(log_in("editor", PASSWORD))
    time_passes(1)
    assert logged_in(log_in("editor", PASSWORD))


def test_the_slowdown_holds_per_account_and_per_address(editor, settings):
    settings.LOGIN_SLOWDOWN_SECONDS = 1
    log_in("editor", "wrong", "192.0.2.1")
    assert slowed(log_in("editor", PASSWORD, "198.51.100.7"))  # same account, elsewhere
    assert slowed(log_in("someone-else", "wrong", "192.0.2.1"))  # same address
    assert not slowed(log_in("someone-else", "wrong", "203.0.113.5"))  # neither


def test_after_the_slowdown_comes_the_lockout(editor, limit, settings):
    settings.LOGIN_SLOWDOWN_SECONDS = 1
    for failure in range(limit - 1):
        assert log_in("editor", "wrong").status_code == 200
        time_passes(2**failure + 0.1)  # each wait, well within the cool-off
    assert locked(log_in("editor", "wrong"))  # the last failure locks
    time_passes(2**limit)  # longer than any slow-down: the lockout answers
    assert locked(log_in("editor", PASSWORD))
