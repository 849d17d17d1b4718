import socket
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group

# The sample documents live beside the project, in ../shared/sources: tests read
# them there and never copy them. Invented variations are in tests/fixtures/.
SOURCES = Path(__file__).resolve().parents[1].parent / "shared" / "sources"
RT_SEED = "000_ea9deac0f6375b19.txt"
REVIEW_SITE_SEED = "001_90928487ba2d9350.txt"


def pytest_collection_modifyitems(items):
    """Browser tests are slow by nature (a browser per test, axe-core on every
    page): `-m "not slow"` leaves them out without a second marker on each."""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    """The directory of sample documents (every test that reads them goes through here)."""
    assert SOURCES.is_dir(), f"the sample source documents are missing: {SOURCES}"
    return SOURCES


@pytest.fixture(scope="session")
def rt_seed_path(sources_dir) -> Path:
    """The Rotten Tomatoes page of The Red Shoes (1948)."""
    return sources_dir / RT_SEED


@pytest.fixture(scope="session")
def review_site_seed_path(sources_dir) -> Path:
    """The other site's page of the same film."""
    return sources_dir / REVIEW_SITE_SEED


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
def silent_server():
    """A server that accepts connections and never says a word: `port`, and
    `accepted`, the connections made to it so far (how often a client tried)."""
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
    yield SimpleNamespace(port=server.getsockname()[1], accepted=held)
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    server.close()


@pytest.fixture
def silent_port(silent_server):
    """A port that accepts connections and never says a word."""
    return silent_server.port
