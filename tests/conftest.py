import socket
import threading

import pytest
from django.contrib.auth.models import Group


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """Serve static files unhashed in tests: the manifest exists only after
    collectstatic, which tests/test_settings.py runs once on its own."""
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    }


@pytest.fixture(autouse=True)
def catalogue_refresh_inline(settings):
    """The film list's index is rebuilt on the request that finds a change
    (in production a background thread does it, whose connection would not
    see a test's uncommitted rows: tests/test_catalogue.py tests that path)."""
    settings.CATALOGUE_REFRESH_SECONDS = None


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty page cache and no film list index: the
    content version that keys both is rolled back with each test's database
    changes."""
    from django.core.cache import cache

    from films import catalogue

    cache.clear()
    catalogue.forget()


@pytest.fixture
def editor(django_user_model):
    """A staff member of the Editors group created by the migration."""
    user = django_user_model.objects.create_user(
        username="editor", password="editor-password", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


# Ports where a service fails as it does in an outage (tests of cache and
# database outages).


@pytest.fixture
def closed_port():
    """A port where nothing listens: connecting is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def silent_port():
    """A port that accepts connections and never says a word."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.1)
    held, stop = [], threading.Event()

    def accept():
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    server.close()
