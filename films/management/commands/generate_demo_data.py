"""Generate a large, invented demo database: films, people, credits, reviews.

    python manage.py generate_demo_data [--films 10000] [--people 100000]
        [--reviews 500000] [--seed 1] [--clear | --clear-only]

The work is done by `films.demo` (its docstring explains the design); this
command parses the options, reports progress and turns the package's errors
into CommandError.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from films.demo import DEMO, MARKED, DemoData, DemoDataError, clear
from filmsite.content.models import ContentVersion


class Command(BaseCommand):
    help = (
        "Generate a large invented demo database (films, people, credits, reviews, "
        "scores) with bulk inserts. Demo rows have slugs starting with 'demo--'; "
        "--clear deletes only those first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--films", type=int, default=10000)
        parser.add_argument("--people", type=int, default=100000)
        parser.add_argument(
            "--reviews",
            type=int,
            default=500000,
            help="Critic (30%%) and audience (70%%) reviews together.",
        )
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data.")
        parser.add_argument("--clear", action="store_true", help="Delete earlier demo data first.")
        parser.add_argument(
            "--clear-only", action="store_true", help="Delete demo data and generate nothing."
        )

    def handle(self, *args, films, people, reviews, seed, clear, clear_only, verbosity, **opts):
        self.verbosity = verbosity
        self.started = time.perf_counter()
        try:
            self.generate(films, people, reviews, seed, clear, clear_only)
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc

    def generate(self, films, people, reviews, seed, clear_first, clear_only):
        if clear_first or clear_only:
            self.report("Deleting earlier demo data", 1)
            clear(lambda message: self.report(message, 2))
            if clear_only:
                ContentVersion.bump()
                return
        elif any(model.objects.filter(slug__startswith=DEMO).exists() for model in MARKED):
            raise CommandError("Demo data exists already: run again with --clear to replace it.")
        if films < 1 or people < 1 or reviews < 0:
            raise CommandError("--films and --people must be at least 1, --reviews at least 0.")
        min_people = 16  # one film's largest cast and crew, all distinct
        if people < min_people:
            raise CommandError(f"--people must be at least {min_people}.")
        demo = DemoData(seed, self.report)
        try:
            demo.generate(films, people, reviews)
        except BaseException:
            self.stderr.write("Generation stopped part way: run again with --clear to start over.")
            raise
        self.report_totals(demo.counts)

    def report(self, message, verbosity):
        """A phase (verbosity 1, with the time since the start) or a count (2)."""
        if self.verbosity < verbosity:
            return
        if verbosity == 1:
            elapsed = time.perf_counter() - self.started
            self.stdout.write(f"[{elapsed:6.1f}s] {message}")
        else:
            self.stdout.write(f"          {message}")

    def report_totals(self, counts):
        if self.verbosity < 1:
            return
        elapsed = time.perf_counter() - self.started
        self.stdout.write(self.style.SUCCESS(f"Demo data generated in {elapsed:.1f} s:"))
        total = 0
        for label, count in counts.items():
            total += count
            self.stdout.write(f"  {label:<22} {count:>10,}")
        self.stdout.write(f"  {'rows in all':<22} {total:>10,}")
