"""Plain multi-row INSERTs for the demo history.

bulk_create spends most of its time building a model instance and preparing each value
field by field: ~250,000 history rows took over half a minute of CPU that way. Here rows
are dicts, each value goes through the backend's own adapter only where one is needed
(aware datetimes, JSON), and rows go in batches: executemany on SQLite, COPY on
PostgreSQL. Only for demo data built by this package; everything else uses the models.
"""

from django.db import connection, models

BATCH = 2000


def _adapter(field):
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.JSONField):
        return lambda value: ops.adapt_json_value(value, field.encoder)
    return None


def insert(
    model, rows: list[dict], *, upsert: tuple[tuple[str, ...], tuple[str, ...]] | None = None
) -> int:
    """Inserts `rows` (dicts keyed by field attname); missing keys take the field default.
    `upsert` = (conflict columns, columns to update) turns it into INSERT … ON CONFLICT."""
    if not rows:
        return 0
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    names = [f.attname for f in fields]
    defaults = [f.get_default() for f in fields]
    adapters = [_adapter(f) for f in fields]
    qn = connection.ops.quote_name
    sql = (
        f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    if upsert:
        conflict, update = upsert
        sets = ", ".join(f"{qn(c)} = excluded.{qn(c)}" for c in update)
        sql += f" ON CONFLICT ({', '.join(qn(c) for c in conflict)}) DO UPDATE SET {sets}"
    plan = list(zip(names, defaults, adapters, strict=True))

    def values(row: dict) -> list:
        out = []
        for name, default, adapt in plan:
            value = row.get(name, default)
            out.append(adapt(value) if adapt and value is not None else value)
        return out

    if connection.vendor == "sqlite":  # one prepared statement, stepped in C
        with connection.cursor() as cursor:
            for start in range(0, len(rows), BATCH):
                cursor.executemany(sql, [values(row) for row in rows[start : start + BATCH]])
    elif connection.vendor == "postgresql" and not upsert:  # COPY: one stream, no statements
        table = f"{qn(model._meta.db_table)} ({', '.join(qn(f.column) for f in fields)})"
        connection.ensure_connection()
        with connection.connection.cursor() as cursor, cursor.copy(f"COPY {table} FROM STDIN") as copy:  # fmt: skip
            for row in rows:
                copy.write_row(values(row))
    else:  # many rows per statement (PostgreSQL takes up to 65,535 parameters)
        per = max(1, min(BATCH, 30000 // len(fields)))
        one = f"({', '.join(['%s'] * len(fields))})"
        head, _, tail = sql.partition(f"VALUES {one}")
        with connection.cursor() as cursor:
            for start in range(0, len(rows), per):
                chunk = rows[start : start + per]
                params = [v for row in chunk for v in values(row)]
                cursor.execute(f"{head}VALUES {', '.join([one] * len(chunk))}{tail}", params)
    return len(rows)
