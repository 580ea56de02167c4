"""日巡查: a patrol's log of a service point's day, and its findings, which may deduct."""

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from onewindow.accounts.models import StaffProfile
from onewindow.audit.services import audit_record
from onewindow.lib.errors import Conflict, InvalidInput, NotFound

from .. import permissions
from ..models import Deduction, DeductionItem, PatrolFinding, PatrolLog
from .assessment import month_start

ERR_LOG_EXISTS = "该场所当天已有巡查记录，请在原记录中添加发现的问题"
ERR_LOG_NOT_FOUND = "未找到该巡查记录"
ERR_DESCRIPTION = "请描述发现的问题"
ERR_WHO = "扣分须指定被巡查的工作人员"
ERR_FUTURE = "巡查日期不能晚于今天"


def patrol_log_open(*, service_point, day: date, summary: str, actor) -> PatrolLog:
    permissions.require_office(actor)
    if day > timezone.localdate():
        raise InvalidInput(ERR_FUTURE, code="future_day")
    try:
        with transaction.atomic():
            log = PatrolLog.objects.create(
                service_point=service_point,
                day=day,
                patrolled_by=actor,
                summary=(summary or "").strip()[:4000],
            )
            audit_record(
                actor=actor, action="patrol.open", obj=log, summary=f"{service_point.name}日巡查"
            )
    except IntegrityError:  # the unique (service_point, day): a second log for the same day
        raise Conflict(ERR_LOG_EXISTS, code="patrol_exists") from None
    return log


def patrol_finding_add(
    *,
    log_id: int,
    item_code: str,
    description: str,
    actor,
    staff=None,
    window=None,
    deduct: bool = True,
    seen_at: datetime | None = None,
) -> PatrolFinding:
    """Records what the patrol saw; with `deduct` the person loses the item's points in the
    month of the patrol (one deduction per finding, named by it)."""
    permissions.require_office(actor)
    description = (description or "").strip()
    if not description:
        raise InvalidInput(ERR_DESCRIPTION, code="description_required")
    item = DeductionItem.objects.filter(code=item_code, is_active=True).first()
    if item is None:
        raise InvalidInput("未找到该问题类型或已停用", code="deduction_item_not_found")
    if deduct and staff is None:
        raise InvalidInput(ERR_WHO, code="staff_required")
    if staff is not None and not StaffProfile.objects.filter(user=staff).exists():
        raise InvalidInput("被巡查人员没有工作人员档案", code="not_staff")
    with transaction.atomic():
        log = PatrolLog.objects.select_related("service_point").filter(pk=log_id).first()
        if log is None:
            raise NotFound(ERR_LOG_NOT_FOUND, code="patrol_not_found")
        seen_at = seen_at or timezone.now()
        finding = PatrolFinding.objects.create(
            log=log,
            item=item,
            description=description[:300],
            staff=staff,
            window=window,
            seen_at=seen_at,
        )
        if deduct:
            Deduction.objects.create(
                staff=staff,
                item=item,
                month=month_start(log.day),
                occurred_at=seen_at,
                points=item.points,
                note=f"日巡查：{description[:200]}",
                source=f"finding:{finding.pk}",
                created_by=actor,
            )
        audit_record(
            actor=actor,
            action="patrol.finding",
            obj=finding,
            summary=f"{item.name}：{description[:150]}" + ("（扣分）" if deduct else ""),
        )
    return finding
