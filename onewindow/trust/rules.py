"""The dates and bars of trust approval, without writes: who may pledge, by when."""

import calendar
from datetime import date

from django.conf import settings
from django.utils import timezone

from onewindow.lib import workdays
from onewindow.lib.errors import Forbidden

from .choices import CreditStatus
from .models import CreditRecord

ERR_BARRED_ACTIVE = "申请人有尚未修复的失信记录（{recorded}认定：{reason}），不能选择告知承诺制；信用修复且自认定之日起满{years}年（{until}起）后方可选择。请按一般程序提交全部材料。"  # fmt: skip
ERR_BARRED_OLD_ACTIVE = "申请人有尚未修复的失信记录（{recorded}认定：{reason}），信用修复后方可选择告知承诺制。请按一般程序提交全部材料。"  # fmt: skip
ERR_BARRED_RECENT = "申请人于{recorded}被列入失信名单，虽已信用修复，自认定之日起{years}年内不得适用告知承诺制，{until}起方可选择。请按一般程序提交全部材料。"  # fmt: skip


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has no such day)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def pledge_due_date(accepted: date, months: int) -> date:
    """民法典 Arts. 201, 203: counted from the next day, the period ends on the same day
    `months` later; a last day that is a holiday moves to the next working day."""
    return workdays.next_workday(add_months(accepted, months))


def bar_until(recorded: date) -> date:
    """The first day a dishonest record no longer bars trust approval by its age alone."""
    years = settings.TRUST_BAR_YEARS
    try:
        return recorded.replace(year=recorded.year + years)
    except ValueError:  # 29 February
        return recorded.replace(year=recorded.year + years, day=28)


def trust_bar(applicant, *, today: date | None = None) -> Forbidden | None:
    """Why this applicant may not choose trust approval today, or None. Two rules
    (国办发〔2020〕42号; seed 002): an unrepaired dishonest record bars until repaired, and
    any dishonest record bars for TRUST_BAR_YEARS from the day it was made."""
    today = today or timezone.localdate()
    records = list(CreditRecord.objects.filter(applicant=applicant).order_by("-recorded_at"))
    active = [r for r in records if r.status == CreditStatus.ACTIVE]
    recent = [r for r in records if r.bar_until > today]
    if not active and not recent:
        return None
    record = (active or recent)[0]
    until = max((r.bar_until for r in recent), default=None)
    facts = dict(
        recorded=_cn(timezone.localdate(record.recorded_at)), reason=record.reason[:60],
        years=settings.TRUST_BAR_YEARS, until=_cn(until) if until else "",
    )  # fmt: skip
    if active and until:
        message = ERR_BARRED_ACTIVE.format(**facts)
    elif active:
        message = ERR_BARRED_OLD_ACTIVE.format(**facts)
    else:
        message = ERR_BARRED_RECENT.format(**facts)
    details = {"record": record.pk, "until": until.isoformat() if until else None,
               "needs_repair": bool(active)}  # fmt: skip
    return Forbidden(message, code="trust_barred", details=details)


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
