"""The window's calling panel, the kiosk, the web ticket and the phone status page."""

import pytest

from onewindow.hall import services
from onewindow.hall.choices import TicketSource, TicketStatus
from onewindow.hall.models import Ticket
from onewindow.hall.views.status import status_url

pytestmark = [pytest.mark.django_db, pytest.mark.urls("onewindow.hall.tests.urls_pages")]


def issue(queue, **kw):
    return services.ticket_issue(queue=queue, actor=None, **kw)


def test_the_kiosk_issues_a_ticket_and_shows_it_with_a_qr(client, hall):
    page = client.get("/hall/HALL/kiosk/").content.decode()
    assert "综合受理" in page and "绿色通道" in page and "老年人" in page
    response = client.post("/hall/HALL/kiosk/", {"queue": hall["A"].pk})
    ticket = Ticket.objects.get()
    assert (ticket.number, ticket.source) == ("A001", TicketSource.KIOSK)
    page = client.get(response["Location"]).content.decode()
    assert "A001" in page and "<svg" in page and "前面还有" in page


def test_the_kiosk_refuses_another_points_queue(client, hall):
    client.post("/hall/HALL/kiosk/", {"queue": 99999})
    assert not Ticket.objects.exists()


def test_a_web_ticket_needs_a_login_and_a_phone(client, hall, hall_desk):
    assert client.get("/hall/HALL/take/").status_code == 302
    client.force_login(hall_desk["citizen"])
    assert client.post("/hall/HALL/take/", {"queue": hall["A"].pk}).status_code == 422
    response = client.post("/hall/HALL/take/", {"queue": hall["A"].pk, "phone": "13912345678"})
    ticket = Ticket.objects.get()
    assert (ticket.source, ticket.phone) == (TicketSource.WEB, "13912345678")
    assert response["Location"] == status_url(ticket)


def test_the_status_page_needs_the_signed_link(client, hall):
    issue(hall["A"])
    ticket = issue(hall["A"])
    page = client.get(status_url(ticket)).content.decode()
    assert "A002" in page and "前面还有" in page and 'http-equiv="refresh"' in page
    assert client.get(f"/hall/ticket/{ticket.pk}/forged/").status_code == 404
    other = status_url(ticket).replace(f"/{ticket.pk}/", f"/{ticket.pk - 1}/")
    assert client.get(other).status_code == 404


def test_a_clerk_calls_starts_and_finishes_with_the_case(
    client, hall, hall_desk, django_user_model
):
    issue(hall["V"]), issue(hall["A"])
    client.force_login(hall_desk["clerk"])
    client.post("/hall/window/do/call/")
    page = client.get("/hall/window/").content.decode()
    assert "V001" in page and "绿色通道" in page and "/cases/workbench/" in page
    client.post("/hall/window/do/recall/")
    client.post("/hall/window/do/start/")
    assert Ticket.objects.get(number="V001").status == TicketStatus.SERVING
    assert client.post("/hall/window/do/finish/").status_code == 302
    assert Ticket.objects.get(number="V001").status == TicketStatus.DONE


def test_finishing_with_an_unknown_case_number_is_refused(client, hall, hall_desk):
    issue(hall["A"])
    client.force_login(hall_desk["clerk"])
    client.post("/hall/window/do/call/")
    response = client.post("/hall/window/do/finish/", {"case_number": "NO-SUCH"})
    assert response.status_code == 404 and "未找到办件编号" in response.content.decode()
    assert Ticket.objects.get().status == TicketStatus.CALLED


def test_a_busy_window_cannot_call_again(client, hall, hall_desk):
    issue(hall["A"]), issue(hall["A"])
    client.force_login(hall_desk["clerk"])
    client.post("/hall/window/do/call/")
    response = client.post("/hall/window/do/call/")
    assert response.status_code == 409 and "未办结的号" in response.content.decode()


def test_no_show_and_transfer(client, hall, hall_desk):
    issue(hall["A"]), issue(hall["A"])
    client.force_login(hall_desk["clerk"])
    client.post("/hall/window/do/call/")
    client.post("/hall/window/do/no_show/")
    client.post("/hall/window/do/call/")
    client.post("/hall/window/do/transfer/", {"queue": hall["B"].pk})
    assert Ticket.objects.get(number="A001").status == TicketStatus.NO_SHOW
    assert Ticket.objects.get(number="A002").status == TicketStatus.TRANSFERRED
    assert Ticket.objects.get(number="B001").status == TicketStatus.WAITING


def test_the_window_page_is_for_clerks_with_a_window(client, hall, hall_desk):
    assert client.get("/hall/window/").status_code == 302
    client.force_login(hall_desk["citizen"])
    assert client.get("/hall/window/").status_code == 403
    client.force_login(hall_desk["manager"])
    assert client.get("/hall/window/").status_code == 403


def test_the_window_page_counts_each_waiting_ticket_once(client, hall, hall_desk):
    # Queue A is called by two windows; a join on them once doubled the count.
    issue(hall["A"])
    client.force_login(hall_desk["clerk"])
    page = client.get("/hall/window/").content.decode()
    assert "综合受理<strong>1</strong>" in page
