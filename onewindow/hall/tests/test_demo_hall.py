"""The demo hall: queues for the hall and the town centres, slots only on working days, a
morning of tickets, a year of history on the working days before today, and nothing new the
second time."""

from collections import Counter
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Count, Max
from django.utils import timezone

from onewindow.catalog.choices import RegionLevel, ServicePointKind, WindowKind
from onewindow.catalog.models import Region, ServicePoint, Window
from onewindow.hall.demo import load_hall_demo
from onewindow.hall.demo_history import load_hall_history
from onewindow.hall.models import AppointmentSlot, PreReview, Queue, Ticket
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
    assert (again["slots"], again["tickets"], again["history"]["tickets"]) == (0, 0, 0)
    assert (
        Queue.objects.count(),
        AppointmentSlot.objects.count(),
        Ticket.objects.count(),
    ) == counts


def _workdays_before(today, days=365):
    first = today - timedelta(days=days)
    return {first + timedelta(days=i) for i in range(days) if is_workday(first + timedelta(days=i))}


def test_a_year_of_history(places):
    made = load_hall_demo()["history"]
    past = Ticket.objects.filter(day__lt=NOW.date())
    workdays = _workdays_before(NOW.date())
    assert len(workdays) > 240
    for point in (places["hall"], places["town"]):  # every working day, nothing else
        assert (
            set(past.filter(queue__service_point=point).values_list("day", flat=True)) == workdays
        )
    assert made["tickets"] == past.count() and made["days"] == len(workdays)
    per_day = Counter(
        past.filter(queue__service_point=places["hall"]).values_list("day", flat=True)
    )
    assert min(per_day.values()) >= 10 and max(per_day.values()) <= 230
    mondays = [n for d, n in per_day.items() if d.weekday() == 0]
    others = [n for d, n in per_day.items() if d.weekday() in (1, 2, 3)]
    assert sum(mondays) / len(mondays) > 1.15 * sum(others) / len(others)
    # Numbers: one per queue and day, 1…n without gaps, A001 style.
    rows = past.values("queue", "day").annotate(
        n=Count("id"), top=Max("seq"), numbers=Count("number", distinct=True)
    )
    assert all(r["n"] == r["top"] == r["numbers"] for r in rows)
    # Settled tickets only: most done, some no-shows, none open at a window.
    status = Counter(past.values_list("status", flat=True))
    assert set(status) == {"DONE", "NO_SHOW"}
    assert 0.02 < status["NO_SHOW"] / past.count() < 0.09
    served_by = {q.pk: {w.pk for w in q.windows.all()} for q in Queue.objects.all()}
    letters = dict(Queue.objects.values_list("pk", "letter"))
    waits = []
    for t in past.only("queue", "day", "seq", "number", "window", "issued_at", "called_at",
                       "finished_at"):  # fmt: skip
        issued = timezone.localtime(t.issued_at)
        assert issued.date() == t.day and 9 <= issued.hour < 17
        assert t.number == f"{letters[t.queue_id]}{t.seq:03d}"
        assert t.issued_at < t.called_at < t.finished_at
        assert t.window_id in served_by[t.queue_id]
        waits.append((t.called_at - t.issued_at).total_seconds() / 60)
    waits.sort()
    assert 3 < sum(waits) / len(waits) < 20 and waits[len(waits) * 9 // 10] < 45


def test_history_prereviews(hall_matters, hall):
    now = timezone.make_aware(datetime(2025, 3, 14, 11, 30))
    made = load_hall_history(now=now)
    reviews = PreReview.objects.all()
    assert made["prereviews"] == reviews.count() > 100
    days = {timezone.localtime(r.finished_at).date() for r in reviews}
    assert days <= _workdays_before(now.date())
    minutes = [r.seconds / 60 for r in reviews]
    assert min(minutes) >= 3 and max(minutes) <= 15
    passed = reviews.filter(passed=True)
    assert 0.75 < passed.count() / reviews.count() < 0.97
    assert all(r.problems for r in reviews.filter(passed=False))
    # A pass carries its ticket, in the matter's queue: B for the real-estate matter.
    carried = Ticket.objects.filter(pre_review__isnull=False)
    assert carried.count() == passed.count()
    assert set(carried.filter(pre_review__matter=hall_matters["estate"]).values_list(
        "queue__letter", flat=True)) == {"B"}  # fmt: skip
    assert set(carried.values_list("source", flat=True)) == {"PRE_REVIEW"}
    for t in carried.select_related("pre_review")[:200]:
        assert t.pre_review.finished_at <= t.issued_at and t.day == timezone.localdate(t.issued_at)
    # A second run writes nothing, and today (the morning's) is left alone.
    again = load_hall_history(now=now)
    assert (again["tickets"], again["prereviews"]) == (0, 0)
    assert reviews.count() == made["prereviews"]
    assert not Ticket.objects.filter(day__gte=now.date()).exists()


def test_history_fills_only_days_without_tickets(hall):
    now = timezone.make_aware(datetime(2025, 3, 14, 11, 30))
    load_hall_history(now=now, days=30)
    first = Ticket.objects.order_by("day").first().day
    Ticket.objects.filter(day=first).delete()
    count = Ticket.objects.count()
    again = load_hall_history(now=now, days=30)
    assert again["days"] == 1 and Ticket.objects.count() == count + again["tickets"]


def test_command(places):
    call_command("demo_hall", verbosity=0)
    assert Queue.objects.filter(service_point=places["hall"], letter="A").exists()
    counts = (Ticket.objects.count(), PreReview.objects.count())
    call_command("demo_hall", verbosity=0)  # the whole step again: nothing new
    assert (Ticket.objects.count(), PreReview.objects.count()) == counts
