"""Kept database connections are health-checked before their first query in a
request (CONN_HEALTH_CHECKS): a connection found dead is replaced without
failing the request."""

import psycopg
import pytest
from django.db import close_old_connections, connection

from . import factories as f


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
# serialized_rollback: without it, the flush after this test runs post_migrate,
# which makes the content types again under new ids, and a later serialized_rollback
# test (tests/test_catalogue.py) fails to load its own copy of them.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_dead_connection_is_replaced_before_the_page_is_read(client):
    film = f.FilmFactory(title="Still Here")
    connection.ensure_connection()
    dead = kill_connection()
    close_old_connections()  # as at the start of a request (the test client skips it)
    response = client.get(film.get_absolute_url())
    assert response.status_code == 200
    assert "Still Here" in response.text
    assert connection.connection.info.backend_pid != dead
