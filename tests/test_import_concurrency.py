"""Two imports running at once end in the same state as one run.

Real processes against a real database (a fresh SQLite file, or a fresh
PostgreSQL database when the suite runs on PostgreSQL), since the point is
how separate connections race."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]

COUNT_SCRIPT = """
import json
from films.models import Film, Person, Credit
from reviews.models import CriticReview, AudienceReview, Critic, Publication
print(json.dumps({m.__name__: m.objects.count() for m in
      (Film, Person, Credit, CriticReview, AudienceReview, Critic, Publication)}))
"""


@pytest.fixture
def database_url(tmp_path):
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        yield f"sqlite:///{tmp_path / 'concurrent.sqlite3'}"
        return
    name = f"filmsite_concurrency_{uuid.uuid4().hex[:8]}"
    params = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"]}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://{db['USER']}@{db['HOST']}:{params['port']}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def manage(database_url, *args):
    env = os.environ | {"DATABASE_URL": database_url}
    return [sys.executable, "manage.py", *args], {"cwd": ROOT, "env": env}


@pytest.mark.slow
def test_two_imports_at_once_end_like_one(database_url, sources_dir):
    command, options = manage(database_url, "migrate", "--no-input", "-v0")
    subprocess.run(command, check=True, timeout=120, **options)
    command, options = manage(database_url, "import_sources", str(sources_dir))
    racers = [
        subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **options
        )
        for _ in range(2)
    ]
    for racer in racers:
        _, err = racer.communicate(timeout=120)
        assert racer.returncode == 0, err
        assert "database is locked" not in err
    command, options = manage(database_url, "shell", "-c", COUNT_SCRIPT)
    counts = json.loads(
        subprocess.run(
            command, check=True, capture_output=True, text=True, timeout=60, **options
        ).stdout.splitlines()[-1]
    )
    assert counts == {
        "Film": 1,
        "Person": 7,
        "Credit": 12,
        "CriticReview": 6,
        "AudienceReview": 10,
        "Critic": 5,
        "Publication": 5,
    }
    command, options = manage(database_url, "import_sources", str(sources_dir))
    again = subprocess.run(command, capture_output=True, text=True, timeout=120, **options)
    assert "films: 0 created, 0 updated, 2 unchanged" in again.stdout
