"""Kept database connections are health-checked before their first query in a
request (CONN_HEALTH_CHECKS). films.sql.fetch_all, which reads the busiest
pages' data, is that check itself: no round trip of its own, and a connection
found dead is still replaced without failing the request."""

import psycopg
import pytest
from django.db import OperationalError, connection

from films.sql import fetch_all
from filmsite.content.models import ContentVersion

from . import factories as f


@pytest.fixture
def counted_health_checks(monkeypatch):
    calls = []
    is_usable = connection.is_usable

    def counting():
        calls.append(1)
        return is_usable()

    monkeypatch.setattr(connection, "is_usable", counting)
    return calls


def new_request():
    """What request_started does to a kept connection (the test client skips it)."""
    connection.health_check_done = False


@pytest.mark.django_db
def test_the_first_read_of_a_request_is_the_health_check(counted_health_checks):
    assert connection.health_check_enabled
    connection.ensure_connection()
    new_request()
    f.FilmFactory()  # through the ORM: Django checks first
    assert len(counted_health_checks) == 1
    new_request()
    assert fetch_all([("SELECT 1", [])]) == [[(1,)]]
    assert len(counted_health_checks) == 1  # no second check
    assert connection.health_check_done
    f.FilmFactory()  # the check is done for this request
    assert len(counted_health_checks) == 1


@pytest.mark.django_db(transaction=True)
def test_failing_statements_are_not_retried():
    connection.ensure_connection()
    kept = connection.connection
    new_request()
    with pytest.raises(Exception, match="no_such_table"):
        fetch_all([("SELECT * FROM no_such_table", [])])
    # An error of the statements (SQLite calls it operational): the
    # connection still works, and is kept.
    assert connection.connection is kept
    assert ContentVersion.current() >= 0


def kill_connection():
    pid = connection.connection.info.backend_pid
    with psycopg.connect(
        host=connection.settings_dict["HOST"] or None,
        port=connection.settings_dict["PORT"] or None,
        user=connection.settings_dict["USER"],
        dbname=connection.settings_dict["NAME"],
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
    return pid


@pytest.mark.skipif(connection.vendor != "postgresql", reason="kills a server connection")
@pytest.mark.django_db(transaction=True)
def test_a_dead_connection_is_replaced_before_the_page_is_read(client):
    film = f.FilmFactory(title="Still Here")
    connection.ensure_connection()
    dead = kill_connection()
    new_request()
    response = client.get(film.get_absolute_url())
    assert response.status_code == 200
    assert "Still Here" in response.text
    assert connection.connection.info.backend_pid != dead

    # Without the check due, a dead connection fails the query, as in Django.
    kill_connection()
    with pytest.raises(OperationalError):
        fetch_all([("SELECT 1", [])])
    connection.close()
