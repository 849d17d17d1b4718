"""A Redis outage does not take the site down (filmsite/cache.py): with Redis
refusing connections or never answering, pages render uncached with 200, the
admin works, one warning is logged per back-off period, and only the first
request of a back-off period waits for the timeout. With Redis up, pages are
cached in it.

Real redis-py clients throughout: at a closed port, at a socket that accepts
and never answers, at a redis-server the test starts on a port that was closed,
and at the Redis server of the machine (CI has both; the tests that need them
are skipped elsewhere, and say so).
"""

import logging
import os
import shutil
import subprocess
import time
from uuid import uuid4

import pytest
import redis
from django.template.response import TemplateResponse
from django.urls import reverse

from filmsite.settings import redis_cache

from . import factories as f

LIVE_REDIS_URL = os.environ.get("FILMSITE_TEST_REDIS_URL", "redis://127.0.0.1:6379/7")

pytestmark = pytest.mark.django_db


@pytest.fixture
def use_redis(settings):
    """use_redis(url, **options): the page cache in Redis at `url`, with the
    production options unless given, under a key prefix of this test's own."""
    prefix = f"test-{uuid4().hex}"

    def use(url, **options):
        settings.CACHES = {"default": {**redis_cache(url, **options), "KEY_PREFIX": prefix}}
        settings.PAGE_CACHE_SHARED = True  # as settings.py says for redis://

    return use


@pytest.fixture
def live_redis():
    try:
        redis.Redis.from_url(LIVE_REDIS_URL, socket_timeout=1).ping()
    except redis.RedisError as error:
        required(f"no Redis answers at {LIVE_REDIS_URL} ({error})")
    return LIVE_REDIS_URL


def required(message):
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def redis_server_at():
    """redis_server_at(port): starts a Redis server of this test's own there."""
    binary = shutil.which("redis-server")
    if binary is None:
        required("no redis-server on the PATH")
    started = []

    def start(port):
        server = subprocess.Popen(
            [
                binary,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        started.append(server)
        client = redis.Redis(port=port, socket_timeout=1)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise AssertionError(f"redis-server did not start on port {port}")

    yield start
    for server in started:
        server.terminate()
        server.wait(timeout=10)


def outage_warnings(caplog):
    return [
        record
        for record in caplog.records
        if record.name == "filmsite.cache"
        and record.levelno == logging.WARNING
        and "does not answer" in record.getMessage()
    ]


def test_pages_render_uncached_when_redis_refuses_connections(
    client, use_redis, closed_port, caplog
):
    film = f.FilmFactory(title="Still Showing")
    use_redis(f"redis://127.0.0.1:{closed_port}/0")
    for url in ("/", reverse("films:film-list"), film.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Still Showing" in response.text
    again = client.get(film.get_absolute_url())
    assert again.status_code == 200
    assert isinstance(again, TemplateResponse)  # rendered again: nothing was cached
    assert len(outage_warnings(caplog)) == 1
    assert "Connection refused" in outage_warnings(caplog)[0].getMessage()


def test_a_redis_that_never_answers_costs_one_timeout_per_backoff(
    client, use_redis, silent_server, caplog
):
    film = f.FilmFactory(title="Still Showing")
    use_redis(f"redis://127.0.0.1:{silent_server.port}/0", timeout=1.0, backoff=60)
    first = client.get(film.get_absolute_url())
    assert first.status_code == 200
    assert "Still Showing" in first.text
    assert len(silent_server.accepted) == 1  # tried once, until the read timeout
    for url in (film.get_absolute_url(), "/", reverse("films:film-list")):
        response = client.get(url)
        assert response.status_code == 200, url
    # Redis is not tried again during the back-off: a try would connect anew
    # (the timed-out connection is dropped) and wait for the timeout again.
    assert len(silent_server.accepted) == 1
    assert len(outage_warnings(caplog)) == 1
    assert "Timeout" in outage_warnings(caplog)[0].getMessage()


def test_one_warning_per_backoff_period(client, use_redis, closed_port, caplog):
    film = f.FilmFactory()
    use_redis(f"redis://127.0.0.1:{closed_port}/0", backoff=0.3)
    for _ in range(5):
        assert client.get(film.get_absolute_url()).status_code == 200
    assert len(outage_warnings(caplog)) == 1
    time.sleep(0.35)
    for _ in range(5):
        assert client.get(film.get_absolute_url()).status_code == 200
    assert len(outage_warnings(caplog)) == 2


def test_redis_is_used_again_once_it_answers_after_the_backoff(
    client, use_redis, closed_port, redis_server_at, caplog
):
    film = f.FilmFactory(title="Back In Cache")
    use_redis(f"redis://127.0.0.1:{closed_port}/0", backoff=0.3)
    assert client.get(film.get_absolute_url()).status_code == 200
    assert len(outage_warnings(caplog)) == 1

    redis_server_at(closed_port)
    assert isinstance(client.get(film.get_absolute_url()), TemplateResponse)  # still backing off
    time.sleep(0.35)
    assert isinstance(client.get(film.get_absolute_url()), TemplateResponse)  # rendered and stored
    cached = client.get(film.get_absolute_url())
    assert not isinstance(cached, TemplateResponse)  # served from Redis
    assert "Back In Cache" in cached.text
    assert len(outage_warnings(caplog)) == 1
    assert any("answers again" in record.getMessage() for record in caplog.records)


def test_the_admin_works_when_redis_is_down(
    client, use_redis, closed_port, editor, django_capture_on_commit_callbacks
):
    film = f.FilmFactory(title="Edited During The Outage")
    use_redis(f"redis://127.0.0.1:{closed_port}/0")
    response = client.post(
        reverse("admin:login"),
        {"username": "editor", "password": "editor-password", "next": reverse("admin:index")},
    )
    assert response.status_code == 302, response.content[:500]
    assert client.get(reverse("admin:index")).status_code == 200
    change = reverse("admin:films_film_change", args=[film.pk])
    assert client.get(change).status_code == 200
    # An edit publishes the new content version to the cache after commit.
    with django_capture_on_commit_callbacks(execute=True):
        film.critics_consensus = "Saved while Redis was down."
        film.save()
    client.logout()
    assert "Saved while Redis was down." in client.get(film.get_absolute_url()).text


def test_readyz_stays_ready_when_redis_is_down(client, use_redis, closed_port):
    use_redis(f"redis://127.0.0.1:{closed_port}/0")
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "unavailable"}


def test_the_default_timeouts_are_well_under_a_second(settings):
    options = redis_cache("redis://127.0.0.1:6379/0")["OPTIONS"]
    assert 0 < options["socket_connect_timeout"] <= 0.5
    assert 0 < options["socket_timeout"] <= 0.5
    assert 1 <= options["BACKOFF"] <= 30


def test_pages_are_cached_in_redis_when_it_answers(
    client, use_redis, live_redis, caplog, django_assert_num_queries
):
    film = f.FilmFactory(title="Served From Redis")
    use_redis(live_redis)
    assert isinstance(client.get(film.get_absolute_url()), TemplateResponse)
    with django_assert_num_queries(0):  # page and content version both from Redis
        cached = client.get(film.get_absolute_url())
    assert cached.status_code == 200
    assert not isinstance(cached, TemplateResponse)
    assert "Served From Redis" in cached.text
    assert client.get(reverse("readyz")).json() == {"database": "ok", "cache": "ok"}
    assert not outage_warnings(caplog)


def test_an_edit_during_an_outage_shows_within_the_page_cache_lifetime(
    client, settings, use_redis, live_redis, closed_port, django_capture_on_commit_callbacks
):
    """The edit's new content version cannot reach Redis, whose copy of the
    version stays until it expires: pages are late by PAGE_CACHE_SECONDS at
    most after Redis answers again."""
    settings.PAGE_CACHE_SECONDS = 1
    film = f.FilmFactory(title="Edited Film", critics_consensus="Before the outage.")
    use_redis(live_redis)
    client.get(film.get_absolute_url())
    assert not isinstance(client.get(film.get_absolute_url()), TemplateResponse)  # cached in Redis
    stored = time.monotonic()

    use_redis(f"redis://127.0.0.1:{closed_port}/0")
    with django_capture_on_commit_callbacks(execute=True):
        film.critics_consensus = "During the outage."
        film.save()
    assert "During the outage." in client.get(film.get_absolute_url()).text

    use_redis(live_redis)  # Redis answers again, same keys
    time.sleep(max(0, stored + settings.PAGE_CACHE_SECONDS + 0.1 - time.monotonic()))
    assert "During the outage." in client.get(film.get_absolute_url()).text
