"""Trust approval's promise is the permit today: when a case accepted on a pledge is
approved, its e-license is issued at once, whatever delivery the form chose (the licenses
app's own receiver, which runs first, issues it already when electronic delivery was
chosen; this one only fills the gap). Runs in the approving transaction."""

from onewindow.cases.choices import CaseStatus
from onewindow.licenses.models import License
from onewindow.licenses.services import license_issue

from .models import Commitment


def issue_same_day_license(sender, *, case, before, after, actor, **kwargs) -> None:
    if after != CaseStatus.APPROVED or not case.matter_id:
        return
    if not Commitment.objects.filter(case_id=case.pk).exists():
        return
    if License.objects.filter(case_id=case.pk).exists():
        return
    license_issue(case=case, actor=actor)
