"""Reads of trust approval, each a fixed number of queries whatever its length."""

from django.db.models import Count, Prefetch, Q

from onewindow.accounts.roles import Role
from onewindow.accounts.services import user_roles
from onewindow.cases.permissions import is_supervisor

from .choices import CommitmentStatus, CreditStatus
from .models import Commitment, CommitmentItem, CreditRecord

STAFF = {Role.CLERK, Role.REVIEWER, Role.SECTION_HEAD, Role.SUPERVISOR, Role.ADMIN}


def _base():
    return Commitment.objects.select_related(
        "case__matter", "case__lead_department", "applicant"
    ).prefetch_related(Prefetch("items", queryset=CommitmentItem.objects.order_by("id")))


def commitments_for(user, *, status: str = ""):
    """Supervisors and clerks see every commitment, reviewers their department's,
    applicants their own."""
    qs = _base().order_by("-signed_at", "-id")
    if status:
        qs = qs.filter(status=status)
    roles = user_roles(user)
    if is_supervisor(user) or Role.CLERK in roles:
        return qs
    profile = getattr(user, "staff_profile", None)
    if roles & {Role.REVIEWER, Role.SECTION_HEAD} and profile and profile.department_id:
        return qs.filter(case__lead_department_id=profile.department_id)
    return qs.filter(Q(applicant__user=user) | Q(case__submitted_by=user))


def commitment_detail(pk: int):
    return (
        _base()
        .select_related("case__applicant")
        .prefetch_related("reminders", "credit_records")
        .filter(pk=pk)
        .first()
    )


def can_see(user, commitment: Commitment) -> bool:
    return commitments_for(user).filter(pk=commitment.pk).exists()


def dishonest_list():
    """The public list: records not yet repaired."""
    return (
        CreditRecord.objects.filter(status=CreditStatus.ACTIVE)
        .select_related("applicant", "commitment__case__matter")
        .order_by("-recorded_at")
    )


def credit_records(*, status: str = ""):
    qs = CreditRecord.objects.select_related("applicant", "commitment", "repaired_by").order_by(
        "-recorded_at"
    )
    return qs.filter(status=status) if status else qs


def trust_stats() -> dict:
    """Trust approvals, fulfilment rate (fulfilled over those decided either way),
    dishonest records and repairs, in two queries."""
    by_status = dict(
        Commitment.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    total = sum(by_status.values())
    fulfilled = by_status.get(CommitmentStatus.FULFILLED, 0)
    breached = by_status.get(CommitmentStatus.BREACHED, 0)
    decided = fulfilled + breached
    credit = CreditRecord.objects.aggregate(
        records=Count("id"),
        active=Count("id", filter=Q(status=CreditStatus.ACTIVE)),
        repaired=Count("id", filter=Q(status=CreditStatus.REPAIRED)),
    )
    return {
        "approvals": total,
        "by_status": [
            {
                "status": s.value,
                "label": s.label,
                "count": by_status.get(s.value, 0),
                "colour": s.colour,
            }
            for s in CommitmentStatus
        ],
        "fulfilled": fulfilled,
        "breached": breached,
        "fulfilment_rate": round(fulfilled / decided * 100, 1) if decided else None,
        "dishonest_records": credit["records"],
        "dishonest_active": credit["active"],
        "repairs": credit["repaired"],
    }
