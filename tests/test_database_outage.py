"""A database that does not answer is an outage, not a bug: pages answer 503
with Retry-After and the site's own error page, never a 500 or a hang;
/healthz (liveness) still answers 200 and /readyz (readiness) 503 with what
answers.

The site runs in a subprocess whose DATABASE_URL points where no database
answers (the test process keeps its own working database); the subprocess
requests pages through Django's test client, with debug off as in production,
and prints what it got. A hang shows as the subprocess's timeout: no test
asserts on how long a page took, which depends on the machine's load.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import html5lib
import pytest
from django.urls import reverse

from films import views as film_views

ROOT = Path(__file__).resolve().parent.parent

PAGES = ["/", "/films/", "/films/a-film/", "/films/a-film/reviews/", "/people/someone/"]

# Runs in the subprocess: argv[1:] are the paths to request.
CLIENT = """
import json, sys
import django
django.setup()
from django.test import Client
from django.test.utils import override_settings

# The manifest of hashed static files exists only after collectstatic.
plain_static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
with override_settings(STORAGES={"staticfiles": plain_static}):
    client = Client(raise_request_exception=False)
    client.get("/robots.txt")  # loads the URLconf and the middleware
    results = []
    for path in sys.argv[1:]:
        response = client.get(path)
        results.append({
            "path": path,
            "status": response.status_code,
            "headers": dict(response.headers),
            "text": response.content.decode(),
        })
print(json.dumps(results))
"""


def request_pages(database_url, paths):
    """{path: result} from a site whose database is at `database_url`, and its log."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")} | {
        "DJANGO_SETTINGS_MODULE": "filmsite.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "test-only-secret-key-not-for-production",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_CACHE_URL": "locmem://",
        "DATABASE_URL": database_url,
    }
    result = subprocess.run(
        [sys.executable, "-c", CLIENT, *paths],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return {page["path"]: page for page in json.loads(result.stdout)}, result.stderr


def assert_site_error_page(page):
    """The site's own 503 page: its title and text, its landmarks, valid HTML."""
    assert page["headers"]["Content-Type"].startswith("text/html")
    text = page["text"]
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    tree = parser.parse(text)  # raises on any parse error
    assert tree.find(".//title").text == "Temporarily unavailable · Filmsite"
    assert tree.find(".//main/h1").text == "Temporarily unavailable"
    for landmark in ("header", "nav", "main", "footer"):
        assert tree.find(f".//{landmark}") is not None, landmark
    assert "try again in a minute" in text


def assert_outage_answers(pages, log):
    for path in PAGES:
        page = pages[path]
        assert page["status"] == 503, (path, page["status"], page["text"][:300])
        assert page["headers"]["Retry-After"] == "30"
        assert "no-store" in page["headers"]["Cache-Control"]
        assert_site_error_page(page)
        # Still logged, as Django logs an error, with the database's exception.
        assert f"Service Unavailable: {path}\n" in log
    assert "OperationalError" in log

    assert pages["/healthz"]["status"] == 200
    assert pages["/healthz"]["text"] == "ok"
    assert pages["/readyz"]["status"] == 503
    assert json.loads(pages["/readyz"]["text"]) == {"database": "unavailable", "cache": "ok"}


@pytest.mark.parametrize("where", ["missing-directory", "a-directory"])
def test_sqlite_that_cannot_be_opened_answers_503(tmp_path, where):
    # chmod 000 does not stop root: a file in a missing directory, or a directory.
    path = tmp_path / "missing" / "db.sqlite3" if where == "missing-directory" else tmp_path
    pages, log = request_pages(f"sqlite:///{path}", [*PAGES, "/healthz", "/readyz"])
    assert_outage_answers(pages, log)


def test_postgresql_at_a_closed_port_answers_503(closed_port):
    url = f"postgres://postgres@127.0.0.1:{closed_port}/filmsite"
    pages, log = request_pages(url, [*PAGES, "/healthz", "/readyz"])
    assert_outage_answers(pages, log)


@pytest.mark.slow
def test_postgresql_that_never_answers_fails_within_the_connect_timeout(silent_port):
    # Without connect_timeout (DJANGO_DB_CONNECT_TIMEOUT, 2 s: the least libpq
    # accepts) psycopg would wait 130 s, past the subprocess's timeout; with it,
    # each page gives up with libpq's "timeout expired".
    url = f"postgres://postgres@127.0.0.1:{silent_port}/filmsite"
    pages, log = request_pages(url, ["/", "/readyz"])
    for path in ("/", "/readyz"):
        assert pages[path]["status"] == 503
    assert_site_error_page(pages["/"])
    assert "timeout" in log


@pytest.mark.django_db
def test_readyz_answers_200_when_the_database_answers(client):
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_other_errors_are_still_500(client, monkeypatch):
    def broken(index):
        raise RuntimeError("a bug, not an outage")

    monkeypatch.setattr(film_views, "home_page", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Something went wrong" in response.text
