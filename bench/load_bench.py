"""Load with writes: visitors, an import and an editor at once, under gunicorn.

    .venv/bin/pip install --require-hashes -r requirements/bench.txt   # locust and lxml
    .venv/bin/python bench/load_bench.py [--db sqlite|postgres|both]
        [--seconds 60] [--users 50] [--films 3000] [--people 30000] [--reviews 150000]

For each database:

1. Prepares a fresh copy of a demo catalogue (`generate_demo_data`, built once
   by site_bench.py's helpers and kept: the SQLite file is copied, the
   PostgreSQL database `filmsite_loadbench_base` is used as a template for
   `filmsite_loadbench`), so every run starts from the same data and the
   cached catalogue is never written to. Creates an editor account (group
   Editors) in the copy.
2. Starts gunicorn as the README's production start runs it: 2 sync workers,
   debug off, a secret key, collectstatic, the default page cache
   (`locmem://`, or --cache), the default 30 s worker timeout, on 127.0.0.1.
3. For --seconds, with locust as a library (headless, one process):
   * --users visitors, each asking for its next page as soon as the last one
     answered (no think time, so the server is saturated: the harshest case),
     over the home page, filtered film lists, film pages, critic and audience
     review listings, person pages and search (site_bench.SEARCH_PATH), weighted
     roughly as visitors browse (WEIGHTS);
   * one editor who logs in to the admin, searches the film list for a word
     of a title, opens a film's change form and saves it back with a small
     edit (the synopsis gains or loses a mark) and the form's CSRF token,
     again and again;
   * and, once the visitors are running, `manage.py import_sources --publish`
     of --docs documents generated as import_bench.py does, as a subprocess.
4. Prints requests per second, p50/p99 and the 5xx count per page type, the
   editor's saves (ok/failed), the import's result and duration, and the
   number of "database is locked" lines and of tracebacks (by exception) in
   the gunicorn and import logs (/tmp/filmsite-bench/gunicorn-load-<db>.log,
   /tmp/filmsite-bench/load-<db>-import.log).

Latencies are locust's (rounded as its statistics do: to 2 significant
figures above 100 ms) and include the time a request waits for one of the 2
workers. Only 127.0.0.1 is contacted; every run stops by itself after
--seconds (the import, if still running then, is waited for and reported).
"""

import argparse
import json
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    # locust patches the standard library for gevent when imported: first.
    import gevent
    from locust import FastHttpUser, HttpUser, constant, task
    from locust.env import Environment
    from locust.stats import StatsEntry
    from lxml import html
except ImportError as error:
    sys.exit(
        f"{error.name} is missing: install the benchmark tools with `pip install --require-hashes -r requirements/bench.txt`."
    )

sys.path.insert(0, str(Path(__file__).resolve().parent))
# The other benchmarks' helpers, imported after locust's patching.
import import_bench
import site_bench
from site_bench import DATA, HOST, PG, ROOT, base_env, manage

PG_BASE = "filmsite_loadbench_base"  # the demo catalogue, built once and kept
PG_RUN = "filmsite_loadbench"  # each run's copy of it
EDITOR = "loadbench-editor"
EDIT_MARK = " [load bench edit]"
STOP_WORDS = {"demo", "the", "of", "at", "and", "a", "an", "in", "on", "part", "two", "three"}

# Visitors' page types and how often each is asked for (relative weights).
WEIGHTS = {
    "home": 10,
    "film list": 20,
    "film page": 28,
    "critic reviews": 10,
    "audience reviews": 7,
    "person page": 13,
    "search": 12,
}
# The editor's requests, reported after the visitors'.
EDITOR_PAGES = ["admin login", "admin film search", "admin change form", "admin save"]


# --- Databases ------------------------------------------------------------------------------


def prepare_sqlite(args):
    """A fresh copy of the cached demo catalogue."""
    cached = Path(site_bench.prepare_sqlite(args).removeprefix("sqlite:///"))
    copy = DATA / "load-sqlite.sqlite3"
    for old in DATA.glob(copy.name + "*"):  # the file and any -wal/-shm left by a crash
        old.unlink()
    shutil.copyfile(cached, copy)
    return f"sqlite:///{copy}"


def prepare_postgres(args):
    """A fresh copy (CREATE DATABASE ... TEMPLATE) of the cached demo catalogue."""
    import psycopg

    site_bench.prepare_postgres(args, database=PG_BASE)
    with psycopg.connect(dbname="postgres", autocommit=True, **PG) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_RUN}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{PG_RUN}" TEMPLATE "{PG_BASE}"')
    return f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{PG_RUN}"


def create_editor(env):
    """An account in the Editors group, with a new random password."""
    password = secrets.token_urlsafe(16)
    code = (
        "from django.contrib.auth.models import Group, User\n"
        f"user = User.objects.create_user({EDITOR!r}, password={password!r}, is_staff=True)\n"
        "user.groups.add(Group.objects.get(name='Editors'))\n"
    )
    manage(env, "shell", "--no-imports", "-c", code)
    return password


# --- URLs ----------------------------------------------------------------------------------


def visitor_urls(database_url, args):
    """URL sets per page type. Home, film lists, film and person pages are
    site_bench.py's; review listings and searches are derived from them."""
    sets = site_bench.url_sets(database_url, args, "locmem://")
    counts = sets.pop("counts")
    sets.pop("cache")
    rng = random.Random(args.seed)
    films = sets["film page"]
    critic = [f"{url}reviews/" for url in films]
    critic += [f"{url}reviews/?sentiment={rng.choice(['fresh', 'rotten'])}" for url in films[::4]]
    critic += [f"{url}reviews/?ordering=oldest" for url in films[1::4]]
    audience = [f"{url}reviews/audience/" for url in films]
    audience += [f"{url}reviews/audience/?stars={rng.choice(['5.0', '4.0', '3.0'])}"
                 for url in films[::4]]  # fmt: skip
    return {
        "home": sets["home"],
        "film list": sets["film list"],
        "film page": films,
        "critic reviews": critic,
        "audience reviews": audience,
        "person page": sets["person page"],
        "search": search_urls(rng, films, sets["person page"]),
    }, counts


def slug_words(url):
    slug = url.rstrip("/").rsplit("/", 1)[-1]
    return [w for w in slug.split("-") if w and not w.isdigit() and w not in STOP_WORDS]


def search_urls(rng, film_urls, person_urls, count=1000):
    """Searches as visitors type them: a word of a title, a surname, or two
    words of a title."""
    titles = [words for words in map(slug_words, film_urls) if words]
    surnames = [words[-1] for words in map(slug_words, person_urls) if words]
    queries = set()
    for _ in range(20 * count):
        if len(queries) >= count or not titles:
            break
        roll = rng.random()
        words = rng.choice(titles)
        if roll < 0.6:
            queries.add(rng.choice(words))
        elif roll < 0.85 and surnames:
            queries.add(rng.choice(surnames))
        elif len(words) > 1:
            queries.add(" ".join(rng.sample(words, 2)))
    path = site_bench.SEARCH_PATH
    return [f"{path}?q={query.replace(' ', '+')}" for query in sorted(queries)]


# --- Users ---------------------------------------------------------------------------------


class Visitor(FastHttpUser):
    """Asks for one page after another; URLS is set before the run."""

    wait_time = constant(0)
    URLS = {}

    def visit(self, page):
        self.client.get(random.choice(self.URLS[page]), name=page)

    @task(WEIGHTS["home"])
    def home(self):
        self.visit("home")

    @task(WEIGHTS["film list"])
    def film_list(self):
        self.visit("film list")

    @task(WEIGHTS["film page"])
    def film_page(self):
        self.visit("film page")

    @task(WEIGHTS["critic reviews"])
    def critic_reviews(self):
        self.visit("critic reviews")

    @task(WEIGHTS["audience reviews"])
    def audience_reviews(self):
        self.visit("audience reviews")

    @task(WEIGHTS["person page"])
    def person_page(self):
        self.visit("person page")

    @task(WEIGHTS["search"])
    def search(self):
        self.visit("search")


def form_fields(page, form_id):
    """The (name, value) pairs a browser would submit from the page's form
    `form_id`: lxml reads inputs, checked boxes, selected options and text
    areas. None when the page has no such form."""
    forms = html.fromstring(page).xpath(f'//form[@id="{form_id}"]')
    return forms[0].form_values() if forms else None


class Editor(HttpUser):
    """One editor: logs in, then searches, opens and saves films repeatedly.
    PASSWORD and SEARCHES are set before the run."""

    fixed_count = 1  # spawned first, besides the visitors
    wait_time = constant(0)
    PASSWORD = ""
    SEARCHES = []
    saves_ok = 0
    saves_failed = 0
    failures = []

    def request(self, method, url, name, **kwargs):
        response = self.client.request(method, url, name=name, allow_redirects=False, **kwargs)
        # Debug off, the site marks its cookies Secure, and a cookie jar never
        # sends those back over plain HTTP. The bench talks to gunicorn on
        # 127.0.0.1 without TLS (as a TLS proxy in front would), so it
        # clears the mark on the jar's copies.
        for cookie in self.client.cookies:
            cookie.secure = False
        return response

    def on_start(self):
        page = self.request("GET", "/admin/login/", "admin login")
        values = dict(form_fields(page.text, "login-form") or ())
        values.update(username=EDITOR, password=self.PASSWORD, next="/admin/")
        response = self.request("POST", "/admin/login/", "admin login", data=values)
        if response.status_code != 302:
            raise RuntimeError(f"the editor could not log in: {response.status_code}")

    @task
    def save_film(self):
        query = random.choice(self.SEARCHES)
        listing = self.request(
            "GET", "/admin/films/film/", "admin film search", params={"q": query}
        )
        links = html.fromstring(listing.text).xpath(
            '//table[@id="result_list"]//th/a[contains(@href, "/change/")]/@href'
        )
        if not links:
            return  # no film matches this word: another search next time
        url = random.choice(links)
        form = self.request("GET", url, "admin change form")
        fields = form_fields(form.text, "film_form")
        if fields is None:
            self.failed(f"{url}: no change form ({form.status_code})")
            return
        fields = [(name, edited(value) if name == "synopsis" else value)
                  for name, value in fields]  # fmt: skip
        with self.request("POST", url, "admin save", data=fields, catch_response=True) as response:
            if response.status_code == 302:
                Editor.saves_ok += 1
                response.success()
            else:
                errors = html.fromstring(response.text).xpath(
                    '//*[contains(@class, "errorlist") or contains(@class, "errornote")]'
                )
                reason = "; ".join(e.text_content().strip() for e in errors)[:300]
                reason = reason or response.text[:300]
                response.failure(f"{response.status_code}: {reason}")
                self.failed(f"{url}: {response.status_code}: {reason}")

    def failed(self, reason):
        Editor.saves_failed += 1
        if len(Editor.failures) < 5:
            Editor.failures.append(reason)


def edited(synopsis):
    """A small edit that can be made again and again: add or take off a mark."""
    if synopsis.endswith(EDIT_MARK):
        return synopsis.removesuffix(EDIT_MARK)
    return synopsis + EDIT_MARK


# --- The import ------------------------------------------------------------------------------


class Import:
    """`manage.py import_sources --publish DIR` as a subprocess, in a greenlet."""

    def __init__(self, env, directory, log):
        self.env, self.directory, self.log = env, directory, log
        self.started = self.finished = None
        self.returncode = None

    def run(self):
        self.started = time.perf_counter()
        with open(self.log, "w") as log:
            process = subprocess.Popen(
                [sys.executable, "manage.py", "import_sources", "--publish", str(self.directory)],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
            self.returncode = process.wait()  # gevent's: the visitors go on meanwhile
        self.finished = time.perf_counter()

    def summary(self):
        text = self.log.read_text(errors="replace")
        found = re.search(r"documents: (\d+) imported, (\d+) failed", text)
        return (int(found[1]), int(found[2])) if found else (None, None)


# --- Running and reporting ----------------------------------------------------------------


def read_logs(paths):
    """How many "database is locked" lines the logs hold, and their tracebacks
    counted by exception (the line that closes each)."""
    locked, exceptions = 0, {}
    in_traceback = False
    for path in paths:
        for line in path.read_text(errors="replace").splitlines():
            locked += "database is locked" in line
            if line.startswith("Traceback (most recent call last)"):
                in_traceback = True
            elif in_traceback and line and not line.startswith(" "):
                in_traceback = False
                name = line.split(":", 1)[0]
                exceptions[name] = exceptions.get(name, 0) + 1
    return locked, exceptions


def run(kind, args):
    load1, load5, _ = os.getloadavg()
    print(f"\n=== {kind} === (load average before: {load1:.2f} {load5:.2f} on "
          f"{os.cpu_count()} CPUs; other work on the machine skews the figures)", flush=True)  # fmt: skip
    started = time.perf_counter()
    database_url = prepare_sqlite(args) if kind == "sqlite" else prepare_postgres(args)
    env = base_env(database_url)
    env["DJANGO_CACHE_URL"] = args.cache
    manage(env, "collectstatic", "--no-input", "-v", "0")
    urls, counts = visitor_urls(database_url, args)
    Visitor.URLS = urls
    Editor.PASSWORD = create_editor(env)
    # The editor looks films up by a word of their title (the admin searches titles).
    Editor.SEARCHES = sorted({word for url in urls["film page"] for word in slug_words(url)})
    Editor.saves_ok, Editor.saves_failed, Editor.failures = 0, 0, []
    print(f"  data: {', '.join(f'{n:,} {what}' for what, n in counts.items())} "
          f"(ready in {time.perf_counter() - started:.0f} s)")  # fmt: skip
    print(f"  distinct URLs: {', '.join(f'{page} {len(u)}' for page, u in urls.items())}")

    import_log = DATA / f"load-{kind}-import.log"
    with tempfile.TemporaryDirectory() as tmp:
        documents = Path(tmp)
        import_bench.generate(documents, args.docs, seed=args.seed)
        with site_bench.Server(
            database_url, args.cache, f"load-{kind}",
            timeout=30, page_cache_seconds=None,  # gunicorn's and the site's defaults
        ) as server:  # fmt: skip
            importer = Import(env, documents, import_log)
            environment = Environment(
                user_classes=[Visitor, Editor], host=f"http://{HOST}:{server.port}"
            )
            statuses = {}

            def on_request(name, response, exception, **kwargs):
                status = getattr(response, "status_code", 0) or type(exception).__name__
                by_name = statuses.setdefault(name, {})
                by_name[status] = by_name.get(status, 0) + 1

            environment.events.request.add_listener(on_request)
            runner = environment.create_local_runner()
            print(f"  running {args.seconds:g} s: {args.users} visitors, 1 editor, an import of "
                  f"{args.docs} documents from 1 s on; gunicorn log {server.log}", flush=True)  # fmt: skip
            load_started = time.perf_counter()
            runner.start(args.users + 1, spawn_rate=args.users + 1)
            import_greenlet = gevent.spawn_later(1, importer.run)
            gevent.sleep(args.seconds)
            runner.stop()
            elapsed = time.perf_counter() - load_started
            runner.quit()
            if not import_greenlet.dead:
                print("  the load has stopped; waiting for the import to finish", flush=True)
            import_greenlet.join()
            if import_greenlet.exception:
                raise import_greenlet.exception
    locked, exceptions = read_logs([server.log, import_log])
    report = {
        "database": kind,
        "counts": counts,
        "seconds": round(elapsed, 1),
        "users": args.users,
        "pages": page_figures(environment.stats, statuses, elapsed),
        "editor": {
            "saves_ok": Editor.saves_ok,
            "saves_failed": Editor.saves_failed,
            "failures": Editor.failures,
        },
        "import": import_figures(importer, load_started, elapsed),
        "logs": {"database is locked": locked, "tracebacks": exceptions},
    }
    print_report(report, args, server.log, import_log)
    return report


def page_figures(stats, statuses, elapsed):
    figures = {}
    for label, names in [
        *((page, [page]) for page in WEIGHTS),
        ("all visitors", list(WEIGHTS)),
        *((page, [page]) for page in EDITOR_PAGES),
    ]:
        entry = StatsEntry(stats, label, None)  # the sum over methods (and page types)
        for (name, _), one in stats.entries.items():
            if name in names:
                entry.extend(one)
        if not entry.num_requests:
            continue
        by_status = {}
        for name in names:
            for status, n in statuses.get(name, {}).items():
                by_status[status] = by_status.get(status, 0) + n
        figures[label] = {
            "requests": entry.num_requests,
            "rps": round(entry.num_requests / elapsed, 1),
            "p50_ms": entry.get_response_time_percentile(0.5),
            "p99_ms": entry.get_response_time_percentile(0.99),
            "5xx": sum(n for s, n in by_status.items() if isinstance(s, int) and s >= 500),
            "statuses": {str(s): n for s, n in sorted(by_status.items(), key=str)},
        }
    return figures


def import_figures(importer, load_started, elapsed):
    ok, failed = importer.summary()
    return {
        "documents_ok": ok,
        "documents_failed": failed,
        "exit_status": importer.returncode,
        "seconds": round(importer.finished - importer.started, 1),
        "started_at": round(importer.started - load_started, 1),
        "ended_after_load": importer.finished - load_started > elapsed,
    }


def print_report(report, args, server_log, import_log):
    print(f"\n  {report['database']}: {report['users']} visitors and 1 editor for "
          f"{report['seconds']:g} s; {args.films:,} demo films; cache {args.cache}")  # fmt: skip
    header = (f"  {'page type':<18} {'reqs':>6} {'rps':>7} {'p50 ms':>7} {'p99 ms':>7} "
              f"{'5xx':>4}  other statuses")  # fmt: skip
    print(header)
    print("  " + "-" * (len(header) - 2))
    for name, f in report["pages"].items():
        if name == "admin login":
            print("  " + "-" * (len(header) - 2))
        others = ", ".join(f"{s}: {n}" for s, n in f["statuses"].items()
                           if s not in ("200", "302") and not s.startswith("5"))  # fmt: skip
        print(f"  {name:<18} {f['requests']:>6} {f['rps']:>7.1f} {f['p50_ms']:>7.0f} "
              f"{f['p99_ms']:>7.0f} {f['5xx']:>4}  {others}")  # fmt: skip
    editor = report["editor"]
    print(f"\n  editor saves: {editor['saves_ok']} ok, {editor['saves_failed']} failed")
    for failure in editor["failures"]:
        print(f"    {failure}")
    imp = report["import"]
    after = " (it ended after the load had stopped)" if imp["ended_after_load"] else ""
    print(f"  import: {imp['documents_ok']} documents ok, {imp['documents_failed']} failed, "
          f"exit status {imp['exit_status']}, {imp['seconds']:.1f} s from "
          f"{imp['started_at']:g} s into the run{after}")  # fmt: skip
    logs = report["logs"]
    tracebacks = logs["tracebacks"]
    kinds = ", ".join(f"{n} {name}" for name, n in sorted(tracebacks.items(), key=lambda x: -x[1]))
    print(f"  logs: {logs['database is locked']} \"database is locked\", "
          f"{sum(tracebacks.values())} tracebacks{f' ({kinds})' if kinds else ''}; "
          f"see {server_log} and {import_log}")  # fmt: skip


def interrupted(signum, frame):
    raise KeyboardInterrupt


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--seconds", type=float, default=60, help="length of the load")
    parser.add_argument("--users", type=int, default=50, help="concurrent visitors")
    parser.add_argument("--docs", type=int, default=200, help="documents imported meanwhile")
    parser.add_argument("--films", type=int, default=3000)
    parser.add_argument("--people", type=int, default=30000)
    parser.add_argument("--reviews", type=int, default=150000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--cache", default="locmem://", help="DJANGO_CACHE_URL (the production default: locmem://)"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    if not 0 < args.seconds <= 600 or not 0 < args.users <= 500:
        parser.error("--seconds must be in (0, 600] and --users in (0, 500]")
    signal.signal(signal.SIGTERM, interrupted)  # `timeout` unwinds like Ctrl-C: gunicorn stops
    DATA.mkdir(parents=True, exist_ok=True)
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    report = [run(kind, args) for kind in kinds]
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
