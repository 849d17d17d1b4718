"""The importer's inserts (`insert`), and `fetch_all`, which
ContentVersion.current still reads through. Both are on their way out (#14)."""

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.constants import OnConflict
from django.utils import timezone


def fetch_all(statements):
    """The rows of each of `statements` ([(sql, params), ...]), in order."""
    results = []
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            results.append(cursor.fetchall())
    return results


class Insert:
    """Plain INSERTs of new rows of `model`, for the importer's many small
    batches, given as dicts of attribute names (`film_id`, not `film`) to
    values. Fields left out take their defaults, and auto_now fields the time
    of the call; every value is prepared for the database as the ORM does. It
    is what bulk_create() writes, without building model instances and
    compiling a query on every call, which cost more than the insert itself.
    Sends no signals and returns no primary keys."""

    def __init__(self, model):
        self.model = model
        self.fields = [field for field in model._meta.concrete_fields if not field.primary_key]
        self.attnames = {field.attname for field in self.fields}
        self.stamped = {
            field.attname
            for field in self.fields
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        }
        self._sql = {}

    def sql(self, db, ignore_conflicts, count):
        """The INSERT of `count` rows: one statement, a round trip on PostgreSQL."""
        key = (db.vendor, ignore_conflicts)
        if key not in self._sql:
            on_conflict = OnConflict.IGNORE if ignore_conflicts else None
            columns = ", ".join(db.ops.quote_name(field.column) for field in self.fields)
            suffix = db.ops.on_conflict_suffix_sql(self.fields, on_conflict, [], [])
            self._sql[key] = (
                f"{db.ops.insert_statement(on_conflict=on_conflict)}"
                f" {db.ops.quote_name(self.model._meta.db_table)} ({columns}) VALUES ",
                f"({', '.join(['%s'] * len(self.fields))})",
                f" {suffix}" if suffix else "",
            )
        head, row, tail = self._sql[key]
        return head + ", ".join([row] * count) + tail

    def values(self, row, now, db):
        unknown = row.keys() - self.attnames
        if unknown:
            raise TypeError(f"{self.model.__name__} has no field {', '.join(sorted(unknown))}")
        return [
            field.get_db_prep_save(
                now
                if field.attname in self.stamped
                else row[field.attname]
                if field.attname in row
                else field.get_default(),
                db,
            )
            for field in self.fields
        ]

    def __call__(self, rows, *, ignore_conflicts=False):
        if not rows:
            return
        db = connections[DEFAULT_DB_ALIAS]
        now = timezone.now()
        prepared = [self.values(row, now, db) for row in rows]
        batch = max(1, db.ops.bulk_batch_size(self.fields, prepared))
        with db.cursor() as cursor:
            for start in range(0, len(prepared), batch):
                chunk = prepared[start : start + batch]
                cursor.execute(
                    self.sql(db, ignore_conflicts, len(chunk)),
                    [value for values in chunk for value in values],
                )


_inserts = {}


def insert(model, rows, *, ignore_conflicts=False):
    """Insert new `rows` (dicts) of `model` (see `Insert`)."""
    if model not in _inserts:
        _inserts[model] = Insert(model)
    _inserts[model](rows, ignore_conflicts=ignore_conflicts)
