"""The hall's display board: a full-screen page that polls a small JSON endpoint every
second. Polling, not server-sent events: it passes any proxy and holds no worker open."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from onewindow.catalog.models import ServicePoint

from ..selectors import board_state

POLL_MS = 1000


def board(request, point_code: str):
    point = get_object_or_404(ServicePoint, code=point_code, is_active=True)
    context = {"point": point, "state": board_state(point), "poll_ms": POLL_MS}
    return render(request, "hall/board.html", context)


@never_cache
def board_json(request, point_code: str):
    # The point by code inside the selector's filters would save a query but 404 nothing;
    # one indexed look-up on a unique code is cheap.
    point = get_object_or_404(ServicePoint.objects.only("pk"), code=point_code, is_active=True)
    response = JsonResponse(board_state(point))
    response["Cache-Control"] = "no-store"
    return response
