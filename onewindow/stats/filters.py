"""What the indicators are computed over: a period (by acceptance date) and optionally one
department (lead), service point, channel and matter. Parsed from a query string; bad values
are a form error (422 in the API), never a 500."""

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from onewindow.cases.choices import CaseChannel
from onewindow.lib.errors import InvalidInput

MAX_DAYS = 3 * 366


@dataclass(frozen=True)
class Filters:
    start: date
    end: date  # inclusive
    department_id: int | None = None
    service_point_id: int | None = None
    channel: str = ""
    matter_code: str = ""

    @property
    def start_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def end_at(self) -> datetime:
        """The first instant after the period."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def query(self, **extra) -> dict:
        """As query-string parameters (for drill-down links and exports)."""
        out = {"start": self.start.isoformat(), "end": self.end.isoformat()}
        for key, value in (
            ("department", self.department_id),
            ("service_point", self.service_point_id),
            ("channel", self.channel),
            ("matter", self.matter_code),
        ):
            if value:
                out[key] = value
        out.update({k: v for k, v in extra.items() if v not in (None, "")})
        return out

    def narrowed(self, **changes) -> "Filters":
        return replace(self, **changes)


def default_period(today: date | None = None) -> tuple[date, date]:
    """The last twelve whole months and this month so far."""
    today = today or timezone.localdate()
    start = date(today.year - 1, today.month, 1)
    return start, today


def _int(value, name: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InvalidInput(f"参数 {name} 应为数字", code="invalid_filter") from None


def _date(value, name: str, default: date) -> date:
    if value in (None, ""):
        return default
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(f"参数 {name} 应为日期（YYYY-MM-DD）", code="invalid_filter") from None


def parse(params) -> Filters:
    start_default, end_default = default_period()
    start = _date(params.get("start"), "start", start_default)
    end = _date(params.get("end"), "end", end_default)
    if end < start:
        raise InvalidInput("结束日期不能早于开始日期", code="invalid_period")
    if (end - start).days > MAX_DAYS:
        raise InvalidInput("统计区间最长三年", code="invalid_period")
    channel = (params.get("channel") or "").strip().upper()
    if channel and channel not in CaseChannel.values:
        raise InvalidInput("未知的申请渠道", code="invalid_filter")
    return Filters(
        start=start,
        end=end,
        department_id=_int(params.get("department"), "department"),
        service_point_id=_int(params.get("service_point"), "service_point"),
        channel=channel,
        matter_code=(params.get("matter") or "").strip()[:64],
    )
