"""The hall manager's page: load tables, standby advice, opening and closing windows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onewindow.catalog.models import Window
from onewindow.hall import services

pytestmark = [pytest.mark.django_db, pytest.mark.urls("onewindow.hall.tests.urls_pages")]


def test_the_manager_sees_windows_queues_hours_and_advice(client, hall, hall_desk):
    services.ticket_issue(queue=hall["A"], actor=None)
    services.ticket_call_next(window=hall["windows"][0], actor=None)
    client.force_login(hall_desk["manager"])
    page = client.get("/hall/HALL/manager/").content.decode()
    for text in ("各窗口", "各队列", "分时段", "备岗建议", "1号窗口", "综合受理", "规则"):
        assert text in page


def test_an_old_day_can_be_picked_and_a_bad_one_means_today(client, hall, hall_desk):
    client.force_login(hall_desk["manager"])
    assert "2030年1月2日" in client.get("/hall/HALL/manager/?day=2030-01-02").content.decode()
    assert client.get("/hall/HALL/manager/?day=garbage").status_code == 200


def test_the_manager_opens_and_closes_a_window(client, hall, hall_desk):
    client.force_login(hall_desk["manager"])
    window = hall["windows"][1]
    client.post(f"/hall/HALL/manager/window/{window.pk}/close/")
    window.refresh_from_db()
    assert not window.is_open
    client.post(f"/hall/HALL/manager/window/{window.pk}/open/")
    window.refresh_from_db()
    assert window.is_open


def test_a_window_with_a_called_ticket_cannot_close(client, hall, hall_desk):
    services.ticket_issue(queue=hall["A"], actor=None)
    window = hall["windows"][0]
    services.ticket_call_next(window=window, actor=None)
    client.force_login(hall_desk["manager"])
    response = client.post(f"/hall/HALL/manager/window/{window.pk}/close/")
    assert response.status_code == 409
    window.refresh_from_db()
    assert window.is_open


def test_clerks_and_citizens_may_not_manage_the_hall(client, hall, hall_desk):
    window = hall["windows"][1]
    for who in ("clerk", "citizen"):
        client.force_login(hall_desk[who])
        assert client.get("/hall/HALL/manager/").status_code == 403
        assert client.post(f"/hall/HALL/manager/window/{window.pk}/close/").status_code == 403
    window.refresh_from_db()
    assert window.is_open


def _count(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/hall/HALL/manager/").status_code == 200
    return len(queries)


def test_the_page_costs_the_same_for_two_or_six_windows(client, hall, hall_desk):
    client.force_login(hall_desk["manager"])
    point = hall["point"]
    Window.objects.filter(pk=hall["windows"][2].pk).delete()
    for window in hall["windows"][:2]:
        services.ticket_issue(queue=hall["A"], actor=None)
        services.ticket_call_next(window=window, actor=None)
    _count(client)  # the first request of a session costs its own look-ups
    small = _count(client)
    for n in range(4, 8):
        window = Window.objects.create(
            service_point=point, number=str(n), name="综合", kind="COMPREHENSIVE"
        )
        hall["A"].windows.add(window)
        services.ticket_issue(queue=hall["A"], actor=None)
        services.ticket_call_next(window=window, actor=None)
        services.ticket_finish(window=window, actor=None)
    assert _count(client) == small
