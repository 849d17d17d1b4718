"""Production settings are secure: `check --deploy` reports nothing."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "p9#v2Lq!x7Zr@4mT8wYk$3nBf6Hs1Jd0Gc5Ue%Ai&Ro*Vt^Xy+Qz",
    "DJANGO_ALLOWED_HOSTS": "films.example.org",
}


def run_manage(*args, **env):
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean_env | env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "DEBUG", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_missing_secret_key_stops_startup_when_debug_is_off():
    result = run_manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_the_web_server_stops_without_a_secret_key():
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "-c", "import filmsite.wsgi"],
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


@pytest.mark.slow
def test_manage_py_without_a_secret_key_runs_as_development():
    """A newcomer's bare `manage.py makemigrations --check` works; it is debug
    that needs no key, and with a key debug stays off unless asked for."""
    result = run_manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout
    keyed = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_DEBUG"}
    result = run_manage("check", "--deploy", "--fail-level", "DEBUG", **keyed)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


@pytest.mark.django_db
def test_production_sets_security_headers(client, settings):
    response = client.get("/", secure=True)
    assert response.status_code == 200
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE


def test_plain_http_is_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/")
    assert response.status_code == 301
    assert response.headers["Location"].startswith("https://")


def test_collectstatic_writes_compressed_content_hashed_files(tmp_path):
    result = run_manage(
        "collectstatic", "--no-input", DJANGO_STATIC_ROOT=str(tmp_path), **PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]
    assert re.fullmatch(r"css/site\.[0-9a-f]{12}\.css", hashed)
    assert (tmp_path / f"{hashed}.gz").exists()


def test_an_unknown_boolean_stops_startup_with_the_variables_name():
    result = run_manage("check", **PRODUCTION_ENV | {"DJANGO_SECURE_SSL_REDIRECT": "ture"})
    assert result.returncode != 0
    assert "DJANGO_SECURE_SSL_REDIRECT must be a boolean (1/0, true/false), not 'ture'" in (
        result.stderr
    )


def test_empty_variables_keep_their_defaults(monkeypatch):
    """An empty DJANGO_SECURE_SSL_REDIRECT= in a deployment file must not turn
    the redirect off, and spaces around host names are not part of them."""
    from filmsite.settings import env_bool, env_list

    monkeypatch.setenv("DJANGO_SECURE_SSL_REDIRECT", "")
    assert env_bool("DJANGO_SECURE_SSL_REDIRECT", True) is True
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", " films.example.org , ,www.example.org")
    assert env_list("DJANGO_ALLOWED_HOSTS") == ["films.example.org", "www.example.org"]
