"""Import benchmark: documents per second and peak memory, SQLite and PostgreSQL.

    .venv/bin/python bench/import_bench.py [--docs 400] [--big-mb 5] [--db sqlite|postgres|both]

Generates N invented documents in the first (Rotten Tomatoes) format, each
about the size of the seed (several critic and audience reviews, credits,
similar films), plus one large document with thousands of audience reviews.
Each measurement runs in a fresh process against a fresh database, so peak
memory (ru_maxrss) is that of one import command. Targets (2-core machine):
>= 200 seed-sized documents/s on SQLite; the 5 MB document in < 10 s and
< 300 MB peak.
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}

FIRST = [
    "Ada",
    "Bram",
    "Cleo",
    "Dov",
    "Esme",
    "Fitz",
    "Gus",
    "Hana",
    "Ivo",
    "Juno",
    "Kit",
    "Lior",
    "Mael",
    "Nia",
    "Oren",
    "Pia",
    "Quin",
    "Rhea",
    "Saul",
    "Tova",
]
LAST = [
    "Ashdown",
    "Birchall",
    "Calloway",
    "Dunmore",
    "Eckersley",
    "Fairbanks",
    "Galloway",
    "Hartwell",
    "Ingleby",
    "Jessop",
    "Kettering",
    "Lindqvist",
    "Marchetti",
    "Northcott",
    "Oyelowo",
    "Pemberton",
    "Quarrie",
    "Rosendale",
    "Stainforth",
    "Thistlewood",
]
WORDS = [
    "quiet",
    "storm",
    "harbour",
    "letter",
    "orchard",
    "lantern",
    "winter",
    "signal",
    "river",
    "promise",
    "garden",
    "mirror",
    "glass",
    "ember",
    "meadow",
    "echo",
]
PUBLICATIONS = [
    "The Invented Gazette",
    "Harbourlight Review",
    "Reelhouse Weekly",
    "Frame by Frame",
    "Northern Screen Journal",
    "Cinema Ledger",
]
GENRES = ["Drama", "Comedy", "Romance", "Horror", "Mystery & Thriller", "Documentary", "War"]
PROVIDERS = ["Prime Video", "Max", "Apple TV", "Peacock", "Tubi"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def person(rng):
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def sentence(rng, words=12):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def critic_segment(rng, used):
    critic = person(rng)
    while critic in used:
        critic = person(rng)
    used.add(critic)
    day = f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2000, 2025)}"
    return (
        f"{critic} {rng.choice(PUBLICATIONS)} {sentence(rng, 14)} "
        f"Rated: {rng.randint(1, 4)}/4 {day} Full Review"
    )


def audience_segment(rng, index):
    stars = rng.choice(["2", "3", "3.5", "4", "4.5", "5"])
    date = f"{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/{rng.randint(10, 25)}"
    name = f"{rng.choice(FIRST)}{index} {rng.choice('ABCDEFGHJKLMNPRSTW')}"
    return f"{name} {sentence(rng, 25)} Rated {stars} out of 5 stars {date} Full Review"


def document(rng, index, audience_reviews=6):
    title = f"The {rng.choice(WORDS).title()} {rng.choice(WORDS).title()} {index}"
    year = rng.randint(1930, 2024)
    genres = rng.sample(GENRES, 2)
    director, writer, actors = person(rng), person(rng), [person(rng) for _ in range(3)]
    used = set()
    critics = " ".join(critic_segment(rng, used) for _ in range(6))
    audience = " ".join(audience_segment(rng, i) for i in range(audience_reviews))
    similar = " ".join(
        f"{t} {rng.randint(10, 99)}% {rng.randint(10, 99)}% {t}"
        for t in (f"Other Film {rng.randint(1, 10**6)}" for _ in range(5))
    )
    synopsis = (
        f"A story of {rng.choice(WORDS)} where {actors[0].split()[0]} Vale ({actors[0]}) meets "
        f"{actors[1].split()[0]} Morrow ({actors[1]}). {sentence(rng, 20)}"
    )
    providers = rng.sample(PROVIDERS, 3)
    return f"""Rotten Tomatoes
Cancel Movies Tv shows Shop News Showtimes

{title}

Released {rng.choice(MONTHS)} {rng.randint(1, 28)}, {year} 1h {rng.randint(10, 59)}m {genres[0]} List
{rng.randint(10, 99)}% Tomatometer {rng.randint(6, 300)} Reviews {rng.randint(10, 99)}% Audience Score 2,500+ Ratings
{synopsis} Read More Read Less

Where to Watch

{title}

{" ".join(providers)}

Watch {title} with a subscription on {providers[0]}, rent on {providers[1]}, or buy on {providers[2]}.

{title}

What to Know

Critics Consensus

{sentence(rng, 15)}

Read Critics Reviews

Critics Reviews

View All (6) Critics Reviews
{critics} Read all reviews

Audience Reviews

View All ({audience_reviews}) audience reviews
{audience} Read all reviews
{title}

My Rating


Cast & Crew

{similar} Discover more movies and TV shows. View More

Movie Info

Synopsis {synopsis}
Director: {director}
Producer: {director}, {person(rng)}
Screenwriter: {writer}
Distributor: Invented Releasing [us]
Production Co: {rng.choice(LAST)} Pictures
Genre: {", ".join(genres)}
Original Language: English
Release Date (Theaters): {rng.choice(MONTHS)} {rng.randint(1, 28)}, {year}, Wide
Runtime: 1h {rng.randint(10, 59)}m
Sound Mix: Dolby Digital
Most Popular at Home Now
"""


def generate(directory, count, seed=1):
    rng = random.Random(seed)
    for index in range(count):
        (directory / f"doc_{index:05d}.txt").write_text(document(rng, index), encoding="utf-8")


def generate_big(path, megabytes):
    rng = random.Random(7)
    reviews = 200
    while True:
        text = document(rng, 999_999, audience_reviews=reviews)
        if len(text.encode()) >= megabytes * 1024 * 1024:
            break
        reviews = int(reviews * megabytes * 1024 * 1024 / len(text.encode())) + 50
    path.write_text(text, encoding="utf-8")
    return reviews


# --- Measuring, each in a fresh process ---------------------------------------------


def migrated(database_url):
    """Set Django up in this process on `database_url` and migrate it."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "filmsite.settings")
    # Measure what production runs: with debug on, Django would also record
    # every query. Settings require a secret key when debug is off.
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ["DJANGO_SECRET_KEY"] = "bench-only-secret-key-not-for-production-use"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def worker(database_url, paths):
    """Migrate a fresh database, then import `paths`, timing only the import."""
    migrated(database_url)
    from films.importer.pipeline import import_paths

    started = time.perf_counter()
    summary = import_paths(paths)
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    failed = [f"{r.name}: {r.message}" for r in summary.failed]
    print(json.dumps({"docs": len(summary.results), "seconds": elapsed, "peak_mb": peak_mb,
                      "failed": failed[:3]}))  # fmt: skip


def fresh_database(kind, tmp):
    if kind == "sqlite":
        return f"sqlite:///{tmp / f'bench-{uuid.uuid4().hex[:6]}.sqlite3'}", None
    import psycopg

    name = f"filmsite_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **PG) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{name}", name


def drop_database(name):
    if name:
        import psycopg

        with psycopg.connect(dbname="postgres", autocommit=True, **PG) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def measure(kind, tmp, paths):
    url, name = fresh_database(kind, tmp)
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--worker", url, *map(str, paths)],
            check=True, capture_output=True, text=True, cwd=ROOT,
        )  # fmt: skip
        return json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        drop_database(name)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=400)
    parser.add_argument("--big-mb", type=float, default=5)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker[0], args.worker[1:])
        return
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        docs = tmp / "docs"
        docs.mkdir()
        generate(docs, args.docs)
        big = tmp / "big.txt"
        reviews = generate_big(big, args.big_mb)
        size = sum(p.stat().st_size for p in docs.iterdir()) / args.docs
        print(f"{args.docs} documents of {size / 1024:.1f} KB on average; "
              f"large document {big.stat().st_size / 2**20:.1f} MB with {reviews:,} audience reviews")  # fmt: skip
        for kind in kinds:
            result = measure(kind, tmp, [docs])
            assert not result["failed"], result["failed"]
            print(f"{kind:>8}: {result['docs'] / result['seconds']:7.1f} documents/s "
                  f"({result['docs']} in {result['seconds']:.2f} s), peak {result['peak_mb']:.0f} MB")  # fmt: skip
            result = measure(kind, tmp, [big])
            assert not result["failed"], result["failed"]
            print(f"{kind:>8}: large document in {result['seconds']:.2f} s, "
                  f"peak {result['peak_mb']:.0f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
