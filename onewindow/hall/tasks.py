"""Background work of the hall."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .appointments import appointments_mark_no_shows


@db_periodic_task(crontab(minute="*/10"))
def mark_appointment_no_shows() -> int:
    """Every ten minutes, so the no-show statistics and the phone's booking record are
    at most ten minutes behind the end of a slot."""
    return appointments_mark_no_shows()
