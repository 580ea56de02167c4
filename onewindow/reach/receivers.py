"""What reach does when a case moves (cases.signals.case_moved, inside the move's
transaction)."""

from onewindow.cases.choices import CaseChannel, CaseStatus

from .services.agency import agency_case_delivered
from .services.transfer import status_update_record


def on_case_moved(sender, *, case, before, after, actor, **kwargs):
    # Only two channels concern reach: a check of an attribute, not a query, on every move.
    if case.channel == CaseChannel.AGENT and after == CaseStatus.DELIVERED:
        agency_case_delivered(case, actor=actor)
    elif case.channel == CaseChannel.CROSS_REGION:
        status_update_record(case)
