"""Pre-review before queueing (先预审、后排队).

A clerk at the pre-review desk checks the applicant's materials against the matter's list.
A pass issues a queue ticket that carries the pre-review, so the window does not check
again; a fail issues no ticket and its problems are the one-time notice (一次性告知). The
time each pre-review took is kept (started_at, finished_at) for the statistics.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from onewindow.audit.services import audit_record
from onewindow.cases.choices import MaterialCheck
from onewindow.catalog.choices import MatterStatus
from onewindow.catalog.models import Matter, ServicePoint
from onewindow.lib.errors import Conflict, InvalidInput

from .choices import QueueKind, TicketSource, TicketStatus
from .models import PreReview, Queue, Ticket
from .services import ticket_issue

ERR_MATTER_NOT_PUBLISHED = "该事项未发布或已停用，不能预审"
ERR_POINT_MAY_NOT_ACCEPT = "本场所不受理该事项"
ERR_UNCHECKED = "请逐项核验材料：{names}"
ERR_UNKNOWN_MATERIAL = "核验结果中有不属于该事项的材料"
ERR_BAD_RESULT = "核验结果无效"
ERR_INVALID_NEEDS_NOTE = "请写明「{name}」不符合要求之处，以便申请人一次补正到位"
ERR_BAD_START = "预审开始时间无效，请重新打开核验单"
ERR_NO_QUEUE = "本场所没有可取号的队列，请联系大厅管理人员"
ERR_QUEUE_ELSEWHERE = "所选队列不属于本场所"

# A checklist left open longer than this is a forgotten page, not a pre-review: its time
# would distort the per-matter average, so it is refused and the clerk reopens it.
MAX_PRE_REVIEW_MINUTES = 240


def max_pre_review() -> timedelta:
    return timedelta(
        minutes=getattr(settings, "HALL_PRE_REVIEW_MAX_MINUTES", MAX_PRE_REVIEW_MINUTES)
    )


def queue_for_matter(service_point: ServicePoint, matter: Matter) -> Queue | None:
    """The active domain queue of the point that lists the current version of the matter's
    code, else the point's comprehensive queue (无差别综合窗口), else None."""
    queues = Queue.objects.filter(service_point=service_point, is_active=True)
    domain = (
        queues.filter(kind=QueueKind.DOMAIN, matters__code=matter.code, matters__is_current=True)
        .order_by("order", "letter")
        .first()
    )
    if domain is not None:
        return domain
    return queues.filter(kind=QueueKind.COMPREHENSIVE).order_by("order", "letter").first()


def _clean_checks(matter: Matter, checks: list[dict]) -> list[dict]:
    """Every required material ticked once, results valid, an invalid one explained."""
    materials = {m.pk: m for m in matter.materials.all()}
    seen: dict[int, dict] = {}
    for check in checks or []:
        material_id = check.get("material_id")
        if material_id not in materials:
            raise InvalidInput(ERR_UNKNOWN_MATERIAL, code="prereview_unknown_material")
        result = check.get("result")
        if result not in MaterialCheck.values:
            raise InvalidInput(ERR_BAD_RESULT, code="prereview_bad_result")
        note = str(check.get("note") or "").strip()[:200]
        name = materials[material_id].name
        if result == MaterialCheck.INVALID and not note:
            raise InvalidInput(ERR_INVALID_NEEDS_NOTE.format(name=name), code="prereview_note")
        seen[material_id] = {"material_id": material_id, "name": name, "result": result,
                             "note": note}  # fmt: skip
    unchecked = [m.name for pk, m in materials.items() if m.required and pk not in seen]
    if unchecked:
        raise InvalidInput(
            ERR_UNCHECKED.format(names="、".join(unchecked)), code="prereview_unchecked"
        )
    # In the catalog's order, so the notice lists them as the guide does.
    return [seen[pk] for pk in materials if pk in seen]


ERR_NO_SUCH_TICKET = "未找到本场所今日等候中的这个排队号"


def _held_ticket(service_point: ServicePoint, number: str) -> Ticket:
    ticket = (
        Ticket.objects.select_related("queue")
        .filter(
            queue__service_point=service_point,
            day=timezone.localdate(),
            number=number.strip().upper(),
            status=TicketStatus.WAITING,
        )
        .first()
    )
    if ticket is None:
        raise InvalidInput(ERR_NO_SUCH_TICKET, code="ticket_not_waiting")
    return ticket


def pre_review_record(
    *,
    service_point: ServicePoint,
    matter: Matter,
    checks: list[dict],
    started_at: datetime,
    actor,
    applicant_name: str = "",
    applicant_phone: str = "",
    queue: Queue | None = None,
    ticket_number: str = "",
) -> tuple[PreReview, Ticket | None]:
    """Records a pre-review. A pass issues a ticket (source PRE_REVIEW) in the matter's queue,
    or, when the person already holds a waiting ticket of today here (an appointment's, say,
    named by `ticket_number`), attaches the pre-review to that one so nobody holds two;
    a fail issues none, and `pre_review.problems` are the items of the one-time notice."""
    if matter.status != MatterStatus.PUBLISHED or not matter.is_current:
        raise InvalidInput(ERR_MATTER_NOT_PUBLISHED, code="matter_not_published")
    if not service_point.may_accept(matter):
        raise InvalidInput(ERR_POINT_MAY_NOT_ACCEPT, code="point_may_not_accept")
    now = timezone.now()
    if started_at is None or started_at > now or now - started_at > max_pre_review():
        raise InvalidInput(ERR_BAD_START, code="prereview_bad_start")
    cleaned = _clean_checks(matter, checks)
    passed = all(c["result"] == MaterialCheck.PROVIDED for c in cleaned)
    held = _held_ticket(service_point, ticket_number) if ticket_number.strip() else None
    if queue is None and passed and held is None:
        queue = queue_for_matter(service_point, matter)
        if queue is None:
            raise Conflict(ERR_NO_QUEUE, code="no_queue")
    if queue is not None and queue.service_point_id != service_point.pk:
        raise InvalidInput(ERR_QUEUE_ELSEWHERE, code="queue_other_point")
    with transaction.atomic():
        review = PreReview.objects.create(
            service_point=service_point, matter=matter, checks=cleaned, passed=passed,
            applicant_name=(applicant_name or "").strip()[:100],
            applicant_phone=(applicant_phone or "").strip()[:20],
            started_at=started_at, finished_at=now,
            clerk=actor if getattr(actor, "is_authenticated", False) else None,
        )  # fmt: skip
        ticket = None
        if passed and held is not None:
            Ticket.objects.filter(pk=held.pk).update(pre_review=review)
            ticket = held
        elif passed:
            ticket = ticket_issue(queue=queue, actor=actor, source=TicketSource.PRE_REVIEW,
                                  phone=review.applicant_phone, pre_review=review)  # fmt: skip
        outcome = (
            f"通过，{'关联已有排队号' if held else '取号'} {ticket.number}"
            if ticket
            else f"未通过，一次性告知 {len(review.problems)} 项"
        )
        audit_record(
            actor=actor,
            action="prereview.pass" if passed else "prereview.fail",
            obj=review,
            summary=f"预审「{matter.name}」{outcome}，用时 {round(review.seconds)} 秒",
        )
    return review, ticket
