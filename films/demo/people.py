"""People, each with one main craft."""

import datetime

from django.utils.text import slugify

from films.models import Person

from .names import Names, existing_names, place_name
from .rows import DEMO, PUBLISHED, ids_by_slug


class People:
    """One part of `DemoData` (see generator.py): uses its rng(), phase(),
    writer() and done()."""

    def make_people(self, n_people):
        rng = self.rng("people")
        self.phase(f"{n_people:,} people")
        names = Names(rng, existing_names(Person)).unique(n_people)
        crafts = ["director", "writer", "producer", "actor"]
        writer = self.writer(
            Person,
            ["name", "slug", "status", "published_at", "birth_date", "biography"],
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
            writer.add(name, slug, PUBLISHED, published, born, bio)
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
