"""`DemoData`: the generator's state and the order of its phases."""

import datetime
import random

from django.db import connection
from django.utils import timezone

from films import search
from films.models import (
    ContentVersion,
    Credit,
    Film,
    FilmCompany,
    FilmFact,
    ReleaseDate,
    SearchEntry,
    SimilarFilm,
    WatchOption,
)
from reviews.models import AudienceReview, CriticReview, ReportedScore

from .credits import Credits
from .films import Films
from .people import People
from .reviews import Reviews
from .rows import DEMO, MARKED, Rows, backdate, fast_sqlite_writes
from .vocabularies import Vocabularies


class DemoData(Vocabularies, People, Films, Credits, Reviews):
    """Generates one catalogue. Each phase lives in its own module, as a
    part of this class; `report(message, verbosity)` shows progress (phases
    at verbosity 1, row counts at 2) and `counts` holds the rows written."""

    def __init__(self, seed, report):
        self.seed = seed
        self.report = report
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.counts = {}

    def generate(self, films, people, reviews):
        with fast_sqlite_writes():
            self.make_vocabularies(films)
            self.make_people(people)
            self.make_films(films)
            self.make_credits()
            self.make_similar()
            self.make_reviews(reviews)
            backdate()
            # Statistics first: without them SQLite reads a chunk's
            # reviews by scanning, ever slower as the tables grow.
            self.analyze()
            self.make_scores()
            # Written in bulk, so no signal indexed them for the site search.
            search.index_everything(slug_prefix=DEMO)
        ContentVersion.bump()
        self.analyze()

    # --- Helpers ---

    def rng(self, phase):
        """One generator per phase: a phase's output depends only on the
        seed and sizes, not on what earlier phases drew."""
        return random.Random(f"{self.seed}:{phase}")

    def phase(self, message):
        self.report(message, 1)

    def detail(self, message):
        self.report(message, 2)

    def writer(self, model, columns):
        return Rows(model, columns, self.now)

    def done(self, **writers):
        """Write what the writers still hold and count their rows."""
        for label, writer in writers.items():
            writer.flush()
            self.counts[label.replace("_", " ")] = writer.count
            self.detail(f"{writer.count:,} {label.replace('_', ' ')}")

    def past_moment(self, rng, max_days):
        return self.now - datetime.timedelta(seconds=rng.randint(3600, max_days * 86400))

    def analyze(self):
        """ANALYZE the touched tables, as autovacuum would on PostgreSQL a
        little later, so the scoring and the queries right after generation
        (benchmarks) get realistic plans. SQLite keeps no statistics
        otherwise: without them it read a person's credits by walking every
        published film."""
        tables = {
            model._meta.db_table
            for model in [
                *MARKED, Film.genres.through, Credit, FilmCompany, ReleaseDate, WatchOption,
                FilmFact, SimilarFilm, CriticReview, AudienceReview, ReportedScore,
                SearchEntry,
            ]
        }  # fmt: skip
        # ANALYZE is maintenance, not a query the ORM can say; it runs on the
        # cursor, with the tables' names from the models, quoted by the backend.
        with connection.cursor() as cursor:
            for table in sorted(tables):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
