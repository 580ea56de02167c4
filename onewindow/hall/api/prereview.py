"""Pre-review (先预审、后排队) at the caller's own service point, and the time it takes per
matter for the hall's managers."""

from datetime import timedelta

from django.utils import timezone
from ninja import Query, Status

from onewindow.catalog.models import Matter
from onewindow.lib.errors import Forbidden, NotFound

from .. import prereview as service
from ..selectors_prereview import prereview_time_by_matter
from .base import CLERKS, ERR_NOT_CLERK, ERRORS, MANAGERS, require_role, router
from .schemas_bookings import PreReviewIn, PreReviewOut, PreReviewStatsOut

ERR_MATTER_NOT_FOUND = "未找到该事项"
ERR_NO_POINT = "您的工作人员档案未指定服务场所"
ERR_NOT_MANAGER = "仅大厅管理人员或系统管理员可以查看预审统计"


def _own_point(user):
    profile = getattr(user, "staff_profile", None)
    return profile.service_point if profile is not None and profile.service_point_id else None


@router.post(
    "/prereviews",
    response={201: PreReviewOut, **ERRORS},
    summary="预审",
    description="在本人所在服务场所逐项核验材料：全部已提交则通过并取号（预审优先），"
    "否则不取号，problems 即一次性告知的内容。",
)
def record(request, data: PreReviewIn):
    require_role(request.auth, CLERKS, ERR_NOT_CLERK)
    point = _own_point(request.auth)
    if point is None:
        raise Forbidden(ERR_NO_POINT, code="no_service_point")
    matter = Matter.objects.current().filter(code=data.matter_code.strip()).first()
    if matter is None:
        raise NotFound(ERR_MATTER_NOT_FOUND, code="matter_not_found")
    started_at = data.started_at
    if timezone.is_naive(started_at):  # a naive time compared with an aware one is a 500
        started_at = timezone.make_aware(started_at)
    review, ticket = service.pre_review_record(
        service_point=point,
        matter=matter,
        checks=[check.model_dump(mode="json") for check in data.checks],
        started_at=started_at,
        actor=request.auth,
        applicant_name=data.applicant_name,
        applicant_phone=data.applicant_phone,
        ticket_number=data.ticket_number,
    )
    return Status(
        201,
        {
            "id": review.pk,
            "passed": review.passed,
            "seconds": review.seconds,
            "problems": review.problems,
            "ticket": {
                "id": ticket.pk,
                "number": ticket.number,
                "queue": ticket.queue.letter,
                "queue_name": ticket.queue.name,
            }
            if ticket
            else None,
        },
    )


@router.get(
    "/prereviews/stats",
    response={200: PreReviewStatsOut, **ERRORS},
    summary="预审用时统计",
    description="近若干天每个事项的预审次数、平均与中位用时、通过率；"
    "本人档案指定了服务场所时只统计该场所。",
)
def stats(request, days: int = Query(30, ge=1, le=366, description="统计近多少天")):
    require_role(request.auth, MANAGERS, ERR_NOT_MANAGER)
    point = _own_point(request.auth)
    since = timezone.now() - timedelta(days=days)
    return {
        "days": days,
        "since": since,
        "service_point_code": point.code if point else None,
        "matters": prereview_time_by_matter(since=since, service_point=point),
    }
