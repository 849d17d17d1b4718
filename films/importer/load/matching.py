"""Finding what a document names: the film it describes (`find_film`) and
the people, critics, genres, ... it mentions (`resolve_names`), creating
those the site does not have yet.

These reads run for every document and need no order: each clears the
models' Meta.ordering (`order_by()`), which would sort for nothing."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.functions import Lower
from django.utils.text import slugify

from films.models import ChangeRecord, Film, film_title_key
from reviews.models import Critic, CriticReview, Publication

from ..records import DocumentError, KnownNames
from ..text import title_key
from .rows import BATCH_SIZE


def known_names():
    """Critics and publications the site can trust, to split run-together
    review lines reliably: those of a review that was split with certainty
    or that an editor checked (`needs_review` clear), and those an editor
    created or changed (their history names no source document). Never the
    guess of an unsure review, which may be a name cut short ("Daily" of
    "Daily Telegraph (UK)"), nor a guess left behind when an editor moved
    its review to the right name."""

    def trusted(model, link):
        by_editor = ChangeRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            source_document__isnull=True,
            action__in=[ChangeRecord.Action.CREATED, ChangeRecord.Action.CHANGED],
        ).values("object_id")
        checked = CriticReview.objects.filter(**{link: OuterRef("pk")}, needs_review=False)
        return frozenset(
            model.objects.filter(Q(Exists(checked)) | Q(pk__in=by_editor)).values_list(
                "name", flat=True
            )
        )

    return KnownNames(
        critics=trusted(Critic, "critic"), publications=trusted(Publication, "publication")
    )


# --- Entities found by name ------------------------------------------------------


def unique_slug(model, text, taken=()):
    base = slugify(text)[:200] or "item"
    slug, n = base, 1
    while slug in taken or model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class NameCache:
    """Primary keys of people, critics, genres, ... by lower-cased name, kept
    for one import run so repeated names cost no query. Rows created by a
    document are learnt only once its transaction has committed, so a
    rolled-back document cannot leave dangling keys behind."""

    def __init__(self):
        self.known = defaultdict(dict)
        self.pending = defaultdict(dict)

    def get(self, model, key):
        return self.known[model].get(key)

    def add(self, model, key, pk):
        self.pending[model][key] = pk

    def commit(self):
        for model, entries in self.pending.items():
            self.known[model].update(entries)
        self.pending.clear()

    def discard(self):
        self.pending.clear()


def resolve_names(model, names, report, kind, cache, defaults=None):
    """Map each name (lower-cased) to the primary key of a row of `model`
    (Person, Critic, Genre, ...), creating the missing rows with
    `defaults(name)`. Names match ignoring case, as the unique constraints do."""
    wanted = {name.lower(): name for name in names if name}
    found = {key: pk for key in wanted if (pk := cache.get(model, key))}
    lookup = {key: name for key, name in wanted.items() if key not in found}
    created = 0
    if lookup:
        found |= fetch_by_names(model, lookup)
        missing = [name for key, name in lookup.items() if key not in found]
        if missing:
            new = [
                model(
                    name=name,
                    slug=slugify(name)[:200] or "item",
                    **(defaults(name) if defaults else {}),
                )
                for name in missing
            ]
            # Another import may create the same rows at the same moment:
            # conflicts are skipped here and the rows fetched again below.
            model.objects.bulk_create(new, batch_size=BATCH_SIZE, ignore_conflicts=True)
            found |= fetch_by_names(model, {name.lower(): name for name in missing})
            taken = {row.slug for row in new}
            for name in missing:
                if name.lower() not in found:  # the slug belongs to a different name
                    found[name.lower()] = create_with_free_slug(model, name, defaults, taken)
            created = len(missing)
        for key in lookup:
            cache.add(model, key, found[key])
    report.count(kind, "created", created)
    report.count(kind, "unchanged", len(wanted) - created)
    return found


def fetch_by_names(model, wanted):
    """Lower-cased name -> pk, comparing with the database's own LOWER() so
    the match agrees with the case-insensitive unique constraint."""
    # LOWER() on both sides, the expression of the unique index, which answers it.
    found = (
        model.objects.alias(name_lower=Lower("name"))
        .filter(name_lower__in=[Lower(Value(name)) for name in wanted.values()])
        .order_by()
        .values_list("pk", "name")
    )
    return {name.lower(): pk for pk, name in found}


def create_with_free_slug(model, name, defaults, taken):
    for _attempt in range(5):
        slug = unique_slug(model, name, taken)
        try:
            with transaction.atomic():
                return model.objects.create(
                    name=name, slug=slug, **(defaults(name) if defaults else {})
                ).pk
        except IntegrityError:
            taken.add(slug)
            existing = fetch_by_names(model, {name.lower(): name})
            if existing:
                return existing[name.lower()]
    raise IntegrityError(f"could not create {model._meta.verbose_name} {name!r}")


def films_keyed_like(title):
    """(pk, title, year) of the films whose `title_key` column is `title`'s
    (the film title key index answers it)."""
    return (
        Film.objects.filter(title_key=film_title_key(title))
        .order_by()
        .values_list("pk", "title", "year")
    )


def find_film(title, year):
    """The film a document about `title` (`year`, or None) describes, or None
    for a new film. Raises DocumentError when several films fit: a guess
    could merge two films, and a new film would duplicate one."""
    key = title_key(title)
    candidates = [
        (film_id, candidate_year)
        for film_id, candidate_title, candidate_year in films_keyed_like(title)
        if title_key(candidate_title) == key  # the column holds the start of long keys
    ]
    if year:
        # A film of that year; else one created from a page that gave no year.
        fits = [pk for pk, y in candidates if y == year] or [
            pk for pk, y in candidates if y is None
        ]
    else:
        fits = [pk for pk, _year in candidates]
    if len(fits) <= 1:
        return Film.objects.get(pk=fits[0]) if fits else None
    films = "; ".join(
        f"{film} at {film.get_absolute_url()}"
        for film in Film.objects.filter(pk__in=fits).order_by("year", "pk")
    )
    given = f"gives the year {year}" if year else "gives no year"
    raise DocumentError(
        f"ambiguous film: the document {given} and {len(fits)} films on the site "
        f"fit the title {title!r} ({films}); add the year to the document, or merge "
        "the duplicates, and import it again"
    )


def films_by_titles(titles):
    """Normalised title -> id of the one film with that title (ambiguous
    titles, such as remakes, link to nothing)."""
    if not titles:
        return {}
    lowered = sorted({title.lower() for title in titles})
    found = (
        Film.objects.alias(title_lower=Lower("title"))
        .filter(title_lower__in=lowered)
        .order_by()
        .values_list("pk", "title")
    )
    matches = defaultdict(set)
    for film_id, title in found:
        matches[title_key(title)].add(film_id)
    return {key: ids.pop() for key, ids in matches.items() if len(ids) == 1}
