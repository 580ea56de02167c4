"""Taking a ticket: the kiosk in the hall (public, touch screen) and the web (signed in)."""

from django.contrib import messages
from django.core import signing
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from onewindow.cases.views.common import login_only
from onewindow.catalog.models import ServicePoint
from onewindow.lib.errors import DomainError
from onewindow.lib.qr import qr_svg

from ..choices import QueueKind, TicketSource
from ..models import Queue, Ticket
from ..selectors import ticket_position
from ..services import ticket_issue
from .status import status_url

SALT = "onewindow.hall.kiosk"
# How long the kiosk shows a ticket before it clears itself for the next person.
KIOSK_SHOW_SECONDS = 20
PRIORITY_NOTE = "老年人、残疾人、孕妇、现役军人及军属、怀抱婴儿者等可走绿色通道，优先叫号"


def _point(point_code: str) -> ServicePoint:
    return get_object_or_404(ServicePoint, code=point_code, is_active=True)


def _queues(point):
    queues = list(Queue.objects.filter(service_point=point, is_active=True).order_by("order"))
    regular = [q for q in queues if q.kind != QueueKind.PRIORITY]
    priority = [q for q in queues if q.kind == QueueKind.PRIORITY]
    return regular, priority


def _ticket_context(request, ticket: Ticket) -> dict:
    url = request.build_absolute_uri(status_url(ticket))
    return {
        "ticket": ticket,
        "position": ticket_position(ticket),
        "status_url": url,
        "qr": qr_svg(url, scale=5),
    }


def kiosk(request, point_code: str):
    point = _point(point_code)
    if request.method == "POST":
        queue_id = request.POST.get("queue", "")
        queue = (
            Queue.objects.filter(service_point=point, pk=int(queue_id)).first()
            if queue_id.isdigit()
            else None
        )
        if queue is None:
            messages.error(request, "请选择要办理的业务")
            return redirect("hall:kiosk", point_code=point.code)
        try:
            ticket = ticket_issue(queue=queue, actor=None, source=TicketSource.KIOSK)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("hall:kiosk", point_code=point.code)
        # Post/redirect/get; the signed id keeps a reload from showing someone else's ticket.
        shown = signing.dumps(ticket.pk, salt=SALT)
        return redirect(f"{reverse('hall:kiosk', args=[point.code])}?t={shown}")
    context = {"point": point, "priority_note": PRIORITY_NOTE, "show_seconds": KIOSK_SHOW_SECONDS}
    context["regular"], context["priority"] = _queues(point)
    if request.GET.get("t"):
        try:
            ticket_id = signing.loads(request.GET["t"], salt=SALT, max_age=600)
        except signing.BadSignature:
            return redirect("hall:kiosk", point_code=point.code)
        ticket = Ticket.objects.select_related("queue").filter(pk=ticket_id).first()
        if ticket is not None:
            context.update(_ticket_context(request, ticket))
    return render(request, "hall/kiosk.html", context)


@login_only
def take(request, point_code: str):
    """Taking a number on the web before coming: it joins the line at the moment it is
    taken, like a kiosk ticket."""
    point = _point(point_code)
    regular, _priority = _queues(point)
    error, status = "", 200
    if request.method == "POST":
        queue = next((q for q in regular if str(q.pk) == request.POST.get("queue")), None)
        phone = request.POST.get("phone", "").strip()
        if queue is None:
            error, status = "请选择要办理的业务", 422
        elif not (phone.isdigit() and len(phone) == 11):
            error, status = "请填写11位手机号码，叫号前后会用它联系您", 422
        else:
            try:
                ticket = ticket_issue(queue=queue, actor=request.user, source=TicketSource.WEB,
                                      phone=phone)  # fmt: skip
            except DomainError as exc:
                error, status = exc.message, exc.status
            else:
                return redirect(status_url(ticket))
    context = {"point": point, "queues": regular, "error": error, "form": request.POST}
    return render(request, "hall/take.html", context, status=status)
