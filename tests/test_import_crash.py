"""An import killed mid-run (SIGKILL, a real process) leaves no document
half-loaded, and running it again ends where an uninterrupted run ends
(issue 12, item 8).

Real processes against a real database of their own: a fresh SQLite file,
or fresh PostgreSQL databases when the suite runs on PostgreSQL."""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from .generated_pages import pages, write_pages

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = 80
KILL_AFTER = 5  # documents committed

# Rows of each document, counted through their source document.
PER_DOCUMENT = """
SELECT d.content_hash, f.title,
  (SELECT COUNT(*) FROM reviews_criticreview r WHERE r.source_document_id = d.id),
  (SELECT COUNT(*) FROM reviews_audiencereview r WHERE r.source_document_id = d.id),
  (SELECT COUNT(*) FROM films_credit r WHERE r.source_document_id = d.id),
  (SELECT COUNT(*) FROM films_releasedate r WHERE r.source_document_id = d.id),
  (SELECT COUNT(*) FROM films_watchoption r WHERE r.source_document_id = d.id),
  (SELECT COUNT(*) FROM reviews_reportedscore r WHERE r.source_document_id = d.id)
FROM films_sourcedocument d LEFT JOIN films_film f ON f.id = d.film_id
"""
# The whole imported content by natural keys, duplicates included.
CANONICAL = {
    "films": "SELECT title, year, slug FROM films_film",
    "documents": "SELECT content_hash, file_name FROM films_sourcedocument",
    "people": "SELECT name FROM films_person",
    "critics": "SELECT name FROM reviews_critic",
    "publications": "SELECT name FROM reviews_publication",
    "credits": "SELECT f.title, p.name, c.role FROM films_credit c"
    " JOIN films_film f ON f.id = c.film_id JOIN films_person p ON p.id = c.person_id",
    "critic reviews": "SELECT f.title, c.name, p.name, r.quote, r.needs_review"
    " FROM reviews_criticreview r JOIN films_film f ON f.id = r.film_id"
    " LEFT JOIN reviews_critic c ON c.id = r.critic_id"
    " LEFT JOIN reviews_publication p ON p.id = r.publication_id",
    "audience reviews": "SELECT f.title, r.author_name, r.text FROM reviews_audiencereview r"
    " JOIN films_film f ON f.id = r.film_id",
    "scores": "SELECT f.title, s.tomatometer FROM reviews_reportedscore s"
    " JOIN films_film f ON f.id = s.film_id",
}
PROGRESS = (
    "SELECT (SELECT COUNT(*) FROM films_sourcedocument),"
    " (SELECT COALESCE(MAX(version), 0) FROM content_contentversion)"
)


class Database:
    """A database of the test's own, reached by URL (for manage.py) and by
    a plain DB-API connection (to watch and check it)."""

    def __init__(self, url, connect):
        self.url, self.connect = url, connect

    def rows(self, sql):
        conn = self.connect()
        try:
            cursor = conn.cursor()
            cursor.execute(sql)
            return sorted(tuple(str(value) for value in row) for row in cursor.fetchall())
        finally:
            conn.close()

    def manage(self, *args, **options):
        env = os.environ | {"DATABASE_URL": self.url}
        return [sys.executable, "manage.py", *args], {"cwd": ROOT, "env": env, **options}

    def run(self, *args):
        command, options = self.manage(*args)
        return subprocess.run(command, capture_output=True, text=True, timeout=120, **options)


@pytest.fixture
def databases(tmp_path):
    """(interrupted, clean): two freshly migrated databases."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        first = tmp_path / "interrupted.sqlite3"
        made = Database(f"sqlite:///{first}", lambda: sqlite3.connect(first))
        assert made.run("migrate", "--no-input", "-v0").returncode == 0
        second = tmp_path / "clean.sqlite3"
        shutil.copy(first, second)  # the migrating process has checkpointed and closed it
        yield made, Database(f"sqlite:///{second}", lambda: sqlite3.connect(second))
        return
    params = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"]}
    names = [f"filmsite_crash_{uuid.uuid4().hex[:8]}" for _ in range(2)]

    def database(name):
        url = f"postgres://{params['user']}@{params['host']}:{params['port']}/{name}"
        return Database(url, lambda: psycopg.connect(dbname=name, **params))

    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(f'CREATE DATABASE "{names[0]}"')
    try:
        assert database(names[0]).run("migrate", "--no-input", "-v0").returncode == 0
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
            conn.execute(f'CREATE DATABASE "{names[1]}" TEMPLATE "{names[0]}"')
        yield database(names[0]), database(names[1])
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
            for name in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def kill_mid_run(database, directory):
    """Start an import, SIGKILL it once KILL_AFTER documents have committed;
    the (documents, content version) pairs seen while it ran."""
    command, options = database.manage("import_sources", str(directory))
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **options
    )
    seen = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            try:
                (progress,) = database.rows(PROGRESS)
            except (sqlite3.OperationalError, psycopg.OperationalError):
                continue  # busy for a moment
            seen.append(tuple(map(int, progress)))
            if seen[-1][0] >= KILL_AFTER:
                break
            time.sleep(0.005)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    return seen


@pytest.mark.slow
def test_an_import_killed_mid_run_loses_nothing_and_a_rerun_finishes_it(databases, tmp_path):
    interrupted, clean = databases
    directory = tmp_path / "documents"
    directory.mkdir()
    write_pages(directory, pages(DOCUMENTS, seed=8))

    seen = kill_mid_run(interrupted, directory)
    (done, version), *_ = interrupted.rows(PROGRESS)
    done, version = int(done), int(version)
    assert KILL_AFTER <= done < DOCUMENTS, "the import was not killed mid-run"
    # Pages are cached by content version: every committed document must
    # have moved it, or cached pages would hide its content.
    assert all(version > v for n, v in seen if n < done), (seen, done, version)

    completed = clean.run("import_sources", str(directory))
    assert completed.returncode == 0, completed.stderr
    expected = {row[0]: row for row in clean.rows(PER_DOCUMENT)}
    # Each document is all there or not there at all.
    partial = interrupted.rows(PER_DOCUMENT)
    assert len(partial) == done
    assert all(row == expected[row[0]] for row in partial)
    assert len(interrupted.rows(CANONICAL["films"])) == done

    rerun = interrupted.run("import_sources", str(directory))
    assert rerun.returncode == 0, rerun.stderr
    assert f"documents: {DOCUMENTS} imported, 0 failed" in rerun.stdout
    assert f"films: {DOCUMENTS - done} created, 0 updated, {done} unchanged" in rerun.stdout
    for kind, sql in CANONICAL.items():
        assert interrupted.rows(sql) == clean.rows(sql), kind
    assert interrupted.rows(PER_DOCUMENT) == clean.rows(PER_DOCUMENT)
