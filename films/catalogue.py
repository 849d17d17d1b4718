"""The film list's filters, facet counts and orderings, answered from an index in
memory that is derived from FilmFilter (films.filters), the one definition of what
each filter and ordering means.

Counting every option of three facets under the other filters costs SQL a pass over
the matching films per request: at 100,000 films, 0.1 to 1.5 s on SQLite
(bench/README.md). The index keeps FilmFilter's answers instead, as bitmaps over the
catalogue (a Python int whose bit i is the film at position i):

- A *clause* is one filter with its value ("genre=drama", "year_min=1990"), or the
  filters FilmFilter applies together ("provider=max&offer=rent": filters.TOGETHER).
  Its bitmap is FilmFilter's own queryset for that clause alone, read once. FilmFilter
  narrows one queryset filter after filter, so a list filtered by several clauses is
  the AND of their bitmaps.
  A clause of several values of a plain MultipleChoiceFilter (genres) is the union of
  each value's, as django-filter defines that filter.
- A facet count is `(other clauses & the option's clause).bit_count()`: what
  FilmFilter.facet_counts defines, one option as the facet's only choice.
- An ordering is FilmFilter's ordered queryset of the whole catalogue, read once as
  positions and walked until a page is full.
- Visibility (drafts, scheduled publication) is one bitmap per audience.

Clauses and orderings are read when first asked for and kept for the life of the
index; free-text search (q) is the search engine's (films.search), live.

Staying current without stalling visitors: every edit and import bumps the content
version (films.models.ContentVersion). A request that finds its process's index older
than that, or past the next scheduled publication, is answered from it at once while
one background thread builds the next index (re-reading the clauses and orderings the
old one had been asked for), at most once every CATALOGUE_REFRESH_SECONDS; the new
index replaces the old when complete. So a change reaches the list within seconds,
and no visitor waits for a rebuild. Meanwhile the list may count a film that has
just changed by its old values; a film that has just been unpublished is never shown
(`Listing` checks each card's visibility). A new process builds its first index
as it starts (`warm_up`). Tests set CATALOGUE_REFRESH_SECONDS to None: rebuild at once,
inline.
"""

import logging
import threading
import time
from array import array
from collections import OrderedDict
from urllib.parse import urlencode

from django.conf import settings
from django.db import connections
from django.http import QueryDict
from django.utils import timezone
from django_filters import MultipleChoiceFilter

from filmsite.content.models import ContentVersion, sees_drafts

from .cards import film_cards
from .filters import (
    DEFAULT_MIN_REVIEWS,
    FACETS,
    NOT_FILTERS,
    ORDER_BY,
    RELEVANCE,
    FilmFilter,
    as_query,
    languages,
    together,
)
from .models import Film, Genre, Provider

logger = logging.getLogger(__name__)
KEPT = 512  # clauses an index keeps (the least recently used go first)
KEPT_ORDERINGS = 16  # orderings kept: the six lists, and score orderings per threshold


def bitmap(positions, size):
    """An int with the bits at `positions` set."""
    bits = bytearray((size + 7) // 8)
    for position in positions:
        bits[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(bits, "little")


def walk(order, bits, start, stop):
    """Items start..stop-1 among the positions of `order` whose bit is set in `bits`."""
    found = []
    if bits == 0 or stop <= start:
        return found
    text = bin(bits)[:1:-1]  # text[i] == "1" when bit i is set
    length = len(text)
    seen = 0
    for i in order:
        if i < length and text[i] == "1":
            if seen >= start:
                found.append(i)
                if len(found) == stop - start:
                    break
            seen += 1
    return found


def union_filter(filterset, query):
    """(name, values) when `query` is several values of one plain
    MultipleChoiceFilter (no method, not conjoined): django-filter keeps the
    films that match any of them, so the clause is the union of each value's."""
    names = list(query)
    if len(names) != 1 or len(query.getlist(names[0])) < 2:
        return None
    name = names[0]
    declared = filterset.filters[name]
    plain = isinstance(declared, MultipleChoiceFilter) and not declared.method
    return (name, query.getlist(name)) if plain and not declared.conjoined else None


def union(bitmaps):
    result = 0
    for bits in bitmaps:
        result |= bits
    return result


def clauses(data):
    """The clauses of a validated FilmFilter's cleaned data, grouped as
    FilmFilter applies its filters; those that filter nothing left out."""
    keys = {
        clause({member: data.get(member) for member in together(name)})
        for name in data
        if name not in NOT_FILTERS
    }
    return sorted(keys - {""})


def clause(values):
    """A clause's key: the query string that gives its values, its pairs
    sorted (one clause, one key), "" when it filters nothing."""
    query = as_query(values)
    return urlencode(sorted((name, value) for name in query for value in query.getlist(name)))


def editor(user):
    """Whether `user` sees drafts (None: a visitor)."""
    return user is not None and sees_drafts(user)


class Index:
    """Bitmaps and orderings of the whole catalogue, read with FilmFilter."""

    def __init__(self, version, warm=None):
        self.version = version
        now = timezone.now()
        pks = list(Film.objects.order_by("pk").values_list("pk", flat=True))
        self.pks = array("q", pks)
        self.size = len(pks)
        self.position = {pk: i for i, pk in enumerate(pks)}
        self.dense = bool(pks) and pks[-1] - pks[0] + 1 == len(pks)
        self.everything = (1 << self.size) - 1
        published = Film.objects.published(at=now)
        self.published = self.bits_of(published.values_list("pk", flat=True))
        # The next scheduled publication or expiry makes the visitors' bitmap
        # out of date.
        self.valid_until = Film.objects.next_change(at=now)
        # The form's choices: genres and providers by slug, with their names,
        # and the languages of the films each audience sees.
        self.genre_choices = list(Genre.objects.values_list("slug", "name"))
        self.provider_choices = list(Provider.objects.values_list("slug", "name"))
        self.languages_of = {False: languages(published), True: languages(Film.objects.all())}
        self._clauses = OrderedDict()
        self._orderings = OrderedDict()
        self._lock = threading.Lock()
        for key in (warm or {}).get("clauses", ()):
            self.clause_bits(key)
        for key in (warm or {}).get("orderings", ()):
            self.order(*key)

    def warm_keys(self):
        """What this index has been asked for: the next one reads it ahead."""
        with self._lock:
            return {"clauses": list(self._clauses), "orderings": list(self._orderings)}

    def bits_of(self, pks):
        if self.dense:  # pks first..first+size-1: positions by subtraction, no lookups
            first, size = self.pks[0], self.size
            return bitmap((i for i in (pk - first for pk in pks) if 0 <= i < size), size)
        position = self.position
        return bitmap((position[pk] for pk in pks if pk in position), self.size)

    def visible(self, user):
        return self.everything if editor(user) else self.published

    def languages(self, user):
        return self.languages_of[editor(user)]

    def includes(self, film_pk, user=None):
        i = self.position.get(film_pk)
        return i is not None and bool(self.visible(user) >> i & 1)

    def filterset(self, query):
        """A FilmFilter over the whole catalogue, bound to `query`."""
        filterset = FilmFilter(
            query,
            queryset=Film.objects.all(),
            languages=self.languages_of[True],
            genres=self.genre_choices,
            providers=self.provider_choices,
        )
        if not filterset.is_valid():  # a clause comes from a validated form
            raise ValueError(f"invalid clause {query.urlencode()}: {filterset.errors}")
        return filterset

    def clause_bits(self, key):
        """The films FilmFilter keeps for the clause `key` alone."""

        def read():
            query = QueryDict(key)
            filterset = self.filterset(query)
            if any_of := union_filter(filterset, query):
                name, values = any_of
                return union(self.clause_bits(clause({name: [value]})) for value in values)
            films = filterset.qs.order_by().values_list("pk", flat=True)
            return self.bits_of(films)

        return self._kept(self._clauses, key, read, KEPT)

    def order(self, ordering, threshold):
        """Positions of every film in FilmFilter's `ordering` (score orderings:
        films with fewer than `threshold` reviews after the others)."""

        def read():
            query = as_query({"ordering": ordering, "min_reviews": threshold})
            films = self.filterset(query).qs.values_list("pk", flat=True)
            return array("l", (self.position[pk] for pk in films if pk in self.position))

        return self._kept(self._orderings, (ordering, threshold), read, KEPT_ORDERINGS)

    def _kept(self, kept, key, read, most):
        """kept[key], read with `read()` when missing; at most `most` kept,
        the least recently used dropped first."""
        with self._lock:
            found = kept.get(key)
            if found is not None:
                kept.move_to_end(key)
                return found
        found = read()  # outside the lock: other requests go on meanwhile
        with self._lock:
            kept[key] = found
            while len(kept) > most:
                kept.popitem(last=False)
        return found

    # --- Answering a filtered list ------------------------------------------------

    def matching(self, keys, visible):
        bits = visible
        for key in keys:
            bits &= self.clause_bits(key)
        return bits

    def facet_counts(self, filterset, keys, visible):
        """As FilmFilter.facet_counts: per option, the films it gives as the
        facet's only choice under the other filters."""
        counts = {}
        for name in FACETS:
            group = together(name)
            others = self.matching([k for k in keys if not set(QueryDict(k)) & group], visible)
            found = {}
            if others:
                for value, _ in filterset.form.fields[name].choices:
                    option = clause(filterset.facet_option(name, value))
                    count = (others & self.clause_bits(option)).bit_count()
                    if count:
                        found[str(value)] = count
            counts[name] = found
        return counts

    def first(self, ordering, count, user=None, threshold=DEFAULT_MIN_REVIEWS):
        """The first `count` film pks visible to `user`, in `ordering` (the
        default threshold is the list's: the same ordering, read once)."""
        order = self.order(ordering, threshold)
        return [self.pks[i] for i in walk(order, self.visible(user), 0, count)]


class Listing:
    """The films of a filtered list, for Django's Paginator: counted from the
    index; only the films of the page shown are read from the database."""

    def __init__(self, index, bits, order, user):
        self.index = index
        self.bits = bits
        self.order = order  # positions, in the list's order
        self.user = user

    def count(self):
        return self.bits.bit_count()

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step is not None:
            raise TypeError("A Listing is read a page (a slice) at a time.")
        start = key.start or 0
        stop = self.count() if key.stop is None else key.stop
        pks = [self.index.pks[i] for i in walk(self.order, self.bits, start, stop)]
        # A film unpublished since the index was built is not shown.
        return [card for card in film_cards(pks) if card.is_published or editor(self.user)]


def film_list(filterset, index, user=None):
    """(Listing, facet counts) for a validated FilmFilter."""
    data = filterset.form.cleaned_data if filterset.is_bound else {}
    keys = clauses(data)
    visible = index.visible(user)
    bits = index.matching(keys, visible)
    ordering, threshold = filterset.ordering_rule()
    if data.get("q", "").strip():
        filterset.search(filterset.queryset, "q", data["q"])  # sets filterset.ranking
        found = index.bits_of(filterset.ranking)
        bits &= found
        visible &= found  # facet counts follow the search too
    if ordering == RELEVANCE:
        position = index.position
        order = [position[pk] for pk in filterset.ranking if pk in position]
    else:
        order = index.order(ordering, threshold)
    return Listing(index, bits, order, user), index.facet_counts(filterset, keys, visible)


# --- One index per process, rebuilt off the request path ---------------------------


class _State:
    index = None
    refreshing = False
    last_refresh = 0.0


_state = _State()
_build_lock = threading.Lock()


def index_for(user=None):
    """The process's index, as current as it can be without making this
    request wait (see the module's docstring)."""
    version = ContentVersion.current()
    index = _state.index
    if index is None:
        with _build_lock:
            if _state.index is None:
                _state.index = Index(version)
            return _state.index
    expired = index.valid_until is not None and index.valid_until <= timezone.now()
    if index.version != version or expired:
        interval = settings.CATALOGUE_REFRESH_SECONDS
        if interval is None:
            with _build_lock:
                _state.index = Index(version, warm=index.warm_keys())
            return _state.index
        _refresh_soon(interval)
    return index


def _refresh_soon(interval):
    with _build_lock:
        if _state.refreshing or time.monotonic() - _state.last_refresh < interval:
            return
        _state.refreshing = True
        _state.last_refresh = time.monotonic()
    threading.Thread(target=_refresh, name="catalogue-refresh", daemon=True).start()


def _refresh():
    try:
        old = _state.index
        new = Index(ContentVersion.current(), warm=old.warm_keys() if old else None)
        _state.index = new
    finally:
        _state.refreshing = False
        connections.close_all()  # this thread's own connections


def prepared(index):
    """`index`, having read what every list request needs: each ordering and
    each facet option's clause."""
    for ordering in ORDER_BY:
        film_list(index.filterset(as_query({"ordering": ordering})), index)
    return index


def warm_up():
    """Build the process's first index in the background as the process
    starts (filmsite/wsgi.py), so that its first visitors need not wait for
    it: a request meanwhile waits for this build rather than starting its own."""

    def build():
        try:
            with _build_lock:
                if _state.index is None:
                    _state.index = prepared(Index(ContentVersion.current()))
        except Exception:  # the database may not answer yet: the first request tries again
            logger.warning("Could not build the film list's index at start", exc_info=True)
        finally:
            connections.close_all()  # this thread's own connections

    threading.Thread(target=build, name="catalogue-refresh", daemon=True).start()


def refresh_now():
    """Wait for a refresh under way (tests, benchmarks)."""
    for thread in threading.enumerate():
        if thread.name == "catalogue-refresh":
            thread.join()


def forget():
    """Drop the index (tests: the database is rolled back between them)."""
    refresh_now()
    _state.index = None
    _state.refreshing = False
    _state.last_refresh = 0.0
