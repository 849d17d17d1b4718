"""Import source documents (plain-text dumps of film pages).

Thin by design: films.importer.pipeline does the work (parse -> load, one
transaction per document); this command reads arguments and reports.
"""

from argparse import ArgumentTypeError
from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from films.importer.formats import format_names
from films.importer.pipeline import import_paths

KIND_ORDER = ["films", "people", "credits", "critic reviews", "audience reviews"]


def capture_time(text):
    """--captured-at: an ISO 8601 date or date and time (in the site's time
    zone unless it gives an offset), not in the future."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ArgumentTypeError(
            f"{text!r} is not an ISO 8601 date or date and time (e.g. 2024-05-01 or "
            "2024-05-01T14:30+02:00)"
        ) from None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > timezone.now():
        raise ArgumentTypeError(f"{text!r} is in the future")
    return value


class Command(BaseCommand):
    help = (
        "Import source documents (files, or directories of files). Each document is "
        "imported in its own transaction; a bad one is reported and leaves the database "
        "as it was. Exits non-zero if any document failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Parse and load as usual, report, then roll everything back.",
        )
        parser.add_argument(
            "--format",
            choices=format_names(),
            help="Force a document format instead of detecting it.",
        )
        parser.add_argument(
            "--captured-at",
            type=capture_time,
            metavar="WHEN",
            help="When the pages were captured (ISO 8601 date or date and time), for "
            "pages that do not say so themselves. Default: each file's modification time. "
            "A film keeps the values of its newest capture.",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the films and people this import creates (default: drafts).",
        )

    def handle(self, *args, paths, dry_run, format, publish, captured_at, verbosity, **options):
        if isinstance(captured_at, str):  # call_command() passes options unparsed
            try:
                captured_at = capture_time(captured_at)
            except ArgumentTypeError as error:
                raise CommandError(f"argument --captured-at: {error}") from None
        show_progress = verbosity == 1 and self.stdout.isatty()
        summary = import_paths(
            paths,
            captured_at=captured_at,
            format=format,
            dry_run=dry_run,
            publish=publish,
            progress=self.progress if show_progress else None,
        )
        if show_progress:
            self.stdout.write("\r\033[K", ending="")
        for result in summary.results:
            if not result.ok:
                self.stderr.write(self.style.ERROR(f"{result.name}: {result.message}"))
            elif verbosity >= 2:
                self.stdout.write(f"{result.name}: {result.outcome} {result.film}")
                for line in result.warnings:
                    self.stdout.write(f"  warning: {line}")
            if result.ok and verbosity >= 1:
                for conflict in result.conflicts:
                    self.stdout.write(self.style.WARNING(f"{result.name}: conflict: {conflict}"))
        if verbosity >= 1:
            self.write_summary(summary, dry_run)
        if summary.failed:
            raise CommandError(
                f"{len(summary.failed)} of {len(summary.results)} document(s) failed.",
                returncode=1,
            )

    def progress(self, index, total, path):
        width = 30
        done = width * index // total
        self.stdout.write(
            f"\r[{'#' * done}{'.' * (width - done)}] {index}/{total} {Path(path).name[:40]}",
            ending="",
        )
        self.stdout.flush()

    def write_summary(self, summary, dry_run):
        ok = len(summary.results) - len(summary.failed)
        prefix = "Dry run (nothing written): " if dry_run else ""
        self.stdout.write(
            f"{prefix}documents: {ok} imported, {len(summary.failed)} failed", ending="\n"
        )
        totals = summary.totals()
        kinds = [k for k in KIND_ORDER if k in totals] + sorted(set(totals) - set(KIND_ORDER))
        for kind in kinds:
            counts = totals[kind]
            shown = ("created", "updated", "unchanged")
            if kind == "critic reviews":
                # Unsure splits of critic, publication and quote, flagged for editors.
                shown += ("still unsure",)
            parts = [f"{counts.get(w, 0)} {w}" for w in shown]
            parts += [f"{n} {w}" for w, n in sorted(counts.items()) if w not in shown and n]
            self.stdout.write(f"  {kind}: {', '.join(parts)}")
