"""The dashboard's numbers counted straight from the cases, ratings and hall tables with plain
GROUP BY queries. The rollups (stats.rolled) must give the same numbers: this module is
what they are checked against, in the tests and in `make bench`, and what
`manage.py stats_rollup --check` compares them with.

Both modules answer the same functions with the same shapes; stats.dashboard picks one."""

from collections import Counter
from datetime import UTC, date, datetime, time

from django.db import connection
from django.db.models import CharField, Count, F, Q
from django.db.models.functions import Cast, Substr, TruncDate
from django.utils import timezone

from onewindow.catalog.models import Window
from onewindow.hall.choices import TicketStatus
from onewindow.hall.models import PreReview, Ticket
from onewindow.lib import workdays
from onewindow.ratings.choices import LEVEL_SCORES, RectificationStatus
from onewindow.ratings.models import Rating, Rectification

from . import hallroll
from .breakdowns import CHANNEL_LABELS, DIMENSIONS, NO_KEY, TREND_MEASURES, Row, months_of
from .breakdowns import with_overdue as _with_overdue
from .filters import Filters
from .indicators import CONCLUDED_Q, cases_in, measures


def case_counts(f: Filters, now: datetime) -> dict:
    """Every measure counted in one aggregate (COUNT ... FILTER)."""
    return cases_in(f).aggregate(**_count_all(now))


def _count_all(now: datetime) -> dict:
    return {k: Count("id", filter=q) for k, (_, q) in measures(now).items()}


def handling_workdays(f: Filters) -> tuple[int, int]:
    """(Σ working days from acceptance to conclusion, number of concluded cases): the day of
    acceptance is not counted (民法典 Art. 201), a case concluded the day it was accepted took
    0 days. One query: PostgreSQL groups the cases by their two local dates, so working days
    are counted once per pair of dates; on SQLite the local date is a Python function called
    per row, slower than reading the two times as text and grouping them here."""
    concluded = cases_in(f).filter(CONCLUDED_Q).order_by()
    if connection.vendor == "postgresql":
        pairs = (
            (row["a"], row["c"], row["n"])
            for row in concluded.annotate(a=TruncDate("accepted_at"), c=TruncDate("concluded_at"))
            .values("a", "c")
            .annotate(n=Count("id"))
        )
    else:
        # The stored text is UTC ("YYYY-MM-DD HH:MM:SS"); its first 13 characters fix the
        # local date in any zone whose offset is whole hours. Counting the text and converting
        # each distinct hour once skips Django's per-row datetime parsing.
        text = concluded.annotate(
            a=Substr(Cast("accepted_at", CharField()), 1, 13),
            c=Substr(Cast("concluded_at", CharField()), 1, 13),
        ).values_list("a", "c")
        counted = Counter(text.iterator(5000))
        local = _local_dates({h for pair in counted for h in pair})
        pairs = ((local[a], local[c], n) for (a, c), n in counted.items())
    total = count = 0
    for a, c, n in pairs:
        total += max(0, workdays.workdays_between(a, c)) * n
        count += n
    return total, count


def _local_dates(hours: set[str]) -> dict[str, date]:
    tz = timezone.get_current_timezone()
    return {
        h: datetime.strptime(h, "%Y-%m-%d %H").replace(tzinfo=UTC).astimezone(tz).date()
        for h in hours
    }


def ratings_in(f: Filters):
    qs = Rating.objects.filter(created_at__gte=f.start_at, created_at__lt=f.end_at, excluded=False)
    if f.department_id:
        qs = qs.filter(department_id=f.department_id)
    if f.service_point_id:
        qs = qs.filter(service_point_id=f.service_point_id)
    if f.channel:
        qs = qs.filter(case__channel=f.channel)
    if f.matter_code:
        qs = qs.filter(matter__code=f.matter_code)
    return qs


def rating_counts(f: Filters) -> dict:
    levels = {f"level_{level}": Count("id", filter=Q(level=level)) for level in LEVEL_SCORES}
    row = ratings_in(f).aggregate(
        rated=Count("id"), bad=Count("id", filter=Q(is_bad=True)), **levels
    )
    row["score_sum"] = sum(row[f"level_{lv}"] * s for lv, s in LEVEL_SCORES.items())
    rect = Rectification.objects.filter(rating__in=ratings_in(f).filter(is_bad=True)).aggregate(
        rectified=Count("id", filter=Q(status=RectificationStatus.CLOSED))
    )
    row.update(rect)
    return row


def _hall_tables(f: Filters):
    """(pre-reviews, tickets) of the period under the filters."""
    reviews = PreReview.objects.filter(finished_at__gte=f.start_at, finished_at__lt=f.end_at)
    tickets = Ticket.objects.filter(day__gte=f.start, day__lte=f.end)
    if f.service_point_id:
        reviews = reviews.filter(service_point_id=f.service_point_id)
        tickets = tickets.filter(queue__service_point_id=f.service_point_id)
    if f.department_id:
        reviews = reviews.filter(matter__department_id=f.department_id)
        tickets = tickets.filter(case__lead_department_id=f.department_id)
    if f.matter_code:
        reviews = reviews.filter(matter__code=f.matter_code)
        tickets = tickets.filter(case__matter__code=f.matter_code)
    return reviews.order_by(), tickets.order_by()


def hall_sums(f: Filters) -> dict:
    """Pre-reviews and their time, called tickets and their wait, in microseconds."""
    reviews, tickets = _hall_tables(f)
    out = {"prereviews": 0, "prereview_us": 0, "called": 0, "wait_us": 0}
    for r in hallroll.prereview_sums(reviews):
        out["prereviews"] += r["n"]
        out["prereview_us"] += hallroll.micros(r["spent"])
    for r in hallroll.ticket_sums(tickets):
        out["called"] += r["called"]
        out["wait_us"] += hallroll.micros(r["wait"])
    return out


def waits(sums: dict) -> dict:
    def minutes(us, n):
        return round(us / n / 60e6, 4) if n else None

    return {
        "prereview_minutes": minutes(sums["prereview_us"], sums["prereviews"]),
        "prereviews": sums["prereviews"],
        "wait_minutes": minutes(sums["wait_us"], sums["called"]),
        "called": sums["called"],
    }


def hall_waits(f: Filters) -> dict:
    return waits(hall_sums(f))


def by_dimension(f: Filters, dimension: str, now: datetime | None = None, limit: int = 0):
    """Rows of counts per department / service point / channel / matter, most cases first."""
    now = now or timezone.now()
    key, name, _ = DIMENSIONS[dimension]
    columns = [key] + ([name] if name else [])
    if dimension == "department":  # the short name where there is one, for charts
        columns.append("lead_department__name")
    qs = (
        cases_in(f)
        .values(*columns)
        .annotate(**_count_all(now))
        .order_by("-accepted", F(key).asc(nulls_last=True))
    )
    if limit:
        qs = qs[:limit]
    rows = []
    for values in qs:
        k = values.pop(key)
        label = values.pop(name) if name else CHANNEL_LABELS.get(k, k)
        full = values.pop("lead_department__name", None)
        rows.append(Row(key=k, label=label or full or NO_KEY[dimension], counts=values))
    return rows


def by_month(f: Filters, now: datetime | None = None) -> list[Row]:
    """One aggregate with a COUNT per month and measure, bounded by each month's first
    instant: a range test on the stored time, where grouping by a truncated local date
    would call a time-zone conversion per row (a Python function on SQLite)."""
    now = now or timezone.now()
    known = measures(now)
    months = months_of(f)
    aggregates = {}
    for i, (first, nxt) in enumerate(months):
        start = timezone.make_aware(datetime.combine(first, time.min))
        end = timezone.make_aware(datetime.combine(nxt, time.min))
        in_month = Q(accepted_at__gte=start, accepted_at__lt=end)
        for key in TREND_MEASURES:
            aggregates[f"{key}_{i}"] = Count("id", filter=in_month & known[key][1])
    counts = cases_in(f).aggregate(**aggregates) if aggregates else {}
    return [
        Row(
            key=first.strftime("%Y-%m"),
            label=f"{first:%Y年%m月}",
            counts=_with_overdue({key: counts[f"{key}_{i}"] for key in TREND_MEASURES}),
        )
        for i, (first, _) in enumerate(months)
    ]


def window_load(f: Filters) -> list[Row]:
    """Tickets each window served in the period, and how many it called."""
    return window_rows(window_counts(f))


def window_counts(f: Filters) -> dict:
    """{window id: {called, served, no_show}} over the period's tickets."""
    qs = Ticket.objects.filter(day__gte=f.start, day__lte=f.end, window__isnull=False)
    if f.service_point_id:
        qs = qs.filter(queue__service_point_id=f.service_point_id)
    rows = qs.values("window_id").annotate(
        called=Count("id"),
        served=Count("id", filter=Q(status=TicketStatus.DONE)),
        no_show=Count("id", filter=Q(status=TicketStatus.NO_SHOW)),
    )
    return {r.pop("window_id"): r for r in rows}


def window_rows(counts: dict) -> list[Row]:
    """The 30 busiest windows' rows from {window id: {called, served, no_show}}."""
    windows = Window.objects.filter(pk__in=counts).select_related("service_point")
    where = {w.pk: (w.service_point.name, w.number) for w in windows}

    def order(item):
        return (-item[1]["served"], *where.get(item[0], ("", "")), item[0])

    return [
        Row(key=k, label="{} {}号窗".format(*where.get(k, ("", k))), counts=dict(c))
        for k, c in sorted(counts.items(), key=order)[:30]
    ]
