"""Directors, writers, producers and cast of every film."""

from films.models import Credit, CreditRole

from .names import Names


class Credits:
    """One part of `DemoData` (see generator.py): uses its rng(), phase(),
    writer() and done()."""

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
