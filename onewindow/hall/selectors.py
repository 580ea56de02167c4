"""Reads of the hall: the display board, a ticket's place in line, window load and the
standby advice (备岗). Each costs a fixed number of queries whatever the hall's size;
averages are taken in Python over one day's rows, which stay in the hundreds."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from onewindow.catalog.models import ServicePoint, Window

from .choices import OPEN_AT_WINDOW, TicketStatus
from .models import Queue, Ticket

BOARD_LAST_CALLED = 8
RECENT = timedelta(hours=2)


def default_handling_minutes() -> float:
    return float(getattr(settings, "HALL_DEFAULT_HANDLING_MINUTES", 5))


def standby_open_minutes() -> float:
    """Expected wait per open window above which a standby window should open."""
    return float(getattr(settings, "HALL_STANDBY_OPEN_MINUTES", 20))


def standby_min_waiting() -> int:
    """Below this many waiting people no window is opened, whatever the averages say."""
    return int(getattr(settings, "HALL_STANDBY_MIN_WAITING", 3))


def standby_close_minutes() -> float:
    """Expected wait under which an open standby window may go back to standby."""
    return float(getattr(settings, "HALL_STANDBY_CLOSE_MINUTES", 5))


def _minutes(delta: timedelta) -> float:
    return delta.total_seconds() / 60


def _mean(values) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


# ---------------------------------------------------------------- display board


def board_state(point: ServicePoint, *, limit: int = BOARD_LAST_CALLED) -> dict:
    """The latest calls (newest first, a recall counts as a new call) and the waiting count
    per active queue. Two queries: the board polls this every second from each screen."""
    today = timezone.localdate()
    calls = list(
        Ticket.objects.filter(queue__service_point=point, day=today, called_at__isnull=False)
        .order_by("-called_at", "-id")
        .values("id", "number", "status", "called_at", "call_count", "window__number")[:limit]
    )
    queues = (
        Queue.objects.filter(service_point=point, is_active=True)
        .annotate(
            waiting=Count(
                "tickets", filter=Q(tickets__day=today, tickets__status=TicketStatus.WAITING)
            )
        )
        .order_by("order", "letter")  # Meta.ordering is dropped on aggregating queries
        .values("letter", "name", "waiting")
    )
    return {
        "calls": [
            {
                # Changes on every call and recall, so the screen knows when to speak again.
                "key": f"{c['id']}-{c['call_count']}",
                "number": c["number"],
                "window": c["window__number"] or "",
                "status": c["status"],
                "called_at": timezone.localtime(c["called_at"]).strftime("%H:%M:%S"),
                "open": c["status"] in OPEN_AT_WINDOW,
            }
            for c in calls
        ],
        "queues": [dict(q) for q in queues],
    }


# ---------------------------------------------------------------- a ticket's place in line


def _handling_minutes(queue_ids, now: datetime) -> dict[int, float]:
    """Average handling minutes per queue: finished tickets of the last two hours, else of
    the day, else the configured default. One query."""
    rows = Ticket.objects.filter(
        queue_id__in=queue_ids,
        day=timezone.localdate(now),
        status=TicketStatus.DONE,
        called_at__isnull=False,
        finished_at__isnull=False,
    ).values_list("queue_id", "called_at", "finished_at")
    recent, day = defaultdict(list), defaultdict(list)
    for queue_id, called_at, finished_at in rows:
        minutes = _minutes(finished_at - called_at)
        day[queue_id].append(minutes)
        if finished_at >= now - RECENT:
            recent[queue_id].append(minutes)
    fallback = default_handling_minutes()
    return {q: _mean(recent[q]) or _mean(day[q]) or fallback for q in queue_ids}


@dataclass
class Position:
    ahead: int
    wait_minutes: int
    open_windows: int
    handling_minutes: float


def ticket_position(ticket: Ticket) -> Position:
    """People ahead of this ticket in calling order (rank, issued time, id) among the queues
    that share a window with its queue, and the wait that makes: ahead × the queue's recent
    average handling time ÷ the open windows that serve it. Three queries."""
    now = timezone.now()
    windows = list(
        Window.objects.filter(queues=ticket.queue_id).values_list("pk", "is_open").distinct()
    )
    open_windows = sum(1 for _, is_open in windows if is_open)
    handling = _handling_minutes([ticket.queue_id], now)[ticket.queue_id]
    if ticket.status != TicketStatus.WAITING:
        return Position(0, 0, open_windows, handling)
    shared = Queue.objects.filter(windows__in=[pk for pk, _ in windows]).values("pk")
    earlier = Q(rank__lt=ticket.rank) | Q(rank=ticket.rank, issued_at__lt=ticket.issued_at)
    earlier |= Q(rank=ticket.rank, issued_at=ticket.issued_at, id__lt=ticket.pk)
    ahead = (
        Ticket.objects.filter(
            Q(queue_id__in=shared) | Q(queue_id=ticket.queue_id),
            day=ticket.day,
            status=TicketStatus.WAITING,
        )
        .filter(earlier)
        .count()
    )
    # Someone ahead is never "0 minutes" away, however quick the last tickets were.
    wait = max(1, round(ahead * handling / max(open_windows, 1))) if ahead else 0
    return Position(ahead, wait, open_windows, handling)


# ---------------------------------------------------------------- window load (忙闲不均)


def _day_tickets(point: ServicePoint, day: date) -> list[dict]:
    return list(
        Ticket.objects.filter(queue__service_point=point, day=day).values(
            "queue_id", "window_id", "status", "issued_at", "called_at", "finished_at"
        )
    )


@dataclass
class WindowLoad:
    window: Window
    handled: int = 0
    called: int = 0
    avg_handling: float | None = None
    avg_wait: float | None = None
    busy_minutes: float = 0.0
    idle_share: float | None = None
    queues: list = field(default_factory=list)


def window_load(point: ServicePoint, day: date) -> dict:
    """Per window: tickets handled, average handling and wait of the tickets it called, and
    the idle share (time without a ticket over the hall's calling span of the day). Per queue:
    waiting now and average wait. Per hour: issued, called, average wait. Four queries."""
    now = timezone.now()
    is_today = day == timezone.localdate(now)
    windows = list(
        Window.objects.filter(service_point=point).prefetch_related("queues").order_by("number")
    )
    queues = list(Queue.objects.filter(service_point=point).order_by("order", "letter"))
    rows = _day_tickets(point, day)

    called = [r for r in rows if r["called_at"] is not None]
    # The span the hall was calling: from its first call to now (today) or its last event.
    span_start = min((r["called_at"] for r in called), default=None)
    ends = [r["finished_at"] or r["called_at"] for r in called]
    span_end = now if is_today else max(ends, default=None)
    span = _minutes(span_end - span_start) if span_start and span_end else 0

    by_window = {w.pk: WindowLoad(window=w, queues=list(w.queues.all())) for w in windows}
    waits = defaultdict(list)  # window_id -> minutes waited by the tickets it called
    handling = defaultdict(list)
    for r in called:
        load = by_window.get(r["window_id"])
        if load is None:
            continue
        load.called += 1
        waits[r["window_id"]].append(_minutes(r["called_at"] - r["issued_at"]))
        end = r["finished_at"] or (now if r["status"] in OPEN_AT_WINDOW and is_today else None)
        if end is not None:
            load.busy_minutes += _minutes(end - r["called_at"])
        if r["status"] == TicketStatus.DONE and r["finished_at"]:
            load.handled += 1
            handling[r["window_id"]].append(_minutes(r["finished_at"] - r["called_at"]))
    for pk, load in by_window.items():
        load.avg_handling = _mean(handling[pk])
        load.avg_wait = _mean(waits[pk])
        if span > 0:
            load.idle_share = max(0.0, min(1.0, 1 - load.busy_minutes / span))

    queue_rows = []
    for q in queues:
        mine = [r for r in rows if r["queue_id"] == q.pk]
        queue_rows.append(
            {
                "queue": q,
                "issued": len(mine),
                "waiting": sum(1 for r in mine if r["status"] == TicketStatus.WAITING)
                if is_today
                else 0,
                "avg_wait": _mean(
                    _minutes(r["called_at"] - r["issued_at"]) for r in mine if r["called_at"]
                ),
            }
        )

    hours = defaultdict(lambda: {"issued": 0, "called": 0, "waits": []})
    for r in rows:
        hours[timezone.localtime(r["issued_at"]).hour]["issued"] += 1
        if r["called_at"] is not None:
            bucket = hours[timezone.localtime(r["called_at"]).hour]
            bucket["called"] += 1
            bucket["waits"].append(_minutes(r["called_at"] - r["issued_at"]))
    hour_rows = [
        {"hour": h, "issued": b["issued"], "called": b["called"], "avg_wait": _mean(b["waits"])}
        for h, b in sorted(hours.items())
    ]
    return {
        "day": day,
        "windows": list(by_window.values()),
        "queues": queue_rows,
        "hours": hour_rows,
        "span_minutes": span,
    }


# ---------------------------------------------------------------- standby advice (备岗)


@dataclass
class QueuePressure:
    queue: Queue
    waiting: int
    handling_minutes: float
    open_windows: int
    expected_wait: float  # minutes for the last person in line; inf when no window is open


@dataclass
class StandbyAdvice:
    pressures: list[QueuePressure]
    open_queue: Queue | None = None
    open_window: Window | None = None
    close_window: Window | None = None
    reason: str = ""
    rule: str = ""


def standby_advice(point: ServicePoint) -> StandbyAdvice:
    """The queue with the longest expected wait per open window, and which standby or closed
    window that serves it should open. Also names an open standby window that may close when
    every queue is short. Four queries."""
    now = timezone.now()
    today = timezone.localdate(now)
    queues = list(
        Queue.objects.filter(service_point=point, is_active=True)
        .annotate(
            waiting=Count(
                "tickets", filter=Q(tickets__day=today, tickets__status=TicketStatus.WAITING)
            )
        )
        .prefetch_related("windows")
        .order_by("order", "letter")
    )
    handling = _handling_minutes([q.pk for q in queues], now)
    pressures = []
    for q in queues:
        open_count = sum(1 for w in q.windows.all() if w.is_open)
        expected = (
            q.waiting * handling[q.pk] / open_count
            if open_count
            else (float("inf") if q.waiting else 0.0)
        )
        pressures.append(QueuePressure(q, q.waiting, handling[q.pk], open_count, expected))
    pressures.sort(key=lambda p: p.expected_wait, reverse=True)

    limit, least, calm = standby_open_minutes(), standby_min_waiting(), standby_close_minutes()
    advice = StandbyAdvice(
        pressures=pressures,
        rule=(
            f"预计等候 = 排队人数 × 近2小时平均办理时长 ÷ 开放窗口数。"
            f"某队列预计等候超过 {limit:g} 分钟且排队不少于 {least} 人时，建议开放能叫该队列的"
            f"备岗窗口（没有备岗时开放暂停中的窗口）；所有队列预计等候都低于 {calm:g} 分钟时，"
            f"可以关闭已开放的备岗窗口。"
        ),
    )
    worst = pressures[0] if pressures else None
    if worst and worst.waiting >= least and worst.expected_wait > limit:
        closed = [w for w in worst.queue.windows.all() if not w.is_open]
        # Standby windows first: they are staffed for this; a closed regular window may not be.
        closed.sort(key=lambda w: (not w.is_standby, w.number))
        advice.open_queue = worst.queue
        if closed:
            advice.open_window = closed[0]
            advice.reason = (
                f"{worst.queue.name}（{worst.queue.letter}）排队 {worst.waiting} 人，"
                f"预计等候约 {_fmt_wait(worst.expected_wait)}，建议开放 {closed[0]}。"
            )
        else:
            advice.reason = (
                f"{worst.queue.name}（{worst.queue.letter}）排队 {worst.waiting} 人，"
                f"预计等候约 {_fmt_wait(worst.expected_wait)}，但能叫该队列的窗口都已开放，"
                f"请考虑把其他窗口加入该队列。"
            )
    elif all(p.expected_wait < calm for p in pressures):
        standby_open = sorted(
            {w for p in pressures for w in p.queue.windows.all() if w.is_open and w.is_standby},
            key=lambda w: w.number,
        )
        if standby_open:
            advice.close_window = standby_open[0]
            advice.reason = (
                f"各队列预计等候都不超过 {calm:g} 分钟，{standby_open[0]} 可以恢复备岗。"
            )
    if not advice.reason:
        advice.reason = "各队列等候正常，无需调整窗口。"
    return advice


def _fmt_wait(minutes: float) -> str:
    return "无人叫号（无开放窗口）" if minutes == float("inf") else f"{round(minutes)} 分钟"
