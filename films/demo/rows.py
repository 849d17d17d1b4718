"""How demo rows are marked, written and deleted."""

import contextlib

from django.db import connection, transaction
from django.db.models import Case, F, ProtectedError, RestrictedError, When

from films.models import Company, Film, Person, Provider
from filmsite.content import signals
from filmsite.content.models import Publishable
from reviews.models import AudienceReview, Critic, CriticReview, Publication

DEMO = "demo--"  # slug prefix of every demo row; slugify() never makes "--"
PUBLISHED = Publishable.Status.PUBLISHED
BATCH_SIZE = 5000
SQLITE_CACHE_MB = 512  # SQLite's page cache while generating (see fast_sqlite_writes)
# Models whose demo rows carry the slug marker, in deletion order: films
# first, so that nothing protects the vocabularies when their turn comes.
MARKED = [Film, Person, Critic, Publication, Company, Provider]


class DemoDataError(Exception):
    """The demo data cannot be generated or deleted as asked."""


class Rows:
    """New rows of one model, written with bulk_create() in atomic batches.

    `columns` are model field names (attnames for foreign keys, e.g.
    "film_id"); every other field gets its default, auto_now fields the
    current time, and the primary key is left to the database. Rows of a
    Publishable model are published unless `columns` say otherwise: demo
    content is for visitors to see, whatever model gains a publishing state.
    """

    def __init__(self, model, columns, now):
        meta = model._meta
        self.model = model
        self.columns = columns
        self.extra = {}
        for field in meta.concrete_fields:
            if field.primary_key or field.attname in columns or field.name in columns:
                continue
            if issubclass(model, Publishable) and field.name in ("status", "published_at"):
                self.extra[field.name] = PUBLISHED if field.name == "status" else now
            elif not (
                getattr(field, "auto_now", False)
                or getattr(field, "auto_now_add", False)
                or field.has_default()
                or field.null
                or field.empty_strings_allowed
            ):
                raise DemoDataError(
                    f"{meta.label}.{field.name} is required and has no default: "
                    "teach generate_demo_data about it."
                )
        self.rows = []
        self.count = 0

    def add(self, *values):
        self.rows.append(self.model(**dict(zip(self.columns, values, strict=True)), **self.extra))
        if len(self.rows) >= BATCH_SIZE:
            self.flush()

    def flush(self):
        if not self.rows:
            return
        with transaction.atomic():
            self.model.objects.bulk_create(self.rows, batch_size=BATCH_SIZE)
        self.count += len(self.rows)
        self.rows = []


def backdate():
    """Demo content was added when it was published. bulk_create() stamps
    auto_now_add fields with the time of the insert, so `created_at` (which
    the "Recently added" order reads) is set afterwards, in one UPDATE per
    table; so is `first_published_at`, which save() would have set."""
    for queryset in (
        Film.objects.filter(slug__startswith=DEMO),
        Person.objects.filter(slug__startswith=DEMO),
        CriticReview.objects.filter(film__slug__startswith=DEMO),
        AudienceReview.objects.filter(film__slug__startswith=DEMO),
    ):
        with transaction.atomic():
            queryset.update(
                created_at=F("published_at"),
                first_published_at=Case(When(status=PUBLISHED, then=F("published_at"))),
            )


def ids_by_slug(model):
    return dict(model.objects.filter(slug__startswith=DEMO).values_list("slug", "pk"))


def clear(detail):
    """Delete every demo row with QuerySet.delete(), which follows the
    models' on_delete rules; what belongs to a demo film or person goes with
    it. `signals.bulk_delete()` spares the per-row work the site's signal
    handlers would do (a rescore per review, a history entry and a content
    version bump per row: hours for 500,000 reviews); the caller bumps the
    content version once. Films go in batches so that Django's deletion
    collector, which loads the rows it deletes, holds one batch at a time."""
    with transaction.atomic(), signals.bulk_delete():
        for model in MARKED:
            demo = model._base_manager.filter(slug__startswith=DEMO)
            pks = list(demo.values_list("pk", flat=True))
            deleted = 0
            for start in range(0, len(pks), BATCH_SIZE):
                try:
                    _total, counts = model._base_manager.filter(
                        pk__in=pks[start : start + BATCH_SIZE]
                    ).delete()
                except (ProtectedError, RestrictedError) as exc:
                    rows = getattr(exc, "protected_objects", None) or exc.restricted_objects
                    blocking = {row._meta.verbose_name_plural for row in rows}
                    raise DemoDataError(
                        f"Cannot delete demo {model._meta.verbose_name_plural}: "
                        f"{', '.join(sorted(blocking))} that are not demo data refer to them. "
                        "Delete or reassign those first."
                    ) from exc
                deleted += counts.get(model._meta.label, 0)
            detail(f"{deleted} {model._meta.verbose_name_plural}")


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
    # PRAGMAs set SQLite's connection, not rows: neither the ORM nor
    # connection.ops says them, so plain statements on the cursor.
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
