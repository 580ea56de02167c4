"""Demo hall data: queues for the demo district's main hall and town centres, appointment
slots for the next working days, and a morning of tickets today so the board and the
manager's pages have something to show, and a year of tickets and pre-reviews before today
(demo_history) for the supervision dashboard. Idempotent: running it again changes nothing
that exists (tickets are only made when the hall has none today, history only for the days
of a point that hold none)."""

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from onewindow.accounts.models import StaffProfile
from onewindow.catalog.choices import ServicePointKind, WindowKind
from onewindow.catalog.models import Matter, ServicePoint
from onewindow.lib.workdays import is_workday

from . import services
from .appointments import slot_generate
from .choices import QueueKind, TicketStatus
from .demo_history import load_hall_history
from .models import Queue, Ticket

SLOT_DAYS = 5
SLOT_PERIODS = ((time(9, 0), time(12, 0)), (time(13, 30), time(17, 0)))
SLOT_MINUTES, SLOT_CAPACITY = 30, 4
MORNING = timedelta(minutes=150)
# Letters for domain queues: A is the comprehensive queue and V the priority lane.
DOMAIN_LETTERS = [c for c in "BCDEFGHJKLMNPQRSTUWXYZ"]


def _queue(point, letter, name, kind, order, windows, matters=()) -> Queue:
    queue, _ = Queue.objects.get_or_create(
        service_point=point, letter=letter, defaults={"name": name, "kind": kind, "order": order}
    )
    queue.windows.set(windows)
    if matters:
        queue.matters.set(matters)
    return queue


def hall_queues(hall: ServicePoint) -> list[Queue]:
    windows = sorted(hall.windows.all(), key=lambda w: int(w.number) if w.number.isdigit() else 0)
    comprehensive = [w for w in windows if w.kind == WindowKind.COMPREHENSIVE]
    domain = [w for w in windows if w.kind == WindowKind.DOMAIN]
    queues = [
        _queue(hall, "V", "绿色通道", QueueKind.PRIORITY, 0, windows),
        _queue(hall, "A", "综合受理", QueueKind.COMPREHENSIVE, 1, comprehensive),
    ]
    for order, (letter, window) in enumerate(zip(DOMAIN_LETTERS, domain, strict=False), 2):
        matters = Matter.objects.published().filter(department__in=window.departments.all())
        name = window.name.removesuffix("窗口")
        queues.append(_queue(hall, letter, name, QueueKind.DOMAIN, order, [window], matters))
    return queues


def town_queues(point: ServicePoint) -> list[Queue]:
    windows = list(point.windows.all())
    return [
        _queue(point, "V", "绿色通道", QueueKind.PRIORITY, 0, windows),
        _queue(point, "A", "综合受理", QueueKind.COMPREHENSIVE, 1, windows),
    ]


def slots(queues: list[Queue], today) -> int:
    """Slots on the next working days after today, made by the appointments service."""
    made, day = 0, today
    for _ in range(SLOT_DAYS):
        day += timedelta(days=1)
        while not is_workday(day):
            day += timedelta(days=1)
        for queue in queues:
            for start, end in SLOT_PERIODS:
                made += len(
                    slot_generate(queue=queue, day=day, start=start, end=end,
                                  minutes=SLOT_MINUTES, capacity=SLOT_CAPACITY, actor=None)
                )  # fmt: skip
    return made


def _arrivals(rng, queues, start, end) -> list[tuple[datetime, Queue, bool]]:
    """When people take tickets: steady for the domain queues and the priority lane, busy
    for comprehensive acceptance with a rush in the last quarter hour (so some wait)."""
    out = []
    for queue in queues:
        every = {"A": 100, "V": 1500}.get(queue.letter, 900)  # seconds between tickets
        at = start + timedelta(seconds=rng.uniform(0, every))
        while at < end:
            out.append((at, queue, False))
            at += timedelta(seconds=rng.expovariate(1 / every))
        if queue.letter == "A":
            out += [
                (end - timedelta(seconds=rng.uniform(10, 900)), queue, False) for _ in range(12)
            ]
    return sorted(out, key=lambda a: a[0])


def morning_tickets(hall: ServicePoint, queues: list[Queue], now: datetime) -> int:
    """Simulates the morning through the real services, then sets the times it simulated.
    DEMO ONLY: the services stamp `now`; the queryset.update() calls below backdate the
    stamps to the simulated morning, which no real code path may do."""
    today = timezone.localdate(now)
    if Ticket.objects.filter(queue__service_point=hall, day=today).exists():
        return 0
    rng = random.Random(today.toordinal())
    midnight = timezone.make_aware(datetime.combine(today, time(0, 0)))
    end = now - timedelta(minutes=1)
    start = max(end - MORNING, midnight)
    if end <= start:
        return 0
    arrivals = _arrivals(rng, queues, start, end)
    profiles = StaffProfile.objects.filter(window__service_point=hall).select_related("user")
    clerks = {p.window_id: p.user for p in profiles}  # who the audit trail says called
    windows = [w for w in hall.windows.filter(is_open=True, is_standby=False) if w.queues.exists()]
    free_at = {w.pk: start + timedelta(minutes=rng.uniform(0, 10)) for w in windows}
    times: dict[int, dict] = {}
    next_arrival = 0

    def issue_until(at):
        nonlocal next_arrival
        while next_arrival < len(arrivals) and arrivals[next_arrival][0] <= at:
            issued_at, queue, _ = arrivals[next_arrival]
            priority = rng.random() < 0.04
            services.ticket_issue(queue=queue, actor=None, priority=priority, issued_at=issued_at)
            next_arrival += 1

    with transaction.atomic():
        active = list(windows)
        while active:
            window = min(active, key=lambda w: free_at[w.pk])
            at = free_at[window.pk]
            if at >= end:
                active.remove(window)
                continue
            issue_until(at)
            actor = clerks.get(window.pk)
            ticket = services.ticket_call_next(window=window, actor=actor)
            if ticket is None:  # nobody waits here yet: the window idles a little
                free_at[window.pk] = at + timedelta(minutes=rng.uniform(2, 6))
                continue
            handling = timedelta(minutes=rng.uniform(5, 18))
            times[ticket.pk] = {"called_at": at}
            if at + handling >= end:  # still at the window now: the board shows it
                services.ticket_start(window=window, actor=actor)
                active.remove(window)
                continue
            if rng.random() < 0.05:
                services.ticket_no_show(window=window, actor=actor)
                handling = timedelta(minutes=2)
            else:
                services.ticket_finish(window=window, actor=actor)
            times[ticket.pk]["finished_at"] = at + handling
            free_at[window.pk] = at + handling + timedelta(minutes=rng.uniform(0.5, 3))
        issue_until(end)
        for pk, stamps in times.items():
            Ticket.objects.filter(pk=pk).update(**stamps)  # demo-only backdating, see above
    return next_arrival


def load_hall_demo() -> dict:
    """Builds the demo hall; returns what it made. Needs the demo district loaded first.
    Always about the real today: the services stamp the current time and day."""
    now = timezone.now()
    hall = ServicePoint.objects.filter(kind=ServicePointKind.MAIN_HALL).order_by("code").first()
    if hall is None:
        return {}
    with transaction.atomic():
        main = hall_queues(hall)
        towns = [
            q
            for point in ServicePoint.objects.filter(kind=ServicePointKind.TOWN_CENTER)
            for q in town_queues(point)
        ]
    bookable = [q for q in main if q.letter in ("A", "B")]
    made_slots = slots(bookable, timezone.localdate(now))
    tickets = morning_tickets(hall, main, now)
    history = load_hall_history(now=now)
    return {
        "hall": hall,
        "queues": len(main) + len(towns),
        "slots": made_slots,
        "tickets": tickets,
        "history": history,
        "waiting": Ticket.objects.filter(queue__service_point=hall, status=TicketStatus.WAITING)
        .filter(day=timezone.localdate(now))
        .count(),
    }
