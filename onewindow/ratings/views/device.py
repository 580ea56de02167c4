"""评价器: the tablet beside a window. Its waiting screen polls (HTMX) until the window
delivers a case, then shows the 一次一评 form with five big buttons; the form is a plain POST
that answers with the whole page (thanks, or the form again with the reason)."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from onewindow.lib.errors import DomainError

from .. import selectors, services
from ..models import RatingDevice
from .common import form_context, rating_input


def _device(token: str) -> RatingDevice:
    device = selectors.device_by_token(token)
    if device is None:
        raise Http404("评价器未登记或已停用")
    return device


def _context(device, **extra) -> dict:
    case = selectors.device_current_case(device)
    return {"device": device, "case": case, "form": form_context("ON_SITE"), **extra}


def device_page(request, token: str):
    device = _device(token)
    RatingDevice.objects.filter(pk=device.pk).update(last_seen_at=timezone.now())
    return render(request, "ratings/device.html", _context(device))


def device_panel(request, token: str):
    """The part the page polls: the waiting screen, or the form for the case just delivered."""
    device = _device(token)
    return render(request, "ratings/_device_panel.html", _context(device))


@require_POST
def device_rate(request, token: str):
    device = _device(token)
    number = request.POST.get("case", "")
    case_id = (
        selectors.Case.objects.filter(number=number, window_id=device.window_id)
        .values_list("pk", flat=True)
        .first()
    )
    try:
        if case_id is None:
            raise DomainError("未找到待评价的办件", code="case_not_found", status=404)
        rating = services.rating_submit(
            case_id=case_id,
            source="DEVICE",
            device=device,
            actor=None,
            **rating_input(request.POST, "ON_SITE"),
        )
    except DomainError as exc:
        context = _context(device, error=exc.message)
        return render(request, "ratings/device.html", context, status=exc.status)
    return render(request, "ratings/device.html", {"device": device, "thanks": rating})
