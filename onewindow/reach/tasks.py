"""Background work of reach."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services.agency import agency_request_assign_waiting


@db_periodic_task(crontab(minute="*/10"))
def assign_waiting_agency_requests() -> int:
    """Requests that found no free runner are assigned as runners are added, come back to
    work or are given more room (a finished request assigns at once, see services)."""
    return agency_request_assign_waiting(actor=None)
