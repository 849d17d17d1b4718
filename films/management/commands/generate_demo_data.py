"""Generate a large, invented demo database: films, people, credits, reviews.

    python manage.py generate_demo_data [--films 10000] [--people 100000]
        [--reviews 500000] [--seed 1] [--clear | --clear-only]

Everything is FICTIONAL: names, titles, publications, companies and
providers are put together from syllables and word lists, never taken from
real people or works. The same --seed and sizes give the same data.

Design
------
* Demo rows are marked by a slug starting with ``demo--`` (films, people,
  critics, publications, companies, providers). ``slugify()`` folds runs of
  hyphens into one, so no slug made from a real title or name can start
  with ``demo--``: --clear never deletes imported or hand-made rows.
  Everything else (credits, reviews, release dates, ...) belongs to a demo
  film or person and goes with it. Genres are the site's shared vocabulary:
  existing ones are reused, missing ones created, and --clear keeps them.
* Rows are written with ``executemany`` through the ORM's connection, in
  batches, each batch in ``transaction.atomic()``: faster than
  ``bulk_create`` (no model instances) and the same SQL on SQLite and
  PostgreSQL. Values that need the backend's adaptation (dates, decimals,
  JSON) go through the field's own ``get_db_prep_save``; columns the
  generator does not set get the field's default, so a field added later
  with a default needs no change here.
* --clear deletes with set-based SQL (``DELETE ... WHERE fk IN (subquery)``)
  following the models' on_delete rules, instead of ``QuerySet.delete()``:
  the site's signal handlers rescore a film per deleted review and bump the
  content version per row, which would take hours for 500,000 reviews.
* Everything with a publishing state (films, people, reviews) is published,
  with a publication time in the past; ``Writer`` publishes rows of any
  Publishable model by default, so a model that gains the state later
  stays visible.
* Sizes are exact: --reviews is the number of critic (30%) plus audience
  (70%) reviews. They are spread over films by a skewed "popularity" weight
  (log-normal), so a few films have hundreds of reviews and many have few,
  capped per film where a unique constraint allows no more.
* Headline scores are computed by ``films.scores.refresh_scores`` itself (in
  chunks), so they agree with the rest of the site by construction; then
  the content version is bumped so cached pages are dropped.
* The touched tables are ANALYZEd before the scores are computed and again
  at the end, on PostgreSQL as autovacuum would do a little later, so the
  scoring and queries right after generation (benchmarks) get realistic
  plans. SQLite keeps no statistics otherwise: without them
  it read a person's credits by walking every published film.
"""

import contextlib
import datetime
import math
import random
import time
import unicodedata

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.text import slugify

from films import search
from films.importer.text import score_to_100
from films.models import (
    Company,
    CompanyKind,
    ContentVersion,
    Credit,
    CreditRole,
    Film,
    FilmCompany,
    FilmFact,
    Genre,
    OfferType,
    Person,
    Provider,
    Publishable,
    ReleaseDate,
    ReleaseKind,
    SearchEntry,
    SimilarFilm,
    WatchOption,
    film_title_key,
)
from films.scores import POSITIVE_STARS, refresh_scores
from reviews.models import (
    STAR_VALUES,
    AudienceReview,
    Critic,
    CriticReview,
    Publication,
    ReportedScore,
)

DEMO = "demo--"  # slug prefix of every demo row; slugify() never makes "--"
PUBLISHED = Publishable.Status.PUBLISHED
SOURCE_SITE = "Rotten Tomatoes"
BATCH_SIZE = 5000
SCORE_CHUNK = 500
SQLITE_CACHE_MB = 512  # SQLite's page cache while generating (see fast_sqlite_writes)
CRITIC_SHARE = 0.3  # of --reviews; the rest are audience reviews
N_CRITICS = 2000
N_PUBLICATIONS = 300
N_AUTHORS = 50000  # audience reviewer names; also the most audience reviews a film can get
# Each review's rating is drawn around the film's quality (0-1): critics call
# it fresh from FRESH_AT; audience stars are the rating in half steps, and
# 3.5 stars (POSITIVE_AT) or more count as positive (films.scores).
CRITIC_SPREAD, FRESH_AT = 0.25, 0.55
AUDIENCE_SHIFT, AUDIENCE_SPREAD, POSITIVE_AT = 0.1, 0.25, 0.65
FIRST_YEAR, LAST_YEAR = 1920, 2025
WEB_ERA = datetime.date(1998, 1, 1).toordinal()  # older films' later reviews start here
SITE_OPENED = datetime.date(2008, 1, 1).toordinal()  # audience reviews start here

# Models whose demo rows carry the slug marker, in deletion order: films
# first, so that nothing protects the vocabularies when their turn comes.
MARKED = [Film, Person, Critic, Publication, Company, Provider]

# --- Word lists -----------------------------------------------------------------------


def words(text, sep=None):
    return text.split(sep)


# Syllables rather than real names: every person is invented. A few carry
# accents, so that searches must fold them ("bjora" finds "Björa").
NAME_STARTS = words(
    "Al Bel Cor Dar El Fen Gal Hal Is Jor Kel Lor Mar Nor Or Per Quen Ros Sel Tam Ul Val "
    "Wen Xan Yor Zel Ad Bran Cal Del Ev Fin Gar Hen Il Jas Kai Len Mel Nev Os Pal Rin Sav "
    "Tor Vin Wil Ash Bri Cas Dov Em Fal Bjö Ló Zé Añ Ís Çel"
)
NAME_ENDS = words("a an ia o en is ette ric wyn ara ian us ella ard ine el ias on ora ie iel")
SURNAME_STARTS = words(
    "Ash Birch Black Brook Carr Dun East Fair Glen Hart Holl Kirk Lang Mar North Oak Pem "
    "Rad Ross Stan Thorn Wex Whit Ald Bram Cress Dray Ember Fen Gold Heath Ivers Jess Kell "
    "Lind Mott Ness Orme Pell Quill Rook Selw Tarr Vane Wold Yarr Mül Grö Hé Dú"
)
SURNAME_ENDS = words(
    "wood ley ford ton bury wick more field hurst cott dale well stone by worth gate combe "
    "holm shaw thorpe"
)
PLACE_ENDS = words("mora vale wick haven ridge mouth stead port brook fall mere crest")
INITIALS = "ABCDEFGHJKLMNPRSTVW"

ADJECTIVES = words(
    "Silent Crimson Hollow Distant Broken Golden Quiet Burning Wandering Velvet Frozen "
    "Restless Lonely Bitter Gentle Paper Glass Electric Midnight Northern Tender Lucky "
    "Secret Endless Sleeping Falling Copper Scarlet Pale Iron Little Open Salt Summer "
    "Winter Painted Crooked Borrowed Forgotten Patient Reckless Hungry Amber Marble"
)
NOUNS = words(
    "Harbour Orchard Lantern Letter River Garden Mirror Ember Meadow Echo Signal Promise "
    "Station Season Kingdom Circus Tide Compass Carousel Lighthouse Frontier Ballroom Engine "
    "Island Canyon Archive Parade Chorus Witness Harvest Voyage Orbit Alibi Ransom Labyrinth "
    "Telegram Reunion Sanctuary Outpost Monsoon Quarry Verdict Masquerade Carnival Horizon "
    "Weather Inheritance Aviary Foundry Ferry"
)
SEQUELS = [" II", " III", ": Part Two", ": The Return", " Returns"]

GENRES = [
    "Action", "Adventure", "Animation", "Biography", "Comedy", "Crime", "Documentary",
    "Drama", "Fantasy", "History", "Horror", "Kids & Family", "Music", "Musical",
    "Mystery & Thriller", "Romance", "Sci-Fi", "Sports", "War", "Western",
]  # fmt: skip
# Relative frequency of each genre, roughly as on review sites (drama, comedy most).
GENRE_WEIGHTS = [8, 5, 3, 2, 10, 5, 4, 16, 3, 2, 5, 3, 2, 1, 8, 5, 3, 1, 2, 1]

PROVIDERS = [
    # name, offer types it has
    ("Streamvale", ["subscription"]),
    ("Flickbox", ["subscription"]),
    ("Reelhouse Plus", ["subscription"]),
    ("Cinemora", ["subscription"]),
    ("Lumenplay", ["subscription", "rent"]),
    ("Kinoroom", ["subscription"]),
    ("Marquee Store", ["rent", "buy"]),
    ("Popcorn Market", ["rent", "buy"]),
    ("Velvetseat Video", ["rent", "buy"]),
    ("FreeFrame", ["free"]),
]
COMPANY_WORDS = words(
    "Lantern Harbour Orchard Ember Northlight Meridian Silverline Paper Moon Foxglove "
    "Bramble Tinderbox Kestrel Lodestar Marigold Quarry Riverbend Saltmarsh Thistle Wildcard "
    "Blue Door Red Kite Copperleaf Driftwood Greyhound Hollow Oak Juniper Larkspur Mooncalf "
    "Nightjar Pinecone Redwing Skylark Tallgrass Wavecrest Yellowbird Zephyr Anvil Beacon"
)
COMPANY_KINDS = ["Pictures", "Films", "Studios", "Entertainment", "Releasing", "Media",
                 "Productions", "Film Company"]  # fmt: skip
PUBLICATION_KINDS = words(
    "Gazette|Review|Herald|Ledger|Courier|Chronicle|Observer|Dispatch|Screen Journal|"
    "Film Quarterly|Weekly|Post|Tribune|Bulletin|Monitor|Sentinel|Examiner|Standard|"
    "Picture Show|Cinema Notes",
    sep="|",
)
LANGUAGES = ["English"] * 15 + ["French", "Spanish", "Japanese", "Korean", "German",
                                "Italian", "Hindi", "Swedish", "Portuguese"]  # fmt: skip
SOUND_MIXES = ["Dolby Digital", "Dolby Atmos", "DTS", "Stereo"]
ASPECT_RATIOS = ["Flat (1.85:1)", "Scope (2.39:1)"]
REASONS = {
    "R": ["Violence and Language", "Language Throughout", "Strong Violence",
          "Sexual Content and Language", "Drug Use and Language", "Bloody Violence"],
    "PG-13": ["Some Violence", "Thematic Elements", "Brief Strong Language",
              "Action Violence and Peril", "Suggestive Material"],
    "PG": ["Mild Peril", "Some Rude Humor", "Thematic Elements", "Mild Language"],
    "NC-17": ["Explicit Content"],
}  # fmt: skip

PROTAGONISTS = [
    "A retired lighthouse keeper", "A young cartographer", "An ambitious reporter",
    "A disgraced detective", "A small-town pharmacist", "A travelling magician",
    "A grieving widower", "A teenage inventor", "A weary ferry captain", "A stubborn nun",
    "An out-of-work actor", "A shy archivist", "A former boxer", "A jazz pianist",
]  # fmt: skip
PLOTS = [
    "must confront a family secret", "sets out to find a long-lost sister",
    "is drawn into a conspiracy", "uncovers the truth about a vanished town",
    "tries to outrun a debt", "agrees to one last job", "inherits a crumbling hotel",
    "falls for a rival", "is mistaken for a spy", "guards a stolen painting",
    "races to save the family farm", "answers a letter written decades ago",
]  # fmt: skip
SECOND = [
    "Along the way, old loyalties are tested.", "Nothing in {place} is what it seems.",
    "But time is running out.", "What begins as a favour becomes an obsession.",
    "Then the storm arrives.", "Only {name} knows what really happened.",
    "The past, it turns out, is not finished with them.", "",
]  # fmt: skip
PRAISE = ["sharp", "tender", "gripping", "funny", "handsomely made", "thoughtful",
          "bracing", "playful", "haunting", "confident", "warm-hearted"]  # fmt: skip
CONSENSUS = [
    "{title} is {a} and {b}, even if its final act loses a little momentum.",
    "Anchored by {a} performances, {title} is a {b} story well told.",
    "{title} rewards patient viewers with a {a}, {b} portrait of {place}.",
    "Uneven but {a}, {title} finds moments of {b} grace.",
    "{title} never quite comes together, though its cast is {a} throughout.",
]  # fmt: skip
FRESH_QUOTES = [
    "A {a} and {b} film that earns every minute.", "The most {a} thing I have seen all year.",
    "{a} filmmaking, with a cast at the top of its game.", "Quietly {a}, and then devastating.",
    "It is {a}, {b} and never less than absorbing.", "A small film with a {a} heart.",
]  # fmt: skip
ROTTEN_QUOTES = [
    "For all its ambition, it never finds its footing.", "Handsome, {a}, and oddly inert.",
    "A promising premise, squandered.", "It mistakes being {a} for being deep.",
    "The cast deserves a better script.", "Too long by half, and not {a} enough.",
]  # fmt: skip
AUDIENCE_TEXTS = [
    "Loved it. The {noun} scene alone is worth it.", "Not my thing, but well made.",
    "Watched it twice. {a} from start to finish.", "Fell asleep halfway through.",
    "My whole family enjoyed this one.", "The ending ruined it for me.",
    "Better than I expected, really {a}.", "Great cast, weak story.",
    "An underrated gem.", "Slow start, but the last hour is {a}.",
]  # fmt: skip
USER_WORDS = words("reel popcorn matinee velvet usher projector lobby balcony marquee")


# --- Writing rows ----------------------------------------------------------------------


class Writer:
    """INSERTs rows of one model with executemany, in atomic batches.

    `columns` are model field names (attnames for foreign keys, e.g.
    "film_id"); every other column gets the field's default, auto_now fields
    the current time, the auto primary key is left to the database.
    """

    # Types whose Python values the backend must adapt (datetime to text on
    # SQLite, dict to JSON, ...). Values repeat a lot, so adaptations are cached.
    PREPARED = {"DateField", "DateTimeField", "DecimalField", "JSONField", "TimeField"}

    def __init__(self, model, columns, now):
        meta = model._meta
        self.model = model
        fields = [meta.get_field(name) for name in columns]
        extra_fields, extra_values = [], []
        for field in meta.concrete_fields:
            if field in fields or field.primary_key:
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value = now
            elif issubclass(model, Publishable) and field.name in ("status", "published_at"):
                # Demo content is for visitors to see, whatever gains a publishing state.
                value = PUBLISHED if field.name == "status" else now
            elif field.has_default() or field.null or field.empty_strings_allowed:
                value = field.get_default()
            else:
                raise CommandError(
                    f"{meta.label}.{field.name} is required and has no default: "
                    "teach generate_demo_data about it."
                )
            extra_fields.append(field)
            extra_values.append(field.get_db_prep_save(value, connection))
        self.extra = tuple(extra_values)
        quote = connection.ops.quote_name
        all_fields = fields + extra_fields
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(
            quote(meta.db_table),
            ", ".join(quote(f.column) for f in all_fields),
            ", ".join(["%s"] * len(all_fields)),
        )
        self.prepare = [
            self._cached_prep(f) if f.get_internal_type() in self.PREPARED else None for f in fields
        ]
        self.rows = []
        self.count = 0

    @staticmethod
    def _cached_prep(field):
        cache = {}

        def prep(value):
            try:
                return cache[value]
            except KeyError:
                prepared = cache[value] = field.get_db_prep_save(value, connection)
                return prepared
            except TypeError:  # unhashable (a dict for JSON)
                return field.get_db_prep_save(value, connection)

        return prep

    def add(self, *values):
        self.rows.append(values)
        if len(self.rows) >= BATCH_SIZE:
            self.flush()

    def flush(self):
        if not self.rows:
            return
        prepare = self.prepare
        if any(prepare):
            rows = [
                tuple(
                    v if p is None or v is None else p(v) for p, v in zip(prepare, row, strict=True)
                )
                + self.extra
                for row in self.rows
            ]
        else:
            rows = [row + self.extra for row in self.rows]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(self.sql, rows)
        self.count += len(rows)
        self.rows = []


@contextlib.contextmanager
def fast_sqlite_writes():
    """On SQLite, for this command's connection only: no fsync per commit
    (synchronous=OFF) and a page cache large enough for the indexes being
    filled (SQLITE_CACHE_MB), restored afterwards. A crash mid-way can lose
    the last commits of demo data that --clear replaces anyway; the database
    file itself stays consistent in WAL mode. The default 2 MB cache is far
    smaller than the indexes filled at random (credits by person, reviews by
    author) at 100,000 films."""
    if connection.vendor != "sqlite":
        yield
        return
    pragmas = {"cache_size": -SQLITE_CACHE_MB * 1024}
    if not connection.in_atomic_block:  # SQLite refuses it inside a transaction
        pragmas["synchronous"] = 0
    with connection.cursor() as cursor:
        saved = {}
        for pragma, value in pragmas.items():
            cursor.execute(f"PRAGMA {pragma}")
            saved[pragma] = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA {pragma} = {value}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for pragma, value in saved.items():
                cursor.execute(f"PRAGMA {pragma} = {int(value)}")


def ids_by_slug(model):
    return dict(model.objects.filter(slug__startswith=DEMO).values_list("slug", "pk"))


# --- Deleting demo rows ------------------------------------------------------------------


def purge(model, queryset, depth=0):
    """Delete `queryset` and what depends on it, following on_delete, with
    set-based SQL and no signals (see the module docstring)."""
    if depth > 5:
        raise CommandError(f"Relations nest too deeply below {model._meta.label}.")
    # Every reverse relation, hidden ones included (many-to-many tables,
    # related_name="+"): the ones Django's own deletion collector follows.
    relations = [
        f
        for f in model._meta.get_fields(include_hidden=True)
        if f.auto_created and not f.concrete and (f.one_to_one or f.one_to_many)
    ]
    for relation in relations:
        field = relation.field
        dependents = relation.related_model._base_manager.filter(
            **{f"{field.name}__in": queryset.values("pk")}
        )
        on_delete = relation.on_delete
        if on_delete is models.CASCADE:
            purge(relation.related_model, dependents, depth + 1)
        elif on_delete is models.SET_NULL:
            dependents.update(**{field.name: None})
        elif on_delete is not models.DO_NOTHING and dependents.exists():
            raise CommandError(
                f"Cannot delete demo {model._meta.verbose_name_plural}: "
                f"{relation.related_model._meta.verbose_name_plural} that are not demo data "
                "refer to them. Delete or reassign those first."
            )
    # The private fast path QuerySet.delete() itself uses when nothing listens.
    return queryset._raw_delete(queryset.db)


# --- Invented names ------------------------------------------------------------------


class Names:
    """Unique invented names: "Quenara Ashford", sometimes with an initial."""

    def __init__(self, rng, taken=()):
        self.rng = rng
        self.first = [s + e for s in NAME_STARTS for e in NAME_ENDS]
        self.last = [s + e for s in SURNAME_STARTS for e in SURNAME_ENDS]
        self.taken = {fold(name) for name in taken}

    def first_name(self):
        return self.rng.choice(self.first)

    def last_name(self):
        return self.rng.choice(self.last)

    def unique(self, count):
        rng, first, last, taken = self.rng, self.first, self.last, self.taken
        names = []
        misses = 0
        while len(names) < count:
            if rng.random() < 0.12:
                name = f"{rng.choice(first)} {rng.choice(INITIALS)}. {rng.choice(last)}"
            else:
                name = f"{rng.choice(first)} {rng.choice(last)}"
            key = fold(name)
            if key in taken:
                misses += 1
                if misses > 20 * count + 1000:
                    raise CommandError(f"Cannot invent {count} distinct names.")
                continue
            taken.add(key)
            names.append(name)
        return names


def fold(name):
    """`name` without case or accents, as slugify() sees it: two names that
    fold alike would get the same slug."""
    if name.isascii():
        return name.lower()
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


def place_name(rng):
    return rng.choice(NAME_STARTS) + rng.choice(PLACE_ENDS)


def unique_strings(make, count, taken=()):
    """`count` distinct results of `make()`, also distinct from `taken`
    ignoring case and accents (the names' unique constraints ignore case,
    and their slugs accents)."""
    seen = {fold(name) for name in taken}
    result = []
    attempts = 0
    while len(result) < count:
        attempts += 1
        if attempts > 50 * count + 1000:
            raise CommandError(f"Cannot invent {count} distinct names.")
        name = make()
        key = fold(name)
        if key not in seen:
            seen.add(key)
            result.append(name)
    return result


def existing_names(model):
    return model.objects.values_list("name", flat=True).iterator()


# --- Distributing reviews ------------------------------------------------------------------


def allocate(total, weights, cap):
    """Split `total` into integer counts proportional to `weights`, none
    above `cap`, summing exactly to `total`: shares that would pass the cap
    get the cap and the others share the rest, rounded by largest remainder."""
    n = len(weights)
    if total > cap * n:
        raise CommandError(f"{total} reviews do not fit on {n} films (at most {cap} each).")
    counts = [0] * n
    free = range(n)
    left = total
    while free and left:
        weight = sum(weights[i] for i in free)
        capped = {i for i in free if left * weights[i] / weight >= cap}
        if not capped:
            shares = [(left * weights[i] / weight, i) for i in free]
            for exact, i in shares:
                counts[i] = int(exact)
            rest = left - sum(counts[i] for i in free)
            by_remainder = sorted(shares, key=lambda share: share[0] % 1, reverse=True)
            for _exact, i in by_remainder[:rest]:
                counts[i] += 1
            break
        for i in capped:
            counts[i] = cap
        left -= cap * len(capped)
        free = [i for i in free if i not in capped]
    return counts


# --- Scores as critics write them ------------------------------------------------------


def written_score(rng, rating):
    """A score as a critic writes it, for a rating in 0..1; "" for none."""
    style = rng.random()
    if style < 0.3:
        return ""
    if style < 0.5:
        value = round(rating * 8) / 2
        return f"{value:g}/4"
    if style < 0.65:
        value = max(0.5, round(rating * 10) / 2)
        return f"{value:g}/5"
    if style < 0.85:
        return f"{max(1, round(rating * 10))}/10"
    grades = ["F", "D-", "D", "D+", "C-", "C", "C+", "B-", "B", "B+", "A-", "A", "A+"]
    return grades[min(len(grades) - 1, round(rating * (len(grades) - 1)))]


def chance_above(threshold, mean, spread):
    """P(X >= threshold) for X ~ Normal(mean, spread)."""
    return 0.5 * math.erfc((threshold - mean) / (spread * math.sqrt(2)))


def article(word):
    return "An" if word[0] in "AEIOU" else "A"


def clamp(value, low=0.0, high=1.0):
    return low if value < low else high if value > high else value


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
        if clear or clear_only:
            self.clear()
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

        self.seed = seed
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.counts = {}
        try:
            with fast_sqlite_writes():
                self.make_vocabularies(films)
                self.make_people(people)
                self.make_films(films)
                self.make_credits()
                self.make_similar()
                self.make_reviews(reviews)
                # Statistics first: without them SQLite reads a chunk's
                # reviews by scanning, ever slower as the tables grow.
                self.analyze()
                self.make_scores()
                # Written in bulk, so no signal indexed them for the site search.
                search.index_everything(slug_prefix=DEMO)
        except BaseException:
            self.stderr.write("Generation stopped part way: run again with --clear to start over.")
            raise
        ContentVersion.bump()
        self.analyze()
        self.report_totals()

    # --- Helpers ---

    def rng(self, phase):
        """One generator per phase: a phase's output depends only on the
        seed and sizes, not on what earlier phases drew."""
        return random.Random(f"{self.seed}:{phase}")

    def phase(self, message):
        if self.verbosity >= 1:
            elapsed = time.perf_counter() - self.started
            self.stdout.write(f"[{elapsed:6.1f}s] {message}")

    def detail(self, message):
        if self.verbosity >= 2:
            self.stdout.write(f"          {message}")

    def writer(self, model, columns):
        return Writer(model, columns, self.now)

    def done(self, **writers):
        """Write what the writers still hold and count their rows."""
        for label, writer in writers.items():
            writer.flush()
            self.counts[label.replace("_", " ")] = writer.count
            self.detail(f"{writer.count:,} {label.replace('_', ' ')}")

    def past_moment(self, rng, max_days):
        return self.now - datetime.timedelta(seconds=rng.randint(3600, max_days * 86400))

    # --- Clearing ---

    def clear(self):
        self.phase("Deleting earlier demo data")
        with transaction.atomic():
            self._clear()

    def _clear(self):
        for model in MARKED:
            deleted = purge(model, model._base_manager.filter(slug__startswith=DEMO))
            self.detail(f"{deleted} {model._meta.verbose_name_plural}")

    # --- Vocabularies: genres, providers, companies, publications, critics ---

    def make_vocabularies(self, n_films):
        rng = self.rng("vocabularies")
        self.phase("Genres, providers, companies, publications, critics")

        # Genres: shared with real data, so reused by name and never deleted.
        known = {name.lower(): pk for pk, name in Genre.objects.values_list("pk", "name")}
        slugs = set(Genre.objects.values_list("slug", flat=True))
        with transaction.atomic():
            for name in GENRES:
                if name.lower() not in known:
                    slug = base = slugify(name)
                    while slug in slugs:
                        slug = f"{base}-{len(slugs)}"
                    slugs.add(slug)
                    known[name.lower()] = Genre.objects.create(name=name, slug=slug).pk
        self.genre_ids = [known[name.lower()] for name in GENRES]

        taken = {name.lower() for name in existing_names(Provider)}
        writer = self.writer(Provider, ["name", "slug", "url"])
        slugs = []
        for invented, _offers in PROVIDERS:
            # Should a real provider have an invented name, the demo one steps aside.
            name = f"{invented} Demo" if invented.lower() in taken else invented
            slugs.append(DEMO + slugify(name))
            writer.add(name, slugs[-1], f"https://{slugify(name)}.example/")
        self.done(providers=writer)
        ids = ids_by_slug(Provider)
        self.provider_offers = [
            (ids[slug], offer)
            for slug, (_name, offers) in zip(slugs, PROVIDERS, strict=True)
            for offer in offers
        ]

        n_companies = min(1000, max(20, n_films // 10))

        def company():
            words = [rng.choice(COMPANY_WORDS)]
            if rng.random() < 0.5:
                words = rng.sample(COMPANY_WORDS, 2)
            return f"{' '.join(words)} {rng.choice(COMPANY_KINDS)}"

        names = unique_strings(company, n_companies, existing_names(Company))
        writer = self.writer(Company, ["name", "slug"])
        slugs = [DEMO + slugify(name) for name in names]
        for name, slug in zip(names, slugs, strict=True):
            writer.add(name, slug)
        self.done(companies=writer)
        ids = ids_by_slug(Company)
        self.company_ids = [ids[slug] for slug in slugs]

        def publication():
            place = place_name(rng)
            kind = rng.choice(PUBLICATION_KINDS)
            return f"The {place} {kind}" if rng.random() < 0.3 else f"{place} {kind}"

        names = unique_strings(publication, N_PUBLICATIONS, existing_names(Publication))
        writer = self.writer(Publication, ["name", "slug", "url"])
        slugs = [DEMO + slugify(name) for name in names]
        for name, slug in zip(names, slugs, strict=True):
            writer.add(name, slug, f"https://{slug.removeprefix(DEMO)}.example/")
        self.done(publications=writer)
        ids = ids_by_slug(Publication)
        self.publication_ids = [ids[slug] for slug in slugs]
        self.publication_hosts = [slug.removeprefix(DEMO) for slug in slugs]

        # Critics, most with a usual publication (an index into the above).
        names = Names(rng, existing_names(Critic)).unique(N_CRITICS)
        writer = self.writer(Critic, ["name", "slug", "publication_id", "is_top_critic"])
        critics = []
        for name in names:
            slug = DEMO + slugify(name)
            usual = rng.randrange(N_PUBLICATIONS) if rng.random() < 0.85 else None
            top = rng.random() < 0.1
            writer.add(name, slug, None if usual is None else self.publication_ids[usual], top)
            critics.append((slug, usual, top))
        self.done(critics=writer)
        ids = ids_by_slug(Critic)
        self.critics = [(ids[slug], usual, top) for slug, usual, top in critics]

    # --- People ---

    def make_people(self, n_people):
        rng = self.rng("people")
        self.phase(f"{n_people:,} people")
        names = Names(rng, existing_names(Person)).unique(n_people)
        crafts = ["director", "writer", "producer", "actor"]
        writer = self.writer(
            Person,
            ["name", "slug", "status", "published_at", "birth_date", "biography", "created_at"],
        )
        slugs = []
        for name in names:
            slug = DEMO + slugify(name)
            slugs.append(slug)
            born = None
            if rng.random() < 0.7:
                born = datetime.date(
                    rng.randint(1890, 2005), rng.randint(1, 12), rng.randint(1, 28)
                )
            bio = ""
            if rng.random() < 0.3:
                place = place_name(rng)
                craft = rng.choice(crafts)
                bio = f"{name} is an invented {craft} from {place}, made up for this demo site."
            published = self.past_moment(rng, 3 * 365)
            writer.add(name, slug, PUBLISHED, published, born, bio, published)
        self.done(people=writer)
        ids = ids_by_slug(Person)
        person_ids = [ids[slug] for slug in slugs]
        # Each person has one main craft; a random order so that the busiest
        # people (the start of each pool, see pick()) are spread alphabetically.
        rng.shuffle(person_ids)
        n = len(person_ids)
        cuts = [0, int(n * 0.08), int(n * 0.20), int(n * 0.30), n]
        self.pools = {
            craft: person_ids[cuts[i] : cuts[i + 1]] or person_ids for i, craft in enumerate(crafts)
        }

    # --- Films and what hangs on them directly ---

    def make_films(self, n_films):
        rng = self.rng("films")
        self.phase(f"{n_films:,} films, genres, companies, release dates, watch options")
        names = Names(rng)
        films = self.films = []  # dicts with what later phases need
        slugs = set()
        writer = self.writer(
            Film,
            [
                "title", "title_key", "slug", "year", "runtime_minutes", "certification",
                "certification_reason", "synopsis", "critics_consensus", "release_status",
                "original_language", "sound_mix", "aspect_ratio", "status", "published_at",
                "created_at",
            ],
        )  # fmt: skip
        for _ in range(n_films):
            title = self.title(rng, names)
            year = FIRST_YEAR + int((LAST_YEAR - FIRST_YEAR + 1) * rng.random() ** 0.7)
            slug = base = f"{DEMO}{slugify(title)}-{year}"
            number = 2
            while slug in slugs:
                slug = f"{base}-{number}"
                number += 1
            slugs.add(slug)
            genres = self.pick_genres(rng)
            quality = rng.betavariate(3, 2)
            certification = self.certification(rng, year, genres)
            runtime = int(clamp(rng.gauss(104, 18), 72, 200))
            if GENRES.index("Animation") in genres or GENRES.index("Documentary") in genres:
                runtime = int(clamp(runtime * 0.85, 60, 160))
            release_status = "released"
            if year == LAST_YEAR and rng.random() < 0.3:
                release_status = "now_playing"
            elif year >= 2000 and rng.random() < 0.4:
                release_status = "streaming"
            lead = f"{names.first_name()} {names.last_name()}"
            place = place_name(rng)
            synopsis = f"{rng.choice(PROTAGONISTS)}, {lead}, {rng.choice(PLOTS)} in {place}. "
            synopsis += rng.choice(SECOND).format(place=place, name=lead.split()[0])
            consensus = ""
            if rng.random() < 0.25:
                a, b = rng.sample(PRAISE, 2)
                consensus = rng.choice(CONSENSUS).format(title=title, a=a, b=b, place=place)
            published = self.past_moment(rng, 2 * 365)
            writer.add(
                title, film_title_key(title), slug, year, runtime, certification,
                rng.choice(REASONS[certification]) if certification in REASONS else "",
                synopsis.strip(), consensus, release_status, rng.choice(LANGUAGES),
                "Mono" if year < 1955 else rng.choice(SOUND_MIXES),
                "Academy (1.37:1)" if year < 1953 else rng.choice(ASPECT_RATIOS),
                PUBLISHED, published, published,
            )  # fmt: skip
            films.append(
                {
                    "slug": slug,
                    "title": title,
                    "year": year,
                    "genres": genres,
                    "quality": quality,
                    "status": release_status,
                    # Recent films get more reviews on review sites.
                    "weight": rng.lognormvariate(0, 1.4) * (1.5 if year >= 2000 else 1.0),
                }
            )
        self.done(films=writer)
        ids = ids_by_slug(Film)
        for film in films:
            film["id"] = ids[film["slug"]]

        genre_rows = self.writer(Film.genres.through, ["film_id", "genre_id"])
        companies = self.writer(
            FilmCompany, ["film_id", "company_id", "kind", "region", "position"]
        )
        releases = self.writer(ReleaseDate, ["film_id", "kind", "date", "region", "note"])
        watch = self.writer(
            WatchOption, ["film_id", "provider_id", "offer_type", "url", "last_confirmed"]
        )
        facts = self.writer(FilmFact, ["film_id", "label", "value", "position"])
        n_companies = len(self.company_ids)
        for film in films:
            pk, year = film["id"], film["year"]
            for genre in film["genres"]:
                genre_rows.add(pk, self.genre_ids[genre])
            # Production company and, mostly, a different distributor.
            chosen = rng.sample(range(n_companies), min(2, n_companies))
            companies.add(pk, self.company_ids[chosen[0]], CompanyKind.PRODUCTION, "", 0)
            if len(chosen) > 1 and rng.random() < 0.7:
                companies.add(pk, self.company_ids[chosen[1]], CompanyKind.DISTRIBUTOR, "us", 0)
            opening = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
            film["opening"] = opening
            releases.add(
                pk, ReleaseKind.THEATRICAL, opening, "USA", rng.choice(["Wide", "Limited"])
            )
            if year >= 1998 and rng.random() < 0.7:
                later = opening + datetime.timedelta(days=rng.randint(45, 200))
                releases.add(pk, ReleaseKind.STREAMING, min(later, self.today), "USA", "")
            elif year < 2020 and rng.random() < 0.4:  # DVD / Blu-ray, or a reissue
                later = datetime.date(rng.randint(max(year + 1, 1985), 2021), rng.randint(1, 12), 1)
                releases.add(pk, ReleaseKind.PHYSICAL, later, "USA", "")
            options = []
            if film["status"] == "now_playing":
                options.append((None, OfferType.THEATERS))
            options += rng.sample(self.provider_offers, rng.choice([0, 1, 1, 2, 2, 3, 4]))[
                : 4 - len(options)
            ]
            for provider, offer in options:
                url = "" if provider is None else f"https://watch.example/{offer}/{film['slug']}"
                confirmed = self.today - datetime.timedelta(days=rng.randint(0, 60))
                watch.add(pk, provider, offer, url, confirmed)
            if rng.random() < 0.4:
                gross = rng.lognormvariate(2.5, 1.5)
                facts.add(pk, "Box Office (Gross USA)", f"${gross:,.1f}M", 0)
        self.done(
            film_genres=genre_rows,
            film_companies=companies,
            release_dates=releases,
            watch_options=watch,
            film_facts=facts,
        )

    def title(self, rng, names):
        a, n1, n2 = rng.choice(ADJECTIVES), rng.choice(NOUNS), rng.choice(NOUNS)
        pattern = rng.random()
        if pattern < 0.25:
            title = f"The {a} {n1}"
        elif pattern < 0.4:
            title = f"{n1} of the {a} {n2}" if n1 != n2 else f"{a} {n1}"
        elif pattern < 0.55:
            title = f"{a} {n1}"
        elif pattern < 0.65:
            title = f"{names.first_name()}'s {n1}"
        elif pattern < 0.75:
            title = f"The {n1} at {place_name(rng)}"
        elif pattern < 0.85:
            title = f"{n1} and {n2}" if n1 != n2 else f"The {n1}"
        elif pattern < 0.93:
            title = f"{place_name(rng)}"
        else:
            title = f"{article(n1)} {n1} for {names.first_name()}"
        if rng.random() < 0.03:
            title += rng.choice(SEQUELS)
        return title

    def pick_genres(self, rng):
        count = rng.choice([1, 1, 2, 2, 2, 3])
        chosen = []
        while len(chosen) < count:
            genre = rng.choices(range(len(GENRES)), GENRE_WEIGHTS)[0]
            if genre not in chosen:
                chosen.append(genre)
        return chosen

    def certification(self, rng, year, genres):
        if year < 1968:  # before the MPA ratings
            return rng.choice(["NR", "NR", "NR", "G", "PG"])
        if GENRES.index("Kids & Family") in genres or GENRES.index("Animation") in genres:
            return rng.choice(["G", "PG", "PG", "PG-13"])
        choices = ["R", "R", "R", "PG-13", "PG-13", "PG", "NR", "TV-MA", "TV-14", "NC-17"]
        if year < 1984:  # no PG-13 yet
            choices = [c for c in choices if c != "PG-13"]
        return rng.choice(choices[:-1] if rng.random() < 0.95 else choices)

    # --- Credits ---

    def pick(self, rng, craft, exclude):
        """A person of `craft`, skewed so that some people work a lot: the
        start of each pool is drawn far more often than its end."""
        pool = self.pools[craft]
        while True:
            person = pool[int(len(pool) * rng.random() ** 1.8)]
            if person not in exclude:
                return person

    def make_credits(self):
        rng = self.rng("credits")
        names = Names(rng)
        self.phase("Credits")
        writer = self.writer(Credit, ["film_id", "person_id", "role", "character", "billing_order"])
        for film in self.films:
            pk = film["id"]
            directors = []
            for order in range(rng.choice([1, 1, 1, 1, 1, 2])):
                person = self.pick(rng, "director", directors)
                directors.append(person)
                writer.add(pk, person, CreditRole.DIRECTOR, "", order)
            writers = [directors[0]] if rng.random() < 0.3 else []  # writer-directors
            for _ in range(rng.choice([1, 1, 2, 2, 3]) - len(writers)):
                writers.append(self.pick(rng, "writer", writers))
            for order, person in enumerate(writers):
                writer.add(pk, person, CreditRole.SCREENWRITER, "", order)
            producers = []
            for order in range(rng.choice([1, 2])):
                person = self.pick(rng, "producer", producers)
                producers.append(person)
                writer.add(pk, person, CreditRole.PRODUCER, "", order)
            cast = []
            for order in range(rng.randint(4, 10)):
                person = self.pick(rng, "actor", cast)
                cast.append(person)
                writer.add(pk, person, CreditRole.CAST, self.character(rng, names), order)
        self.done(credits=writer)

    def character(self, rng, names):
        kind = rng.random()
        if kind < 0.5:
            return f"{names.first_name()} {names.last_name()}"
        if kind < 0.7:
            return names.first_name()
        if kind < 0.9:
            title = rng.choice(
                ["Detective", "Captain", "Mrs.", "Dr.", "Sister", "Uncle", "Officer"]
            )
            return f"{title} {names.last_name()}"
        return f"Young {names.first_name()}"

    # --- Similar films ---

    def make_similar(self):
        rng = self.rng("similar")
        self.phase("Similar films")
        by_genre = {}
        for index, film in enumerate(self.films):
            by_genre.setdefault(film["genres"][0], []).append(index)
        writer = self.writer(SimilarFilm, ["film_id", "position", "title", "similar_film_id"])
        n = len(self.films)
        for index, film in enumerate(self.films):
            same = by_genre[film["genres"][0]]
            wanted = min(rng.randint(3, 5), n - 1)
            chosen, titles = [], {film["title"].lower()}
            attempts = 0
            while len(chosen) < wanted and attempts < 50:
                attempts += 1
                # Mostly the same main genre, as "more like this" lists are.
                other = rng.choice(same) if rng.random() < 0.8 else rng.randrange(n)
                title = self.films[other]["title"]
                if other != index and title.lower() not in titles:
                    titles.add(title.lower())
                    chosen.append(other)
            for position, other in enumerate(chosen):
                writer.add(
                    film["id"], position, self.films[other]["title"], self.films[other]["id"]
                )
        self.done(similar_films=writer)

    # --- Reviews and reported scores ---

    def make_reviews(self, n_reviews):
        rng = self.rng("reviews")
        n_critic = round(n_reviews * CRITIC_SHARE)
        n_audience = n_reviews - n_critic
        self.phase(f"{n_critic:,} critic reviews, {n_audience:,} audience reviews, reported scores")
        weights = [film["weight"] for film in self.films]
        critic_counts = allocate(n_critic, weights, N_CRITICS + N_PUBLICATIONS)
        audience_counts = allocate(n_audience, weights, N_AUTHORS)
        authors = unique_strings(lambda: self.author(rng), N_AUTHORS)
        critic_writer = self.writer(
            CriticReview,
            ["film_id", "critic_id", "publication_id", "quote", "score_text", "score",
             "sentiment", "is_top_critic", "review_date", "url", "status", "published_at",
             "created_at"],
        )  # fmt: skip
        audience_writer = self.writer(
            AudienceReview,
            ["film_id", "author_name", "source_site", "stars", "text", "review_date", "status",
             "published_at", "created_at"],
        )  # fmt: skip
        reported_writer = self.writer(
            ReportedScore,
            ["film_id", "source_site", "tomatometer", "critic_review_count", "audience_score",
             "audience_rating_count_text", "audience_rating_count", "audience_review_count",
             "reported_at"],
        )  # fmt: skip
        scores = {}  # score text -> 0-100, as the importer converts it
        moments = {}

        def posted(day):
            """When a review went up: noon of its day, never in the future."""
            if day not in moments:
                noon = datetime.datetime.combine(day, datetime.time(12), datetime.UTC)
                moments[day] = min(noon, self.now)
            return moments[day]

        stars = [None, *STAR_VALUES]
        today = self.today.toordinal()
        for film, n_crit, n_aud in zip(self.films, critic_counts, audience_counts, strict=True):
            pk, quality = film["id"], film["quality"]
            opening = film["opening"].toordinal()
            # Critics review around the opening (a few at festivals before it);
            # older films also get later reviews, from the web era on.
            first_day = min(opening - 14, today)
            # Audience reviews: from the opening or, for older films, any
            # time since the site opened (2008).
            first_audience_day = min(max(opening, SITE_OPENED), today)

            def critic_day(first=first_day):
                if rng.random() < 0.6:
                    day = first + int(rng.expovariate(1 / 30))
                else:
                    day = rng.randint(max(first, WEB_ERA), max(today, first))
                return datetime.date.fromordinal(min(day, today))

            def audience_day(first=first_audience_day, recent=opening >= SITE_OPENED):
                if recent and rng.random() < 0.7:
                    day = first + int(rng.expovariate(1 / 120))
                else:
                    day = rng.randint(first, today)
                return datetime.date.fromordinal(min(day, today))

            # Critics: distinct critics per film; some reviews credit only a
            # publication (distinct ones), as unique constraints require.
            pub_only = max(round(n_crit * 0.05), n_crit - N_CRITICS)
            critic_picks = rng.sample(self.critics, n_crit - pub_only)
            pub_picks = rng.sample(range(N_PUBLICATIONS), pub_only)
            bylines = [(c, p, top) for c, p, top in critic_picks] + [
                (None, p, False) for p in pub_picks
            ]
            fresh = 0
            for critic, pub, top in bylines:
                if critic is not None:
                    roll = rng.random()
                    if roll < 0.2:
                        pub = rng.randrange(N_PUBLICATIONS)  # a guest review elsewhere
                    elif roll < 0.3 or pub is None:
                        pub = None
                rating = clamp(rng.gauss(quality, CRITIC_SPREAD))
                sentiment = "fresh" if rating >= FRESH_AT else "rotten"
                fresh += sentiment == "fresh"
                text = written_score(rng, rating)
                if text not in scores:
                    scores[text] = score_to_100(text)
                template = FRESH_QUOTES if sentiment == "fresh" else ROTTEN_QUOTES
                a, b = rng.sample(PRAISE, 2)
                url = ""
                if pub is not None and rng.random() < 0.8:
                    url = f"https://{self.publication_hosts[pub]}.example/reviews/{film['slug']}"
                day = critic_day()
                critic_writer.add(
                    pk, critic, None if pub is None else self.publication_ids[pub],
                    rng.choice(template).format(a=a, b=b), text, scores[text], sentiment,
                    top, day, url, PUBLISHED, posted(day), posted(day),
                )  # fmt: skip
            positive = rated = 0
            for author in rng.sample(authors, n_aud):
                star = None
                if rng.random() < 0.9:
                    rating = clamp(rng.gauss(quality + AUDIENCE_SHIFT, AUDIENCE_SPREAD))
                    half_steps = round(rating * 10)
                    star = stars[max(1, half_steps)]
                    rated += 1
                    positive += star >= POSITIVE_STARS
                text = rng.choice(AUDIENCE_TEXTS).format(
                    noun=rng.choice(NOUNS).lower(), a=rng.choice(PRAISE)
                )
                day = audience_day()
                audience_writer.add(
                    pk, author, SOURCE_SITE, star, text, day, PUBLISHED, posted(day), posted(day)
                )
            if rng.random() < 0.8:
                self.reported(rng, reported_writer, film, len(bylines), fresh, rated, positive)
        self.done(
            critic_reviews=critic_writer,
            audience_reviews=audience_writer,
            reported_scores=reported_writer,
        )

    def author(self, rng):
        if rng.random() < 0.6:
            first = rng.choice(NAME_STARTS) + rng.choice(NAME_ENDS)
            return f"{first} {rng.choice(INITIALS)}."
        return f"{rng.choice(USER_WORDS)}{rng.choice(NOUNS).lower()}{rng.randint(1, 999)}"

    def reported(self, rng, writer, film, n_crit, fresh, rated, positive):
        """What the source site reported: more reviews than the site has
        (its own plus others drawn from the same film), so a Tomatometer
        close to the site's own where it has many reviews."""
        quality = film["quality"]
        critic_count = n_crit + int(n_crit * rng.uniform(0, 1.5)) + rng.randint(0, 40)
        tomatometer = None
        if critic_count:
            extra = critic_count - n_crit
            p = chance_above(FRESH_AT, quality, CRITIC_SPREAD)
            extra_fresh = round(extra * p + rng.gauss(0, math.sqrt(extra * p * (1 - p))))
            tomatometer = round(100 * (fresh + clamp(extra_fresh, 0, extra)) / critic_count)
        audience = None
        count_text, count, review_count = "", None, None
        if rng.random() < 0.9:
            # Thousands of ratings: the score is (nearly) the film's true one.
            p = chance_above(POSITIVE_AT, quality + AUDIENCE_SHIFT, AUDIENCE_SPREAD)
            audience = round(100 * clamp(p + rng.gauss(0, 0.02)))
            count = rng.choice([50, 100, 250, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000])
            count = max(count, rated)
            count_text = f"{count:,}+"
            review_count = rated + rng.randint(0, 200)
        writer.add(
            film["id"], SOURCE_SITE, tomatometer, critic_count, audience, count_text, count,
            review_count, self.past_moment(rng, 400),
        )  # fmt: skip

    # --- Scores ---

    def make_scores(self):
        self.phase("Headline scores")
        ids = [film["id"] for film in self.films]
        for start in range(0, len(ids), SCORE_CHUNK):
            with transaction.atomic():
                refresh_scores(ids[start : start + SCORE_CHUNK])
        # "More like this" shows the scores of the films it links to.
        linked = Film.objects.filter(pk=OuterRef("similar_film_id"))
        with transaction.atomic():
            SimilarFilm.objects.filter(film__slug__startswith=DEMO).update(
                tomatometer=Subquery(linked.values("tomatometer")[:1]),
                audience_score=Subquery(linked.values("audience_score")[:1]),
            )

    def analyze(self):
        tables = {
            model._meta.db_table
            for model in [
                *MARKED, Film.genres.through, Credit, FilmCompany, ReleaseDate, WatchOption,
                FilmFact, SimilarFilm, CriticReview, AudienceReview, ReportedScore,
                SearchEntry,
            ]
        }  # fmt: skip
        with connection.cursor() as cursor:
            for table in sorted(tables):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")

    def report_totals(self):
        if self.verbosity < 1:
            return
        elapsed = time.perf_counter() - self.started
        self.stdout.write(self.style.SUCCESS(f"Demo data generated in {elapsed:.1f} s:"))
        total = 0
        for label, count in self.counts.items():
            total += count
            self.stdout.write(f"  {label:<22} {count:>10,}")
        self.stdout.write(f"  {'rows in all':<22} {total:>10,}")
