"""Who may see and revoke which license. Pages and the API ask these; license_revoke
checks may_revoke itself as a second line."""

from onewindow.accounts.roles import Role
from onewindow.accounts.services import user_roles
from onewindow.cases.choices import CaseChannel
from onewindow.cases.permissions import is_reviewer_for, is_supervisor

from .models import License


def staff_department_id(user) -> int | None:
    """The department whose licenses a reviewer or section head lists (None otherwise)."""
    if not user_roles(user) & {Role.REVIEWER, Role.SECTION_HEAD}:
        return None
    profile = getattr(user, "staff_profile", None)
    return profile.department_id if profile is not None else None


def may_revoke(user, lic: License) -> bool:
    """A reviewer or section head of the issuing department, or an admin."""
    return is_reviewer_for(user, lic.department_id)


# A window clerk submits cases for the applicants in front of them: only an online
# submission makes the submitting account the holder's own.
ONLINE = (CaseChannel.ONLINE, CaseChannel.MOBILE)


def is_holder(user, lic: License) -> bool:
    """The applicant's own account, or the account that applied online for the case."""
    if not user.is_authenticated:
        return False
    case = lic.case
    applicant_user = case.applicant.user_id
    return (applicant_user is not None and applicant_user == user.pk) or (
        case.submitted_by_id == user.pk and case.channel in ONLINE
    )


def can_view(user, lic: License) -> bool:
    """The full record (holder's full id number, PDF): holder, issuing department, supervisors.
    Everyone else sees the public verify page, with the id number masked."""
    return is_supervisor(user) or is_reviewer_for(user, lic.department_id) or is_holder(user, lic)
