"""The caller's own window (StaffProfile.window): call the next ticket, recall, start,
no-show, transfer, finish; and the hall manager opening or closing any window."""

from onewindow.cases.models import Case
from onewindow.catalog.models import Window
from onewindow.lib.errors import NotFound

from .. import services
from ..models import Ticket
from .base import (
    ERR_NOT_MANAGER,
    ERR_WINDOW_NOT_FOUND,
    ERRORS,
    MANAGERS,
    own_window,
    queue_or_404,
    require_role,
    router,
    window_out,
    window_state,
)
from .schemas import FinishIn, TransferIn, WindowOut, WindowStateOut

RESPONSES = {200: WindowStateOut, **ERRORS}


def _shown(window: Window, ticket: Ticket | None) -> dict:
    """The window with the ticket just acted on, reloaded with what the API shows."""
    if ticket is not None:
        ticket = Ticket.objects.select_related("queue", "window", "case").get(pk=ticket.pk)
    return (
        window_state(window, ticket) if ticket else {"window": window_out(window), "ticket": None}
    )


@router.get("/window", response=RESPONSES, summary="本窗口当前状态")
def my_window(request):
    return window_state(own_window(request))


@router.post(
    "/window/call-next",
    response=RESPONSES,
    summary="叫下一个号",
    description="绿色通道优先，其次已签到的预约，再按取号先后。无人等待时 ticket 为空。",
)
def call_next(request):
    window = own_window(request)
    return _shown(window, services.ticket_call_next(window=window, actor=request.auth))


@router.post("/window/recall", response=RESPONSES, summary="重呼")
def recall(request):
    window = own_window(request)
    return _shown(window, services.ticket_recall(window=window, actor=request.auth))


@router.post(
    "/window/start", response=RESPONSES, summary="开始办理", description="申请人已到窗口。"
)
def start(request):
    window = own_window(request)
    return _shown(window, services.ticket_start(window=window, actor=request.auth))


@router.post("/window/no-show", response=RESPONSES, summary="过号")
def no_show(request):
    window = own_window(request)
    return _shown(window, services.ticket_no_show(window=window, actor=request.auth))


@router.post(
    "/window/transfer",
    response=RESPONSES,
    summary="转号",
    description="把本窗口的票转到本场所的另一队列；返回新票，原取号时间不变。",
)
def transfer(request, data: TransferIn):
    window = own_window(request)
    to_queue = queue_or_404(window.service_point_id, data.queue_letter)
    new = services.ticket_transfer(window=window, to_queue=to_queue, actor=request.auth)
    return _shown(window, new)


def _case(data: FinishIn) -> Case | None:
    if not data.case_number:
        return None
    case = Case.objects.filter(number=data.case_number).first()
    if case is None:
        raise NotFound("未找到该办件", code="case_not_found")
    return case


@router.post(
    "/window/finish",
    response=RESPONSES,
    summary="办结",
    description="结束本窗口的票，可关联本次受理的办件编号。",
)
def finish(request, data: FinishIn):
    window = own_window(request)
    ticket = services.ticket_finish(window=window, actor=request.auth, case=_case(data))
    return _shown(window, ticket)


@router.post(
    "/window/finish-and-call",
    response=RESPONSES,
    summary="办结并叫下一位",
    description="结束本窗口的票（如有，可关联办件编号）并叫下一个号，一步完成；"
    "返回新叫的号，无人等待时 ticket 为空。",
)
def finish_and_call(request, data: FinishIn):
    window = own_window(request)
    _, called = services.ticket_finish_and_call(window=window, actor=request.auth, case=_case(data))
    return _shown(window, called)


def _set_open(request, window_id: int, is_open: bool) -> dict:
    require_role(request.auth, MANAGERS, ERR_NOT_MANAGER)
    window = Window.objects.select_related("service_point").filter(pk=window_id).first()
    if window is None:
        raise NotFound(ERR_WINDOW_NOT_FOUND, code="window_not_found")
    services.window_set_open(window=window, is_open=is_open, actor=request.auth)
    window.is_open = is_open
    return window_out(window)


@router.post(
    "/windows/{int:window_id}/open",
    response={200: WindowOut, **ERRORS},
    summary="开放窗口",
    description="大厅管理人员开放窗口（如启用备岗窗口）。",
)
def open_window(request, window_id: int):
    return _set_open(request, window_id, True)


@router.post(
    "/windows/{int:window_id}/close",
    response={200: WindowOut, **ERRORS},
    summary="暂停窗口",
    description="窗口还有叫号中或办理中的票时不能暂停。",
)
def close_window(request, window_id: int):
    return _set_open(request, window_id, False)
