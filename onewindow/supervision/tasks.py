"""Background work of supervision."""

from datetime import timedelta

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services.accountability import accountability_sweep
from .services.assessment import assessment_compute, month_start


@db_periodic_task(crontab(minute="*/5"))
def sweep_overdue() -> int:
    """Every five minutes: a case is red at most five minutes before its record exists."""
    return len(accountability_sweep(actor=None))


@db_periodic_task(crontab(day="1", hour="2", minute="0"))
def assess_last_month() -> int:
    """On the first of the month, the month before is scored and its actions raised."""
    last_month = month_start(timezone.localdate() - timedelta(days=1))
    return len(assessment_compute(month=last_month, actor=None))
