"""The hall manager's page: window load of a day (忙闲不均), the standby advice, and the
switches that open a standby window (备岗) or close one."""

from datetime import date

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from onewindow.accounts.roles import Role
from onewindow.cases.views.common import role_required
from onewindow.catalog.models import ServicePoint, Window
from onewindow.lib.errors import DomainError

from ..selectors import (
    standby_advice,
    standby_close_minutes,
    standby_min_waiting,
    standby_open_minutes,
    window_load,
)
from ..services import window_set_open

HALL_MANAGERS = (Role.SUPERVISOR, Role.ADMIN)


def _day(raw: str | None) -> date:
    try:
        return date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        return timezone.localdate()


def _render(request, point, day, *, status=200):
    today = timezone.localdate()
    context = {
        "point": point,
        "day": day,
        "is_today": day == today,
        "today": today,
        "load": window_load(point, day),
        "advice": standby_advice(point),
        "thresholds": {
            "open": standby_open_minutes(),
            "least": standby_min_waiting(),
            "calm": standby_close_minutes(),
        },
        "nav": "hall_manager",
    }
    return render(request, "hall/manager.html", context, status=status)


@role_required(*HALL_MANAGERS)
def manager(request, point_code: str):
    point = get_object_or_404(ServicePoint, code=point_code)
    return _render(request, point, _day(request.GET.get("day")))


@require_POST
@role_required(*HALL_MANAGERS)
def window_toggle(request, point_code: str, window_id: int, action: str):
    point = get_object_or_404(ServicePoint, code=point_code)
    window = get_object_or_404(Window, pk=window_id, service_point=point)
    if action not in ("open", "close"):
        return redirect("hall:manager", point_code=point.code)
    try:
        window_set_open(window=window, is_open=action == "open", actor=request.user)
    except DomainError as exc:
        messages.error(request, f"{window}：{exc.message}")
        return _render(request, point, timezone.localdate(), status=exc.status)
    messages.success(request, f"{window} 已{'开放' if action == 'open' else '暂停'}")
    return redirect("hall:manager", point_code=point.code)
