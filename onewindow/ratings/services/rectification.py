"""差评整改: verify → fix or explain → revisit the applicant, who rates the fix; and the
periodic escalation of overdue rectifications to the supervisor."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from onewindow.accounts.roles import Role
from onewindow.audit.services import audit_record
from onewindow.lib.errors import Conflict, Forbidden, InvalidInput, NotFound

from .. import messages, permissions
from ..choices import RatingLevel, RectificationOutcome, RectificationStatus
from ..models import Rectification
from ..signals import rectification_closed

S = RectificationStatus
ERR_NOT_HANDLER = "只有责任人、责任部门或监督人员可以办理该整改"
ERR_NOT_REVISITOR = "回访评价须由申请人本人或监督人员（电话回访）录入"
ERR_FINDING = "请填写核实情况"
ERR_MEASURES = "请填写整改措施或解释说明"


def _locked(rectification_id: int) -> Rectification:
    row = (
        Rectification.objects.select_for_update(of=("self",))
        .select_related("rating__applicant__user", "rating__case", "responsible")
        .filter(pk=rectification_id)
        .first()
    )
    if row is None:
        raise NotFound("未找到该整改", code="rectification_not_found")
    return row


def _expect(row: Rectification, status: str) -> None:
    if row.status != status:
        raise Conflict(
            f"该整改当前为「{row.get_status_display()}」，不能进行此操作",
            code="rectification_wrong_state",
            details={"status": row.status},
        )


def rectification_verify(*, rectification_id: int, finding: str, actor) -> Rectification:
    finding = (finding or "").strip()
    if not finding:
        raise InvalidInput(ERR_FINDING, code="finding_required")
    with transaction.atomic():
        row = _locked(rectification_id)
        if not permissions.may_handle(actor, row):
            raise Forbidden(ERR_NOT_HANDLER, code="forbidden")
        _expect(row, S.VERIFYING)
        row.status = S.RECTIFYING
        row.finding = finding
        row.verified_at = timezone.now()
        row.verified_by = actor
        row.save(update_fields=["status", "finding", "verified_at", "verified_by"])
        audit_record(actor=actor, action="rectification.verify", obj=row, summary="差评已核实")
    return row


def rectification_rectify(
    *, rectification_id: int, outcome: str, measures: str, actor
) -> Rectification:
    if outcome not in RectificationOutcome.values:
        raise InvalidInput("请选择处理结果：已整改或已解释说明", code="outcome_invalid")
    measures = (measures or "").strip()
    if not measures:
        raise InvalidInput(ERR_MEASURES, code="measures_required")
    with transaction.atomic():
        row = _locked(rectification_id)
        if not permissions.may_handle(actor, row):
            raise Forbidden(ERR_NOT_HANDLER, code="forbidden")
        _expect(row, S.RECTIFYING)
        row.status = S.REVISITING
        row.outcome = outcome
        row.measures = measures
        row.rectified_at = timezone.now()
        row.rectified_by = actor
        row.save(update_fields=["status", "outcome", "measures", "rectified_at", "rectified_by"])
        audit_record(
            actor=actor,
            action="rectification.rectify",
            obj=row,
            summary=f"差评{RectificationOutcome(outcome).label}，待回访",
        )
        messages.tell_applicant(row)
    return row


def rectification_revisit(
    *, rectification_id: int, level: str, comment: str = "", actor
) -> Rectification:
    """The applicant rates the fix (on the web), or a supervisor records it from a call."""
    if level not in RatingLevel.values:
        raise InvalidInput("请选择回访评价等级", code="rating_level_invalid")
    with transaction.atomic():
        row = _locked(rectification_id)
        if not (permissions.is_rater(actor, row.rating) or permissions.is_supervisor(actor)):
            raise Forbidden(ERR_NOT_REVISITOR, code="forbidden")
        _expect(row, S.REVISITING)
        row.status = S.CLOSED
        row.revisit_level = level
        row.revisit_comment = (comment or "").strip()[:500]
        row.revisited_at = timezone.now()
        row.revisited_by = actor
        row.save(
            update_fields=[
                "status",
                "revisit_level",
                "revisit_comment",
                "revisited_at",
                "revisited_by",
            ]
        )
        audit_record(
            actor=actor,
            action="rectification.revisit",
            obj=row,
            summary=f"回访评价：{RatingLevel(level).label}，整改办结",
        )
        rectification_closed.send(sender=Rectification, rectification=row, actor=actor)
    return row


def overdue_filter(today) -> Q:
    """Open rectifications past a deadline: not verified in time, or not fixed in time."""
    return Q(status=S.VERIFYING, verify_due_date__lt=today) | Q(
        status__in=(S.VERIFYING, S.RECTIFYING), rectify_due_date__lt=today
    )


def _supervisor():
    User = get_user_model()
    return User.objects.filter(is_active=True, groups__name=Role.SUPERVISOR).order_by("pk").first()


def rectifications_escalate_overdue() -> int:
    """Marks each overdue, not yet escalated rectification as escalated to the supervisor,
    once: the conditional update claims only rows still unescalated, so a second run (or a
    second worker) changes nothing. Returns how many were escalated."""
    now = timezone.now()
    today = timezone.localdate(now)
    supervisor = _supervisor()
    escalated = 0
    with transaction.atomic():
        ids = list(
            Rectification.objects.filter(overdue_filter(today), escalated_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for pk in ids:
            claimed = Rectification.objects.filter(
                overdue_filter(today), pk=pk, escalated_at__isnull=True
            ).update(escalated_at=now, escalated_to=supervisor)
            if not claimed:
                continue
            escalated += 1
            row = Rectification.objects.select_related("rating__case", "escalated_to").get(pk=pk)
            messages.tell_supervisor(row)
            audit_record(
                actor=None,
                action="rectification.escalate",
                obj=row,
                summary="差评整改超期，已提请监督人员督办",
            )
    return escalated
