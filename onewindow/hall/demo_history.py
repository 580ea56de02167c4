"""A year of hall history for the demo district, written in bulk.

For every working day of the last twelve months (onewindow.lib.workdays) and every service
point with queues: the day's tickets in its queues, issued 09:00–17:00, called after a wait
that grows at the peak hours and on the first day after a weekend or holiday, served by the
windows of the queue (a window serves one ticket at a time), most done and about 5% no-show;
the day's pre-reviews (3–15 minutes, most passed: a pass carries its ticket, as at the
pre-review desk); and, where a window case of that day was taken at that window, the
ticket nearest to it is linked to it. No service is called and no audit row is written: the
rows the services would leave are inserted in batches (cases.demo.bulk).

Re-runnable like the morning of tickets: a point's day that already has tickets or
pre-reviews is left alone, so a second run adds nothing, today is never touched, and a run
some days later only fills the days since. Each point's day draws from its own seeded RNG,
so what a day holds does not depend on which other days are filled.
"""

import random
import time as clock
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models.functions import TruncDate
from django.utils import timezone

from onewindow.accounts.models import StaffProfile
from onewindow.cases.choices import CaseChannel, MaterialCheck
from onewindow.cases.demo.bulk import insert
from onewindow.cases.demo.people import mobile, person_name
from onewindow.cases.models import Case
from onewindow.catalog.choices import ServicePointKind
from onewindow.catalog.models import Matter
from onewindow.lib.workdays import is_workday

from .choices import QueueKind, Rank, TicketSource, TicketStatus
from .models import PreReview, Queue, Ticket

SEED = "onewindow-hall-history"
DAYS = 365
# When people come (as the cases history draws office times), a little busier in the morning.
HOURS = (9, 10, 11, 12, 13, 14, 15, 16)
HOUR_WEIGHTS = (16, 20, 13, 2, 4, 13, 14, 9)
HOUR_WAIT = {9: 1.5, 10: 1.8, 11: 1.2, 12: 0.5, 13: 0.6, 14: 1.1, 15: 1.3, 16: 0.8}
WEEKDAY = (1.0, 1.05, 1.0, 1.0, 0.9, 0.8, 0.8)  # Monday's rush is the "after a day off" one
AFTER_DAY_OFF = 1.35
# Tickets per working window on an ordinary day, and the mean wait (minutes) on it before
# the hour's factor: the demo hall's 18 windows take about 150, a town centre's 2–3 some 20.
HALL_TICKETS, HALL_WAIT = 8.5, 9.0
TOWN_TICKETS, TOWN_WAIT = 7, 4.0
MAX_TICKETS, MAX_WAIT = 230, 42.0
SHARE_PRIORITY, SHARE_COMPREHENSIVE = 0.04, 0.55
P_NO_SHOW, P_MARKED_PRIORITY, P_WEB = 0.05, 0.03, 0.15
PREREVIEW_SHARE, P_PREREVIEW_PASS = 0.15, 0.87
PROBLEM_NOTES = ("已过有效期", "复印件不清晰", "缺少签名", "信息与证件不一致", "未加盖公章")
LINK_WITHIN = timedelta(minutes=90)


@dataclass
class Line:
    """A queue as the history needs it: who may be called from it, by which windows."""

    pk: int
    letter: str
    kind: str
    windows: list[int]
    share: float = 0.0


@dataclass
class Point:
    pk: int
    code: str
    kind: str
    lines: list[Line]
    tickets: float  # on an ordinary day
    wait: float
    matters: list[tuple[int, list[tuple[int, str, bool]]]] = field(default_factory=list)
    matter_line: dict[int, Line] = field(default_factory=dict)
    clerks: list[int] = field(default_factory=list)


def load_hall_history(*, now: datetime | None = None, stdout=None, days: int = DAYS) -> dict:
    """Writes the history of the `days` before today; returns the numbers it wrote."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    started = clock.monotonic()
    first = today - timedelta(days=days)
    workdays = [first + timedelta(days=i) for i in range(days) if is_workday(first + timedelta(days=i))]  # fmt: skip
    out = {"days": 0, "tickets": 0, "prereviews": 0, "linked": 0}
    with transaction.atomic():
        points = _points()
        if not points or not workdays:
            return out
        done = _days_with_data(first, today)
        todo = [(p, d) for p in points for d in workdays if (p.pk, d) not in done]
        if not todo:
            return out
        cases = _window_cases(first, today)
        reviews, tickets = [], []
        for point, day in todo:
            rng = random.Random(f"{SEED}-{point.code}-{day.isoformat()}")
            day_reviews, day_tickets = _day(rng, point, day)
            out["linked"] += _link(day_tickets, cases.get((point.pk, day), ()))
            reviews += day_reviews
            tickets += day_tickets
        _write(reviews, tickets)
    out.update(
        days=len({d for _, d in todo}),
        tickets=len(tickets),
        prereviews=len(reviews),
        seconds=clock.monotonic() - started,
    )
    return out


def _points() -> list[Point]:
    queues = (
        Queue.objects.filter(is_active=True)
        .select_related("service_point")
        .prefetch_related("windows", "matters")
        .order_by("service_point__code", "order", "letter")
    )
    by_point: dict[int, list[Queue]] = defaultdict(list)
    for queue in queues:
        if queue.service_point.is_active:
            by_point[queue.service_point_id].append(queue)
    published = list(Matter.objects.published().prefetch_related("materials"))
    clerks = defaultdict(list)
    for user_id, point_id in StaffProfile.objects.filter(
        service_point__isnull=False, user__is_active=True
    ).values_list("user_id", "service_point_id"):
        clerks[point_id].append(user_id)
    points = []
    for point_queues in by_point.values():
        sp = point_queues[0].service_point
        lines, matter_line = [], {}
        for queue in point_queues:
            windows = [w for w in queue.windows.all() if not w.is_standby] or list(
                queue.windows.all()
            )
            if not windows:
                continue
            line = Line(queue.pk, queue.letter, queue.kind, sorted(w.pk for w in windows))
            lines.append(line)
            for m in queue.matters.all():
                if queue.kind == QueueKind.DOMAIN:
                    matter_line.setdefault(m.code, line)
        if not lines:
            continue
        _shares(lines)
        comprehensive = next((ln for ln in lines if ln.kind == QueueKind.COMPREHENSIVE), None)
        hall = sp.kind == ServicePointKind.MAIN_HALL
        n_windows = len({w for ln in lines for w in ln.windows})
        point = Point(
            pk=sp.pk, code=sp.code, kind=sp.kind, lines=lines,
            tickets=(HALL_TICKETS if hall else TOWN_TICKETS) * n_windows,
            wait=HALL_WAIT if hall else TOWN_WAIT, clerks=sorted(clerks.get(sp.pk, [])),
        )  # fmt: skip
        codes = set(sp.matters.values_list("code", flat=True))  # may name older versions
        for m in published:
            if not (sp.accepts_all_matters or m.code in codes):
                continue
            line = matter_line.get(m.code, comprehensive)
            if line is None:
                continue
            materials = [(x.pk, x.name, x.required) for x in m.materials.all()]
            point.matters.append((m.pk, materials))
            point.matter_line[m.pk] = line
        points.append(point)
    return points


def _shares(lines: list[Line]) -> None:
    """The priority lane and the comprehensive queue take fixed shares; the domain queues
    split the rest by how many matters they take."""
    domain = [ln for ln in lines if ln.kind == QueueKind.DOMAIN]
    fixed = {QueueKind.PRIORITY: SHARE_PRIORITY, QueueKind.COMPREHENSIVE: SHARE_COMPREHENSIVE}
    if not domain:
        fixed[QueueKind.COMPREHENSIVE] = 1 - SHARE_PRIORITY
    for ln in lines:
        ln.share = fixed.get(ln.kind, 0.0)
    rest = 1 - sum(ln.share for ln in lines)
    weights = {ln.pk: 3 + len(ln.windows) for ln in domain}
    total = sum(weights.values()) or 1
    for ln in domain:
        ln.share = rest * weights[ln.pk] / total


def _days_with_data(first: date, today: date) -> set[tuple[int, date]]:
    """(point, day) pairs that already hold tickets or pre-reviews."""
    tickets = Ticket.objects.filter(day__gte=first, day__lt=today).order_by()
    pairs = set(tickets.values_list("queue__service_point_id", "day").distinct())
    start = timezone.make_aware(datetime.combine(first, time.min))
    reviews = PreReview.objects.filter(finished_at__gte=start).order_by()
    pairs |= set(
        reviews.annotate(d=TruncDate("finished_at")).values_list("service_point_id", "d").distinct()
    )
    return pairs


def _window_cases(first: date, today: date) -> dict[tuple[int, date], list[tuple]]:
    """{(point, day): [(submitted_at, window, case)]} of the window cases of the period."""
    start = timezone.make_aware(datetime.combine(first, time.min))
    end = timezone.make_aware(datetime.combine(today, time.min))
    rows = Case.objects.filter(
        channel=CaseChannel.WINDOW,
        window__isnull=False,
        submitted_at__gte=start,
        submitted_at__lt=end,
    ).values_list("pk", "service_point_id", "window_id", "submitted_at")
    out = defaultdict(list)
    for pk, point_id, window_id, at in rows.order_by():
        out[(point_id, timezone.localdate(at))].append((at, window_id, pk))
    return out


def _moment(rng: random.Random, midnight: datetime) -> tuple[datetime, int]:
    """An office-hours instant of the day, and its hour."""
    hour = rng.choices(HOURS, HOUR_WEIGHTS)[0]
    return midnight + timedelta(hours=hour, seconds=rng.uniform(0, 3600)), hour


def _day(rng: random.Random, point: Point, day: date) -> tuple[list[dict], list[dict]]:
    """One point's day: its pre-reviews and its tickets, as rows (the tickets numbered,
    called and finished)."""
    after_day_off = not is_workday(day - timedelta(days=1))
    load = WEEKDAY[day.weekday()] * (AFTER_DAY_OFF if after_day_off else 1.0)
    load *= 1 + 0.08 * ((day.month in (3, 4, 8, 9)) - (day.month in (1, 2)))  # seasons
    load *= rng.uniform(0.85, 1.15)
    count = max(3, min(MAX_TICKETS, round(point.tickets * load)))
    # Local wall-clock arithmetic on one aware midnight: the zone has no summer time.
    midnight = datetime(day.year, day.month, day.day, tzinfo=timezone.get_current_timezone())
    reviews, tickets = [], []
    for _ in range(round(count * PREREVIEW_SHARE * rng.uniform(0.7, 1.3)) if point.matters else 0):
        review, line = _prereview(rng, point, midnight)
        reviews.append(review)
        if review["passed"]:
            issued = review["finished_at"] + timedelta(seconds=rng.uniform(5, 90))
            hour = (issued - midnight) // timedelta(hours=1)
            tickets.append(_ticket(line, issued, hour, TicketSource.PRE_REVIEW, review))
    lines, shares = point.lines, [ln.share for ln in point.lines]
    while len(tickets) < count:
        line = rng.choices(lines, shares)[0]
        source = TicketSource.WEB if rng.random() < P_WEB else TicketSource.KIOSK
        tickets.append(_ticket(line, *_moment(rng, midnight), source, None))
    tickets.sort(key=lambda t: t["issued_at"])
    seqs: dict[int, int] = defaultdict(int)
    for t in tickets:
        seqs[t["queue_id"]] += 1
        t["seq"] = seqs[t["queue_id"]]
        t["number"] = f"{t['_line'].letter}{t['seq']:03d}"
        if t["_line"].kind == QueueKind.PRIORITY or rng.random() < P_MARKED_PRIORITY:
            t["rank"] = Rank.PRIORITY
    _serve(rng, point, tickets, load)
    for t in tickets:
        t["day"] = day
    return reviews, tickets


def _prereview(rng: random.Random, point: Point, midnight: datetime) -> tuple[dict, Line]:
    matter_id, materials = rng.choice(point.matters)
    minutes = 3 + 12 * rng.betavariate(2, 3.5)  # 3–15 minutes, most around 7
    started, _ = _moment(rng, midnight)
    closing = midnight + timedelta(hours=16, minutes=58)
    started = min(started, closing - timedelta(minutes=minutes))  # its ticket before 17:00
    checks, required = [], []
    for pk, name, is_required in materials:
        if is_required or rng.random() < 0.4:
            check = {
                "material_id": pk,
                "name": name,
                "result": MaterialCheck.PROVIDED.value,
                "note": "",
            }
            checks.append(check)
            if is_required:
                required.append(check)
    if required and rng.random() > P_PREREVIEW_PASS:
        for check in rng.sample(required, min(len(required), 1 + (rng.random() < 0.25))):
            if rng.random() < 0.55:
                check["result"] = MaterialCheck.MISSING.value
            else:
                check["result"], check["note"] = MaterialCheck.INVALID.value, rng.choice(PROBLEM_NOTES)  # fmt: skip
    review = dict(
        service_point_id=point.pk, matter_id=matter_id,
        applicant_name=person_name(rng), applicant_phone=mobile(rng), checks=checks,
        passed=all(c["result"] == MaterialCheck.PROVIDED for c in checks),
        started_at=started, finished_at=started + timedelta(minutes=minutes),
        clerk_id=rng.choice(point.clerks) if point.clerks else None,
    )  # fmt: skip
    return review, point.matter_line[matter_id]


def _ticket(line: Line, issued: datetime, hour: int, source: str, review: dict | None) -> dict:
    return {
        "_line": line, "_review": review, "_hour": hour, "queue_id": line.pk, "issued_at": issued,
        "source": source, "rank": Rank.WALK_IN, "status": TicketStatus.DONE, "call_count": 1,
    }  # fmt: skip


def _serve(rng: random.Random, point: Point, tickets: list[dict], load: float) -> None:
    """Calls each ticket after its wait at the first free window of its queue, in the order
    the waits end; a window is busy from a call until its ticket is finished."""
    for t in tickets:
        mean = point.wait * HOUR_WAIT.get(t["_hour"], 1.0) * load**1.5
        if t["rank"] == Rank.PRIORITY:
            mean *= 0.3
        wait = min(MAX_WAIT, 1.0 + rng.gammavariate(2.0, mean / 2))
        t["_ready"] = t["issued_at"] + timedelta(minutes=wait)
    free_at: dict[int, datetime] = {}
    for t in sorted(tickets, key=lambda t: t["_ready"]):
        line, ready = t["_line"], t["_ready"]
        idle = [w for w in line.windows if free_at.get(w, ready) <= ready]
        window = rng.choice(idle) if idle else min(line.windows, key=free_at.__getitem__)
        called = max(ready, free_at.get(window, ready))
        if rng.random() < P_NO_SHOW:
            t["status"], t["call_count"] = TicketStatus.NO_SHOW, rng.choice((2, 3))
            handling = rng.uniform(1, 3)
        else:
            handling = rng.uniform(4, 14) if line.kind != QueueKind.DOMAIN else rng.uniform(5, 15)
        t.update(window_id=window, called_at=called)
        t["finished_at"] = called + timedelta(minutes=handling)
        free_at[window] = t["finished_at"] + timedelta(minutes=rng.uniform(0.3, 2))


def _link(tickets: list[dict], cases) -> int:
    """Each window case of the day goes with the finished ticket of its window called
    nearest before it was submitted (within LINK_WITHIN), one case per ticket."""
    if not cases:
        return 0
    by_window = defaultdict(list)
    for t in tickets:
        if t["status"] == TicketStatus.DONE:
            by_window[t["window_id"]].append(t)
    linked = 0
    for at, window_id, case_id in sorted(cases):
        free = [
            t
            for t in by_window.get(window_id, ())
            if "case_id" not in t and abs(t["called_at"] - at) <= LINK_WITHIN
        ]
        if free:
            min(free, key=lambda t: abs(t["called_at"] - at))["case_id"] = case_id
            linked += 1
    return linked


def _write(reviews: list[dict], tickets: list[dict]) -> None:
    if reviews:
        before = PreReview.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        insert(PreReview, reviews)
        # The new ids, matched by what no two reviews share: their point and start instant.
        ids = {
            (point_id, started): pk
            for pk, point_id, started in PreReview.objects.filter(pk__gt=before)
            .order_by()
            .values_list("pk", "service_point_id", "started_at")
        }
        for t in tickets:
            if (r := t["_review"]) is not None:
                t["pre_review_id"] = ids.get((r["service_point_id"], r["started_at"]))
    insert(Ticket, tickets)
