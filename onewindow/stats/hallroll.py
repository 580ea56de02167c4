"""The hall's rollup, written once for each day that is over.

A ticket belongs to one day and is settled by its end, so its day can be summed once and
never again; the hall's hot paths (take a number, call the next) write nothing extra. The
dashboard reads HallRollup for the days up to RollupMark("hall").through and the tickets
and pre-reviews themselves for the days after it (today, or more if the nightly roll has
not run), so the figures are whole either way."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from onewindow.hall.choices import TicketStatus
from onewindow.hall.models import PreReview, Ticket

from .models import GRAIN_DAY, GRAIN_MONTH, HallRollup, RollupMark

MARK = "hall"
NEVER = date(1970, 1, 1)


def through() -> date:
    """The last day the rollup covers."""
    mark = RollupMark.objects.filter(name=MARK).values_list("through", flat=True).first()
    return mark or NEVER


def micros(value) -> int:
    if value is None:
        return 0
    if isinstance(value, timedelta):
        return value // timedelta(microseconds=1)
    return int(value)  # SQLite may hand back the microseconds as a number


def _span(start: str, end: str) -> ExpressionWrapper:
    return ExpressionWrapper(F(end) - F(start), output_field=DurationField())


def ticket_sums(tickets):
    """Tickets grouped by day and rollup key, with the rollup's counts."""
    return tickets.values(
        "day",
        point=F("queue__service_point_id"),
        win=F("window_id"),
        dept=F("case__lead_department_id"),
        mat=F("case__matter_id"),
    ).annotate(
        windowed=Count("id", filter=Q(window__isnull=False)),
        called=Count("id", filter=Q(called_at__isnull=False)),
        wait=Sum(_span("issued_at", "called_at"), filter=Q(called_at__isnull=False)),
        served=Count("id", filter=Q(status=TicketStatus.DONE)),
        no_show=Count("id", filter=Q(status=TicketStatus.NO_SHOW)),
    )


def prereview_sums(reviews):
    """Pre-reviews grouped by the local day they finished and rollup key."""
    return reviews.values(
        d=TruncDate("finished_at"),
        point=F("service_point_id"),
        dept=F("matter__department_id"),
        mat=F("matter_id"),
    ).annotate(n=Count("id"), spent=Sum(_span("started_at", "finished_at")))


def _sum_days(first: date, last: date) -> dict:
    """{(day, point, window, department, matter): [counts in HallRollup.COUNTS order]}"""
    rows: dict = defaultdict(lambda: [0] * len(HallRollup.COUNTS))
    tickets = Ticket.objects.filter(day__gte=first, day__lte=last).order_by()
    for r in ticket_sums(tickets):
        acc = rows[(r["day"], r["point"] or 0, r["win"] or 0, r["dept"] or 0, r["mat"] or 0)]
        acc[0] += r["windowed"]
        acc[1] += r["called"]
        acc[2] += micros(r["wait"])
        acc[3] += r["served"]
        acc[4] += r["no_show"]
    start = timezone.make_aware(datetime.combine(first, time.min))
    end = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min))
    reviews = PreReview.objects.filter(finished_at__gte=start, finished_at__lt=end).order_by()
    for r in prereview_sums(reviews):
        acc = rows[(r["d"], r["point"] or 0, 0, r["dept"] or 0, r["mat"] or 0)]
        acc[5] += r["n"]
        acc[6] += micros(r["spent"])
    return rows


def sum_months(day_rows: dict, width: int) -> dict:
    """{(day, *key): counts} -> {(first of month, *key): summed counts}"""
    months: dict = defaultdict(lambda: [0] * width)
    for (day, *rest), counts in day_rows.items():
        acc = months[(day.replace(day=1), *rest)]
        for i, n in enumerate(counts):
            acc[i] += n
    return months


def _add(day_rows: dict) -> None:
    """Writes D rows and adds them into their M rows (which may hold earlier days)."""
    months = sum_months(day_rows, len(HallRollup.COUNTS))
    fields = HallRollup.KEY[2:]
    HallRollup.objects.bulk_create(
        [HallRollup.of(GRAIN_DAY, key, c) for key, c in day_rows.items()], batch_size=5000
    )
    existing = {
        (row.day, *(getattr(row, f) for f in fields)): row
        for row in HallRollup.objects.filter(grain=GRAIN_MONTH, day__in={key[0] for key in months})
    }
    new, changed = [], []
    for key, counts in months.items():
        row = existing.get(key)
        if row is None:
            new.append(HallRollup.of(GRAIN_MONTH, key, counts))
            continue
        for name, n in zip(HallRollup.COUNTS, counts, strict=True):
            setattr(row, name, getattr(row, name) + n)
        changed.append(row)
    HallRollup.objects.bulk_create(new, batch_size=5000)
    HallRollup.objects.bulk_update(changed, HallRollup.COUNTS, batch_size=5000)


def roll(last: date | None = None) -> int:
    """Sums the days after the mark up to `last` (default: yesterday) into the rollup and
    moves the mark; returns the number of days rolled. Holding the mark's row locked, two
    rolls at once take turns, and a day is never added twice."""
    last = last or timezone.localdate() - timedelta(days=1)
    with transaction.atomic():
        mark, _ = RollupMark.objects.get_or_create(name=MARK, defaults={"through": NEVER})
        mark = RollupMark.objects.select_for_update().get(pk=mark.pk)
        if mark.through >= last:
            return 0
        first = mark.through + timedelta(days=1)
        if mark.through == NEVER:  # first roll: start where the data starts
            first = _first_day() or last
        _add(_sum_days(first, last))
        days = (last - mark.through).days
        mark.through = last
        mark.save(update_fields=["through"])
    return days


def _first_day() -> date | None:
    ticket = Ticket.objects.order_by("day").values_list("day", flat=True).first()
    review = PreReview.objects.order_by("finished_at").values_list("finished_at", flat=True)
    review = review.first()
    days = [d for d in (ticket, review and timezone.localdate(review)) if d]
    return min(days) if days else None


def rebuild() -> int:
    with transaction.atomic():
        HallRollup.objects.all().delete()
        RollupMark.objects.filter(name=MARK).delete()
        roll()
    return HallRollup.objects.count()
