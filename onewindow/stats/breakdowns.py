"""The dashboard's tables and charts: the indicators' case counts grouped by month,
department, service point, channel, matter and window, one GROUP BY query each."""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Count, Q
from django.utils import timezone

from onewindow.cases.choices import CLOCK_RUNNING, CaseChannel, Signal
from onewindow.cases.models import Case
from onewindow.cases.selectors import signal_filter
from onewindow.hall.choices import TicketStatus
from onewindow.hall.models import Ticket
from onewindow.lib.errors import InvalidInput

from .filters import Filters
from .indicators import cases_in, measures

# What a breakdown groups by: the dimension's key in the query string, and the columns.
DIMENSIONS = {
    "department": ("lead_department_id", "lead_department__short_name", "部门"),
    "service_point": ("service_point_id", "service_point__name", "服务场所"),
    "channel": ("channel", None, "申请渠道"),
    "matter": ("matter__code", "matter__name", "事项"),
}
CHANNEL_LABELS = dict(CaseChannel.choices)
# What a row without a key stands for.
NO_KEY = {
    "service_point": "（网上申请，无场所）",
    "matter": "（一件事一次办）",
    "department": "—",
    "channel": "—",
}


@dataclass
class Row:
    key: object
    label: str
    counts: dict = field(default_factory=dict)

    def rate(self, num: str, den: str) -> float | None:
        return self.counts[num] / self.counts[den] if self.counts.get(den) else None

    @property
    def on_time_rate(self):
        return self.rate("on_time", "concluded")

    @property
    def completion_rate(self):
        return self.rate("concluded", "accepted")

    @property
    def immediate_rate(self):
        return self.rate("immediate", "accepted")


def _count_all(now: datetime) -> dict:
    return {k: Count("id", filter=q) for k, (_, q) in measures(now).items()}


def by_dimension(f: Filters, dimension: str, now: datetime | None = None, limit: int = 0):
    """Rows of counts per department / service point / channel / matter, most cases first."""
    now = now or timezone.now()
    key, name, _ = DIMENSIONS[dimension]
    columns = [key] + ([name] if name else [])
    if dimension == "department":  # the short name where there is one, for charts
        columns.append("lead_department__name")
    qs = cases_in(f).values(*columns).annotate(**_count_all(now)).order_by("-accepted", key)
    if limit:
        qs = qs[:limit]
    rows = []
    for values in qs:
        k = values.pop(key)
        label = values.pop(name) if name else CHANNEL_LABELS.get(k, k)
        full = values.pop("lead_department__name", None)
        rows.append(Row(key=k, label=label or full or NO_KEY[dimension], counts=values))
    return rows


# The trend's measures; "overdue" is late + running_red, added up here rather than counted
# again (each COUNT ... FILTER is evaluated on every row of the period).
TREND_MEASURES = ("accepted", "concluded", "on_time", "late", "running_red")


def months_of(f: Filters) -> list[tuple[date, date]]:
    """(first day, first day of the next month) for each month the period touches."""
    out, day = [], f.start.replace(day=1)
    while day <= f.end:
        nxt = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        out.append((day, nxt))
        day = nxt
    return out


def _with_overdue(counts: dict) -> dict:
    counts["overdue"] = counts["late"] + counts["running_red"]
    return counts


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


def signals_by_department(f: Filters, now: datetime | None = None) -> list[Row]:
    """The running cases of today by light, per lead department (not bound to the period:
    a light is about now)."""
    now = now or timezone.now()
    qs = Case.objects.filter(status__in=CLOCK_RUNNING)
    if f.department_id:
        qs = qs.filter(lead_department_id=f.department_id)
    if f.service_point_id:
        qs = qs.filter(service_point_id=f.service_point_id)
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.matter_code:
        qs = qs.filter(matter__code=f.matter_code)
    rows = (
        qs.values("lead_department_id", "lead_department__short_name", "lead_department__name")
        .annotate(**{s: Count("id", filter=signal_filter(s, now)) for s in Signal.values})
        .order_by("-RED", "-YELLOW", "lead_department__name")
    )
    out = []
    for r in rows:
        short, full = r.pop("lead_department__short_name"), r.pop("lead_department__name")
        out.append(Row(key=r.pop("lead_department_id"), label=short or full, counts=r))
    return out


def window_load(f: Filters) -> list[Row]:
    """Tickets each window served in the period, and how many it called."""
    qs = Ticket.objects.filter(day__gte=f.start, day__lte=f.end, window__isnull=False)
    if f.service_point_id:
        qs = qs.filter(window__service_point_id=f.service_point_id)
    rows = (
        qs.values("window_id", "window__number", "window__name", "window__service_point__name")
        .annotate(
            called=Count("id"),
            served=Count("id", filter=Q(status=TicketStatus.DONE)),
            no_show=Count("id", filter=Q(status=TicketStatus.NO_SHOW)),
        )
        .order_by("-served", "window__service_point__name", "window__number")[:30]
    )
    return [
        Row(
            key=r["window_id"],
            label=f"{r['window__service_point__name']} {r['window__number']}号窗",
            counts={"served": r["served"], "called": r["called"], "no_show": r["no_show"]},
        )
        for r in rows
    ]


def month_range(month: str, f: Filters) -> Filters:
    """The filters narrowed to one month "YYYY-MM" (a trend chart's bar), within the period."""
    try:
        year, mon = (int(p) for p in month.split("-"))
        start = date(year, mon, 1)
    except (ValueError, TypeError):
        raise InvalidInput("参数 month 应为 YYYY-MM", code="invalid_filter") from None
    end = date(year + (mon == 12), mon % 12 + 1, 1).toordinal() - 1
    return f.narrowed(start=max(start, f.start), end=min(date.fromordinal(end), f.end))
