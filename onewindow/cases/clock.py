"""The clock of a case (行政许可法 Arts. 42–45; 民法典 Arts. 201, 203).

It starts at acceptance, counts the promised limit in working days from the day
after, and ends at the end of the last working day. Suspensions (特殊环节) add
their working days. `due_at` and `warn_at` are stored so that a signal is an
index range query (selectors.with_signal), never a sweep.

The warning comes when 20% of the limit or 1 working day remains, whichever
comes first (CASE_WARN_FRACTION / CASE_WARN_MIN_WORKDAYS in settings).
"""

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from onewindow.lib import workdays

from .choices import CLOCK_RUNNING, Signal


@dataclass(frozen=True)
class Clock:
    due_at: datetime
    warn_at: datetime
    due_date: date


def end_of_day(day: date) -> datetime:
    """The first instant after `day`, local time: a limit ending on `day` runs out then."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def warn_threshold(limit_days: int) -> int:
    """How many working days remain when the signal turns yellow."""
    fraction = getattr(settings, "CASE_WARN_FRACTION", 0.2)
    minimum = getattr(settings, "CASE_WARN_MIN_WORKDAYS", 1)
    return min(limit_days, max(math.ceil(fraction * limit_days), minimum))


def compute(accepted_at: datetime, limit_days: int, suspended_workdays: int = 0) -> Clock:
    if limit_days == 0:  # an immediate matter is due the moment it is accepted
        return Clock(
            due_at=accepted_at, warn_at=accepted_at, due_date=timezone.localdate(accepted_at)
        )
    start = timezone.localdate(accepted_at)
    due_date = workdays.add_workdays(start, limit_days + suspended_workdays)
    warn_date = workdays.add_workdays(
        start, limit_days - warn_threshold(limit_days) + suspended_workdays
    )
    warn_at = end_of_day(warn_date) if warn_date != start else accepted_at
    return Clock(due_at=end_of_day(due_date), warn_at=warn_at, due_date=due_date)


def suspension_workdays(started_at: datetime, ended_at: datetime) -> int:
    """Working days a suspension took: those after its first day, through its last."""
    return max(
        0, workdays.workdays_between(timezone.localdate(started_at), timezone.localdate(ended_at))
    )


def remaining_workdays(due_at: datetime, now: datetime | None = None) -> int:
    """Working days left before `due_at`; negative when overdue (days overdue)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    last_day = timezone.localdate(due_at - timedelta(microseconds=1))
    return workdays.workdays_between(today, last_day) + (
        1 if workdays.is_workday(today) and now < due_at else 0
    )


def overdue_workdays(due_at: datetime, now: datetime | None = None) -> int:
    """Working days past the limit, counting today when it is a working day."""
    now = now or timezone.now()
    if now < due_at:
        return 0
    last_day = timezone.localdate(due_at - timedelta(microseconds=1))
    return max(1, workdays.workdays_between(last_day, timezone.localdate(now)))


def signal_of(status: str, due_at: datetime | None, warn_at: datetime | None, now: datetime):
    """The signal of a case already in memory: the same rule as selectors.signal_filter
    (which asks the database); None while the clock is not running."""
    if status not in CLOCK_RUNNING or due_at is None:
        return None
    if due_at <= now:
        return Signal.RED
    return Signal.YELLOW if warn_at <= now else Signal.GREEN
