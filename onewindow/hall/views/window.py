"""The window's calling panel: call, recall, start, no-show, transfer and finish — linking
the case the clerk accepted on the workbench for this person."""

from datetime import timedelta

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from onewindow.accounts.roles import Role
from onewindow.cases.models import Case
from onewindow.cases.views.common import forbidden, role_required, staff_profile
from onewindow.lib.errors import DomainError, InvalidInput, NotFound

from .. import services
from ..choices import OPEN_AT_WINDOW, TicketStatus
from ..models import Queue, Ticket

WINDOW_DESK = (Role.CLERK, Role.ADMIN)
# Cases offered for linking at 办结: what this clerk submitted lately, newest first.
RECENT_CASES = timedelta(hours=4)
RECENT_CASES_SHOWN = 20
DONE_MESSAGES = {
    "call": "已叫号 {number}",
    "recall": "已重呼 {number}",
    "start": "{number} 开始办理",
    "no_show": "{number} 已过号",
    "finish": "{number} 已办结",
    "finish_call": "已办结，叫号 {number}",
    "transfer": "已转移，新号 {number}",
}


def _window(request):
    profile = staff_profile(request.user)
    return getattr(profile, "window", None)


def _context(request, window) -> dict:
    today = timezone.localdate()
    current = (
        Ticket.objects.select_related("queue", "pre_review__matter", "appointment", "case")
        .filter(window=window, status__in=OPEN_AT_WINDOW)
        .first()
    )
    queues = list(
        Queue.objects.filter(service_point=window.service_point, is_active=True)
        .annotate(
            # distinct: the windows join below would otherwise count each ticket once per window
            waiting=Count(
                "tickets",
                filter=Q(tickets__day=today, tickets__status=TicketStatus.WAITING),
                distinct=True,
            ),
            mine=Count("windows", filter=Q(windows=window), distinct=True),
        )
        .order_by("order", "letter")
    )
    recent_cases = list(
        Case.objects.filter(
            submitted_by=request.user, submitted_at__gte=timezone.now() - RECENT_CASES
        )
        .select_related("matter", "bundle", "applicant")
        .order_by("-submitted_at")[:RECENT_CASES_SHOWN]
    )
    handled_today = Ticket.objects.filter(
        window=window, day=today, status=TicketStatus.DONE
    ).count()
    return {
        "window": window,
        "current": current,
        "my_queues": [q for q in queues if q.mine],
        "other_queues": [
            q for q in queues if not q.mine and q.pk != getattr(current, "queue_id", 0)
        ],
        "recent_cases": recent_cases,
        "handled_today": handled_today,
        "nav": "hall_window",
    }


@role_required(*WINDOW_DESK)
def window_page(request, *, status: int = 200):
    window = _window(request)
    if window is None:
        return forbidden(request, "您的账号没有设置所在窗口，请联系系统管理员。")
    return render(request, "hall/window.html", _context(request, window), status=status)


def _case_to_link(request, window):
    """The case chosen at 办结: from the select, or typed as a case number; none is fine."""
    number = (request.POST.get("case_number") or request.POST.get("case") or "").strip()
    if not number:
        return None
    case = Case.objects.filter(number=number).first()
    if case is None:
        raise NotFound(f"未找到办件编号 {number}", code="case_not_found")
    if case.service_point_id not in (None, window.service_point_id):
        raise InvalidInput("只能关联本场所受理的办件", code="case_other_point")
    return case


@require_POST
@role_required(*WINDOW_DESK)
def window_action(request, action: str):
    window = _window(request)
    if window is None:
        return forbidden(request, "您的账号没有设置所在窗口，请联系系统管理员。")
    user = request.user
    try:
        if action == "call":
            ticket = services.ticket_call_next(window=window, actor=user)
            if ticket is None:
                messages.info(request, "当前没有等候的号")
                return redirect("hall:window")
        elif action == "recall":
            ticket = services.ticket_recall(window=window, actor=user)
        elif action == "start":
            ticket = services.ticket_start(window=window, actor=user)
        elif action == "no_show":
            ticket = services.ticket_no_show(window=window, actor=user)
        elif action == "transfer":
            to = request.POST.get("queue", "")
            queue = Queue.objects.filter(pk=int(to)).first() if to.isdigit() else None
            if queue is None:
                raise InvalidInput("请选择要转往的队列", code="transfer_queue_missing")
            ticket = services.ticket_transfer(window=window, to_queue=queue, actor=user)
        elif action == "finish":
            case = _case_to_link(request, window)
            ticket = services.ticket_finish(window=window, actor=user, case=case)
        elif action == "finish_call":
            case = _case_to_link(request, window)
            finished, ticket = services.ticket_finish_and_call(window=window, actor=user, case=case)
            if ticket is None:
                if finished is not None:
                    messages.success(
                        request, DONE_MESSAGES["finish"].format(number=finished.number)
                    )
                messages.info(request, "当前没有等候的号")
                return redirect("hall:window")
        else:
            raise NotFound("未知操作", code="unknown_action")
    except DomainError as exc:
        # The page again, with the reason and the status an API would answer (409 …).
        messages.error(request, exc.message)
        return window_page.__wrapped__(request, status=exc.status)
    messages.success(request, DONE_MESSAGES[action].format(number=ticket.number))
    return redirect("hall:window")
