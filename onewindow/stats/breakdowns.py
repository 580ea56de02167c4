"""What the dashboard's tables and charts are made of: rows of counts grouped by month,
department, service point, channel, matter and window (counted by stats.rolled or
stats.live), and the lights of the running cases, which are about now and read live."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count
from django.utils import timezone

from onewindow.cases.choices import CLOCK_RUNNING, CaseChannel, Signal
from onewindow.cases.models import Case
from onewindow.cases.selectors import signal_filter
from onewindow.lib.errors import InvalidInput

from .filters import Filters

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


# The trend's measures; "overdue" is late + running_red, added up rather than counted again.
TREND_MEASURES = ("accepted", "concluded", "on_time", "late", "running_red")


def months_of(f: Filters) -> list[tuple[date, date]]:
    """(first day, first day of the next month) for each month the period touches."""
    out, day = [], f.start.replace(day=1)
    while day <= f.end:
        nxt = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        out.append((day, nxt))
        day = nxt
    return out


def with_overdue(counts: dict) -> dict:
    counts["overdue"] = counts["late"] + counts["running_red"]
    return counts


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


def month_range(month: str, f: Filters) -> Filters:
    """The filters narrowed to one month "YYYY-MM" (a trend chart's bar), within the period."""
    try:
        year, mon = (int(p) for p in month.split("-"))
        start = date(year, mon, 1)
    except (ValueError, TypeError):
        raise InvalidInput("参数 month 应为 YYYY-MM", code="invalid_filter") from None
    end = date(year + (mon == 12), mon % 12 + 1, 1).toordinal() - 1
    return f.narrowed(start=max(start, f.start), end=min(date.fromordinal(end), f.end))
