"""Rebuild every entry of the site search (films.search).

Entries follow every write as it happens; this is for an operator who wrote to
the database by other means (SQL by hand, a restored table)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from films import search
from films.models import SearchEntry


class Command(BaseCommand):
    help = "Rebuild the site search's entries for every film, person, critic and publication."

    def handle(self, *args, **options):
        with transaction.atomic():
            SearchEntry.objects.all().delete()
            search.index_everything()
        self.stdout.write(f"{SearchEntry.objects.count()} search entries written.")
