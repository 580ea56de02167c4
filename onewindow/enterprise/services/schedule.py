"""The backward schedule of a project card (民法典 Arts. 201, 203, as the cases clock).

Milestones run one after another. The last must be done by the working day before the
target start date; each milestone of n working days that must end on day E starts on the
n-th working day before E (its start day is not counted, as a case's acceptance day is not),
and the one before it must end on that start day. Everything goes through lib.workdays, so
holidays and make-up working days (调休) move the plan.
"""

from dataclasses import dataclass
from datetime import date, datetime

from onewindow.cases.clock import end_of_day, warn_threshold
from onewindow.lib import workdays


@dataclass(frozen=True)
class Step:
    name: str
    limit_days: int


@dataclass(frozen=True)
class Planned:
    name: str
    limit_days: int
    start_date: date
    end_date: date
    due_at: datetime
    warn_at: datetime


def plan_backward(steps: list[Step], target_start_date: date) -> list[Planned]:
    """The steps in their order with planned dates; the last ends before the target start."""
    end = workdays.add_workdays(target_start_date, -1)
    planned: list[Planned] = []
    for step in reversed(steps):
        start = workdays.add_workdays(end, -step.limit_days)
        planned.append(_planned(step, start, end))
        end = start
    planned.reverse()
    return planned


def _planned(step: Step, start: date, end: date) -> Planned:
    warn_date = workdays.add_workdays(start, step.limit_days - warn_threshold(step.limit_days))
    return Planned(
        name=step.name,
        limit_days=step.limit_days,
        start_date=start,
        end_date=end,
        due_at=end_of_day(end),
        warn_at=end_of_day(warn_date),
    )
