"""The display board and its JSON feed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onewindow.catalog.models import Window
from onewindow.hall import services

pytestmark = [pytest.mark.django_db, pytest.mark.urls("onewindow.hall.tests.urls_pages")]


def test_the_board_page_renders_the_current_state(client, hall):
    services.ticket_issue(queue=hall["A"], actor=None)
    services.ticket_call_next(window=hall["windows"][0], actor=None)
    page = client.get("/hall/HALL/board/").content.decode()
    assert "A001" in page and "board.js" in page and "语音播报" in page


def test_board_json_is_never_cached(client, hall):
    response = client.get("/hall/HALL/board.json")
    assert "no-store" in response["Cache-Control"]
    assert response.json() == {
        "calls": [],
        "queues": [
            {"letter": "V", "name": "绿色通道", "waiting": 0},
            {"letter": "A", "name": "综合受理", "waiting": 0},
            {"letter": "B", "name": "不动产登记", "waiting": 0},
        ],
    }


def test_board_json_shows_a_call_with_its_window(client, hall):
    services.ticket_issue(queue=hall["B"], actor=None)
    services.ticket_call_next(window=hall["windows"][2], actor=None)
    call = client.get("/hall/HALL/board.json").json()["calls"][0]
    assert (call["number"], call["window"], call["open"]) == ("B001", "3", True)


def test_an_unknown_point_has_no_board(client, hall):
    assert client.get("/hall/NOPE/board.json").status_code == 404


def _count(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/hall/HALL/board.json").status_code == 200
    return len(queries)


def test_board_json_costs_the_same_for_two_or_six_windows_and_tickets(client, hall):
    point = hall["point"]
    for window in hall["windows"][:2]:
        services.ticket_issue(queue=hall["A"], actor=None)
        services.ticket_call_next(window=window, actor=None)
    small = _count(client)
    for n in range(4, 7):
        window = Window.objects.create(
            service_point=point, number=str(n), name="综合", kind="COMPREHENSIVE"
        )
        hall["A"].windows.add(window)
        services.ticket_issue(queue=hall["A"], actor=None)
        services.ticket_call_next(window=window, actor=None)
    services.ticket_issue(queue=hall["B"], actor=None)
    assert _count(client) == small == 3  # the point, the calls, the waiting counts
