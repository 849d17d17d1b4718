"""Split accuracy: how many critic and publication names one import gets right.

    .venv/bin/python bench/split_accuracy.py [--pages 200] [--seed 1]

Generates pages (tests/generated_pages.py) whose critics and publications
each appear on several pages: critics of 2-3 words, multi-word publications
("Daily Telegraph (UK)"), critic-only and publication-only reviews, quotes
that open clearly or with a name. Imports them in one run into a fresh
SQLite database and compares the stored critic and publication of every
review with the truth, then does the same with the old behaviour (each
document split only with the names in the database when the run started;
a second run then knows every name the first stored, guesses included).
A name counts where the truth or the stored review has one.
"""

import argparse
import tempfile
import time
from pathlib import Path

from import_bench import migrated


def score(generated):
    """(names right, names, reviews right, reviews, reviews still unsure)."""
    from reviews.models import CriticReview

    stored = {}
    for review in CriticReview.objects.select_related("film", "critic", "publication"):
        stored.setdefault(review.film.title, []).append(review)
    names_right = names = reviews_right = unsure = 0
    for page in generated:
        for truth in page.reviews:
            opening = " ".join(p for p in (truth.critic, truth.publication, truth.quote) if p)
            (review,) = [r for r in stored[page.title] if r.raw_source.startswith(opening)]
            got = (
                review.critic.name if review.critic else None,
                review.publication.name if review.publication else None,
            )
            for want, have in zip((truth.critic, truth.publication), got, strict=True):
                if want or have:
                    names += 1
                    names_right += want == have
            reviews_right += (
                got == (truth.critic, truth.publication) and review.quote == truth.quote
            )
            unsure += review.needs_review
    total = sum(len(page.reviews) for page in generated)
    return names_right, names, reviews_right, total, unsure


def show(label, figures, seconds):
    names_right, names, reviews_right, total, unsure = figures
    print(
        f"{label:<34} names {names_right}/{names} right ({100 * names_right / names:.1f}%), "
        f"{names - names_right} wrong; reviews {reviews_right}/{total} right; "
        f"{unsure} still unsure; {seconds:.1f} s"
    )


def old_behaviour(documents, format, pool):
    """Every name in the database, read once when the run starts."""
    from films.importer import KnownNames
    from reviews.models import Critic, Publication

    return KnownNames(
        frozenset(Critic.objects.values_list("name", flat=True)),
        frozenset(Publication.objects.values_list("name", flat=True)),
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        migrated(f"sqlite:///{tmp / 'split-accuracy.sqlite3'}")
        from django.core.management import call_command

        from films.importer import pipeline
        from tests.generated_pages import pages, write_pages

        generated = pages(args.pages, seed=args.seed)
        directory = tmp / "pages"
        directory.mkdir()
        write_pages(directory, generated)
        authors = {name for page in generated for r in page.reviews for name in (r.critic, r.publication) if name}  # fmt: skip
        print(
            f"{args.pages} pages, {sum(len(p.reviews) for p in generated)} critic reviews, "
            f"{len(authors)} critics and publications, each on several pages"
        )

        def run(label):
            started = time.perf_counter()
            summary = pipeline.import_paths([directory])
            assert not summary.failed, summary.failed[0].message
            show(label, score(generated), time.perf_counter() - started)

        run("one run")
        run("a second run")
        call_command("flush", "--no-input", verbosity=0)
        pipeline._resolve_names = old_behaviour
        run("old behaviour, one run")
        run("old behaviour, a second run")


if __name__ == "__main__":
    main()
