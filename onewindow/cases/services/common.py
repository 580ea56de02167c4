"""What every case service shares: locking, moving between states, notices, numbers."""

from datetime import date, datetime

from django.db import connection
from django.utils import timezone

from onewindow.audit.models import AuditEvent
from onewindow.audit.services import audit_event
from onewindow.catalog import cache as catalog_cache
from onewindow.lib.errors import NotFound

from .. import transitions
from ..choices import NoticeKind
from ..models import Case, CaseCounter, CaseMaterial, Notice
from ..signals import case_moved

NOTICE_PREFIX = {
    NoticeKind.ACCEPTANCE: "受",
    NoticeKind.SUPPLEMENT: "补",
    NoticeKind.REFUSAL: "不受",
    NoticeKind.DENIAL: "不许",
}


def lock(case_id: int | None = None, *, number: str | None = None) -> Case:
    """The case (by id or number), locked for the rest of the transaction (a no-op lock on
    SQLite, whose IMMEDIATE transactions already serialise writers).

    Its catalog rows (matter, lead department, region, service point, window) come from
    the catalog cache rather than a join: composing and planning the eight-table join was
    most of what locking a case cost."""
    try:
        found = (
            Case.objects.select_for_update(of=("self",))
            .select_related("applicant", "bundle")
            .get(**({"pk": case_id} if number is None else {"number": number}))
        )
    except Case.DoesNotExist:
        raise NotFound("未找到该办件", code="case_not_found") from None
    catalog_cache.attach(found, *CATALOG_ROWS)
    return found


CATALOG_ROWS = ("matter", "lead_department", "region", "service_point", "window")


def known(case: Case, relation: str, rows) -> None:
    """Tells the ORM that `case.<relation>` (a reverse foreign key) holds exactly `rows`, as
    a prefetch would: a service that has just written them saves its caller a read."""
    qs = getattr(case, relation).all()
    qs._result_cache, qs._prefetch_done = list(rows), True
    case.__dict__.setdefault("_prefetched_objects_cache", {})[relation] = qs


# What load() reads, in the order of each model's Meta without its leading "case" (which
# made the ORM join the cases table to sort rows that all belong to one case).
CHILDREN = {"materials": (CaseMaterial, "id"), "notices": (Notice, "issued_at, id")}


def load(case: Case, *relations: str) -> None:
    """Loads `case.materials` and/or `case.notices` with a plain query each, known to the
    ORM as a prefetch would leave them: composing the prefetch queries cost three times
    what running them did. A notice's department comes from the catalog cache."""
    qn = connection.ops.quote_name
    for relation in relations:
        model, order = CHILDREN[relation]
        sql = f"SELECT * FROM {qn(model._meta.db_table)} WHERE case_id = %s ORDER BY {order}"
        rows = list(model.objects.raw(sql, [case.pk]))
        for row in rows:
            model.case.field.set_cached_value(row, case)
            if model is Notice:
                catalog_cache.attach(row, "department")
        known(case, relation, rows)


def loaded(case: Case, relation: str) -> list | None:
    """The rows of `case.<relation>` if they were prefetched, else None."""
    cached = getattr(case, "_prefetched_objects_cache", {}).get(relation)
    return None if cached is None else list(cached)


def transition(case: Case, target: str, *, actor, summary: str, changes=None) -> AuditEvent:
    """Checks the transition and moves the case in memory (status, version); returns its
    audit row, unsaved: move() saves both, fastpath.write() writes them in one statement."""
    before = case.status
    transitions.check(before, target)
    case.status = target
    case.version += 1
    return audit_event(
        actor=actor,
        action=f"case.{target.lower()}",
        obj=case,
        summary=summary,
        changes={"status": [before, target], **(changes or {})},
    )


def move(case: Case, target: str, *, actor, summary: str, fields=(), changes=None) -> Case:
    """Checks the transition, saves the new status with `fields`, and writes the audit row."""
    before = case.status
    event = transition(case, target, actor=actor, summary=summary, changes=changes)
    case.save(update_fields=["status", "version", *fields])
    event.save(force_insert=True)
    moved(case, before, actor)
    return case


def moved(case: Case, before: str, actor) -> None:
    """Tells later apps that the case has moved (see cases.signals); call after writing."""
    case_moved.send(sender=Case, case=case, before=before, after=case.status, actor=actor)


def number_parts(region_code: str, when: datetime) -> tuple[str, date]:
    """The prefix a case number shows (the county-level division) and its day."""
    return region_code[:6], timezone.localdate(when)


def next_case_number(region_code: str, when: datetime) -> str:
    """办件编号: region, date, sequence of the day — taken in one statement, never max + 1.
    (fastpath.submit takes it in the statement that inserts the case.)"""
    prefix, day = number_parts(region_code, when)
    table = CaseCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (prefix, day, last) VALUES (%s, %s, 1) "
            f"ON CONFLICT (prefix, day) DO UPDATE SET last = {table}.last + 1 "
            "RETURNING last",
            [prefix, day],
        )
        (sequence,) = cursor.fetchone()
    return f"{prefix}-{day:%Y%m%d}-{sequence:05d}"


def new_notice(case: Case, kind: str, *, items=(), reason: str = "", at=None) -> Notice:
    """The next notice of `kind` for the (locked) case, unsaved, numbered after those of its
    kind the case already has (counted in memory when its notices are loaded)."""
    issued = loaded(case, "notices")
    if issued is None:
        count = case.notices.filter(kind=kind).count()
    else:
        count = sum(1 for n in issued if n.kind == kind)
    return Notice(
        case=case,
        kind=kind,
        number=f"{NOTICE_PREFIX[kind]}〔{case.number}〕{count + 1}号",
        issued_at=at or timezone.now(),
        department=case.lead_department,
        items=list(items),
        reason=reason,
    )


def issued(case: Case, notice: Notice) -> None:
    """A notice just written joins the case's notices, when they are loaded."""
    notices = loaded(case, "notices")
    if notices is not None:
        known(case, "notices", [*notices, notice])


def notice_issue(case: Case, kind: str, *, items=(), reason: str = "", at=None) -> Notice:
    notice = new_notice(case, kind, items=items, reason=reason, at=at)
    notice.save(force_insert=True)
    issued(case, notice)
    return notice
