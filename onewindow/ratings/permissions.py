"""Who may work on ratings: supervisors everywhere, department staff on their department's
rectifications (谁办理谁负责), applicants only on their own ratings."""

from onewindow.accounts.roles import Role
from onewindow.accounts.services import user_roles

SUPERVISORS = {Role.SUPERVISOR, Role.ADMIN}
DEPARTMENT_STAFF = {Role.CLERK, Role.REVIEWER, Role.SECTION_HEAD}


def is_supervisor(user) -> bool:
    return bool(user_roles(user) & SUPERVISORS)


def is_staff_member(user) -> bool:
    return bool(user_roles(user) & (SUPERVISORS | DEPARTMENT_STAFF))


def department_of(user) -> int | None:
    profile = getattr(user, "staff_profile", None)
    return profile.department_id if profile is not None else None


def may_handle(user, rectification) -> bool:
    """The responsible person, staff of the responsible department, or a supervisor."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_supervisor(user):
        return True
    if rectification.responsible_id == user.pk:
        return True
    roles = user_roles(user)
    return bool(roles & DEPARTMENT_STAFF) and (
        rectification.department_id is not None
        and department_of(user) == rectification.department_id
    )


def is_rater(user, rating) -> bool:
    """The applicant's own account (for the revisit of a fix)."""
    return (
        getattr(user, "is_authenticated", False)
        and rating.applicant is not None
        and rating.applicant.user_id == user.pk
    )
