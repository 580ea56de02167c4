"""A service point's queues, issuing a ticket, one ticket, and the display board.

The board and the queue list cost a fixed number of queries whatever the hall's size:
waiting counts are one aggregate, called tickets one joined query (tests assert it)."""

from django.utils import timezone
from ninja import Status
from ninja.pagination import paginate

from onewindow.accounts.roles import Role
from onewindow.accounts.services import user_has_role
from onewindow.lib.errors import Forbidden, NotFound
from onewindow.lib.pagination import Pages

from .. import services
from ..choices import OPEN_AT_WINDOW, TicketSource
from ..models import Ticket
from .base import (
    ERR_NOT_CLERK,
    ERR_OTHER_POINT,
    ERR_TICKET_NOT_FOUND,
    ERRORS,
    ISSUERS,
    point_or_404,
    queue_or_404,
    queues_with_waiting,
    require_role,
    router,
    ticket_out,
)
from .schemas import BoardOut, IssueIn, QueueOut, TicketOut


def _queue_row(queue) -> dict:
    return {
        "letter": queue.letter,
        "name": queue.name,
        "kind": queue.kind,
        "kind_label": queue.get_kind_display(),
        "is_active": queue.is_active,
        "waiting": queue.waiting,
    }


class _Rows:
    """A queryset the paginator counts and slices, shown as queue rows."""

    def __init__(self, qs):
        self.qs = qs

    def __len__(self):
        return self.qs.count()

    def __getitem__(self, item):
        return [_queue_row(q) for q in self.qs[item]]


@router.get(
    "/points/{code}/queues",
    response={200: list[QueueOut], **ERRORS},
    summary="场所的排队队列",
    description="本场所的队列及今日等待人数。",
)
@paginate(Pages, page_size=50, max_page_size=100)
def list_queues(request, code: str):
    point = point_or_404(code)
    return _Rows(queues_with_waiting(point.pk))


@router.post(
    "/points/{code}/tickets",
    response={201: TicketOut, **ERRORS},
    summary="取号",
    description="自助取号机以窗口工作人员（或系统管理员）账号的接口令牌调用；"
    "申请人网上取号请使用网页。",
)
def issue_ticket(request, code: str, data: IssueIn):
    require_role(request.auth, ISSUERS, ERR_NOT_CLERK)
    point = point_or_404(code)
    if not user_has_role(request.auth, Role.ADMIN):
        profile = getattr(request.auth, "staff_profile", None)
        if profile is None or profile.service_point_id != point.pk:
            raise Forbidden(ERR_OTHER_POINT, code="other_service_point")
    queue = queue_or_404(point.pk, data.queue_letter)
    ticket = services.ticket_issue(
        queue=queue,
        actor=request.auth,
        source=TicketSource.KIOSK,
        priority=data.priority,
        phone=data.phone,
    )
    return Status(201, ticket_out(ticket, with_position=True))


@router.get(
    "/tickets/{int:ticket_id}",
    response={200: TicketOut, **ERRORS},
    summary="排队票状态",
    description="票的状态；等待中时给出前面等待的人数。",
)
def get_ticket(request, ticket_id: int):
    ticket = Ticket.objects.select_related("queue", "window", "case").filter(pk=ticket_id).first()
    if ticket is None:
        raise NotFound(ERR_TICKET_NOT_FOUND, code="ticket_not_found")
    return ticket_out(ticket, with_position=True)


@router.get(
    "/points/{code}/board",
    response={200: BoardOut, **ERRORS},
    summary="叫号显示屏",
    description="今日叫号中、办理中的票（最近叫号在前）和各队列等待人数。",
)
def board(request, code: str):
    point = point_or_404(code)
    calling = (
        Ticket.objects.filter(
            queue__service_point=point, day=timezone.localdate(), status__in=OPEN_AT_WINDOW
        )
        .select_related("window")
        .order_by("-called_at")
    )
    return {
        "service_point_code": point.code,
        "service_point_name": point.name,
        "calling": [
            {
                "number": t.number,
                "window_number": t.window.number,
                "window_name": t.window.name,
                "status": t.status,
                "called_at": t.called_at,
                "call_count": t.call_count,
            }
            for t in calling
        ],
        "queues": [_queue_row(q) for q in queues_with_waiting(point.pk)],
    }
