"""Background work of stats."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import hallroll


@db_periodic_task(crontab(minute="20", hour="*"))
def roll_hall_days() -> int:
    """Hourly: sums the hall's finished days into the rollup. Only the first run after
    midnight finds a day to add; the others (and a run after the worker was down) cost one
    look at the mark, and a day is never added twice."""
    return hallroll.roll()
