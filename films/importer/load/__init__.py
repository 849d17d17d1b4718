"""Load stage: typed records -> database rows. The only importer stage that
touches the ORM; the command runs it inside one transaction per document.

`document` loads one document, in this order: `matching` finds the film and
the people, critics, genres, ... a document names; the film's fields are
set; `film_rows` and `reviews` write the rows that belong to the film,
through `rows.RowSync`; `provenance` fingerprints what an import wrote and
ranks the documents that wrote it.

Rules, each in one place in this package:

- A document describes one film, matched on its normalised title and year
  (`find_film`), so pages from several sites end as one film. A document
  without a year matches the one film of that title; with a year, the film
  of that year or else the one film of that title without a year. When
  several films fit, the document is rejected rather than guessed.
- Each document has a capture time (`SourceDocument.captured_at`). When two
  documents give a film field or an imported row different values, the one
  that outranks the other keeps it (`CaptureOrder`): the site with the higher
  PRIORITY, then the newer capture. An older capture still adds rows only it
  has, and never reverts a value; so any set of documents, imported in any
  order and any number of times, gives the same database.
- Each film field remembers the value imported, the site and the document
  (`Film.source_values`). A field whose current value differs from what was
  imported was edited by hand: imports leave it alone and report a conflict.
- Every other imported row carries a fingerprint of the values it was given
  (`ImportedRow`) and the document that wrote them. A row that no longer
  matches its fingerprint was edited by hand (or made by hand) and is
  likewise left alone.
- Rows are found by natural keys (film + person + role, film + site +
  author, ...) that database constraints make unique, and written in bulk, so
  two imports running at once cannot duplicate anything and a second import of
  the same document changes nothing.
"""

from .document import load_document
from .matching import NameCache, find_film, known_names

__all__ = ["NameCache", "find_film", "known_names", "load_document"]
