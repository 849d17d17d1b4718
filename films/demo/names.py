"""Invented names: unique, and distinct from the site's own once folded as
slugify() folds them."""

import unicodedata

from .rows import DemoDataError
from .words import INITIALS, NAME_ENDS, NAME_STARTS, PLACE_ENDS, SURNAME_ENDS, SURNAME_STARTS


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
                    raise DemoDataError(f"Cannot invent {count} distinct names.")
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
            raise DemoDataError(f"Cannot invent {count} distinct names.")
        name = make()
        key = fold(name)
        if key not in seen:
            seen.add(key)
            result.append(name)
    return result


def existing_names(model):
    return model.objects.values_list("name", flat=True).iterator()


def article(word):
    return "An" if word[0] in "AEIOU" else "A"
