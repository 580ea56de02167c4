"""add_workdays on a warm calendar, against a naive day-by-day loop over the same data.

Goal: >= 1,000,000 calls/s for the real function.
"""

import random
import time
from datetime import date, timedelta

from onewindow.lib import workdays

CALLS = 300_000
NAIVE_CALLS = 20_000
GOAL = 1_000_000


def naive_add_workdays(day: date, n: int, off: set[date], on: set[date]) -> date:
    """What one writes first: step a day at a time and ask whether it is a working day."""
    while n:
        day += timedelta(days=1)
        if day in on or (day.weekday() < 5 and day not in off):
            n -= 1
    return day


def _inputs(count: int) -> list[tuple[date, int]]:
    rng = random.Random(7)
    start = date(2024, 1, 1).toordinal()
    return [
        (date.fromordinal(start + rng.randrange(1000)), rng.choice((1, 5, 10, 20, 45)))
        for _ in range(count)
    ]


def _rate(fn, inputs) -> float:
    t0 = time.perf_counter()
    for day, n in inputs:
        fn(day, n)
    return len(inputs) / (time.perf_counter() - t0)


def run() -> None:
    cal = workdays.calendar()  # warm: built once from the database
    off = {d for d, w in cal.overrides.items() if not w}
    on = {d for d, w in cal.overrides.items() if w}
    inputs = _inputs(CALLS)
    for day, n in inputs[:2000]:  # both must agree before either is timed
        assert workdays.add_workdays(day, n) == naive_add_workdays(day, n, off, on)

    fast = max(_rate(workdays.add_workdays, inputs) for _ in range(3))
    naive = max(
        _rate(lambda d, n: naive_add_workdays(d, n, off, on), inputs[:NAIVE_CALLS])
        for _ in range(3)
    )
    print(
        f"add_workdays (warm calendar): {fast:>12,.0f} calls/s   goal >= {GOAL:,}: {'met' if fast >= GOAL else 'NOT MET'}"
    )
    print(f"naive day-by-day loop:        {naive:>12,.0f} calls/s")
    print(f"speed-up:                     {fast / naive:>12.1f} x")
