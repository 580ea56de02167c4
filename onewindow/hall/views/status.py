"""The ticket status page for a phone: place in line, estimated wait, status.

The URL carries a signature of the ticket id, so that nobody can walk through ticket ids
and see other people's tickets (with their phone numbers behind them)."""

from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare

from ..choices import TicketStatus
from ..models import Ticket
from ..selectors import ticket_position

SALT = "onewindow.hall.ticket"


def ticket_token(ticket_id: int) -> str:
    return signing.Signer(salt=SALT).signature(str(ticket_id))


def status_url(ticket: Ticket) -> str:
    return reverse("hall:ticket_status", args=[ticket.pk, ticket_token(ticket.pk)])


def ticket_status(request, ticket_id: int, token: str):
    if not constant_time_compare(token, ticket_token(ticket_id)):
        raise Http404("未找到该号")
    ticket = get_object_or_404(
        Ticket.objects.select_related("queue__service_point", "window"), pk=ticket_id
    )
    position = ticket_position(ticket)
    context = {
        "ticket": ticket,
        "position": position,
        "waiting": ticket.status == TicketStatus.WAITING,
        "at_window": ticket.status in (TicketStatus.CALLED, TicketStatus.SERVING),
        "moved_to": (
            Ticket.objects.filter(transferred_from=ticket).only("pk", "number").first()
            if ticket.status == TicketStatus.TRANSFERRED
            else None
        ),
    }
    if context["moved_to"] is not None:
        context["moved_url"] = status_url(context["moved_to"])
    return render(request, "hall/status.html", context)
