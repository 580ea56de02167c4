"""Who may do what in supervision: the office (supervisors, admins) runs it; a department's
reviewers and section heads explain their own overdue cases."""

from onewindow.accounts.roles import Role
from onewindow.accounts.services import user_has_role
from onewindow.lib.errors import Forbidden

OFFICE = (Role.SUPERVISOR, Role.ADMIN)
DEPARTMENT = (Role.REVIEWER, Role.SECTION_HEAD)

ERR_NOT_OFFICE = "仅大厅管理/监督人员或系统管理员可以进行此项操作"
ERR_NOT_DEPARTMENT = "只能说明本部门的超期办件"


def is_office(user) -> bool:
    return user_has_role(user, *OFFICE)


def require_office(user) -> None:
    """`None` is the platform itself (a periodic task, a management command)."""
    if user is not None and not is_office(user):
        raise Forbidden(ERR_NOT_OFFICE, code="not_supervisor")


def department_of(user) -> int | None:
    profile = getattr(user, "staff_profile", None)
    return profile.department_id if profile is not None else None


def can_explain(user, accountability) -> bool:
    if is_office(user):
        return True
    return user_has_role(user, *DEPARTMENT) and department_of(user) == accountability.department_id
