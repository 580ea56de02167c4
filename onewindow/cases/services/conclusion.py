"""After the decision: delivery and closing; before it: withdrawal; and immediate matters."""

from django.db import transaction
from django.utils import timezone

from onewindow.catalog.choices import MatterKind
from onewindow.lib.errors import Conflict, InvalidInput

from ..choices import CaseStatus, DeliveryMethod, ReviewStatus
from ..models import Case, Delivery
from .acceptance import accept_locked
from .common import lock, move
from .intake import case_submit

ERR_TRACKING = "邮寄送达须填写快递单号"
ERR_NOT_IMMEDIATE = "该事项不是即办件"


def case_deliver(
    *, case_id: int, actor, method: str, address: str = "", tracking_number: str = ""
) -> Case:
    if method not in DeliveryMethod.values:
        raise InvalidInput("送达方式无效", code="delivery_method_invalid")
    if method == DeliveryMethod.MAIL and not tracking_number.strip():
        raise InvalidInput(ERR_TRACKING, code="tracking_number_required")
    now = timezone.now()
    with transaction.atomic():
        case = lock(case_id)
        case.delivered_at = now
        move(
            case,
            CaseStatus.DELIVERED,
            actor=actor,
            summary=f"送达：{DeliveryMethod(method).label}",
            fields=["delivered_at"],
        )
        Delivery.objects.create(
            case=case, method=method, address=address.strip(), tracking_number=tracking_number.strip(),
            delivered_at=now, delivered_by=actor if getattr(actor, "is_authenticated", False) else None,
        )  # fmt: skip
    return case


def case_close(*, case_id: int, actor) -> Case:
    with transaction.atomic():
        case = lock(case_id)
        case.closed_at = timezone.now()
        return move(case, CaseStatus.CLOSED, actor=actor, summary="办结归档", fields=["closed_at"])


def case_withdraw(*, case_id: int, actor, reason: str = "") -> Case:
    """The applicant withdraws before a decision; open reviews and special steps end."""
    now = timezone.now()
    with transaction.atomic():
        case = lock(case_id)
        case.concluded_at = now
        move(
            case,
            CaseStatus.WITHDRAWN,
            actor=actor,
            summary=f"申请人撤回申请{'：' + reason if reason else ''}",
            fields=["concluded_at"],
        )
        case.reviews.filter(status__in=[ReviewStatus.OPEN, ReviewStatus.WAITING]).update(
            status=ReviewStatus.CANCELLED
        )
        case.suspensions.filter(ended_at__isnull=True).update(ended_at=now)
    return case


def case_handle_immediately(*, actor, applicant, matter_code: str, service_point, window=None,
                            form_data=None, materials=None, idempotency_key=None) -> Case:  # fmt: skip
    """即办件 at a window: submitted, accepted, approved and delivered in one step."""
    now = timezone.now()
    with transaction.atomic():
        case, created = case_submit(
            actor=actor, applicant=applicant, channel="WINDOW", matter_code=matter_code,
            service_point=service_point, window=window, form_data=form_data, materials=materials,
            idempotency_key=idempotency_key,
        )  # fmt: skip
        if not created:
            return case
        if case.matter.kind != MatterKind.IMMEDIATE:
            raise Conflict(ERR_NOT_IMMEDIATE, code="matter_not_immediate")
        case = lock(case.pk)
        move(case, CaseStatus.PRE_REVIEWED, actor=actor, summary="当场核验材料")
        accept_locked(case, actor=actor, now=now)
        case.reviews.update(
            status=ReviewStatus.APPROVED, reviewer=actor, decided_at=now, opinion="即办"
        )
        move(case, CaseStatus.IN_REVIEW, actor=actor, summary="当场审查")
        case.concluded_at = case.delivered_at = now
        move(
            case,
            CaseStatus.APPROVED,
            actor=actor,
            summary="即办件当场办结",
            fields=["concluded_at"],
        )
        move(case, CaseStatus.DELIVERED, actor=actor, summary="当场出件", fields=["delivered_at"])
        Delivery.objects.create(
            case=case, method=DeliveryMethod.WINDOW, delivered_at=now,
            delivered_by=actor if getattr(actor, "is_authenticated", False) else None,
        )  # fmt: skip
    return case
