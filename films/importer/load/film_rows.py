"""What a document says about a film besides its fields: credits,
companies, release dates, watch options, similar films and facts."""

from django.db.models import Value
from django.db.models.functions import Lower
from django.utils import timezone

from films.models import (
    Company,
    Credit,
    Film,
    FilmCompany,
    FilmFact,
    Person,
    Provider,
    ReleaseDate,
    SimilarFilm,
    WatchOption,
)

from ..text import title_key
from .matching import films_by_titles, resolve_names
from .rows import sync_keyed


def publication_state(publish):
    """Fields for new films and people: drafts, or published now with --publish."""
    if publish:
        now = timezone.now()
        return {"status": Film.Status.PUBLISHED, "published_at": now, "first_published_at": now}
    return {}


def load_credits(film, record, document, report, publish, cache):
    state = publication_state(publish)
    people = resolve_names(
        Person, [c.name for c in record.credits], report, "people", cache, lambda name: state
    )
    items = {}
    for credit in record.credits:
        key = (people[credit.name.lower()], credit.role)
        if key not in items:
            values = {"character": credit.character if credit.role == "cast" else ""}
            values["billing_order"] = credit.order
            items[key] = values
    names = {people[credit.name.lower()]: credit.name for credit in record.credits}
    sync_keyed(
        Credit, "credits", film, document, report, items, ["person_id", "role"],
        describe=lambda key: f"{names[key[0]]} ({key[1]})",
    )  # fmt: skip


def load_companies(film, record, document, report, publish, cache):
    companies = resolve_names(
        Company, [c.name for c in record.companies], report, "companies", cache
    )
    items = {}
    for company in record.companies:
        key = (companies[company.name.lower()], company.kind)
        items.setdefault(key, {"region": company.region, "position": company.order})
    sync_keyed(FilmCompany, "company roles", film, document, report, items, ["company_id", "kind"])


def load_release_dates(film, record, document, report, publish, cache):
    items = {(r.kind, r.date, r.region): {"note": r.note} for r in record.release_dates}
    sync_keyed(
        ReleaseDate, "release dates", film, document, report, items, ["kind", "date", "region"]
    )


def load_watch_options(film, record, document, report, publish, cache):
    names = [w.provider for w in record.watch_options if w.provider]
    providers = resolve_names(Provider, names, report, "providers", cache)
    # An offer is confirmed on the day the page showing it was captured.
    confirmed = timezone.localdate(document.captured_at)
    items = {}
    for option in record.watch_options:
        provider_id = providers[option.provider.lower()] if option.provider else None
        items[(provider_id, option.offer_type)] = {"last_confirmed": confirmed}
    sync_keyed(
        WatchOption, "watch options", film, document, report, items, ["provider_id", "offer_type"]
    )


def load_similar(film, record, document, report, publish, cache):
    linked = films_by_titles([entry.title for entry in record.similar])
    items, links = {}, {}
    for entry in record.similar:
        items[(entry.title,)] = {
            "position": entry.order,
            "tomatometer": entry.tomatometer,
            "audience_score": entry.audience_score,
        }
        target = linked.get(title_key(entry.title))
        if target and target != film.pk:
            # The link is derived from what the site has, not a source fact:
            # bookkeeping, never unset (an editor may have linked it by hand).
            links[(entry.title,)] = {"similar_film_id": target}
    sync_keyed(
        SimilarFilm, "similar films", film, document, report, items, ["title"], bookkeeping=links
    )
    if report.new_film:
        # Pages imported earlier may recommend this film: link them to it now.
        key = title_key(film.title)
        waiting = (
            SimilarFilm.objects.alias(title_lower=Lower("title"))
            .filter(title_lower=Lower(Value(film.title)), similar_film__isnull=True)
            .order_by()  # Meta.ordering would join films to sort
            .values_list("pk", "title")
        )
        ids = [pk for pk, title in waiting if title_key(title) == key]
        if ids:
            SimilarFilm.objects.filter(pk__in=ids).exclude(film=film).update(similar_film=film)


def load_facts(film, record, document, report, publish, cache):
    items = {
        (label,): {"value": value, "position": position}
        for position, (label, value) in enumerate(record.extra_facts)
    }
    sync_keyed(FilmFact, "facts", film, document, report, items, ["label"])
