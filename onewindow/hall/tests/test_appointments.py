"""Appointments (预约): slots, booking without overbooking, check-in, no-shows, and pages."""

from datetime import date, time

import pytest
import time_machine
from django.db import connection

from onewindow.audit.models import AuditEvent
from onewindow.hall import appointments as svc
from onewindow.hall import services
from onewindow.hall.choices import AppointmentStatus, Rank, TicketSource
from onewindow.hall.models import Appointment, AppointmentSlot, Ticket
from onewindow.hall.selectors_prereview import slots_open
from onewindow.lib.errors import Conflict, InvalidInput, NotFound
from onewindow.lib.testing import at_once

MONDAY = date(2030, 1, 7)


def at(hhmm: str, day: str = "2030-01-07"):
    return time_machine.travel(f"{day} {hhmm} +0800", tick=False)


@pytest.fixture
def slots(hall):
    with at("08:00"):
        return svc.slot_generate(queue=hall["A"], day=MONDAY, start=time(9), end=time(12),
                                 minutes=30, capacity=2, actor=None)  # fmt: skip


def book(slot, phone="13800000001", **kw):
    kw.setdefault("name", "张三")
    return svc.appointment_book(slot=slot, phone=phone, actor=None, **kw)


@pytest.mark.django_db
def test_slots_cover_a_working_day_and_none_on_a_weekend(hall, slots):
    assert [s.starts_at.strftime("%H:%M") for s in slots] == [
        "09:00", "09:30", "10:00", "10:30", "11:00", "11:30"
    ]  # fmt: skip
    assert svc.slot_generate(queue=hall["A"], day=date(2030, 1, 5), start=time(9), end=time(12),
                             minutes=30, capacity=2, actor=None) == []  # fmt: skip
    again = svc.slot_generate(queue=hall["A"], day=MONDAY, start=time(9), end=time(12),
                              minutes=30, capacity=5, actor=None)  # fmt: skip
    assert again == [] and AppointmentSlot.objects.count() == 6
    with pytest.raises(InvalidInput):
        svc.slot_generate(queue=hall["A"], day=MONDAY, start=time(12), end=time(9),
                          minutes=30, capacity=2, actor=None)  # fmt: skip


@pytest.mark.django_db
def test_booking_takes_a_place_and_gives_a_readable_code(hall, slots):
    with at("08:00"):
        appointment = book(slots[0])
        assert len(appointment.code) == 6 and appointment.code.isalnum()
        assert not set(appointment.code) & set("0O1IL")
        slots[0].refresh_from_db()
        assert slots[0].booked == 1
        assert [s.places_left for s in slots_open(queue=hall["A"], day=MONDAY)][:2] == [1, 2]
    assert AuditEvent.objects.filter(action="appointment.book").count() == 1


@pytest.mark.django_db
def test_a_full_slot_refuses_and_one_phone_books_a_slot_once(hall, slots):
    with at("08:00"):
        book(slots[0], phone="13800000001")
        with pytest.raises(Conflict) as err:
            book(slots[0], phone="13800000001")
        assert err.value.code == "appointment_duplicate"
        book(slots[0], phone="13800000002")
        with pytest.raises(Conflict) as err:
            book(slots[0], phone="13800000003")
        assert err.value.code == "slot_full"
    slots[0].refresh_from_db()
    assert slots[0].booked == 2 and Appointment.objects.count() == 2


@pytest.mark.django_db
def test_bad_input_and_past_slots_are_refused(hall, slots):
    with at("08:00"):
        with pytest.raises(InvalidInput):
            book(slots[0], phone="12345")
        with pytest.raises(InvalidInput):
            book(slots[0], name=" ")
    with at("09:10"), pytest.raises(Conflict):
        book(slots[0])
    assert Appointment.objects.count() == 0


@pytest.mark.django_db
def test_cancelling_gives_the_place_back(hall, slots):
    with at("08:00"):
        appointment = book(slots[0])
        svc.appointment_cancel(code=appointment.code.lower(), actor=None)
        slots[0].refresh_from_db()
        assert slots[0].booked == 0
        with pytest.raises(Conflict):
            svc.appointment_cancel(code=appointment.code, actor=None)
        book(slots[0])  # the same phone may book again


@pytest.mark.django_db
def test_check_in_opens_30_minutes_before_and_closes_at_the_end(hall, slots):
    slot = slots[2]  # 10:00-10:30
    with at("08:00"):
        appointment = book(slot)
    with at("09:29"), pytest.raises(Conflict) as err:
        svc.appointment_check_in(code=appointment.code, actor=None)
    assert err.value.code == "checkin_too_early" and "09:30" in err.value.message
    with at("10:31"), pytest.raises(Conflict) as err:
        svc.appointment_check_in(code=appointment.code, actor=None)
    assert err.value.code == "checkin_too_late"
    with at("09:30"):
        ticket = svc.appointment_check_in(code=appointment.code, actor=None)
    assert ticket.rank == Rank.APPOINTMENT and ticket.source == TicketSource.APPOINTMENT
    assert ticket.appointment == appointment and ticket.queue == hall["A"]
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CHECKED_IN
    with at("09:40"), pytest.raises(Conflict):
        svc.appointment_check_in(code=appointment.code, actor=None)


@pytest.mark.django_db
def test_the_early_check_in_window_is_configurable(hall, slots, settings):
    settings.HALL_CHECKIN_EARLY_MINUTES = 60
    with at("08:00"):
        appointment = book(slots[2])
    with at("09:05"):
        assert svc.appointment_check_in(code=appointment.code, actor=None).number == "A001"


@pytest.mark.django_db
def test_check_in_needs_a_known_code_at_the_right_place(hall, slots):
    from onewindow.catalog.models import ServicePoint

    other = ServicePoint.objects.create(code="TOWN", name="镇便民服务中心", kind="TOWN_CENTER",
                                        region=hall["point"].region)  # fmt: skip
    with at("08:00"):
        appointment = book(slots[0])
    with at("09:00"):
        with pytest.raises(NotFound):
            svc.appointment_check_in(code="ZZZZZZ", actor=None)
        with pytest.raises(Conflict):
            svc.appointment_check_in(code=appointment.code, actor=None, service_point=other)
    assert Ticket.objects.count() == 0


@pytest.mark.django_db
def test_the_checked_in_appointment_is_called_before_earlier_walk_ins(hall, slots):
    with at("08:00"):
        appointment = book(slots[0])
    with at("08:50"):
        walk_ins = [services.ticket_issue(queue=hall["A"], actor=None) for _ in range(2)]
    with at("08:55"):
        ticket = svc.appointment_check_in(code=appointment.code, actor=None)
    with at("09:00"):
        window = hall["windows"][0]
        called = []
        for _ in range(3):
            called.append(services.ticket_call_next(window=window, actor=None).number)
            services.ticket_finish(window=window, actor=None)
    assert called == [ticket.number, walk_ins[0].number, walk_ins[1].number]


@pytest.mark.django_db
def test_bookings_not_checked_in_by_the_end_of_their_slot_are_no_shows(hall, slots):
    with at("08:00"):
        missed, kept, later = book(slots[0]), book(slots[0], phone="13800000002"), book(slots[3])
    with at("09:10"):
        svc.appointment_check_in(code=kept.code, actor=None)
    with at("09:30"):
        assert svc.appointments_mark_no_shows() == 0  # check-in is still open at the end
    with at("09:31"):
        assert svc.appointments_mark_no_shows() == 1
        assert svc.appointments_mark_no_shows() == 0
    statuses = dict(Appointment.objects.values_list("code", "status"))
    assert statuses == {missed.code: "NO_SHOW", kept.code: "CHECKED_IN", later.code: "BOOKED"}
    assert AuditEvent.objects.filter(action="appointment.no_show").count() == 1


@pytest.mark.django_db
def test_the_periodic_task_marks_no_shows(hall, slots):
    from onewindow.hall.tasks import mark_appointment_no_shows

    with at("08:00"):
        book(slots[0])
    with at("13:00"):
        assert mark_appointment_no_shows.call_local() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_twenty_people_booking_five_places_at_once_get_five_bookings(hall):
    slot = AppointmentSlot.objects.create(
        queue=hall["A"], starts_at="2099-01-05 09:00+08:00", ends_at="2099-01-05 09:30+08:00",
        capacity=5,
    )  # fmt: skip
    booked, full = at_once(20, lambda i: book(slot, phone=f"1380000{i:04d}"), expected=(Conflict,))
    outcomes = ["booked"] * len(booked) + [exc.code for exc in full]
    assert sorted(outcomes) == ["booked"] * 5 + ["slot_full"] * 15
    slot.refresh_from_db()
    assert slot.booked == 5 and Appointment.objects.filter(slot=slot).count() == 5


# Pages

PAGES = pytest.mark.urls("onewindow.hall.tests.urls_public_test")


@PAGES
@pytest.mark.django_db
def test_booking_on_the_web_step_by_step(client, hall, slots, hall_matters, hall_people):
    from django.urls import reverse

    url = reverse("hall:appointment_book")
    with at("08:00"):
        client.force_login(hall_people["citizen"])
        assert "区政务服务中心" in client.get(url).content.decode()
        step = {"point": hall["point"].pk, "queue": hall["A"].pk, "day": "2030-01-07"}
        page = client.get(url, step)
        assert "09:00-09:30（余2个）" in page.content.decode()
        query = "?point={point}&queue={queue}&day={day}".format(**step)
        response = client.post(url + query, {"slot": slots[0].pk, "name": "张三",
                                             "phone": "13800000001", "matter": hall_matters["other"].pk})  # fmt: skip
        assert response.status_code == 302
        appointment = Appointment.objects.get()
        assert appointment.user == hall_people["citizen"]
        confirmation = client.get(response["Location"]).content.decode()
        assert appointment.code in confirmation and "租赁合同" in confirmation
        assert "13800000001" not in confirmation  # masked
        mine = client.get(reverse("hall:appointment_mine")).content.decode()
        assert appointment.code in mine
        client.post(reverse("hall:appointment_cancel", args=[appointment.code]))
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED


@PAGES
@pytest.mark.django_db
def test_bad_booking_input_gives_form_errors_and_writes_nothing(client, hall, slots):
    from django.urls import reverse

    url = (
        reverse("hall:appointment_book")
        + f"?point={hall['point'].pk}&queue={hall['A'].pk}&day=2030-01-07"
    )
    with at("08:00"):
        response = client.post(url, {"slot": slots[0].pk, "name": "", "phone": "123"})
    assert response.status_code == 422
    body = response.content.decode()
    assert "请填写正确的11位手机号码" in body
    assert Appointment.objects.count() == 0
    slots[0].refresh_from_db()
    assert slots[0].booked == 0


@PAGES
@pytest.mark.django_db
def test_others_cannot_cancel_a_booking_without_its_phone(client, hall, slots, hall_people):
    from django.urls import reverse

    with at("08:00"):
        appointment = book(slots[0], user=hall_people["citizen"])
        client.force_login(hall_people["other_citizen"])
        client.post(
            reverse("hall:appointment_cancel", args=[appointment.code]), {"phone": "13900000000"}
        )
        appointment.refresh_from_db()
        assert appointment.status == AppointmentStatus.BOOKED
        client.post(
            reverse("hall:appointment_cancel", args=[appointment.code]), {"phone": "13800000001"}
        )
        appointment.refresh_from_db()
        assert appointment.status == AppointmentStatus.CANCELLED


@PAGES
@pytest.mark.django_db
def test_my_appointments_needs_a_login(client, hall):
    from django.urls import reverse

    assert client.get(reverse("hall:appointment_mine")).status_code == 302


@PAGES
@pytest.mark.django_db
def test_the_kiosk_checks_in_by_code_or_phone(client, hall, slots):
    from django.urls import reverse

    url = reverse("hall:appointment_check_in", args=[hall["point"].code])
    with at("08:00"):
        by_code, by_phone = book(slots[0]), book(slots[0], phone="13800000002")
    with at("08:40"):
        assert client.get(url).status_code == 200
        page = client.post(url, {"code_or_phone": by_code.code.lower()})
        assert page.status_code == 200 and "A001" in page.content.decode()
        page = client.post(url, {"code_or_phone": "13800000002"})
        assert "A002" in page.content.decode() and "请留意叫号屏" in page.content.decode()
        again = client.post(url, {"code_or_phone": by_code.code})
        assert again.status_code == 422 and "已签到" in again.content.decode()
        unknown = client.post(url, {"code_or_phone": "13800009999"})
        assert unknown.status_code == 422
    assert Ticket.objects.filter(rank=Rank.APPOINTMENT).count() == 2
    by_phone.refresh_from_db()
    assert by_phone.status == AppointmentStatus.CHECKED_IN
