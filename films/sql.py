"""`fetch_all`, which ContentVersion.current still reads through: the rest of
this module's own SQL layer is gone (#14), and so will this."""

from django.db import DEFAULT_DB_ALIAS, connections


def fetch_all(statements):
    """The rows of each of `statements` ([(sql, params), ...]), in order."""
    results = []
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            results.append(cursor.fetchall())
    return results
