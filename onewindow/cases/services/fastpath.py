"""PostgreSQL: the hot writes of a case in one statement each. Round trips are the budget
(DESIGN, "Where the time goes"), and so, once they are few, is the ORM composing each one.

- submit(): outside any transaction of the caller's, the number of the day, the case and
  its audit row in one round trip instead of five (BEGIN, number, case, audit, COMMIT);
  a single statement is a transaction of its own: all of it happens or none.
- write(): inside the caller's transaction (acceptance, under the case's lock), the case's
  new state and every row that goes with it (audit row, reviews, notice) in one round
  trip instead of four.

The rows are exactly the portable paths' (intake._submit, acceptance.accept_locked), which
SQLite uses: every column comes from the same unsaved model instances through Django's
own field preparation (pre_save, get_db_prep_save); only the number, and the audit row's
reference to a case being created, are SQL over rows the statement has just written. No
model signals are sent for these rows (none are connected to them); the suite checks that
both paths write the same rows.
"""

import functools

from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connection, connections

from onewindow.audit.models import AuditEvent
from onewindow.audit.services import audit_event

from ..models import Applicant, Case, CaseCounter

COUNTER = CaseCounter._meta.db_table

# Python's f"{sequence:05d}": five digits, more when the day runs past 99,999.
NUMBER_SQL = "%s || CASE WHEN n.last < 100000 THEN lpad(n.last::text, 5, '0') ELSE n.last::text END"


def available() -> bool:
    """For submit(): on PostgreSQL, when the caller has no transaction open (inside one, the
    portable path keeps the savepoint its callers rely on to answer a duplicate key)."""
    return connection.vendor == "postgresql" and not connection.in_atomic_block


def writes() -> bool:
    """For write(): on PostgreSQL."""
    return connection.vendor == "postgresql"


@functools.cache
def _columns(model) -> tuple[tuple, ...]:
    """(field, column, quoted column) of each column an INSERT of `model` writes."""
    qn = connection.ops.quote_name
    return tuple(
        (field, field.column, qn(field.column))
        for field in model._meta.local_concrete_fields
        if not field.primary_key
    )


def _insert(instance, sql: dict[str, tuple[str, list]], params: list) -> tuple[str, str]:
    """The column list and the values of `instance` as Django would insert them (pre_save,
    then get_db_prep_save), except the columns `sql` gives as (SQL, its parameters);
    appends the parameters to `params` in order."""
    db = connections[DEFAULT_DB_ALIAS]  # the connection itself: each use of the proxy costs
    columns, values = [], []
    for field, column, quoted in _columns(type(instance)):
        columns.append(quoted)
        if column in sql:
            expression, expression_params = sql[column]
            values.append(expression)
            params.extend(expression_params)
        else:
            values.append("%s")
            params.append(field.get_db_prep_save(field.pre_save(instance, True), db))
    return ", ".join(columns), ", ".join(values)


APPLICANT_FIELDS = list(Applicant._meta.concrete_fields)
APPLICANT_COLUMNS = ", ".join(f"ap.{connection.ops.quote_name(f.column)}" for f in APPLICANT_FIELDS)


def submit(case: Case, *, prefix: str, day, actor, summary: str, applicant=None) -> Case | None:
    """Inserts `case` (unsaved, its number not yet known) numbered `prefix-YYYYMMDD-nnnnn`
    with its "case.submitted" audit row; returns it saved, with its id and number.

    `applicant`, an ApplicantRef, is read in the same statement: when there is no such
    applicant (or not the one its user may name) nothing is written, not even a number,
    and None is returned."""
    event = audit_event(actor=actor, action="case.submitted", summary=summary)
    event.content_type = ContentType.objects.get_for_model(Case)  # cached by Django
    params: list = []
    source, take_applicant = "", ""
    if applicant is not None:
        owner = " AND user_id = %s" if applicant.user_id is not None else ""
        source = f"ap AS (SELECT * FROM {Applicant._meta.db_table} WHERE id = %s{owner}), "
        params += [applicant.pk] + ([applicant.user_id] if owner else [])
        take_applicant = ", " + APPLICANT_COLUMNS
    params += [prefix, day]
    case_columns, case_values = _insert(
        case, {"number": (NUMBER_SQL, [f"{prefix}-{day:%Y%m%d}-"])}, params
    )
    event_columns, event_values = _insert(
        event,
        {"object_id": ("c.id::text", []), "object_repr": ("left(c.number, 200)", [])},
        params,
    )
    counter_row = "SELECT %s, %s, 1 FROM ap" if applicant is not None else "VALUES (%s, %s, 1)"
    statement = (
        f"WITH {source}n AS (INSERT INTO {COUNTER} (prefix, day, last) {counter_row}"
        f" ON CONFLICT (prefix, day) DO UPDATE SET last = {COUNTER}.last + 1 RETURNING last),"
        f" c AS (INSERT INTO {Case._meta.db_table} ({case_columns}) SELECT {case_values} FROM n"
        " RETURNING id, number),"
        f" a AS (INSERT INTO {AuditEvent._meta.db_table} ({event_columns})"
        f" SELECT {event_values} FROM c)"
        f" SELECT c.id, c.number{take_applicant} FROM c{', ap' if applicant else ''}"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        row = cursor.fetchone()
    if row is None:
        return None
    case.pk, case.number = row[:2]
    case._state.adding, case._state.db = False, connection.alias
    if applicant is not None:
        names = [f.attname for f in APPLICANT_FIELDS]
        case.applicant = Applicant.from_db(connection.alias, names, row[2:])
    return case


def write(*, update: tuple, rows: list) -> None:
    """UPDATE `update` = (instance, field names) and INSERT every unsaved instance of `rows`
    (grouped by model, in order) in one statement; the new rows get their ids."""
    db = connections[DEFAULT_DB_ALIAS]
    qn = db.ops.quote_name
    instance, names = update
    params: list = []
    sets = []
    for name in names:
        field = instance._meta.get_field(name)
        sets.append(f"{qn(field.column)} = %s")
        params.append(field.get_db_prep_save(field.pre_save(instance, False), db))
    meta = instance._meta
    ctes = [
        f"u AS (UPDATE {qn(meta.db_table)} SET {', '.join(sets)} WHERE {qn(meta.pk.column)} = %s)"
    ]
    params.append(instance.pk)
    groups: dict = {}
    for row in rows:
        groups.setdefault(type(row), []).append(row)
    selects = []
    for i, (model, group) in enumerate(groups.items()):
        values = []
        for row in group:
            columns, row_values = _insert(row, {}, params)
            values.append(f"({row_values})")
        pk = qn(model._meta.pk.column)
        ctes.append(
            f"i{i} AS (INSERT INTO {qn(model._meta.db_table)} ({columns})"
            f" VALUES {', '.join(values)} RETURNING {pk})"
        )
        selects.append(f"SELECT {i}, {pk} FROM i{i}")
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {', '.join(ctes)} {' UNION ALL '.join(selects)}", params)
        returned = cursor.fetchall()
    # Ids come from each table's sequence in the order of the VALUES: ascending.
    for i, group in enumerate(groups.values()):
        ids = sorted(pk for g, pk in returned if g == i)
        for row, pk in zip(group, ids, strict=True):
            row.pk = pk
            row._state.adding, row._state.db = False, connection.alias
