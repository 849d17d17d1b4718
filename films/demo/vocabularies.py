"""Genres, providers, companies, publications and critics."""

from django.db import transaction
from django.utils.text import slugify

from films.models import Company, Genre, Provider
from reviews.models import Critic, Publication

from .names import Names, existing_names, place_name, unique_strings
from .rows import DEMO, ids_by_slug
from .words import (
    COMPANY_KINDS,
    COMPANY_WORDS,
    GENRES,
    N_CRITICS,
    N_PUBLICATIONS,
    PROVIDERS,
    PUBLICATION_KINDS,
)


class Vocabularies:
    """One part of `DemoData` (see generator.py): uses its rng(), phase(),
    writer() and done()."""

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
