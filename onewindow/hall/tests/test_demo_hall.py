"""The demo hall: queues for the hall and the town centres, slots only on working days, a
morning of tickets, and nothing new the second time."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from onewindow.catalog.choices import RegionLevel, ServicePointKind, WindowKind
from onewindow.catalog.models import Region, ServicePoint, Window
from onewindow.hall.demo import load_hall_demo
from onewindow.hall.models import AppointmentSlot, Queue, Ticket
from onewindow.lib.workdays import is_workday

# A Friday mid-morning: the next five working days span a weekend.
NOW = timezone.make_aware(datetime(2025, 3, 14, 11, 30))


@pytest.fixture
def places(db):
    with time_machine.travel(NOW, tick=False):  # the services stamp the current time
        yield _places()


def _places():
    region = Region.objects.create(code="500199000000", name="清江区", level=RegionLevel.DISTRICT)
    hall = ServicePoint.objects.create(
        code="QJ-HALL", name="区政务服务中心", kind=ServicePointKind.MAIN_HALL, region=region
    )
    for n in range(1, 5):
        Window.objects.create(service_point=hall, number=str(n), name="综合受理窗口",
                              kind=WindowKind.COMPREHENSIVE, is_standby=n == 4)  # fmt: skip
    for n, name in ((11, "不动产登记窗口"), (12, "公安户政出入境窗口")):
        Window.objects.create(service_point=hall, number=str(n), name=name, kind=WindowKind.DOMAIN)
    town = ServicePoint.objects.create(
        code="QJ-T002", name="龙溪街道便民服务中心", kind=ServicePointKind.TOWN_CENTER,
        region=region,
    )  # fmt: skip
    Window.objects.create(service_point=town, number="1", name="综合受理窗口", kind="COMPREHENSIVE")
    return {"hall": hall, "town": town}


def test_queues_for_the_hall_and_the_towns(places):
    load_hall_demo()
    hall = {q.letter: q for q in Queue.objects.filter(service_point=places["hall"])}
    assert set(hall) == {"A", "B", "C", "V"}
    assert sorted(w.number for w in hall["A"].windows.all()) == ["1", "2", "3", "4"]
    assert [w.number for w in hall["B"].windows.all()] == ["11"]
    assert hall["B"].name == "不动产登记" and hall["C"].name == "公安户政出入境"
    assert hall["V"].windows.count() == 6 and hall["V"].kind == "PRIORITY"
    town = Queue.objects.filter(service_point=places["town"])
    assert sorted(q.letter for q in town) == ["A", "V"]


def test_slots_only_on_the_next_five_working_days(places):
    load_hall_demo()
    slots = AppointmentSlot.objects.all()
    days = {timezone.localtime(s.starts_at).date() for s in slots}
    assert len(days) == 5 and all(is_workday(d) for d in days)
    assert min(days) > NOW.date()
    assert {s.queue.letter for s in slots} == {"A", "B"}
    per_day = 6 + 7  # 9:00-12:00 and 13:30-17:00 in 30 minutes
    assert slots.count() == 5 * per_day * 2
    first = timezone.localtime(slots.order_by("starts_at").first().starts_at)
    assert (first.hour, first.minute, slots.first().capacity) == (9, 0, 4)


def test_a_morning_of_tickets(places):
    made = load_hall_demo()
    today = Ticket.objects.filter(day=NOW.date())
    assert made["tickets"] == today.count() > 40
    assert today.filter(status="DONE").count() > 10
    assert today.filter(status="WAITING").exists()
    assert today.filter(status__in=("CALLED", "SERVING")).exists()  # the board has calls
    for ticket in today.filter(status="DONE"):
        assert ticket.issued_at <= ticket.called_at < ticket.finished_at <= NOW
        assert ticket.finished_at - ticket.called_at >= timedelta(minutes=2)
    numbers = list(today.filter(queue__letter="A").values_list("seq", flat=True))
    assert sorted(numbers) == list(range(1, len(numbers) + 1))


def test_idempotent(places):
    load_hall_demo()
    counts = (Queue.objects.count(), AppointmentSlot.objects.count(), Ticket.objects.count())
    again = load_hall_demo()
    assert (again["slots"], again["tickets"]) == (0, 0)
    assert (
        Queue.objects.count(),
        AppointmentSlot.objects.count(),
        Ticket.objects.count(),
    ) == counts


def test_command(places):
    call_command("demo_hall", verbosity=0)
    assert Queue.objects.filter(service_point=places["hall"], letter="A").exists()
