"""Search speed in-process: the quick loop for the site search (films.search).

    .venv/bin/python bench/search_bench.py --database-url sqlite:////tmp/x.sqlite3
    .venv/bin/python bench/search_bench.py --database-url postgres://postgres@127.0.0.1:5432/filmsite_x

On a database filled by generate_demo_data, it draws the query set that
site_bench.py requests (its search_queries(): QUERIES_PER_KIND queries of each
kind in QUERY_KINDS, with the same seed and the same draws, so the two benches
time the same queries), then times the work of one /search/ results page per
query, as an anonymous visitor: SearchView.get_context_data(), that is the four
searches (films, people, critics, publications) and the rows shown (the cards
of the first 12 films, the names of the others). No template rendering, no
middleware, no HTTP: server time under gunicorn (site_bench.py) adds those.

Each query runs --rounds times (default 3) after one untimed warm-up pass over
the whole set (so the first figures do not measure the database's cold
pages); it prints p50 and p99 in milliseconds per kind and over all timings,
and with --json FILE writes them there.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from site_bench import DISTINCT_URLS, search_queries  # noqa: E402


def setup(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "filmsite.settings")
    # The page cache is not what is measured.
    os.environ["DJANGO_CACHE_URL"] = "dummy://"
    import django

    django.setup()


def queries(seed, count=DISTINCT_URLS):
    """site_bench.list_urls' draws, in its order: the film slugs are
    shuffled first, then the credited people, with one generator; the search
    queries come from a fresh generator with the same seed."""
    from films.models import Credit, Film

    rng = random.Random(seed)
    films = Film.objects.published().filter(slug__startswith="demo--")
    rng.shuffle(list(films.values_list("slug", flat=True)))
    person_ids = list(Credit.objects.filter(film__in=films).values_list("person_id", flat=True))
    rng.shuffle(person_ids)
    chosen = list(dict.fromkeys(person_ids))[:count]
    return search_queries(random.Random(seed), films, chosen)


def percentile(values, fraction):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    if not args.database_url:
        parser.error("--database-url (or DATABASE_URL) is required")
    setup(args.database_url)

    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.test import RequestFactory

    from films.views import SearchView

    def page(q):
        request = RequestFactory().get("/search/", {"q": q})
        request.user = AnonymousUser()
        view = SearchView()
        view.setup(request)
        return view.get_context_data()

    by_kind = queries(args.seed)
    for kind_queries in by_kind.values():
        for q in kind_queries:
            page(q)  # warm-up
    times = {kind: [] for kind in by_kind}
    counts = {}
    for _ in range(args.rounds):
        for kind, kind_queries in by_kind.items():
            for q in kind_queries:
                started = time.perf_counter()
                context = page(q)
                times[kind].append((time.perf_counter() - started) * 1000)
                counts.setdefault(kind, []).append(context["film_count"])
    everything = [t for kind_times in times.values() for t in kind_times]
    print(f"{connection.vendor}: {len(everything)} pages, {args.rounds} rounds; ms")
    print(f"{'kind':16} {'p50':>7} {'p99':>7} {'max':>7}  films found (median)")
    figures = {}
    for kind, kind_times in [*times.items(), ("overall", everything)]:
        figures[kind] = {
            "p50": round(percentile(kind_times, 0.50), 1),
            "p99": round(percentile(kind_times, 0.99), 1),
            "max": round(max(kind_times), 1),
        }
        found = statistics.median(counts[kind]) if kind in counts else ""
        print(
            f"{kind:16} {figures[kind]['p50']:7.1f} {figures[kind]['p99']:7.1f}"
            f" {figures[kind]['max']:7.1f}  {found}"
        )
    if args.json:
        Path(args.json).write_text(json.dumps({"vendor": connection.vendor, **figures}, indent=1))


if __name__ == "__main__":
    main()
