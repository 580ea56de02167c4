"""The hall in the admin: every changelist renders; records of what happened are read-only."""

import pytest
from django.urls import reverse
from django.utils import timezone

from onewindow.hall import services
from onewindow.hall.models import Appointment, AppointmentSlot, Ticket

MODELS = ["queue", "ticket", "ticketcounter", "appointmentslot", "appointment", "prereview"]


@pytest.fixture
def admin_client(client, django_user_model, hall):
    user = django_user_model.objects.create_superuser("root", "root@example.com", "pw-123456")
    client.force_login(user)
    services.ticket_issue(queue=hall["A"], actor=user)
    services.ticket_call_next(window=hall["windows"][0], actor=user)
    now = timezone.now()
    slot = AppointmentSlot.objects.create(
        queue=hall["A"], starts_at=now, ends_at=now + timezone.timedelta(minutes=30), capacity=4
    )
    Appointment.objects.create(slot=slot, code="AB12CD34", name="张三", phone="13800000000")
    return client


@pytest.mark.parametrize("model", MODELS)
def test_changelists_render(admin_client, model):
    url = reverse(f"admin:hall_{model}_changelist")
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "A"}).status_code == 200


def test_queue_change_page_has_the_window_picker(admin_client, hall):
    page = admin_client.get(reverse("admin:hall_queue_change", args=[hall["A"].pk]))
    assert page.status_code == 200
    assert "叫号窗口" in page.content.decode() and "selectfilter" in page.content.decode()


@pytest.mark.parametrize("model", ["ticket", "ticketcounter", "appointment", "prereview"])
def test_records_cannot_be_added(admin_client, model):
    assert admin_client.get(reverse(f"admin:hall_{model}_add")).status_code == 403


def test_ticket_admin_is_read_only(admin_client):
    ticket = Ticket.objects.get()
    url = reverse("admin:hall_ticket_change", args=[ticket.pk])
    page = admin_client.get(url)
    assert page.status_code == 200 and 'type="submit"' not in page.content.decode().split(
        'id="content-main"'
    )[-1].split("</form>")[0].replace('type="submit" value="搜索"', "")
    admin_client.post(url, {"status": "DONE"})
    assert Ticket.objects.get().status == "CALLED"
    delete = reverse("admin:hall_ticket_delete", args=[ticket.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Ticket.objects.exists()
