"""Site benchmark: requests/second and latency of the public pages under gunicorn.

    .venv/bin/python bench/site_bench.py [--db sqlite|postgres|both]
        [--films 10000] [--people 100000] [--reviews 500000]
        [--requests 2000] [--concurrency 4] [--max-seconds 60]
        [--search-path /films/] [--changes 3] [--pg-database filmsite_bench]

What it does, for each database:

1. Builds a demo database once (migrate + `generate_demo_data`) and keeps it
   for later runs: SQLite in /tmp/filmsite-bench/, PostgreSQL in the
   database `filmsite_bench`. The cache key is the sizes, the seed and a hash
   of the migrations and the generator, so a schema or generator change
   rebuilds it. `collectstatic` runs into /tmp/filmsite-bench/static, as
   production runs with debug off and hashed static files.
2. Serves the site with gunicorn as in production: 2 sync workers, debug
   off, persistent database connections (DJANGO_CONN_MAX_AGE=600), on
   127.0.0.1 at a free port. The application is bench/timed_wsgi.py: the
   site's own, plus response headers with the worker's pid and the server
   time (reported as "srv" figures).
3. Measures six page types, each over a fixed, seeded set of URLs:
   the trivial view /healthz (the baseline), the home page, filtered film
   lists (>= 1,000 distinct filter combinations), film pages (>= 1,000
   films), person pages (>= 1,000 people, drawn through random credits,
   so busy people come up as often as visitors would open them) and
   searches at SEARCH_PATH (30 queries of each kind in QUERY_KINDS, drawn
   from the data), whose server times are also reported per kind.
   Each page type gets --requests requests (at most --max-seconds), cycling
   over its URLs in random order, from --concurrency client threads.
4. Does so twice: "cold" with DJANGO_CACHE_URL=dummy:// (nothing cached:
   every request renders) and "warm" with a filled page cache. The warm run
   uses Redis (database 7 at 127.0.0.1:6379, emptied first) when the `redis`
   package is installed, and locmem:// otherwise. locmem is per process, and
   a request goes to whichever of the 2 workers accepts it, so the fill then
   repeats the URL set (3 passes) until nearly every URL is cached in both. Cache entries would expire after
   DJANGO_PAGE_CACHE_SECONDS (60 s by default); the warm run raises it so
   entries outlive the run, and each page type is filled right before it is
   measured. Warm figures are thus "every page a cache hit", an upper bound.
5. After a change (end of the cold run), in a subprocess: an edit (a demo
   film saved through the ORM) or an import (a new film's generated page
   through `import_sources --publish`); then requests film lists on new
   connections until every worker has answered one, and reports each
   worker's first answer; the same with searches. --changes rounds of
   edit and import, each followed by lists and by searches.

The client: threads with http.client connections. Gunicorn's sync workers
close the connection after every response (they do not keep alive), so
every request opens a new TCP connection, as it would behind no proxy;
http.client reconnects by itself. On 2 cores the client competes with the
server for CPU; 4 client threads keep both workers busy (each waits for a
worker in the listen backlog about as long as it is served), so latency
figures include that queueing, and the trivial view's rate is partly
bounded by the client. Ratios to the trivial view are from the same run.

gunicorn is stopped at the end, also on errors and Ctrl-C. Only 127.0.0.1.
"""

import argparse
import contextlib
import hashlib
import http.client
import itertools
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
DATA = Path("/tmp/filmsite-bench")
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
PG_DATABASE = "filmsite_bench"
REDIS_DB = 7  # the bench's own Redis database: emptied before each warm run
REDIS_URL = f"redis://127.0.0.1:6379/{REDIS_DB}"
HOST = "127.0.0.1"
WORKERS = 2
DISTINCT_URLS = 1000  # per page type (fewer only when the database has fewer films/people)
# Where the header search sends its query: the results page (films, people,
# critics, publications). `--search-path /films/` measures the film list's q.
SEARCH_PATH = "/search/"
SEARCH_PARAM = "q"
PAGE_TYPES = [
    ("trivial", "/healthz"),
    ("home", "/"),
    ("film list", "/films/?..."),
    ("film page", "/films/<slug>/"),
    ("person page", "/people/<slug>/"),
    ("search", f"{SEARCH_PATH}?{SEARCH_PARAM}=..."),
]
# Kinds of search query, each a seeded sample (see search_queries).
QUERY_KINDS = [
    "common word", "rare word", "title", "full name", "surname", "accented name",
    "unaccented name", "no match", "one letter", "two letters",
]  # fmt: skip
QUERIES_PER_KIND = 30
CHANGES = 3  # "after a change": rounds of change, then first requests per worker

# --- Databases ------------------------------------------------------------------------------


def data_key(args):
    """Sizes, seed, and what the data depends on: the schema and the generator."""
    digest = hashlib.sha256()
    generator = [
        *sorted((ROOT / "films/demo").glob("*.py")),
        ROOT / "films/management/commands/generate_demo_data.py",
    ]
    sources = [*sorted(ROOT.glob("*/migrations/0*.py")), *generator]
    for path in sources:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    sizes = f"f{args.films}-p{args.people}-r{args.reviews}-s{args.seed}"
    return sizes, digest.hexdigest()[:10]


def manage(env, *arguments, quiet=True):
    subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def base_env(database_url):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-only-secret-key-not-for-production-use",
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_CONN_MAX_AGE="600",
        DJANGO_STATIC_ROOT=str(DATA / "static"),
        DJANGO_CACHE_URL="dummy://",
    )
    return env


def generate(env, args):
    print(f"  generating demo data (--films {args.films} --people {args.people} "
          f"--reviews {args.reviews}); see {DATA}/generate.log", flush=True)  # fmt: skip
    started = time.perf_counter()
    manage(env, "migrate", "--no-input", "-v", "0")
    with open(DATA / "generate.log", "a") as log:
        subprocess.run(
            [sys.executable, "manage.py", "generate_demo_data", "--clear",
             f"--films={args.films}", f"--people={args.people}",
             f"--reviews={args.reviews}", f"--seed={args.seed}"],
            cwd=ROOT, env=env, check=True, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    print(f"  generated in {time.perf_counter() - started:.0f} s (migrate included)")


def prepare_sqlite(args):
    sizes, digest = data_key(args)
    path = DATA / f"sqlite-{sizes}-{digest}.sqlite3"
    url = f"sqlite:///{path}"
    if path.exists():
        print(f"  reusing {path}")
        manage(base_env(url), "migrate", "--no-input", "-v", "0")
        return url
    for stale in DATA.glob(f"sqlite-{sizes}-*"):
        stale.unlink()  # same sizes, older schema or generator
    building = path.with_suffix(".building")
    for leftover in DATA.glob(building.name + "*"):
        leftover.unlink()
    generate(base_env(f"sqlite:///{building}"), args)
    # The generator has exited, so SQLite has checkpointed and removed its WAL.
    os.replace(building, path)
    return url


def prepare_postgres(args, database=PG_DATABASE):
    """The demo database `database`, built once per sizes, schema and generator."""
    import psycopg

    sizes, digest = data_key(args)
    key = f"filmsite bench data {sizes} {digest}"
    url = f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{database}"
    with psycopg.connect(dbname="postgres", autocommit=True, **PG) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [database],
        ).fetchone()
        if row and row[0] == key:
            print(f"  reusing database {database}")
            manage(base_env(url), "migrate", "--no-input", "-v", "0")
            return url
        if row:  # other sizes, schema or generator: start afresh
            conn.execute(f'DROP DATABASE "{database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{database}"')
    generate(base_env(url), args)
    with psycopg.connect(dbname="postgres", autocommit=True, **PG) as conn:
        # Marks the data complete: an interrupted build is never reused.
        conn.execute(f"COMMENT ON DATABASE \"{database}\" IS '{key}'")
    return url


# --- URL sets (run in a child process with the database's settings) ------------------------


def list_urls(seed, count, search_path):
    """Print the URL set of each page type as JSON. Runs with Django set
    up for one database, in its own process (see url_sets)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "filmsite.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db.models import Count

    from films.filters import DEFAULT_PAGE_SIZE
    from films.models import Credit, Film, Genre, Person, Provider
    from reviews.models import AudienceReview, CriticReview

    rng = random.Random(seed)
    films = Film.objects.published().filter(slug__startswith="demo--")
    genres = dict(
        Genre.objects.filter(films__in=films).annotate(n=Count("films")).values_list("slug", "n")
    )
    providers = list(
        Provider.objects.filter(slug__startswith="demo--").values_list("slug", flat=True)
    )
    total = films.count()

    film_slugs = list(films.values_list("slug", flat=True))
    rng.shuffle(film_slugs)
    # People through random credits: a person with many credits is opened
    # more often, as on a real site.
    person_ids = list(Credit.objects.filter(film__in=films).values_list("person_id", flat=True))
    rng.shuffle(person_ids)
    chosen = list(dict.fromkeys(person_ids))[:count]
    slugs = dict(Person.objects.published().filter(pk__in=chosen).values_list("pk", "slug"))
    people = [f"/people/{slugs[pk]}/" for pk in chosen if pk in slugs]

    lists = set()
    attempts = 0
    while len(lists) < count and attempts < 50 * count:
        attempts += 1
        lists.add(film_list_url(rng, genres, providers, total, DEFAULT_PAGE_SIZE))
    queries = search_queries(random.Random(seed), films, chosen)
    # Kinds in turn (see load's in_order): every kind is measured even when
    # searches are so slow that a run gets through few of them.
    search = {
        f"{search_path}?{urlencode({SEARCH_PARAM: query})}": kind
        for turn in itertools.zip_longest(*queries.values())
        for kind, query in zip(queries, turn, strict=True)
        if query is not None
    }
    result = {
        "trivial": ["/healthz"],
        "home": ["/"],
        "film list": sorted(lists),
        "film page": [f"/films/{slug}/" for slug in film_slugs[:count]],
        "person page": people,
        "search": list(search),
        "search kinds": search,
        "cache": {
            "backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
            # LocMemCache's own default when the settings give none.
            "max_entries": settings.CACHES["default"].get("OPTIONS", {}).get("MAX_ENTRIES", 300),
        },
        "counts": {
            "films": total,
            "people": Person.objects.filter(slug__startswith="demo--").count(),
            "critic reviews": CriticReview.objects.filter(film__in=films).count(),
            "audience reviews": AudienceReview.objects.filter(film__in=films).count(),
        },
    }
    print(json.dumps(result))


def search_queries(rng, films, person_ids):
    """A seeded sample of QUERIES_PER_KIND queries of each kind in
    QUERY_KINDS, drawn from the demo data as visitors would type them."""
    import unicodedata
    from collections import Counter

    from films.models import Person

    def fold(text):
        return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()

    def sample(items, k=QUERIES_PER_KIND):
        items = sorted(set(items))
        return rng.sample(items, min(k, len(items)))

    titles = list(films.values_list("title", flat=True))
    words = Counter(word.strip(".,:;!?'\"").lower() for title in titles for word in title.split())
    words = {word: n for word, n in words.items() if len(word) >= 3 and word.isalpha()}
    by_count = sorted(words, key=lambda word: (-words[word], word))
    names = list(
        Person.objects.published().filter(pk__in=person_ids[:5000]).values_list("name", flat=True)
    )
    accented = [name for name in names if not name.isascii()]
    letters = "abcdefghijklmnopqrstuvwxyz"
    return {
        "common word": by_count[:QUERIES_PER_KIND],
        "rare word": sample(word for word, n in words.items() if n <= 2),
        "title": sample(titles),
        "full name": sample(names),
        "surname": sample(name.split()[-1] for name in names),
        "accented name": sample(accented),
        "unaccented name": [fold(name) for name in sample(accented)],
        # Letters that no demo syllable or word list combines like this.
        "no match": [
            "".join(rng.choice("qxzjv") for _ in range(rng.randint(5, 9)))
            for _ in range(QUERIES_PER_KIND)
        ],
        "one letter": list(letters),
        "two letters": sample(a + b for a in letters for b in letters),
    }


ORDERINGS = ["-tomatometer", "-audience_score", "title", "-year", "-created_at"]


def film_list_url(rng, genres, providers, total, page_size):
    """One filtered list, drawn from the filters visitors combine."""
    params = []
    matching = total  # an upper bound on the films listed, for page numbers
    if genres and rng.random() < 0.65:
        chosen = rng.sample(sorted(genres), 2 if rng.random() < 0.25 else 1)
        params += [("genre", slug) for slug in chosen]
        matching = max(genres[slug] for slug in chosen)
    roll = rng.random()
    if roll < 0.25:
        params.append(("decade", rng.randrange(1920, 2030, 10)))
    elif roll < 0.4:
        low = rng.randrange(1920, 2025)
        params += [("year_min", low), ("year_max", min(2025, low + rng.choice([1, 5, 10, 20])))]
    if rng.random() < 0.12:
        params.append(("certification", "PG-13"))
    if rng.random() < 0.15:
        params.append(("tomatometer_min", 60))
    if rng.random() < 0.1:
        params.append(("audience_min", 70))
    if providers and rng.random() < 0.15:
        params.append(("provider", rng.choice(providers)))
    if rng.random() < 0.12:
        params.append(("offer", "subscription"))
    if rng.random() < 0.75:
        params.append(("ordering", rng.choice(ORDERINGS)))
    if len(params) <= 2 and rng.random() < 0.35:
        # Later pages, where lists are long enough to have them.
        last = max(1, -(-matching // page_size))
        if last > 1:
            params.append(("page", rng.randint(2, min(last, 20))))
    return "/films/" + (f"?{urlencode(params)}" if params else "")


def url_sets(database_url, args, warm_cache):
    env = base_env(database_url)
    env["DJANGO_CACHE_URL"] = warm_cache  # to report the warm cache's settings
    out = subprocess.run(
        [sys.executable, __file__, "--list-urls", f"--seed={args.seed}",
         f"--distinct={DISTINCT_URLS}",
         f"--search-path={getattr(args, 'search_path', SEARCH_PATH)}"],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- The server -------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def redis_available():
    """The warm run's cache: Redis needs the `redis` package in the venv."""
    probe = subprocess.run([sys.executable, "-c", "import redis"], capture_output=True, cwd=ROOT)
    if probe.returncode:
        return False
    with contextlib.suppress(OSError), socket.create_connection((HOST, 6379), timeout=1):
        return True
    return False


def flush_redis():
    """Empty the bench's Redis database, so no page cached by an earlier run
    (another database, same URL and content version) is served. Plain RESP
    over a socket: the bench itself needs no redis package."""
    command = (
        f"*2\r\n$6\r\nSELECT\r\n${len(str(REDIS_DB))}\r\n{REDIS_DB}\r\n*1\r\n$7\r\nFLUSHDB\r\n"
    )
    with socket.create_connection((HOST, 6379), timeout=5) as sock:
        sock.sendall(command.encode())
        reply = b""
        while reply.count(b"\r\n") < 2:
            chunk = sock.recv(1024)
            if not chunk:
                break
            reply += chunk
    if reply != b"+OK\r\n+OK\r\n":
        raise RuntimeError(f"Redis did not flush database {REDIS_DB}: {reply!r}")


class Server:
    """gunicorn in its own process group, stopped on exit whatever happens."""

    def __init__(
        self, database_url, cache_url, label, *, timeout=300, page_cache_seconds=86400, timed=False
    ):
        """`timeout`: gunicorn's worker timeout; `page_cache_seconds`: None keeps
        the setting's default; `timed`: serve bench/timed_wsgi.py (worker and
        server time headers) instead of the site's own application."""
        self.port = free_port()
        self.log = DATA / f"gunicorn-{label}.log"
        env = base_env(database_url)
        env["DJANGO_CACHE_URL"] = cache_url
        if page_cache_seconds is not None:
            # Warm run: entries outlive the run (see the module docstring).
            env["DJANGO_PAGE_CACHE_SECONDS"] = str(page_cache_seconds)
        application = ["filmsite.wsgi"]
        if timed:
            # The site's application with two bench-only response headers:
            # the worker's pid and the server time.
            application = ["--pythonpath", str(ROOT / "bench"), "timed_wsgi"]
        gunicorn = ROOT / ".venv/bin/gunicorn"
        if not gunicorn.exists():
            gunicorn = Path(shutil.which("gunicorn") or "gunicorn")
        self.command = [
            str(gunicorn), *application,
            "--workers", str(WORKERS), "--worker-class", "sync",
            "--bind", f"{HOST}:{self.port}",
            # A slow page is measured, not killed at the default 30 s.
            "--timeout", str(timeout),
            "--error-logfile", "-", "--log-level", "warning",
        ]  # fmt: skip
        self.env = env
        self.process = None

    def __enter__(self):
        self.log_file = open(self.log, "w")  # closed in stop()
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env=self.env, stdout=self.log_file,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            self.wait_until_ready()
        except BaseException:
            self.stop()  # __exit__ does not run when __enter__ fails
            raise
        return self

    def wait_until_ready(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited at start; see {self.log}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                conn = http.client.HTTPConnection(HOST, self.port, timeout=5)
                conn.request("GET", "/healthz")
                conn.getresponse().read()
                conn.close()
                return
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within 60 s; see {self.log}")

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        process = self.process
        if process is not None and process.poll() is None:
            process.terminate()  # the master stops its workers gracefully
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)  # its own group: only what we started
                process.wait()
        self.log_file.close()


# --- The load generator ------------------------------------------------------------------------


def percentile(values, p):
    """The p-th percentile of `values` (nearest rank), nan when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


class Result:
    def __init__(self, label, urls):
        self.label = label
        self.urls = urls
        self.latencies = []
        self.server = []  # (url, server ms from X-Bench-Server-Ms) per answered request
        self.statuses = {}
        self.bytes = 0
        self.seconds = 0.0
        self.first_error = None

    @property
    def requests(self):
        return len(self.latencies)

    @property
    def errors(self):
        return sum(n for status, n in self.statuses.items() if status != 200)

    @property
    def rps(self):
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p):
        """Client latency, ms."""
        return percentile(self.latencies, p) * 1000

    def server_percentile(self, p, urls=None):
        """Server time, ms, of all requests or those for `urls`."""
        return percentile([ms for url, ms in self.server if urls is None or url in urls], p)

    def as_dict(self):
        return {
            "requests": self.requests,
            "distinct_urls": len(self.urls),
            "seconds": round(self.seconds, 3),
            "rps": round(self.rps, 1),
            "p50_ms": round(self.percentile(50), 2),
            "p99_ms": round(self.percentile(99), 2),
            "server_p50_ms": round(self.server_percentile(50), 2),
            "server_p99_ms": round(self.server_percentile(99), 2),
            "mean_kb": round(self.bytes / max(1, self.requests) / 1024, 1),
            "statuses": {str(k): v for k, v in self.statuses.items()},
        }


def load(port, label, urls, requests, concurrency, max_seconds, seed, in_order=False):
    """`requests` GETs cycling over `urls` in random order (or in their
    order) from `concurrency` threads, stopping early after `max_seconds`."""
    order = list(urls)
    if not in_order:
        random.Random(seed).shuffle(order)
    result = Result(label, urls)
    counter = itertools.count()
    lock = threading.Lock()
    deadline = time.perf_counter() + max_seconds

    def client():
        conn = http.client.HTTPConnection(HOST, port, timeout=300)
        latencies, server, statuses, size, first_error = [], [], {}, 0, None
        while True:
            i = next(counter)  # atomic under the GIL
            if i >= requests or time.perf_counter() > deadline:
                break
            url = order[i % len(order)]
            started = time.perf_counter()
            try:
                conn.request("GET", url, headers={"Host": HOST})
                response = conn.getresponse()
                body = response.read()
                status = response.status
                server_ms = response.getheader("X-Bench-Server-Ms")
                if server_ms is not None:
                    server.append((url, float(server_ms)))
            except (OSError, http.client.HTTPException) as error:
                conn.close()
                status, body = type(error).__name__, b""
            latencies.append(time.perf_counter() - started)
            statuses[status] = statuses.get(status, 0) + 1
            size += len(body)
            if status != 200 and first_error is None:
                first_error = f"{url} -> {status}: {body[:300].decode(errors='replace')}"
        conn.close()
        with lock:
            result.latencies += latencies
            result.server += server
            for status, n in statuses.items():
                result.statuses[status] = result.statuses.get(status, 0) + n
            result.bytes += size
            result.first_error = result.first_error or first_error

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result


# --- Running and reporting -------------------------------------------------------------------


def run_mode(database_url, urls, args, mode, cache_url, fill_passes, label):
    results = {}
    if cache_url.startswith("redis://"):
        flush_redis()
    with Server(database_url, cache_url, label, timed=True) as server:
        # Each worker builds its film list index as it starts (films/catalogue.py):
        # wait until every worker has answered a list, as a server joins a pool.
        first_requests(server.port, ["/films/"], WORKERS, 300)
        for page, _ in PAGE_TYPES:
            page_urls = urls[page]
            if not page_urls:
                continue
            in_order = page == "search"  # kinds in turn
            if mode == "warm":
                # Fill the cache with this page type's URLs right before measuring.
                filled = sum(
                    load(server.port, page, page_urls, len(page_urls), args.concurrency,
                         args.max_seconds, args.seed + n, in_order).requests
                    for n in range(fill_passes)
                )  # fmt: skip
                if filled < fill_passes * len(page_urls):
                    print(f"    warm {page}: the fill stopped at the time limit, after "
                          f"{filled} of {fill_passes} x {len(page_urls)} requests")  # fmt: skip
            else:
                # Warm up the processes (imports, connections, DB cache) only.
                load(server.port, page, page_urls, min(50, args.requests), args.concurrency,
                     args.max_seconds, args.seed + 99, in_order)  # fmt: skip
            result = load(
                server.port, page, page_urls, args.requests, args.concurrency,
                args.max_seconds, args.seed, in_order,
            )  # fmt: skip
            results[page] = result
            note = f"  ({result.errors} not 200: {result.first_error})" if result.errors else ""
            print(f"    {mode:>4} {page:<12} {result.requests:>6} requests "
                  f"{result.rps:8.1f}/s  p50 {result.percentile(50):7.1f} ms{note}", flush=True)  # fmt: skip
        changes = after_changes(server, database_url, urls, args) if mode == "cold" else None
    return results, changes


def ratio(value, base):
    return value / base if base else float("nan")


def print_table(title, results):
    print(f"\n  {title}")
    header = (f"  {'page':<12} {'URLs':>5} {'reqs':>6} {'non-200':>7} {'KB':>6} {'rps':>8} "
              f"{'p50 ms':>8} {'p99 ms':>8} {'srv p50':>8} {'srv p99':>8} | "
              f"{'rps/trivial':>11} {'p50 x':>7} {'p99 x':>7}")  # fmt: skip
    print(header)
    print("  " + "-" * (len(header) - 2))
    base = results.get("trivial")
    for page, _ in PAGE_TYPES:
        r = results.get(page)
        if r is None:
            print(f"  {page:<12} (no URLs)")
            continue
        p50, p99 = r.percentile(50), r.percentile(99)
        kb = r.bytes / max(1, r.requests) / 1024
        rel = "" if base is None else (
            f"{ratio(r.rps, base.rps):11.3f} {ratio(p50, base.percentile(50)):6.1f}x "
            f"{ratio(p99, base.percentile(99)):6.1f}x"
        )  # fmt: skip
        print(f"  {page:<12} {len(r.urls):>5} {r.requests:>6} {r.errors:>7} {kb:>6.1f} "
              f"{r.rps:>8.1f} {p50:>8.1f} {p99:>8.1f} {r.server_percentile(50):>8.1f} "
              f"{r.server_percentile(99):>8.1f} | {rel}")  # fmt: skip


def search_by_kind(result, kinds):
    """Server time of the search requests of `result` per query kind."""
    rows = {}
    for kind in QUERY_KINDS:
        urls = {url for url, k in kinds.items() if k == kind}
        times = [ms for url, ms in result.server if url in urls]
        rows[kind] = {
            "queries": len(urls),
            "requests": len(times),
            "server_p50_ms": round(percentile(times, 50), 2),
            "server_p99_ms": round(percentile(times, 99), 2),
            "server_max_ms": round(max(times, default=float("nan")), 2),
        }
    return rows


def print_search_table(title, rows):
    print(f"\n  {title}")
    header = (f"  {'query kind':<16} {'queries':>7} {'reqs':>6} {'srv p50':>8} {'srv p99':>8} "
              f"{'srv max':>8}")  # fmt: skip
    print(header)
    print("  " + "-" * (len(header) - 2))
    for kind, row in rows.items():
        times = [row[f"server_{what}_ms"] for what in ("p50", "p99", "max")]
        shown = " ".join(f"{ms:>8.1f}" if row["requests"] else f"{'-':>8}" for ms in times)
        print(f"  {kind:<16} {row['queries']:>7} {row['requests']:>6} {shown}")


# --- After a change ---------------------------------------------------------------------


CHANGE_KINDS = ["edit", "import"]


def make_change(number, kind):
    """An edit (one demo film saved through the ORM: the signals bump the
    content version, as an editor's save does) or an import (a new film's
    page, generated as bench/import_bench.py does, through `import_sources
    --publish`). Runs with Django set up for one database, in its own
    process (see after_changes)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "filmsite.settings")
    import django

    django.setup()
    from films.models import Film

    if kind == "import":
        import tempfile

        from django.core.management import call_command

        from bench.import_bench import document

        # A film no earlier run imported: a re-import of the same page changes nothing.
        index = time.time_ns() % 10**12
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / f"bench_change_{index}.txt"
            path.write_text(document(random.Random(index), index), encoding="utf-8")
            call_command("import_sources", str(path), "--publish", verbosity=0)
        print(path.name)
        return
    films = Film.objects.published().filter(slug__startswith="demo--").order_by("pk")
    film = films[number * 7919 % films.count()]
    mark = " (bench edit)"
    if film.synopsis.endswith(mark):
        film.synopsis = film.synopsis.removesuffix(mark)
    else:
        film.synopsis += mark
    film.save()
    print(film.slug)


def first_requests(port, urls, workers, max_seconds):
    """Request `urls` in turn from `workers` threads, each on a new
    connection, until every worker process has answered once: a busy worker
    leaves the next connection to an idle one. Returns, per worker pid, the
    first answer: url, status, client ms, server ms."""
    firsts = {}
    lock = threading.Lock()
    counter = itertools.count()
    deadline = time.perf_counter() + max_seconds

    def client():
        while time.perf_counter() < deadline:
            with lock:
                if len(firsts) >= workers:
                    return
            url = urls[next(counter) % len(urls)]
            conn = http.client.HTTPConnection(HOST, port, timeout=300)
            started = time.perf_counter()
            try:
                conn.request("GET", url, headers={"Host": HOST})
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                continue
            finally:
                conn.close()
            client_ms = (time.perf_counter() - started) * 1000
            pid = response.getheader("X-Bench-Worker")
            with lock:
                if pid not in firsts:
                    server_ms = float(response.getheader("X-Bench-Server-Ms", "nan"))
                    firsts[pid] = (url, response.status, client_ms, server_ms)

    threads = [threading.Thread(target=client) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return firsts


def after_changes(server, database_url, urls, args):
    """Rounds of, for each kind of change (an edit, an import) and each of
    the film list and the search: make the change, then the first request
    of that page in every worker."""
    env = base_env(database_url)
    lists = urls["film list"] or ["/films/"]
    searches = [u for u, kind in urls["search kinds"].items() if kind == "common word"]
    rows = []
    number = 0
    for round_number in range(args.changes):
        for kind, (page, page_urls) in itertools.product(
            CHANGE_KINDS, (("film list", lists), ("search", searches))
        ):
            if not page_urls:
                continue
            number += 1
            subprocess.run(
                [sys.executable, __file__, "--make-change", str(number), f"--change-kind={kind}"],
                cwd=ROOT, env=env, check=True, capture_output=True,
            )  # fmt: skip
            firsts = first_requests(server.port, page_urls, WORKERS, args.max_seconds)
            for pid, (url, status, client_ms, server_ms) in sorted(firsts.items()):
                rows.append(
                    {
                        "round": round_number + 1,
                        "change": kind,
                        "page": page,
                        "worker": pid,
                        "url": url,
                        "status": status,
                        "client_ms": round(client_ms, 1),
                        "server_ms": round(server_ms, 1),
                    }
                )
            if len(firsts) < WORKERS:
                print(f"    after a change: only {len(firsts)} of {WORKERS} workers answered "
                      f"a {page} within {args.max_seconds:g} s")  # fmt: skip
    return rows


def print_changes(rows):
    print("\n  after a change (edit: a film saved through the ORM; import: a new film's page"
          " imported; then the first request per worker)")  # fmt: skip
    header = (f"  {'round':>5} {'change':<7} {'page':<10} {'worker':>7} {'status':>6} "
              f"{'client ms':>10} {'srv ms':>8}  url")  # fmt: skip
    print(header)
    print("  " + "-" * (len(header) - 2))
    for row in rows:
        print(f"  {row['round']:>5} {row['change']:<7} {row['page']:<10} {row['worker']:>7} {row['status']:>6} "
              f"{row['client_ms']:>10.1f} {row['server_ms']:>8.1f}  {row['url'][:60]}")  # fmt: skip


def bench(kind, args, warm_cache, fill_passes):
    load1, load5, _ = os.getloadavg()
    print(f"\n=== {kind} === (load average before: {load1:.2f} {load5:.2f} on "
          f"{os.cpu_count()} CPUs; other work on the machine skews the figures)", flush=True)  # fmt: skip
    started = time.perf_counter()
    if kind == "sqlite":
        database_url = prepare_sqlite(args)
    else:
        database_url = prepare_postgres(args, database=args.pg_database)
    prepared = time.perf_counter() - started
    manage(base_env(database_url), "collectstatic", "--no-input", "-v", "0")
    urls = url_sets(database_url, args, warm_cache)
    counts = urls.pop("counts")
    cache = urls.pop("cache")
    kinds = urls["search kinds"]
    print(f"  data: {', '.join(f'{n:,} {what}' for what, n in counts.items())} "
          f"(ready in {prepared:.0f} s)")  # fmt: skip
    print(f"  distinct URLs: {', '.join(f'{p} {len(urls[p])}' for p, _ in PAGE_TYPES)}")
    largest = max(len(u) for u in urls.values())
    if cache["backend"] == "LocMemCache" and cache["max_entries"] < largest:
        print(f"  note: the warm cache holds at most {cache['max_entries']} pages per worker, "
              f"fewer than a URL set ({largest}): warm figures include misses")  # fmt: skip
    cold, changes = run_mode(database_url, urls, args, "cold", "dummy://", 0, f"{kind}-cold")
    warm, _ = run_mode(database_url, urls, args, "warm", warm_cache, fill_passes, f"{kind}-warm")
    searches = {mode: search_by_kind(r["search"], kinds) for mode, r in
                (("cold", cold), ("warm", warm)) if "search" in r}  # fmt: skip
    print(f"\n  {kind}: {args.films:,} films, {args.people:,} people, {args.reviews:,} reviews; "
          f"gunicorn {WORKERS} sync workers, {args.concurrency} client threads, "
          f"up to {args.requests} requests or {args.max_seconds:g} s per page type")  # fmt: skip
    print_table("cold: DJANGO_CACHE_URL=dummy:// (every request renders)", cold)
    print_table(f"warm: DJANGO_CACHE_URL={warm_cache} (cache filled first)", warm)
    if "cold" in searches:
        print_search_table(f"search by query kind, cold ({args.search_path}?{SEARCH_PARAM}=)",
                           searches["cold"])  # fmt: skip
    print_changes(changes)
    return {
        "database": kind,
        "counts": counts,
        "cold": {page: r.as_dict() for page, r in cold.items()},
        "warm": {page: r.as_dict() for page, r in warm.items()},
        "search_by_kind": searches,
        "after_change": changes,
    }


def interrupted(signum, frame):
    raise KeyboardInterrupt


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--films", type=int, default=10000)
    parser.add_argument("--people", type=int, default=100000)
    parser.add_argument("--reviews", type=int, default=500000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=2000, help="per page type and mode")
    parser.add_argument("--concurrency", type=int, default=4, help="client threads")
    parser.add_argument(
        "--max-seconds", type=float, default=60, help="time limit per page type and mode"
    )
    parser.add_argument(
        "--search-path", default=SEARCH_PATH, help=f"where searches go (?{SEARCH_PARAM}=...)"
    )
    parser.add_argument(
        "--changes", type=int, default=CHANGES, help="rounds of the after-a-change measurement"
    )
    parser.add_argument(
        "--pg-database", default=PG_DATABASE, help="the PostgreSQL database the bench keeps"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--make-change", type=int, help=argparse.SUPPRESS)
    parser.add_argument(
        "--change-kind", choices=CHANGE_KINDS, default="edit", help=argparse.SUPPRESS
    )
    parser.add_argument("--list-urls", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--distinct", type=int, default=DISTINCT_URLS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.list_urls:
        list_urls(args.seed, args.distinct, args.search_path)
        return
    if args.make_change is not None:
        make_change(args.make_change, args.change_kind)
        return

    # SIGTERM (e.g. `timeout`) unwinds like Ctrl-C, so gunicorn is stopped.
    signal.signal(signal.SIGTERM, interrupted)
    DATA.mkdir(parents=True, exist_ok=True)
    if redis_available():
        warm_cache, fill_passes = REDIS_URL, 1
    else:
        warm_cache, fill_passes = "locmem://", 3
        print("The redis package is not installed: the warm run uses locmem:// (one cache "
              f"per worker, filled with {fill_passes} passes).")  # fmt: skip
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    report = [bench(kind, args, warm_cache, fill_passes) for kind in kinds]
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
