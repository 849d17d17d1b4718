"""A large, invented demo catalogue: films, people, credits, reviews and
scores, for trying the site and benchmarking it (`manage.py
generate_demo_data`).

Everything is FICTIONAL: names, titles, publications, companies and
providers are put together from syllables and word lists, never taken from
real people or works. The same seed and sizes give the same data.

What lives where: `generator` (`DemoData`: the state and order of the
phases) with one module per phase, `vocabularies` (genres, providers,
companies, publications, critics), `people`, `films` (films, what hangs on
them, similar films), `credits` and `reviews` (reviews, reported and
headline scores); `words` and `names` invent the texts, `draws` spreads and
writes ratings; `rows` writes and deletes.

Design
------
* Demo rows are marked by a slug starting with ``demo--`` (films, people,
  critics, publications, companies, providers). ``slugify()`` folds runs of
  hyphens into one, so no slug made from a real title or name can start
  with ``demo--``: clearing never deletes imported or hand-made rows.
  Everything else (credits, reviews, release dates, ...) belongs to a demo
  film or person and goes with it. Genres are the site's shared vocabulary:
  existing ones are reused, missing ones created, and clearing keeps them.
* Rows are written with ``bulk_create()`` (``rows.Rows``), in batches,
  each batch in ``transaction.atomic()``; fields the generator does not set
  get their defaults, so a field added later with a default needs no change
  here.
* Clearing deletes with ``QuerySet.delete()``, which follows the models'
  on_delete rules, inside ``filmsite.content.signals.bulk_delete()`` so the site's
  signal handlers do not rescore a film per deleted review or bump the
  content version per row; the version is bumped once at the end.
* Everything with a publishing state (films, people, reviews) is published,
  with a publication time in the past, and counts as added when published.
* Sizes are exact: the reviews are critic (30%) plus audience (70%)
  reviews. They are spread over films by a skewed "popularity" weight
  (log-normal), so a few films have hundreds of reviews and many have few,
  capped per film where a unique constraint allows no more.
* Headline scores are computed by ``reviews.scores.refresh_scores`` itself (in
  chunks), so they agree with the rest of the site by construction; then
  the content version is bumped so cached pages are dropped.
* The touched tables are ANALYZEd before the scores are computed and again
  at the end (see ``DemoData.analyze``).
"""

from .generator import DemoData
from .rows import DEMO, MARKED, DemoDataError, clear

__all__ = ["DEMO", "MARKED", "DemoData", "DemoDataError", "clear"]
