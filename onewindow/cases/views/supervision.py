"""超期督办: running cases past their promised limit, with how many working days over."""

from django.utils import timezone

from onewindow.accounts.roles import Role

from .. import permissions
from . import queries
from .common import page, role_required, staff_profile


@role_required(Role.SUPERVISOR, Role.ADMIN, Role.REVIEWER, Role.SECTION_HEAD)
def overdue(request):
    """Supervisors see every department; reviewers their own (selectors.cases_visible_to)."""
    now = timezone.now()
    profile = staff_profile(request.user)
    context = {
        "cases": queries.overdue_for(request.user, now),
        "now": now,
        "department": profile.department if profile and profile.department_id else None,
        "everything": permissions.is_supervisor(request.user),
    }
    return page(request, "cases/overdue.html", context, tab="overdue")
