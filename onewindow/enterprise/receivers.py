"""What the enterprise app does when a case moves (cases.signals.case_moved, inside the
move's transaction): an approved case completes the project milestones linked to it. Only
approvals are looked at, so the hot moves (submission, acceptance) cost nothing here."""

from onewindow.cases.choices import CaseStatus

from .services.projects import milestones_complete_for_case


def on_case_moved(sender, *, case, before, after, actor, **kwargs):
    if after == CaseStatus.APPROVED:
        milestones_complete_for_case(case=case, actor=actor)
