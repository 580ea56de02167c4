"""PostgreSQL: a submission in one statement, outside any transaction of the caller's: the
number of the day, the case and its audit row, in one round trip instead of five (BEGIN,
number, case, audit row, COMMIT). Round trips are the budget (DESIGN, "Where the time
goes"), and a single statement is a transaction of its own: all of it happens or none.

The rows are exactly the portable path's (intake._submit, which SQLite and callers inside
a transaction use): every column comes from the same unsaved Case and AuditEvent through
Django's own field preparation, only the number, and the audit row's reference to the
case, are SQL over the rows the statement has just written. No model signals are sent for
these rows (none are connected to Case or AuditEvent); the suite checks both paths agree.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from onewindow.audit.models import AuditEvent
from onewindow.audit.services import audit_event

from ..models import Case, CaseCounter

COUNTER = CaseCounter._meta.db_table

# Python's f"{sequence:05d}": five digits, more when the day runs past 99,999.
NUMBER_SQL = "%s || CASE WHEN n.last < 100000 THEN lpad(n.last::text, 5, '0') ELSE n.last::text END"


def available() -> bool:
    """On PostgreSQL, when the caller has no transaction open (inside one, the portable path
    keeps the savepoint its callers rely on to answer a duplicate Idempotency-Key)."""
    return connection.vendor == "postgresql" and not connection.in_atomic_block


def _insert(instance, sql: dict[str, tuple[str, list]], params: list) -> tuple[str, str]:
    """The column list and the values of `instance` as Django would insert them (pre_save,
    then get_db_prep_save), except the columns `sql` gives as (SQL, its parameters);
    appends the parameters to `params` in order."""
    qn = connection.ops.quote_name
    columns, values = [], []
    for field in instance._meta.local_concrete_fields:
        if field.primary_key:
            continue
        columns.append(qn(field.column))
        if field.column in sql:
            expression, expression_params = sql[field.column]
            values.append(expression)
            params.extend(expression_params)
        else:
            values.append("%s")
            params.append(field.get_db_prep_save(field.pre_save(instance, True), connection))
    return ", ".join(columns), ", ".join(values)


def submit(case: Case, *, prefix: str, day, actor, summary: str) -> Case:
    """Inserts `case` (unsaved, its number not yet known) numbered `prefix-YYYYMMDD-nnnnn`
    with its "case.submitted" audit row; returns it saved, with its id and number."""
    event = audit_event(actor=actor, action="case.submitted", summary=summary)
    event.content_type = ContentType.objects.get_for_model(Case)  # cached by Django
    params: list = [prefix, day]
    case_columns, case_values = _insert(
        case, {"number": (NUMBER_SQL, [f"{prefix}-{day:%Y%m%d}-"])}, params
    )
    event_columns, event_values = _insert(
        event,
        {"object_id": ("c.id::text", []), "object_repr": ("left(c.number, 200)", [])},
        params,
    )
    statement = (
        f"WITH n AS (INSERT INTO {COUNTER} (prefix, day, last) VALUES (%s, %s, 1)"
        f" ON CONFLICT (prefix, day) DO UPDATE SET last = {COUNTER}.last + 1 RETURNING last),"
        f" c AS (INSERT INTO {Case._meta.db_table} ({case_columns}) SELECT {case_values} FROM n"
        " RETURNING id, number),"
        f" a AS (INSERT INTO {AuditEvent._meta.db_table} ({event_columns})"
        f" SELECT {event_values} FROM c)"
        " SELECT id, number FROM c"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        case.pk, case.number = cursor.fetchone()
    case._state.adding, case._state.db = False, connection.alias
    return case
