"""Working-day arithmetic over the holiday calendar (行政许可法 Art. 82; 民法典 Arts. 201, 203).

A day is a working day when it is Monday to Friday, unless the calendar says it is
a holiday, or when it is a weekend day that the calendar names a make-up working
day (调休). Years without a loaded official schedule fall back to weekends only.

The calendar itself lives in the database (catalog.HolidayDay); this module knows
nothing of models. The catalog app registers a loader with `set_loader`, and the
calendar is built once per process into flat tables so that `add_workdays` is a
few list look-ups (well over a million calls a second). A change in this process
invalidates it at once; a change made by another process is noticed through the
version probe within RECHECK_SECONDS.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from time import monotonic

# The span kept in the fast tables. Dates outside it take the slow path.
TABLE_START = date(2000, 1, 1)
TABLE_END = date(2060, 12, 31)


@dataclass(frozen=True)
class CalendarData:
    """What the loader returns: overrides of the weekend rule and the years they cover."""

    overrides: dict[date, bool] = field(default_factory=dict)  # date -> is working day
    covered_years: frozenset[int] = frozenset()
    version: object = None


class WorkCalendar:
    """Flat tables over [TABLE_START, TABLE_END]; pure Python, immutable once built."""

    def __init__(self, data: CalendarData):
        self.overrides = dict(data.overrides)
        self.covered_years = frozenset(data.covered_years)
        self.version = data.version
        self._base = TABLE_START.toordinal()
        span = TABLE_END.toordinal() - self._base + 1
        # cum[i]: working days in [TABLE_START, TABLE_START + i] inclusive.
        self._cum: list[int] = [0] * span
        # _workdays[k]: the (k+1)-th working day of the span, as a date.
        self._workdays: list[date] = []
        count = 0
        for i in range(span):
            day = date.fromordinal(self._base + i)
            if self._rule(day):
                count += 1
                self._workdays.append(day)
            self._cum[i] = count
        self._workday_ordinals = [d.toordinal() for d in self._workdays]

    def _rule(self, day: date) -> bool:
        flag = self.overrides.get(day)
        if flag is not None:
            return flag
        return day.weekday() < 5

    def is_workday(self, day: date) -> bool:
        i = day.toordinal() - self._base
        if 0 <= i < len(self._cum):
            return self._cum[i] != (self._cum[i - 1] if i else 0)
        return self._rule(day)

    def add_workdays(self, day: date, n: int) -> date:
        """The n-th working day after `day` (n > 0), or before it (n < 0).

        The start day itself is never counted (民法典 Art. 201), so a period of
        n working days accepted on `day` ends at the end of the returned day,
        which is always a working day (Art. 203). n == 0 returns `day`.
        """
        if n == 0:
            return day
        i = day.toordinal() - self._base
        cum = self._cum
        if 0 <= i < len(cum):
            if n > 0:
                k = cum[i] + n - 1
            else:
                before = cum[i - 1] if i else 0  # working days strictly before `day`
                k = before + n
            if 0 <= k < len(self._workdays):
                return self._workdays[k]
        return self._add_slow(day, n)

    def _add_slow(self, day: date, n: int) -> date:
        step = 1 if n > 0 else -1
        remaining = abs(n)
        while remaining:
            day += timedelta(days=step)
            if self._rule(day):
                remaining -= 1
        return day

    def workdays_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative if end < start)."""
        if end < start:
            return -self.workdays_between(end, start)
        i, j = start.toordinal() - self._base, end.toordinal() - self._base
        if i >= 0 and j < len(self._cum):
            return self._cum[j] - self._cum[i]
        return sum(1 for k in range(1, (end - start).days + 1) if self._rule(start + timedelta(k)))

    def next_workday(self, day: date) -> date:
        """`day` itself if it is a working day, else the first working day after it."""
        return day if self.is_workday(day) else self.add_workdays(day, 1)

    def is_year_covered(self, year: int) -> bool:
        return year in self.covered_years

    def uncovered_years(self, years: Iterable[int]) -> list[int]:
        return [y for y in years if y not in self.covered_years]

    def workdays_in_range(self, start: date, end: date) -> list[date]:
        """Every working day in [start, end]."""
        lo = bisect.bisect_left(self._workday_ordinals, start.toordinal())
        hi = bisect.bisect_right(self._workday_ordinals, end.toordinal())
        if start >= TABLE_START and end <= TABLE_END:
            return self._workdays[lo:hi]
        days = (end - start).days + 1
        return [start + timedelta(k) for k in range(days) if self._rule(start + timedelta(k))]


# --- the process-wide calendar --------------------------------------------------------

# How often a process asks whether another process changed the calendar. Changes made
# in this process call invalidate() and are seen at once.
RECHECK_SECONDS = 30.0

_loader: Callable[[], CalendarData] | None = None
_version_probe: Callable[[], object] | None = None
_calendar: WorkCalendar | None = None
_recheck_at = float("-inf")
_lock = threading.Lock()


def set_loader(loader: Callable[[], CalendarData], version_probe: Callable[[], object]) -> None:
    """Registers where the calendar comes from and how to tell that another process changed it."""
    global _loader, _version_probe
    _loader, _version_probe = loader, version_probe
    invalidate()


def calendar() -> WorkCalendar:
    """The current calendar; a few list look-ups away on the hot path."""
    global _calendar, _recheck_at
    cal = _calendar
    if cal is not None and monotonic() < _recheck_at:
        return cal
    with _lock:
        version = _version_probe() if _version_probe else None
        if _calendar is None or _calendar.version != version:
            data = _loader() if _loader else CalendarData()
            _calendar = WorkCalendar(CalendarData(data.overrides, data.covered_years, version))
        _recheck_at = monotonic() + RECHECK_SECONDS
        return _calendar


def invalidate() -> None:
    global _calendar, _recheck_at
    _calendar, _recheck_at = None, float("-inf")


def is_workday(day: date) -> bool:
    return calendar().is_workday(day)


def add_workdays(day: date, n: int) -> date:
    return calendar().add_workdays(day, n)


def workdays_between(start: date, end: date) -> int:
    return calendar().workdays_between(start, end)


def next_workday(day: date) -> date:
    return calendar().next_workday(day)
