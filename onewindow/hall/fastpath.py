"""PostgreSQL statements for the hall's hot paths: each takes the number or claims the
ticket AND writes its audit row in one round trip (DESIGN: round trips are the budget).

The behaviour is the same as the portable ORM paths in services.py, which SQLite uses;
the suite runs on both databases, so both are tested. The audit row carries the same
fields audit_record() writes, including the request's id and address.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from onewindow.audit import context
from onewindow.audit.models import AuditEvent

from .models import Ticket, TicketCounter

TICKET = Ticket._meta.db_table
COUNTER = TicketCounter._meta.db_table
AUDIT = AuditEvent._meta.db_table

# A ticket's columns in the model's field order: named in RETURNING so that a row becomes a
# Ticket by position (Model.from_db), without reading cursor.description, which psycopg
# rebuilds as one object per column on every statement (half the client CPU of a call).
_FIELDS = Ticket._meta.concrete_fields
ATTNAMES = [f.attname for f in _FIELDS]
RETURNING = ", ".join(f"{TICKET}.{connection.ops.quote_name(f.column)}" for f in _FIELDS)

# The audit row for the ticket row `t` of the statement; %(summary)s may use t.number.
_AUDIT = (
    f"a AS (INSERT INTO {AUDIT} (actor_id, action, content_type_id, object_id, object_repr,"
    " summary, changes, created_at, request_id, ip_address)"
    " SELECT %(actor)s, %(action)s, %(ct)s, t.id::text, t.number,"
    " %(summary_before)s || t.number || %(summary_after)s, '{}', now(), %(rid)s, %(ip)s FROM t)"
)

# The ticket row and its audit row, numbered by the CTE `c` (one column, `last`).
_TICKET = (
    f" t AS (INSERT INTO {TICKET} (queue_id, day, seq, number, rank, source, status, phone,"
    " pre_review_id, appointment_id, transferred_from_id, issued_at, call_count)"
    " SELECT %(queue)s, %(day)s, c.last, %(letter)s || CASE WHEN c.last < 1000 THEN lpad(c.last::text, 3, '0')"
    " ELSE c.last::text END, %(rank)s,"
    " %(source)s, 'WAITING', %(phone)s, %(pre_review)s, %(appointment)s, %(transferred_from)s,"
    " %(issued_at)s, 0 FROM c RETURNING id, seq, number), "
    + _AUDIT
    + " SELECT id, seq, number FROM t"
)

# Inside a caller's transaction: the number, the ticket and its audit row in one statement.
# The queue's counter row stays locked until the caller commits.
ISSUE = (
    f"WITH c AS (INSERT INTO {COUNTER} (queue_id, day, last) VALUES (%(queue)s, %(day)s, 1)"
    f" ON CONFLICT (queue_id, day) DO UPDATE SET last = {COUNTER}.last + 1 RETURNING last),"
    + _TICKET
)

# On its own (a kiosk, the web): the number is taken first, in a transaction of its own that
# commits without waiting for the disk (the function in migration hall 0002). Locked until a
# flushed commit, the counter row let one ticket per disk flush through, about 800/s here
# whatever the number of kiosks; now it is held for microseconds. A crash can lose a taken
# number whose ticket was never written (a gap), never hand one out twice: the ticket's own
# commit is flushed, and with it every earlier commit, the number's included.
TAKE_NUMBER = "SELECT hall_take_ticket_number(%(queue)s, %(day)s)"
ISSUE_NUMBERED = "WITH c AS (SELECT %(seq)s::integer AS last)," + _TICKET

CALL_NEXT = (
    f"WITH picked AS (SELECT id FROM {TICKET} WHERE queue_id IN"
    " (SELECT qw.queue_id FROM hall_queue_windows qw JOIN hall_queue q ON q.id = qw.queue_id"
    "  WHERE qw.window_id = %(window)s AND q.is_active)"
    " AND day = %(day)s AND status = 'WAITING' ORDER BY rank, issued_at, id"
    " LIMIT 1 FOR UPDATE SKIP LOCKED),"
    f" t AS (UPDATE {TICKET} SET status = 'CALLED', window_id = %(window)s, called_at = %(now)s,"
    f" call_count = 1 FROM picked WHERE {TICKET}.id = picked.id RETURNING {RETURNING}), "
    + _AUDIT
    + " SELECT * FROM t"
)

FINISH = (
    f"WITH t AS (UPDATE {TICKET} SET status = 'DONE', finished_at = %(now)s, case_id = %(case)s"
    f" WHERE window_id = %(window)s AND status IN ('CALLED', 'SERVING') RETURNING {RETURNING}), "
    + _AUDIT
    + " SELECT * FROM t"
)


# 办结并叫下一位: the window's open ticket finished and the next one called, with both audit
# rows, in one statement. The next ticket is picked only after the finish has run (the
# count over `f` is evaluated first), because the window may hold one open ticket at a time
# and that index is checked row by row. Always one row: the finished ticket's id and number
# (or NULLs), then the called ticket's columns (or NULLs when nobody waits).
_FINISH_AUDIT = (
    f"fa AS (INSERT INTO {AUDIT} (actor_id, action, content_type_id, object_id, object_repr,"
    " summary, changes, created_at, request_id, ip_address)"
    " SELECT %(actor)s, 'ticket.finish', %(ct)s, f.id::text, f.number,"
    " '办结 ' || f.number || %(finish_after)s, '{}', now(), %(rid)s, %(ip)s FROM f)"
)
FINISH_AND_CALL = (
    f"WITH f AS (UPDATE {TICKET} SET status = 'DONE', finished_at = %(now)s, case_id = %(case)s"
    " WHERE window_id = %(window)s AND status IN ('CALLED', 'SERVING') RETURNING id, number), "
    + _FINISH_AUDIT
    + f", picked AS (SELECT id FROM {TICKET} WHERE (SELECT count(*) FROM f) >= 0 AND queue_id IN"
    " (SELECT qw.queue_id FROM hall_queue_windows qw JOIN hall_queue q ON q.id = qw.queue_id"
    "  WHERE qw.window_id = %(window)s AND q.is_active)"
    " AND day = %(day)s AND status = 'WAITING' ORDER BY rank, issued_at, id"
    " LIMIT 1 FOR UPDATE SKIP LOCKED),"
    f" t AS (UPDATE {TICKET} SET status = 'CALLED', window_id = %(window)s, called_at = %(now)s,"
    f" call_count = 1 FROM picked WHERE {TICKET}.id = picked.id RETURNING {RETURNING}), "
    + _AUDIT
    + " SELECT f.id, f.number, t.* FROM (SELECT 1) one LEFT JOIN f ON true LEFT JOIN t ON true"
)


def available() -> bool:
    return connection.vendor == "postgresql"


def _audit_params(actor, action: str, before: str, after: str = "") -> dict:
    ctx = context.get()
    return {
        "actor": actor.pk if getattr(actor, "is_authenticated", False) else None,
        "action": action,
        "ct": ContentType.objects.get_for_model(Ticket).pk,  # cached by Django after the first
        "summary_before": before,
        "summary_after": after,
        "rid": ctx.request_id,
        "ip": ctx.ip_address,
    }


def _row_to_ticket(row) -> Ticket:
    return Ticket.from_db(connection.alias, ATTNAMES, row)


def issue(*, params: dict, actor, queue_name: str) -> tuple[int, int, str]:
    params = {**params, **_audit_params(actor, "ticket.issue", "取号 ", f"（{queue_name}）")}
    with connection.cursor() as cursor:
        if connection.in_atomic_block:
            cursor.execute(ISSUE, params)
        else:
            cursor.execute(TAKE_NUMBER, params)
            (seq,) = cursor.fetchone()
            cursor.execute(ISSUE_NUMBERED, {**params, "seq": seq})
        return cursor.fetchone()


def call_next(*, window, day, now, actor) -> Ticket | None:
    with connection.cursor() as cursor:
        cursor.execute(
            CALL_NEXT,
            {"window": window.pk, "day": day, "now": now,
             **_audit_params(actor, "ticket.call", f"{window.number}号窗口叫号 ")},
        )  # fmt: skip
        row = cursor.fetchone()
        return _row_to_ticket(row) if row else None


def finish(*, window, now, case, actor) -> Ticket | None:
    after = f"，办件 {case.number}" if case is not None else ""
    with connection.cursor() as cursor:
        cursor.execute(
            FINISH,
            {"window": window.pk, "now": now, "case": case.pk if case is not None else None,
             **_audit_params(actor, "ticket.finish", "办结 ", after)},
        )  # fmt: skip
        row = cursor.fetchone()
        return _row_to_ticket(row) if row else None


def finish_and_call(*, window, day, now, case, actor) -> tuple[tuple | None, Ticket | None]:
    """((id, number) of the ticket finished or None, the ticket called or None)."""
    after = f"，办件 {case.number}" if case is not None else ""
    with connection.cursor() as cursor:
        cursor.execute(
            FINISH_AND_CALL,
            {"window": window.pk, "day": day, "now": now,
             "case": case.pk if case is not None else None, "finish_after": after,
             **_audit_params(actor, "ticket.call", f"{window.number}号窗口叫号 ")},
        )  # fmt: skip
        row = cursor.fetchone()
    finished = (row[0], row[1]) if row[0] is not None else None
    called = _row_to_ticket(row[2:]) if row[2] is not None else None
    return finished, called
