"""The appointment endpoints of the hall API: open slots, booking (public), looking up and
cancelling with the phone or as the owner, check-in at the hall with a clerk's token, and
the caller's own bookings."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from onewindow.accounts.models import StaffProfile
from onewindow.accounts.roles import Role
from onewindow.catalog.models import ServicePoint
from onewindow.hall.choices import AppointmentStatus, TicketSource
from onewindow.hall.models import Appointment, AppointmentSlot, Ticket
from onewindow.hall.tests.test_api import Api

pytestmark = pytest.mark.urls("onewindow.hall.tests.urls_api")

PHONE = "13800138000"


@pytest.fixture
def api(client):
    return Api(client)


@pytest.fixture
def admin(hall, django_user_model):
    user = django_user_model.objects.create_user("halladmin", password="pw-123456")
    user.groups.add(Group.objects.get_or_create(name=Role.ADMIN)[0])
    return user


@pytest.fixture
def town_clerk(hall, django_user_model):
    town = ServicePoint.objects.create(
        code="TOWN", name="龙溪街道便民服务中心", kind="TOWN_CENTER", region=hall["point"].region
    )
    user = django_user_model.objects.create_user("townclerk", password="pw-123456")
    user.groups.add(Group.objects.get_or_create(name=Role.CLERK)[0])
    StaffProfile.objects.create(
        user=user, full_name="townclerk", employee_number="townclerk", service_point=town
    )
    return user


def slot(queue, *, in_hours=48.0, minutes=30, capacity=3, booked=0):
    start = timezone.now() + timedelta(hours=in_hours)
    return AppointmentSlot.objects.create(
        queue=queue,
        starts_at=start,
        ends_at=start + timedelta(minutes=minutes),
        capacity=capacity,
        booked=booked,
    )


def book(api, slot_id, phone=PHONE, user=None, expect=201, **extra):
    body = {"slot_id": slot_id, "name": "张三", "phone": phone, **extra}
    return api.post("/appointments", body, user, expect)


def move(appointment_code, *, start_in_minutes, minutes=30):
    """Moves the booking's slot in time, as if the clock had moved to it."""
    start = timezone.now() + timedelta(minutes=start_in_minutes)
    AppointmentSlot.objects.filter(appointments__code=appointment_code).update(
        starts_at=start, ends_at=start + timedelta(minutes=minutes)
    )


# ---- slots ----------------------------------------------------------------------------------


def test_slots_list_only_open_slots_with_places_left(api, hall):
    a = hall["A"]
    later = slot(a, in_hours=50, booked=1)
    sooner = slot(a, in_hours=49)
    slot(a, in_hours=51, capacity=2, booked=2)  # full
    slot(a, in_hours=-1)  # started
    slot(hall["B"], in_hours=49)  # another queue
    body = api.get("/points/HALL/slots", queue_letter="a")
    assert body["count"] == 2
    assert [s["id"] for s in body["items"]] == [sooner.pk, later.pk]
    assert body["items"][1]["places_left"] == 2
    assert body["items"][0]["queue_name"] == "综合受理"
    # Filtered by day: a day without slots lists none.
    far = (timezone.localdate() + timedelta(days=30)).isoformat()
    assert api.get("/points/HALL/slots", queue_letter="A", day=far)["count"] == 0
    day = timezone.localtime(sooner.starts_at).date().isoformat()
    assert sooner.pk in [
        s["id"] for s in api.get("/points/HALL/slots", queue_letter="A", day=day)["items"]
    ]


def test_slots_refusals(api, hall):
    assert api.get("/points/NOPE/slots", None, 404, queue_letter="A")["code"] == (
        "service_point_not_found"
    )
    assert api.get("/points/HALL/slots", None, 404, queue_letter="Z")["code"] == "queue_not_found"
    assert api.get("/points/HALL/slots", None, 422)["code"] == "invalid_input"
    bad_day = api.get("/points/HALL/slots", None, 422, queue_letter="A", day="tomorrow")
    assert bad_day["message"] == "请求数据格式不正确"
    assert api.get("/points/HALL/slots", None, 422, queue_letter="A", page=0)["code"] == (
        "invalid_input"
    )


def test_slots_query_count_is_fixed(api, hall):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            body = api.get("/points/HALL/slots", queue_letter="A")
        return len(ctx), body["count"]

    for hours in (30, 31):
        slot(hall["A"], in_hours=hours)
    few, count = queries()
    assert count == 2
    for hours in (32, 33, 34, 35):
        slot(hall["A"], in_hours=hours, booked=1)
    assert queries() == (few, 6)


# ---- booking and looking up ---------------------------------------------------------------------


def test_book_anonymously_then_look_up_with_the_phone(api, hall, hall_matters):
    s = slot(hall["B"])
    body = book(api, s.pk, matter_code="BDC-001")
    assert body["status"] == AppointmentStatus.BOOKED
    assert (body["queue_letter"], body["service_point_code"]) == ("B", "HALL")
    assert body["matter_name"] == "不动产转移登记"
    code = body["code"]
    appointment = Appointment.objects.get(code=code)
    assert appointment.user is None and appointment.phone == PHONE
    s.refresh_from_db()
    assert s.booked == 1

    found = api.get(f"/appointments/{code.lower()}", phone=PHONE)
    assert found["code"] == code and found["status_label"] == "已预约"
    # Without the phone, with another phone, or an unknown code: the same 404.
    for path, params in (
        (f"/appointments/{code}", {}),
        (f"/appointments/{code}", {"phone": "13900139000"}),
        ("/appointments/NOSUCH", {"phone": PHONE}),
    ):
        refused = api.get(path, None, 404, **params)
        assert refused == {
            "code": "appointment_not_found",
            "message": "未找到该预约，请核对预约码",
            "details": None,
        }


def test_book_logged_in_links_the_user_and_lists_it(api, hall, hall_people):
    citizen = hall_people["citizen"]
    code = book(api, slot(hall["A"]).pk, user=citizen)["code"]
    assert Appointment.objects.get(code=code).user == citizen
    mine = api.get("/me/appointments", citizen)
    assert mine["count"] == 1 and mine["items"][0]["code"] == code
    assert api.get("/me/appointments", hall_people["other_citizen"])["count"] == 0
    assert api.get("/me/appointments", None, 401)["code"] == "unauthenticated"


def test_booking_a_full_slot_is_refused(api, hall):
    s = slot(hall["A"], capacity=1)
    book(api, s.pk)
    full = book(api, s.pk, phone="13900139000", expect=409)
    assert full["code"] == "slot_full" and "已约满" in full["message"]
    s.refresh_from_db()
    assert s.booked == 1


def test_booking_twice_with_one_phone_is_refused(api, hall):
    s = slot(hall["A"])
    book(api, s.pk)
    assert book(api, s.pk, expect=409)["code"] == "appointment_duplicate"


def test_booking_refusals_never_500(api, hall, hall_matters):
    s = slot(hall["A"])
    assert book(api, 999_999, expect=404)["code"] == "slot_not_found"
    assert book(api, 2**40, expect=422)["code"] == "invalid_input"
    assert book(api, "abc", expect=422)["code"] == "invalid_input"
    assert book(api, s.pk, phone="12345", expect=422)["code"] == "appointment_phone_invalid"
    assert book(api, s.pk, matter_code="NOPE", expect=404)["code"] == "matter_not_found"
    no_name = api.post("/appointments", {"slot_id": s.pk, "name": " ", "phone": PHONE}, None, 422)
    assert no_name["code"] == "appointment_name_required"
    assert api.post("/appointments", {"slot_id": s.pk}, None, 422)["code"] == "invalid_input"
    started = slot(hall["A"], in_hours=-0.1)
    assert book(api, started.pk, expect=409)["code"] == "slot_past"
    response = api.client.post(
        "/api/v1/hall/appointments", "{not json", content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["code"] == "invalid_json"
    assert not Appointment.objects.exists()


# ---- cancelling ---------------------------------------------------------------------------------


def test_cancel_with_the_phone_gives_the_place_back(api, hall):
    s = slot(hall["A"])
    code = book(api, s.pk)["code"]
    assert api.post(f"/appointments/{code}/cancel", {"phone": "13900139000"}, None, 404)[
        "code"
    ] == ("appointment_not_found")
    assert (
        api.post(f"/appointments/{code}/cancel", {}, None, 404)["code"] == "appointment_not_found"
    )
    body = api.post(f"/appointments/{code}/cancel", {"phone": PHONE})
    assert body["status"] == AppointmentStatus.CANCELLED
    s.refresh_from_db()
    assert s.booked == 0
    again = api.post(f"/appointments/{code}/cancel", {"phone": PHONE}, None, 409)
    assert again["code"] == "appointment_not_booked"


def test_cancel_as_the_owner_without_the_phone(api, hall, hall_people):
    code = book(api, slot(hall["A"]).pk, user=hall_people["citizen"])["code"]
    other = api.post(f"/appointments/{code}/cancel", {}, hall_people["other_citizen"], 404)
    assert other["code"] == "appointment_not_found"
    body = api.post(f"/appointments/{code}/cancel", {}, hall_people["citizen"])
    assert body["status"] == AppointmentStatus.CANCELLED


def test_cancel_refusals(api, hall):
    code = book(api, slot(hall["A"]).pk)["code"]
    assert api.post("/appointments/NOSUCH/cancel", {"phone": PHONE}, None, 404)["code"] == (
        "appointment_not_found"
    )
    assert (
        api.post(f"/appointments/{code}/cancel", {"phone": 1}, None, 422)["code"] == "invalid_input"
    )
    move(code, start_in_minutes=-5)
    started = api.post(f"/appointments/{code}/cancel", {"phone": PHONE}, None, 409)
    assert started["code"] == "appointment_started"


# ---- check-in -----------------------------------------------------------------------------------


def test_check_in_issues_an_appointment_ticket(api, hall, hall_people, admin, settings):
    settings.HALL_CHECKIN_LATE_MINUTES = 0
    code = book(api, slot(hall["A"]).pk)["code"]
    move(code, start_in_minutes=10)
    ticket = api.post(f"/appointments/{code.lower()}/check-in", None, hall_people["clerk"], 201)
    assert ticket["queue_letter"] == "A" and ticket["status"] == "WAITING"
    assert ticket["source"] == TicketSource.APPOINTMENT and ticket["ahead"] == 0
    assert Ticket.objects.get(pk=ticket["id"]).appointment.code == code
    assert Appointment.objects.get(code=code).status == AppointmentStatus.CHECKED_IN
    again = api.post(f"/appointments/{code}/check-in", None, hall_people["clerk"], 409)
    assert again["code"] == "appointment_not_booked"
    # An admin checks in anywhere.
    other = book(api, slot(hall["A"]).pk, phone="13900139000")["code"]
    move(other, start_in_minutes=-5)
    assert api.post(f"/appointments/{other}/check-in", None, admin, 201)["queue_letter"] == "A"


def test_check_in_outside_its_window_is_refused(api, hall, hall_people, settings):
    settings.HALL_CHECKIN_EARLY_MINUTES = 30
    settings.HALL_CHECKIN_LATE_MINUTES = 0
    clerk = hall_people["clerk"]
    code = book(api, slot(hall["A"]).pk)["code"]
    early = api.post(f"/appointments/{code}/check-in", None, clerk, 409)
    assert early["code"] == "checkin_too_early" and "还未到签到时间" in early["message"]
    move(code, start_in_minutes=-90)
    late = api.post(f"/appointments/{code}/check-in", None, clerk, 409)
    assert late["code"] == "checkin_too_late"
    assert not Ticket.objects.exists()
    assert Appointment.objects.get(code=code).status == AppointmentStatus.BOOKED


def test_check_in_roles_and_places(api, hall, hall_people, town_clerk):
    code = book(api, slot(hall["A"]).pk)["code"]
    move(code, start_in_minutes=5)
    assert api.post(f"/appointments/{code}/check-in", None, None, 401)["code"] == "unauthenticated"
    for user in (hall_people["citizen"], hall_people["supervisor"]):
        assert api.post(f"/appointments/{code}/check-in", None, user, 403)["code"] == "forbidden"
    lost = api.post(f"/appointments/{code}/check-in", None, hall_people["lost_clerk"], 403)
    assert lost["code"] == "no_service_point"
    elsewhere = api.post(f"/appointments/{code}/check-in", None, town_clerk, 409)
    assert elsewhere["code"] == "appointment_other_point"
    unknown = api.post("/appointments/NOSUCH/check-in", None, hall_people["clerk"], 404)
    assert unknown["code"] == "appointment_not_found"
    assert not Ticket.objects.exists()
