"""Films, what hangs on them directly, and their similar films."""

import datetime

from django.utils.text import slugify

from films.models import (
    CompanyKind,
    Film,
    FilmCompany,
    FilmFact,
    OfferType,
    ReleaseDate,
    ReleaseKind,
    SimilarFilm,
    WatchOption,
    film_title_key,
)

from .draws import clamp
from .names import Names, article, place_name
from .rows import DEMO, PUBLISHED, ids_by_slug
from .words import (
    ADJECTIVES,
    ASPECT_RATIOS,
    CONSENSUS,
    FIRST_YEAR,
    GENRE_WEIGHTS,
    GENRES,
    LANGUAGES,
    LAST_YEAR,
    NOUNS,
    PLOTS,
    PRAISE,
    PROTAGONISTS,
    REASONS,
    SECOND,
    SEQUELS,
    SOUND_MIXES,
)


class Films:
    """One part of `DemoData` (see generator.py): uses its rng(), phase(),
    writer() and done()."""

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
                PUBLISHED, published,
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
