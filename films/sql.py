"""Plain SQL where the ORM costs more than the work: reads for the busiest pages
(films/film_page.py, films/cards.py, films/scores.py).

Through the ORM, each query of a page costs about 1 ms of Python (building and
compiling it) against a fraction of that in the database. Here a statement is
written once, runs as is on SQLite and PostgreSQL, and its rows become model
instances with `Model.from_db()` after the same value conversions the ORM
applies, so templates and helpers see ordinary models. Statements name their
columns through `Columns`, from the models' own field definitions, so a renamed
column cannot silently drift.

On PostgreSQL, `fetch_all` also spares the server its share: it sends a page's
statements in one round trip, and runs each as a prepared statement, planned
once per connection. Planning the film page's twelve statements costs the
server about 4 ms per request, three times what running them does.
"""

import hashlib
import weakref
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init
from django.utils import timezone


class Columns:
    """Some of a model's fields, read from a table alias."""

    def __init__(self, model, alias, names, *, nullable=False):
        self.model = model
        self.alias = alias
        # In the model's field order: Model.from_db() expects its values so.
        wanted = {model._meta.get_field(name) for name in names}
        self.fields = [field for field in model._meta.concrete_fields if field in wanted]
        self.attnames = [field.attname for field in self.fields]
        # A LEFT JOINed row may be missing: its instance is then None.
        self.nullable = nullable
        self._converters = {}

    @property
    def sql(self):
        return ", ".join(f'{self.alias}."{field.column}"' for field in self.fields)

    def converters(self, db):
        """[(index, [converter, ...], column)] for the backend of `db` (a connection),
        as the ORM's compiler gathers them (e.g. SQLite's text datetimes to aware ones)."""
        vendor = db.vendor
        if vendor not in self._converters:
            found = []
            for index, model_field in enumerate(self.fields):
                column = model_field.cached_col
                functions = db.ops.get_db_converters(column) + model_field.get_db_converters(db)
                if functions:
                    found.append((index, functions, column))
            self._converters[vendor] = found
        return self._converters[vendor]

    def instance(self, values, db, plain):
        """A model instance from a row's `values`, read on `db` (a connection: the
        `connection` proxy costs a thread-local lookup on every use). `plain`:
        what `self.plain()` says, asked once per statement by `Query.read`."""
        if self.nullable and values[0] is None:
            return None
        values = list(values)
        for index, functions, column in self.converters(db):
            value = values[index]
            for function in functions:
                value = function(value, column, db)
            values[index] = value
        model = self.model
        if not plain:
            return model.from_db(db.alias, self.attnames, values)
        # What from_db() leaves behind, at a fifth of its cost (a film page makes
        # some sixty instances): Model.__init__ only stores each value under its
        # attname (the descriptors of foreign keys and files do no more for a new
        # instance), and fields not read stay deferred, loaded on first access.
        new = model.__new__(model)
        new.__dict__.update(zip(self.attnames, values, strict=True))
        state = new._state = ModelState()
        state.adding = False
        state.db = db.alias
        return new

    def plain(self):
        """Whether instances may skip Model.__init__: not when something listens
        to their pre_init or post_init signal (an ImageField with dimension
        fields does)."""
        return not (pre_init.has_listeners(self.model) or post_init.has_listeners(self.model))


@dataclass
class Query:
    """A fixed statement whose rows are read as one instance per `Columns`; the
    first `Columns` is the row's own model, the others are attached to it under
    `relations` (its foreign keys' names, as select_related would)."""

    sql: str
    columns: list
    relations: list = field(default_factory=list)

    def __post_init__(self):
        opts = self.columns[0].model._meta
        self._relation_fields = [opts.get_field(name) for name in self.relations]

    def instances(self, params):
        (rows,) = fetch_all([(self.sql, params)])
        return self.read(rows, connections[DEFAULT_DB_ALIAS])

    def read(self, rows, db):
        """The instances of `rows`, fetched with this statement on `db`."""
        parts = []
        start = 0
        for columns in self.columns:
            end = start + len(columns.fields)
            parts.append((columns, start, end, columns.plain()))
            start = end
        (own_columns, _, own_end, own_plain), *related = parts
        relations = list(zip(self._relation_fields, related, strict=True))
        result = []
        for row in rows:
            own = own_columns.instance(row[:own_end], db, plain=own_plain)
            for relation, (columns, start, end, plain) in relations:
                # As select_related does: into the field's cache, without the
                # checks of assigning through the descriptor.
                relation.set_cached_value(own, columns.instance(row[start:end], db, plain=plain))
            result.append(own)
        return result


def sends_batches(db):
    """Whether `db` runs several statements sent in one execute(): PostgreSQL
    does with psycopg's client-side binding, Django's default. SQLite runs in
    the process and takes one statement at a time."""
    return db.vendor == "postgresql" and not db.settings_dict["OPTIONS"].get("server_side_binding")


def prepares(db):
    """Whether `fetch_all` may keep prepared statements on `db`'s connections.
    Not behind a transaction-pooling PgBouncer, where the next transaction may
    run on another server connection: the setting Django asks for there,
    DISABLE_SERVER_SIDE_CURSORS, turns them off here too."""
    return sends_batches(db) and not db.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS")


# Per database connection (psycopg's, which a reconnect replaces): the names of
# the statements prepared on it. Prepared statements outlive transactions,
# rolled back or not, and go with the connection.
_prepared = weakref.WeakKeyDictionary()
# A statement whose text varies with its data (in_list keeps lists of ids fixed)
# would fill a connection with prepared statements: past this many, the rest
# run unprepared.
MAX_PREPARED = 64


def _statement_name(sql):
    return f"filmsite_{hashlib.md5(sql.encode(), usedforsecurity=False).hexdigest()[:16]}"


def _positional(sql):
    """`sql` with its %s placeholders numbered as PREPARE wants them ($1, $2...)."""
    parts = sql.split("%s")
    return parts[0] + "".join(f"${n}{part}" for n, part in enumerate(parts[1:], start=1))


def _executions(db, cursor, statements):
    """[(sql, params)] that run `statements` as prepared statements, preparing
    those this connection does not have yet (one round trip, once)."""
    prepared = _prepared.setdefault(db.connection, set())
    named = [(_statement_name(sql), sql, params) for sql, params in statements]
    wanted = {}
    for name, sql, _ in named:
        if name not in prepared and len(prepared) + len(wanted) < MAX_PREPARED:
            wanted[name] = sql
    if wanted:
        cursor.execute(
            ";\n".join(f"PREPARE {name} AS {_positional(sql)}" for name, sql in wanted.items())
        )
        prepared.update(wanted)
    executions = []
    for name, sql, params in named:
        if name in prepared:
            marks = ", ".join(["%s"] * len(params))
            executions.append((f"EXECUTE {name}({marks})" if params else f"EXECUTE {name}", params))
        else:
            executions.append((sql, params))
    return executions


def now(db):
    """The current time as a statement parameter on `db`: for published_sql()."""
    return db.ops.adapt_datetimefield_value(timezone.now())


def in_list(column, values, db):
    """(condition, params): `column` is one of `values`. On PostgreSQL one array
    parameter, so that the statement's text, and its prepared statement, is the
    same whatever the number of values."""
    if sends_batches(db):
        return f"{column} = ANY(%s)", [list(values)]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


def fetch_all(statements):
    """The rows of each of `statements` ([(sql, params), ...]), in order. On
    PostgreSQL in one round trip, as prepared statements (`prepares`); elsewhere
    one by one.

    These are reads, so they can stand in for the health check that Django
    runs, with a round trip of its own, before a kept connection's first query
    in a request (CONN_HEALTH_CHECKS): when that check is due, the statements
    run at once, and a connection found dead is replaced and asked again, as
    the check would have done. Within a transaction an error is only raised."""
    db = connections[DEFAULT_DB_ALIAS]
    if db.connection is None or not db.health_check_enabled or db.health_check_done:
        return _fetch_all(db, statements)
    db.health_check_done = True
    try:
        return _fetch_all(db, statements)
    except (InterfaceError, OperationalError):
        if db.in_atomic_block or db.is_usable():
            raise  # the statements failed, not the connection
    db.close()
    return _fetch_all(db, statements)


def _fetch_all(db, statements):
    with db.cursor() as cursor:
        if not sends_batches(db):
            results = []
            for sql, params in statements:
                cursor.execute(sql, params)
                results.append(cursor.fetchall())
            return results
        if prepares(db):
            statements = _executions(db, cursor, statements)
        cursor.execute(
            ";\n".join(sql for sql, _ in statements),
            [value for _, params in statements for value in params],
        )
        results = [cursor.fetchall()]
        while cursor.nextset():
            results.append(cursor.fetchall())
    if len(results) != len(statements):
        raise RuntimeError(f"{len(statements)} statements gave {len(results)} results")
    return results
