"""Browser tests: Debian's chromium driven by playwright against pytest-django's
live server.

Playwright never downloads a browser here: it launches the chromium found on PATH
(Debian's `chromium` package). Without one the browser tests are skipped, and say so,
unless FILMSITE_REQUIRE_BROWSER=1 (CI), where a missing chromium fails them.

One browser for the whole package, a new context (viewport, colour scheme, JavaScript
on or off) per test.

Playwright's synchronous API keeps an asyncio loop running on the thread that uses
it; on the test thread that would make Django treat every ORM call as coming from
async code (and keep a second set of database connections). So playwright runs on a
thread of its own, and the tests hold proxies (`Remote`) whose every call runs there.
"""

import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core.cache import cache

from .seed import seed_site

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
NO_CHROMIUM = "no chromium on PATH"
SKIP_MESSAGE = f"browser tests skipped: {NO_CHROMIUM}; install Debian's chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORTS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}
TIMEOUT_MS = 10_000

_skipped = []


def browser_required():
    return os.environ.get("FILMSITE_REQUIRE_BROWSER", "") not in ("", "0")


def find_chromium():
    """Debian's chromium: `chromium` on PATH, else /usr/bin/chromium.
    FILMSITE_CHROMIUM=/path/to/chromium overrides (an unusable path means none)."""
    override = os.environ.get("FILMSITE_CHROMIUM")
    if override is not None:
        return shutil.which(override)
    return shutil.which("chromium") or shutil.which("/usr/bin/chromium")


def no_browser(reason):
    if browser_required():
        pytest.fail(f"{reason}; FILMSITE_REQUIRE_BROWSER=1 makes the browser tests required")
    message = SKIP_MESSAGE if reason == NO_CHROMIUM else f"browser tests skipped: {reason}"
    _skipped.append(message)
    pytest.skip(message)


class BrowserThread:
    """The one thread that talks to playwright."""

    def __init__(self):
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="playwright")

    def call(self, function, *args, **kwargs):
        __tracebackhide__ = True
        future = self.executor.submit(function, *args, **kwargs)
        try:
            return future.result()
        except Exception as error:
            # The frames are playwright's internals on the other thread: the message
            # (with playwright's call log) is what tells what went wrong.
            raise error.with_traceback(None) from None

    def wrap(self, value):
        if isinstance(value, list | tuple):
            return type(value)(self.wrap(item) for item in value)
        if type(value).__module__.startswith("playwright."):
            return Remote(self, value)
        return value

    def expect(self, target, *args, **kwargs):
        """playwright's `expect`, run on the browser thread."""
        from playwright.sync_api import expect

        return self.wrap(self.call(expect, unwrap(target), *args, **kwargs))


def unwrap(value):
    if isinstance(value, Remote):
        return object.__getattribute__(value, "_target")
    if isinstance(value, list | tuple):
        return type(value)(unwrap(item) for item in value)
    if isinstance(value, dict):
        return {key: unwrap(item) for key, item in value.items()}
    return value


class Remote:
    """A playwright object (page, locator, response, …) used from the test thread:
    attribute reads and method calls run on the browser thread; playwright objects
    they return come back wrapped too, and exceptions are raised here."""

    __slots__ = ("_target", "_thread")

    def __init__(self, thread, target):
        object.__setattr__(self, "_thread", thread)
        object.__setattr__(self, "_target", target)

    def __getattr__(self, name):
        thread = object.__getattribute__(self, "_thread")
        target = object.__getattribute__(self, "_target")
        value = thread.call(getattr, target, name)
        if callable(value) and not isinstance(value, type):

            def method(*args, **kwargs):
                __tracebackhide__ = True
                return thread.wrap(thread.call(value, *unwrap(args), **unwrap(kwargs)))

            method.__name__ = name
            return method
        return thread.wrap(value)

    def __repr__(self):
        return f"Remote({object.__getattribute__(self, '_target')!r})"


@pytest.fixture(scope="package")
def browser_thread():
    chromium = find_chromium()
    if chromium is None:
        no_browser(NO_CHROMIUM)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        no_browser("playwright is not installed (make venv installs it from requirements/dev.txt)")
    os.environ["PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD"] = "1"
    thread = BrowserThread()
    manager = sync_playwright()
    try:
        playwright = thread.call(manager.__enter__)
        browser = thread.call(
            playwright.chromium.launch, executable_path=chromium, headless=True, args=CHROMIUM_ARGS
        )
        thread.browser = browser
        yield thread
        thread.call(browser.close)
    finally:
        thread.call(manager.__exit__, None, None, None)
        thread.executor.shutdown()


@pytest.fixture
def browser(browser_thread):
    return browser_thread.wrap(browser_thread.browser)


@pytest.fixture
def expect(browser_thread):
    return browser_thread.expect


@pytest.fixture
def site_data(browser_thread, live_server, django_db_serialized_rollback):
    """The site's content, in a database the live server shares. Serialized rollback
    restores what the migrations created (the Editors group) after each test."""
    cache.clear()  # cached pages are keyed on a content version that a flush resets
    yield seed_site()
    cache.clear()


@pytest.fixture
def new_page(browser, live_server):
    """`new_page(viewport="phone", color_scheme="dark", javascript=True)`: a page in a
    fresh context whose relative URLs go to the live server."""
    contexts = []

    def make(viewport="desktop", color_scheme="light", javascript=True):
        context = browser.new_context(
            base_url=live_server.url,
            color_scheme=color_scheme,
            java_script_enabled=javascript,
            reduced_motion="reduce",
            **VIEWPORTS[viewport],
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def screenshot_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def pytest_terminal_summary(terminalreporter):
    if _skipped and not browser_required():
        terminalreporter.write_sep("=", "browser tests", yellow=True)
        terminalreporter.write_line(_skipped[0], yellow=True)
