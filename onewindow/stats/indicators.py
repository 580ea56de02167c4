"""The indicators of the service management office, each with its formula in words.

Every figure comes from an aggregate query; the whole set costs a fixed number of queries
whatever the number of cases (tests assert it): one over the cases of the period, one for
the handling time (grouped by acceptance and conclusion date, so working days are counted
once per pair of dates, not once per case), one over the catalog, one over ratings, one over
rectifications, one over pre-reviews and one over queue tickets.

Cases are counted by acceptance date: the clock starts at acceptance (受理), and a case
accepted in the period is judged by what became of it, whenever that was."""

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db import connection
from django.db.models import (
    Avg,
    CharField,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Q,
    Sum,
)
from django.db.models.functions import Cast, Substr, TruncDate
from django.utils import timezone

from onewindow.cases.choices import CONCLUDED, CaseChannel, Signal
from onewindow.cases.models import Case
from onewindow.cases.selectors import signal_filter
from onewindow.catalog.choices import MatterKind, OnlineLevel
from onewindow.catalog.models import Matter, ServicePoint
from onewindow.hall.models import PreReview, Ticket
from onewindow.lib import workdays
from onewindow.ratings.choices import LEVEL_SCORES, RectificationStatus
from onewindow.ratings.models import Rating, Rectification

from .filters import Filters

ONLINE_CHANNELS = (CaseChannel.ONLINE, CaseChannel.MOBILE)
CONCLUDED_Q = Q(status__in=CONCLUDED, concluded_at__isnull=False)


def measures(now: datetime) -> dict[str, tuple[str, Q]]:
    """The countable sets of cases, by key: (label, condition). The dashboard's numbers and
    the drill-down lists use the same conditions, so a list has as many rows as its number."""
    running_red = signal_filter(Signal.RED, now)
    late = CONCLUDED_Q & Q(concluded_at__gt=F("due_at"))
    return {
        "accepted": ("受理", Q()),
        "immediate": ("即办件", Q(matter__kind=MatterKind.IMMEDIATE)),
        "concluded": ("已办结", CONCLUDED_Q),
        "on_time": ("按时办结", CONCLUDED_Q & Q(concluded_at__lte=F("due_at"))),
        "late": ("超期办结", late),
        "running_red": ("在办超期（红灯）", running_red),
        "overdue": ("超期", late | running_red),
        "online": ("网上申请", Q(channel__in=ONLINE_CHANNELS)),
    }


def cases_in(f: Filters):
    qs = Case.objects.filter(accepted_at__gte=f.start_at, accepted_at__lt=f.end_at)
    if f.department_id:
        qs = qs.filter(lead_department_id=f.department_id)
    if f.service_point_id:
        qs = qs.filter(service_point_id=f.service_point_id)
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.matter_code:
        qs = qs.filter(matter__code=f.matter_code)
    return qs


def case_counts(qs, now: datetime) -> dict:
    """Every measure counted in one aggregate (COUNT ... FILTER)."""
    return qs.aggregate(**{k: Count("id", filter=q) for k, (_, q) in measures(now).items()})


def handling_workdays(qs) -> tuple[int, int]:
    """(Σ working days from acceptance to conclusion, number of concluded cases): the day of
    acceptance is not counted (民法典 Art. 201), a case concluded the day it was accepted took
    0 days. One query: PostgreSQL groups the cases by their two local dates, so working days
    are counted once per pair of dates; on SQLite the local date is a Python function called
    per row, slower than reading the two times as text and grouping them here."""
    concluded = qs.filter(CONCLUDED_Q).order_by()
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


def matters_in(f: Filters):
    qs = Matter.objects.published()
    if f.department_id:
        qs = qs.filter(department_id=f.department_id)
    if f.matter_code:
        qs = qs.filter(code=f.matter_code)
    if f.service_point_id:  # a hall that takes every matter, or the point's own list
        takes_all = Exists(
            ServicePoint.objects.filter(pk=f.service_point_id, accepts_all_matters=True)
        )
        qs = qs.filter(takes_all | Q(service_points=f.service_point_id)).distinct()
    return qs


def catalog_counts(f: Filters) -> dict:
    legal = Q(legal_limit_days__gt=0)
    return matters_in(f).aggregate(
        matters=Count("id"),
        online_available=Count(
            "id", filter=Q(online_level__in=(OnlineLevel.FULL_ONLINE, OnlineLevel.ONLINE_PREREVIEW))
        ),
        full_online=Count("id", filter=Q(online_level=OnlineLevel.FULL_ONLINE)),
        zero_visit=Count("id", filter=Q(max_visits=0)),
        one_visit=Count("id", filter=Q(max_visits__lte=1)),
        promised_sum=Sum("promised_limit_days", filter=legal),
        legal_sum=Sum("legal_limit_days", filter=legal),
    )


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


def _duration_avg(qs, start: str, end: str) -> tuple[float | None, int]:
    """(average minutes, count) of end - start over the rows where both are set."""
    span = ExpressionWrapper(F(end) - F(start), output_field=DurationField())
    row = qs.filter(**{f"{end}__isnull": False}).aggregate(avg=Avg(span), n=Count("id"))
    avg = row["avg"]
    if avg is None:
        return None, row["n"]
    seconds = avg.total_seconds() if hasattr(avg, "total_seconds") else float(avg) / 1e6
    return seconds / 60, row["n"]


def hall_waits(f: Filters) -> dict:
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
    prereview_minutes, prereviews = _duration_avg(reviews, "started_at", "finished_at")
    wait_minutes, called = _duration_avg(tickets, "issued_at", "called_at")
    return {
        "prereview_minutes": prereview_minutes,
        "prereviews": prereviews,
        "wait_minutes": wait_minutes,
        "called": called,
    }


@dataclass
class Indicator:
    key: str
    label: str
    formula: str
    value: float | None  # a ratio (0..1) when unit is "%", else the figure itself
    unit: str = ""
    numerator: float | None = None
    denominator: float | None = None
    drill: str = ""  # the measure the drill-down lists, when the number is a count of cases
    joiner: str = " / "  # how numerator and denominator read: a ratio's parts, or a sum's

    @property
    def parts(self) -> str:
        if self.numerator is None or self.denominator is None:
            return ""
        return f"{_plain(self.numerator)}{self.joiner}{_plain(self.denominator)}"

    @property
    def display(self) -> str:
        if self.value is None:
            return "—"
        if self.unit == "%":
            return f"{self.value * 100:.1f}%"
        if isinstance(self.value, float):
            return f"{self.value:.1f}{self.unit}"
        return f"{self.value}{self.unit}"


def _plain(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _ratio(num, den) -> float | None:
    return (num / den) if den else None


def compute(f: Filters, now: datetime | None = None) -> list[Indicator]:
    now = now or timezone.now()
    cases = cases_in(f)
    c = case_counts(cases, now)
    days_sum, days_n = handling_workdays(cases)
    m = catalog_counts(f)
    r = rating_counts(f)
    h = hall_waits(f)
    good = r["rated"] - r["bad"]
    compression = 1 - m["promised_sum"] / m["legal_sum"] if m["legal_sum"] else None
    I = Indicator  # noqa: E741
    return [
        I("cases", "受理量", "统计期内受理的办件数（按受理时间）", c["accepted"], "件", drill="accepted"),
        I("immediate_rate", "即办件率", "即办件受理量 ÷ 受理量", _ratio(c["immediate"], c["accepted"]), "%", c["immediate"], c["accepted"], "immediate"),
        I("completion_rate", "办结率", "已办结件数 ÷ 受理量", _ratio(c["concluded"], c["accepted"]), "%", c["concluded"], c["accepted"], "concluded"),
        I("on_time_rate", "按时办结率", "办结时间不晚于办结期限的件数 ÷ 已办结件数", _ratio(c["on_time"], c["concluded"]), "%", c["on_time"], c["concluded"], "on_time"),
        I("overdue", "超期件数", "超期办结件数 + 在办超期（红灯）件数", c["overdue"], "件", c["late"], c["running_red"], "overdue", " + "),
        I("satisfaction", "满意率", "（非常满意 + 满意 + 基本满意）÷ 有效评价数（不含申诉核销）", _ratio(good, r["rated"]), "%", good, r["rated"]),
        I("satisfaction_score", "满意度得分", "Σ评价分值（非常满意5分…非常不满意1分）÷ 有效评价数 × 20", _ratio(r["score_sum"] * 20, r["rated"]), "分", r["score_sum"], r["rated"]),
        I("rectification_rate", "差评整改率", "整改并回访办结的差评数 ÷ 差评数（不含申诉核销）", _ratio(r["rectified"], r["bad"]), "%", r["rectified"], r["bad"]),
        I("online_available_rate", "网上可办率", "可全程网办或网上预审的事项数 ÷ 已发布事项数", _ratio(m["online_available"], m["matters"]), "%", m["online_available"], m["matters"]),
        I("full_online_rate", "全程网办率", "全程网办事项数 ÷ 已发布事项数", _ratio(m["full_online"], m["matters"]), "%", m["full_online"], m["matters"]),
        I("zero_visit_rate", "零跑动率", "到现场次数为0的事项数 ÷ 已发布事项数", _ratio(m["zero_visit"], m["matters"]), "%", m["zero_visit"], m["matters"]),
        I("one_visit_rate", "最多跑一次率", "到现场次数不超过1次的事项数 ÷ 已发布事项数", _ratio(m["one_visit"], m["matters"]), "%", m["one_visit"], m["matters"]),
        I("avg_workdays", "平均办理时长", "Σ每件从受理次日至办结日的工作日数 ÷ 已办结件数", _ratio(days_sum, days_n), "个工作日", days_sum, days_n),
        I("compression_rate", "承诺时限压缩率", "1 − Σ承诺时限 ÷ Σ法定时限（有法定时限的已发布事项）", compression, "%", m["promised_sum"], m["legal_sum"]),
        I("prereview_minutes", "平均预审用时", "Σ（预审完成 − 预审开始）÷ 预审次数", h["prereview_minutes"], "分钟", None, h["prereviews"]),
        I("wait_minutes", "平均排队等候", "Σ（叫号时间 − 取号时间）÷ 已叫号票数", h["wait_minutes"], "分钟", None, h["called"]),
    ]  # fmt: skip
