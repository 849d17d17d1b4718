"""Site benchmark: requests/second and latency of the public pages under gunicorn.

    .venv/bin/python bench/site_bench.py [--db sqlite|postgres|both]
        [--films 10000] [--people 100000] [--reviews 500000]
        [--requests 2000] [--concurrency 4] [--max-seconds 60]

What it does, for each database:

1. Builds a demo database once (migrate + `generate_demo_data`) and keeps it
   for later runs: SQLite in /tmp/filmsite-bench/, PostgreSQL in the
   database `filmsite_bench`. The cache key is the sizes, the seed and a hash
   of the migrations and the generator, so a schema or generator change
   rebuilds it. `collectstatic` runs into /tmp/filmsite-bench/static, as
   production runs with debug off and hashed static files.
2. Serves the site with gunicorn as in production: 2 sync workers, debug
   off, persistent database connections (DJANGO_CONN_MAX_AGE=600), on
   127.0.0.1 at a free port.
3. Measures five page types, each over a fixed, seeded set of URLs:
   the trivial view /healthz (the baseline), the home page, filtered film
   lists (>= 1,000 distinct filter combinations), film pages (>= 1,000
   films) and person pages (>= 1,000 people, drawn through random credits,
   so busy people come up as often as visitors would open them).
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
PAGE_TYPES = [
    ("trivial", "/healthz"),
    ("home", "/"),
    ("film list", "/films/?..."),
    ("film page", "/films/<slug>/"),
    ("person page", "/people/<slug>/"),
]

# --- Databases ------------------------------------------------------------------------------


def data_key(args):
    """Sizes, seed, and what the data depends on: the schema and the generator."""
    digest = hashlib.sha256()
    generator = ROOT / "films/management/commands/generate_demo_data.py"
    sources = [*sorted(ROOT.glob("*/migrations/0*.py")), generator]
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


def list_urls(seed, count):
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
    result = {
        "trivial": ["/healthz"],
        "home": ["/"],
        "film list": sorted(lists),
        "film page": [f"/films/{slug}/" for slug in film_slugs[:count]],
        "person page": people,
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
         f"--distinct={DISTINCT_URLS}"],
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

    def __init__(self, database_url, cache_url, label, *, timeout=300, page_cache_seconds=86400):
        """`timeout`: gunicorn's worker timeout; `page_cache_seconds`: None keeps
        the setting's default."""
        self.port = free_port()
        self.log = DATA / f"gunicorn-{label}.log"
        env = base_env(database_url)
        env["DJANGO_CACHE_URL"] = cache_url
        if page_cache_seconds is not None:
            # Warm run: entries outlive the run (see the module docstring).
            env["DJANGO_PAGE_CACHE_SECONDS"] = str(page_cache_seconds)
        gunicorn = ROOT / ".venv/bin/gunicorn"
        if not gunicorn.exists():
            gunicorn = Path(shutil.which("gunicorn") or "gunicorn")
        self.command = [
            str(gunicorn), "filmsite.wsgi",
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


class Result:
    def __init__(self, label, urls):
        self.label = label
        self.urls = urls
        self.latencies = []
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
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000

    def as_dict(self):
        return {
            "requests": self.requests,
            "distinct_urls": len(self.urls),
            "seconds": round(self.seconds, 3),
            "rps": round(self.rps, 1),
            "p50_ms": round(self.percentile(50), 2),
            "p99_ms": round(self.percentile(99), 2),
            "mean_kb": round(self.bytes / max(1, self.requests) / 1024, 1),
            "statuses": {str(k): v for k, v in self.statuses.items()},
        }


def load(port, label, urls, requests, concurrency, max_seconds, seed):
    """`requests` GETs cycling over `urls` in random order from `concurrency`
    threads, stopping early after `max_seconds`."""
    order = list(urls)
    random.Random(seed).shuffle(order)
    result = Result(label, urls)
    counter = itertools.count()
    lock = threading.Lock()
    deadline = time.perf_counter() + max_seconds

    def client():
        conn = http.client.HTTPConnection(HOST, port, timeout=300)
        latencies, statuses, size, first_error = [], {}, 0, None
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
    with Server(database_url, cache_url, label) as server:
        for page, _ in PAGE_TYPES:
            page_urls = urls[page]
            if not page_urls:
                continue
            if mode == "warm":
                # Fill the cache with this page type's URLs right before measuring.
                filled = sum(
                    load(server.port, page, page_urls, len(page_urls), args.concurrency,
                         args.max_seconds, args.seed + n).requests
                    for n in range(fill_passes)
                )  # fmt: skip
                if filled < fill_passes * len(page_urls):
                    print(f"    warm {page}: the fill stopped at the time limit, after "
                          f"{filled} of {fill_passes} x {len(page_urls)} requests")  # fmt: skip
            else:
                # Warm up the processes (imports, connections, DB cache) only.
                load(server.port, page, page_urls, min(50, args.requests), args.concurrency,
                     args.max_seconds, args.seed + 99)  # fmt: skip
            result = load(
                server.port, page, page_urls, args.requests, args.concurrency,
                args.max_seconds, args.seed,
            )  # fmt: skip
            results[page] = result
            note = f"  ({result.errors} not 200: {result.first_error})" if result.errors else ""
            print(f"    {mode:>4} {page:<12} {result.requests:>6} requests "
                  f"{result.rps:8.1f}/s  p50 {result.percentile(50):7.1f} ms{note}", flush=True)  # fmt: skip
    return results


def ratio(value, base):
    return value / base if base else float("nan")


def print_table(title, results):
    print(f"\n  {title}")
    header = (f"  {'page':<12} {'URLs':>5} {'reqs':>6} {'non-200':>7} {'KB':>6} {'rps':>8} "
              f"{'p50 ms':>8} {'p99 ms':>8} | {'rps/trivial':>11} {'p50 x':>7} {'p99 x':>7}")  # fmt: skip
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
              f"{r.rps:>8.1f} {p50:>8.1f} {p99:>8.1f} | {rel}")  # fmt: skip


def bench(kind, args, warm_cache, fill_passes):
    load1, load5, _ = os.getloadavg()
    print(f"\n=== {kind} === (load average before: {load1:.2f} {load5:.2f} on "
          f"{os.cpu_count()} CPUs; other work on the machine skews the figures)", flush=True)  # fmt: skip
    started = time.perf_counter()
    database_url = prepare_sqlite(args) if kind == "sqlite" else prepare_postgres(args)
    prepared = time.perf_counter() - started
    manage(base_env(database_url), "collectstatic", "--no-input", "-v", "0")
    urls = url_sets(database_url, args, warm_cache)
    counts = urls.pop("counts")
    cache = urls.pop("cache")
    print(f"  data: {', '.join(f'{n:,} {what}' for what, n in counts.items())} "
          f"(ready in {prepared:.0f} s)")  # fmt: skip
    print(f"  distinct URLs: {', '.join(f'{p} {len(urls[p])}' for p, _ in PAGE_TYPES)}")
    largest = max(len(u) for u in urls.values())
    if cache["backend"] == "LocMemCache" and cache["max_entries"] < largest:
        print(f"  note: the warm cache holds at most {cache['max_entries']} pages per worker, "
              f"fewer than a URL set ({largest}): warm figures include misses")  # fmt: skip
    cold = run_mode(database_url, urls, args, "cold", "dummy://", 0, f"{kind}-cold")
    warm = run_mode(database_url, urls, args, "warm", warm_cache, fill_passes, f"{kind}-warm")
    print(f"\n  {kind}: {args.films:,} films, {args.people:,} people, {args.reviews:,} reviews; "
          f"gunicorn {WORKERS} sync workers, {args.concurrency} client threads, "
          f"up to {args.requests} requests or {args.max_seconds:g} s per page type")  # fmt: skip
    print_table("cold: DJANGO_CACHE_URL=dummy:// (every request renders)", cold)
    print_table(f"warm: DJANGO_CACHE_URL={warm_cache} (cache filled first)", warm)
    return {
        "database": kind,
        "counts": counts,
        "cold": {page: r.as_dict() for page, r in cold.items()},
        "warm": {page: r.as_dict() for page, r in warm.items()},
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
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--list-urls", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--distinct", type=int, default=DISTINCT_URLS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.list_urls:
        list_urls(args.seed, args.distinct)
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
