"""Background work of ratings."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import rectifications_escalate_overdue


@db_periodic_task(crontab(minute="15", hour="*"))
def escalate_overdue_rectifications() -> int:
    """Hourly: a rectification past its working-day deadline goes to the supervisor within
    the hour. Running it again changes nothing (each is escalated once)."""
    return rectifications_escalate_overdue()
