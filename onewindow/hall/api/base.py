"""What every endpoint of the hall API shares: the router, looking things up (404 in
Chinese), refusing the wrong roles (403), and tickets as the API shows them."""

from django.db.models import Count, Q
from django.utils import timezone
from ninja import Router

from onewindow.accounts.roles import Role
from onewindow.accounts.services import user_has_role
from onewindow.catalog.models import ServicePoint, Window
from onewindow.lib.errors import Forbidden, NotFound

from ..choices import TicketStatus
from ..models import Queue, Ticket
from .schemas import ErrorOut

router = Router(tags=["大厅排队叫号"])

ERRORS = {code: ErrorOut for code in (401, 403, 404, 409, 422)}

ERR_POINT_NOT_FOUND = "未找到该服务场所"
ERR_QUEUE_NOT_FOUND = "本场所没有该队列"
ERR_TICKET_NOT_FOUND = "未找到该排队票"
ERR_WINDOW_NOT_FOUND = "未找到该窗口"
ERR_NO_WINDOW = "您的工作人员档案未指定窗口"
ERR_NOT_CLERK = "仅窗口工作人员或系统管理员可以进行此项操作"
ERR_NOT_MANAGER = "仅大厅管理人员或系统管理员可以开放、暂停窗口"
ERR_OTHER_POINT = "只能为本人所在服务场所取号"

# A kiosk authenticates with the API token of a clerk (or admin) account.
ISSUERS = (Role.CLERK, Role.ADMIN)
CLERKS = (Role.CLERK, Role.ADMIN)
MANAGERS = (Role.SUPERVISOR, Role.ADMIN)


def require_role(user, roles, message: str) -> None:
    if not user_has_role(user, *roles):
        raise Forbidden(message, code="forbidden")


def point_or_404(code: str) -> ServicePoint:
    point = ServicePoint.objects.filter(code=code, is_active=True).first()
    if point is None:
        raise NotFound(ERR_POINT_NOT_FOUND, code="service_point_not_found")
    return point


def queue_or_404(point_id: int, letter: str) -> Queue:
    queue = Queue.objects.filter(service_point_id=point_id, letter=letter.upper()).first()
    if queue is None:
        raise NotFound(ERR_QUEUE_NOT_FOUND, code="queue_not_found")
    return queue


def queues_with_waiting(point_id: int):
    """The point's queues with today's waiting count, in one query."""
    today = timezone.localdate()
    waiting = Q(tickets__status=TicketStatus.WAITING, tickets__day=today)
    return (
        Queue.objects.filter(service_point_id=point_id)
        .annotate(waiting=Count("tickets", filter=waiting))
        .order_by("order", "letter")
    )


def own_window(request) -> Window:
    """The window on the caller's staff profile (403 without one)."""
    require_role(request.auth, CLERKS, ERR_NOT_CLERK)
    profile = getattr(request.auth, "staff_profile", None)
    window_id = profile.window_id if profile is not None else None
    window = (
        Window.objects.select_related("service_point").filter(pk=window_id).first()
        if window_id
        else None
    )
    if window is None:
        raise Forbidden(ERR_NO_WINDOW, code="no_window")
    return window


def ahead_of(ticket: Ticket) -> int:
    """Waiting tickets of the same queue and day that the calling order puts first:
    (rank, issued_at, id) compared as a tuple, as ticket_call_next orders them."""
    before = (
        Q(rank__lt=ticket.rank)
        | Q(rank=ticket.rank, issued_at__lt=ticket.issued_at)
        | Q(rank=ticket.rank, issued_at=ticket.issued_at, pk__lt=ticket.pk)
    )
    return (
        Ticket.objects.filter(queue_id=ticket.queue_id, day=ticket.day, status=TicketStatus.WAITING)
        .filter(before)
        .count()
    )


def ticket_out(ticket: Ticket, *, with_position: bool = False) -> dict:
    """A ticket as the API shows it; queue, window and case must be loaded (select_related)."""
    return {
        "id": ticket.pk,
        "number": ticket.number,
        "queue_letter": ticket.queue.letter,
        "queue_name": ticket.queue.name,
        "status": ticket.status,
        "status_label": ticket.get_status_display(),
        "rank": ticket.rank,
        "rank_label": ticket.get_rank_display(),
        "source": ticket.source,
        "issued_at": ticket.issued_at,
        "called_at": ticket.called_at,
        "call_count": ticket.call_count,
        "finished_at": ticket.finished_at,
        "window_number": ticket.window.number if ticket.window_id else None,
        "case_number": ticket.case.number if ticket.case_id else None,
        "ahead": ahead_of(ticket)
        if with_position and ticket.status == TicketStatus.WAITING
        else None,
    }


def window_out(window: Window) -> dict:
    return {
        "id": window.pk,
        "number": window.number,
        "name": window.name,
        "service_point_code": window.service_point.code,
        "is_open": window.is_open,
        "is_standby": window.is_standby,
    }


def window_state(window: Window, ticket: Ticket | None = None) -> dict:
    """The window and its open ticket (looked up when not given)."""
    if ticket is None:
        ticket = (
            Ticket.objects.select_related("queue", "window", "case")
            .filter(window=window, status__in=(TicketStatus.CALLED, TicketStatus.SERVING))
            .first()
        )
    return {"window": window_out(window), "ticket": ticket_out(ticket) if ticket else None}
