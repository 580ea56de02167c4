"""The indicators of the service management office, each with its formula in words.

The figures come from a source (stats.rolled, the rollups, by default; stats.live counts the
same from the cases themselves) in a fixed number of queries whatever the number of cases,
plus one over the catalog here.

Cases are counted by acceptance date: the clock starts at acceptance (受理), and a case
accepted in the period is judged by what became of it, whenever that was."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, F, Q, Sum
from django.utils import timezone

from onewindow.cases.choices import CONCLUDED, CaseChannel, Signal
from onewindow.cases.models import Case
from onewindow.cases.selectors import signal_filter
from onewindow.catalog.choices import MatterKind, OnlineLevel
from onewindow.catalog.models import Matter, ServicePoint

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


def compute(f: Filters, now: datetime | None = None, source=None) -> list[Indicator]:
    """The indicators for these filters, read from `source` (a module answering like
    stats.rolled, which is the default)."""
    if source is None:
        from . import rolled as source
    now = now or timezone.now()
    c = source.case_counts(f, now)
    days_sum, days_n = source.handling_workdays(f)
    m = catalog_counts(f)
    r = source.rating_counts(f)
    h = source.hall_waits(f)
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
