"""Background work of trust approval."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import sweep


@db_periodic_task(crontab(minute="15", hour="*"))
def trust_sweep() -> dict:
    """Hourly: reminders go out on the morning they come due, and an overdue pledge becomes
    a rectification demand the day after its last day. Every step is idempotent."""
    return sweep()
