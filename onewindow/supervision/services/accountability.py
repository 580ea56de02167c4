"""超期问责. A case turns red by the passing of time, not by a move, so a periodic sweep
(tasks.sweep_overdue) finds the cases that became overdue since the last few weeks with a
range query on due_at that the (status, due_at) index answers — never a sweep of all cases.
A case concluded late between two sweeps is caught when it moves (receivers.py).

Rows are inserted with ON CONFLICT DO NOTHING on the one-to-one case column: a second sweep,
or two sweeps at once, add nothing. Each sweep marks its rows with a token so that it audits
(and deducts for) only the rows it inserted itself."""

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from onewindow.accounts.models import StaffProfile
from onewindow.accounts.roles import Role
from onewindow.audit.models import AuditEvent
from onewindow.audit.services import audit_event, audit_record
from onewindow.cases.choices import CLOCK_RUNNING, CONCLUDED
from onewindow.cases.models import Case, Review
from onewindow.lib.errors import Conflict, Forbidden, InvalidInput, NotFound

from .. import permissions
from ..choices import OVERDUE, AccountabilityStatus
from ..models import Accountability, Deduction, DeductionItem
from .assessment import month_start

ERR_NOT_FOUND = "未找到该超期问责记录"
ERR_EXPLANATION = "请填写超期原因的情况说明"
ERR_CONCLUSION = "请填写处理意见"
ERR_CLOSED = "该超期问责已办结"
ERR_NOT_EXPLAINED = "责任部门尚未说明情况，不能办结"

S = AccountabilityStatus


def lookback() -> timedelta:
    return timedelta(days=getattr(settings, "SUPERVISION_OVERDUE_LOOKBACK_DAYS", 30))


def newly_overdue(now: datetime) -> QuerySet[Case]:
    """Running cases whose limit ran out within the look-back window and have no record."""
    return Case.objects.filter(
        status__in=CLOCK_RUNNING,
        due_at__gt=now - lookback(),
        due_at__lte=now,
        accountability__isnull=True,
    )


def accountability_sweep(*, now: datetime | None = None, actor=None) -> list[Accountability]:
    """Opens one record for each case that turned red; returns the records this call opened."""
    now = now or timezone.now()
    return _open(list(newly_overdue(now).order_by("due_at")), now, actor)


def accountability_backfill(*, now: datetime | None = None, actor=None) -> list[Accountability]:
    """Every case that is or was overdue and has no record: running red cases of any age and
    cases concluded after their limit. For loading history (the demo, a first installation);
    it reads the whole table once, which is why the periodic sweep does not do this."""
    now = now or timezone.now()
    overdue = Q(status__in=CLOCK_RUNNING, due_at__lte=now) | Q(
        status__in=CONCLUDED, concluded_at__gt=F("due_at")
    )
    cases = Case.objects.filter(overdue, accountability__isnull=True).order_by("due_at")
    return _open(list(cases), now, actor, found_when_due=True)


def open_for_late_conclusion(case: Case, actor) -> list[Accountability]:
    """Called when a case concludes: if it concluded after its limit and the sweep had not yet
    seen it red, it still gets its record."""
    if case.due_at is None or case.concluded_at is None or case.concluded_at <= case.due_at:
        return []
    if Accountability.objects.filter(case_id=case.pk).exists():
        return []
    return _open([case], case.concluded_at, actor)


def _responsible(cases: list[Case]) -> dict[int, tuple[int, int | None]]:
    """Per case: the department whose review was open when the limit ran out (the earliest
    step, the lead first), else the lead department; and that review's reviewer, else the
    department's first reviewer on file. Two queries for any number of cases."""
    reviews = (
        Review.objects.filter(case_id__in=[c.pk for c in cases], opened_at__isnull=False)
        .only("case_id", "department_id", "reviewer_id", "opened_at", "decided_at", "step")
        .order_by("case_id", "step", "-is_lead", "id")
    )
    held: dict[int, Review] = {}
    due = {c.pk: c.due_at for c in cases}
    for r in reviews:
        if r.case_id in held:
            continue
        if r.opened_at <= due[r.case_id] and (
            r.decided_at is None or r.decided_at > due[r.case_id]
        ):
            held[r.case_id] = r
    departments = {r.department_id for r in held.values()} | {c.lead_department_id for c in cases}
    first_reviewer: dict[int, int] = {}
    for dept_id, user_id in (
        StaffProfile.objects.filter(
            department_id__in=departments, user__groups__name=Role.REVIEWER, user__is_active=True
        )
        .exclude(user__is_superuser=True)  # an administrator holding every role reviews nothing
        .order_by("department_id", "pk")
        .values_list("department_id", "user_id")
    ):
        first_reviewer.setdefault(dept_id, user_id)
    out = {}
    for case in cases:
        review = held.get(case.pk)
        dept = review.department_id if review else case.lead_department_id
        reviewer = (review.reviewer_id if review else None) or first_reviewer.get(dept)
        out[case.pk] = (dept, reviewer)
    return out


def _open(
    cases: list[Case], now: datetime, actor, found_when_due: bool = False
) -> list[Accountability]:
    """`found_when_due`: history being loaded says when each case turned red, not today."""
    if not cases:
        return []
    token = uuid.uuid4().hex
    responsible = _responsible(cases)
    rows = [
        Accountability(
            case_id=c.pk,
            department_id=responsible[c.pk][0],
            reviewer_id=responsible[c.pk][1],
            due_at=c.due_at,
            found_at=c.due_at if found_when_due else now,
            sweep_token=token,
        )
        for c in cases
    ]
    with transaction.atomic():
        Accountability.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
        mine = list(
            Accountability.objects.filter(sweep_token=token).select_related("case", "department")
        )
        AuditEvent.objects.bulk_create(
            [
                audit_event(
                    actor=actor,
                    action="accountability.open",
                    obj=a,
                    summary=f"办件{a.case.number}超过办结期限，对{a.department}启动超期问责",
                )
                for a in mine
            ],
            batch_size=500,
        )
        _deduct_overdue(mine, actor)
    return mine


def _deduct_overdue(records: list[Accountability], actor) -> None:
    """The automatic 超期办件 deduction of the responsible person, once per record."""
    item = DeductionItem.objects.filter(code=OVERDUE, is_active=True).first()
    if item is None:
        return
    Deduction.objects.bulk_create(
        [
            Deduction(
                staff_id=a.reviewer_id,
                item=item,
                month=month_start(timezone.localdate(a.due_at)),
                occurred_at=a.due_at,
                points=item.points,
                note=f"办件{a.case.number}超期",
                case_id=a.case_id,
                source=f"accountability:{a.pk}",
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            for a in records
            if a.reviewer_id
        ],
        ignore_conflicts=True,
        batch_size=500,
    )


def _locked(accountability_id: int) -> Accountability:
    found = (
        Accountability.objects.select_for_update()
        .select_related("case", "department")
        .filter(pk=accountability_id)
        .first()
    )
    if found is None:
        raise NotFound(ERR_NOT_FOUND, code="accountability_not_found")
    return found


def accountability_explain(*, accountability_id: int, explanation: str, actor) -> Accountability:
    """The responsible department says why the case ran over (may be revised until closed)."""
    explanation = (explanation or "").strip()
    if not explanation:
        raise InvalidInput(ERR_EXPLANATION, code="explanation_required")
    with transaction.atomic():
        record = _locked(accountability_id)
        if not permissions.can_explain(actor, record):
            raise Forbidden(permissions.ERR_NOT_DEPARTMENT, code="not_responsible_department")
        if record.status == S.CLOSED:
            raise Conflict(ERR_CLOSED, code="accountability_closed")
        record.explanation, record.status = explanation[:4000], S.EXPLAINED
        record.explained_at, record.explained_by = timezone.now(), actor
        record.save(update_fields=["explanation", "status", "explained_at", "explained_by"])
        audit_record(
            actor=actor, action="accountability.explain", obj=record, summary=explanation[:200]
        )
    return record


def accountability_close(
    *, accountability_id: int, conclusion: str, exempt: bool = False, actor
) -> Accountability:
    """The office closes an explained record. `exempt` (免责: the delay was not the staff's
    doing) voids the automatic deduction."""
    permissions.require_office(actor)
    conclusion = (conclusion or "").strip()
    if not conclusion:
        raise InvalidInput(ERR_CONCLUSION, code="conclusion_required")
    with transaction.atomic():
        record = _locked(accountability_id)
        if record.status == S.CLOSED:
            raise Conflict(ERR_CLOSED, code="accountability_closed")
        if record.status != S.EXPLAINED:
            raise Conflict(ERR_NOT_EXPLAINED, code="accountability_not_explained")
        now = timezone.now()
        record.conclusion, record.status = conclusion[:4000], S.CLOSED
        record.closed_at, record.closed_by = now, actor
        record.save(update_fields=["conclusion", "status", "closed_at", "closed_by"])
        if exempt:
            Deduction.objects.filter(
                source=f"accountability:{record.pk}", voided_at__isnull=True
            ).update(voided_at=now, void_reason=f"超期问责免责：{conclusion[:150]}")
        audit_record(
            actor=actor,
            action="accountability.close",
            obj=record,
            summary=("免责：" if exempt else "") + conclusion[:200],
        )
    return record
