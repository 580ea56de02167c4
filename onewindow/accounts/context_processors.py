from django.utils.functional import SimpleLazyObject

from .roles import Role
from .services import user_roles


def work(request):
    """Which work areas the nav offers this person. Lazy: anonymous pages pay nothing, and a
    view that already asked for the roles has them cached on the user."""

    def areas():
        roles = user_roles(request.user)
        return {
            "clerk": bool(roles & {Role.CLERK, Role.ADMIN}),
            "reviewer": bool(roles & {Role.REVIEWER, Role.SECTION_HEAD}),
            "supervisor": bool(
                roles & {Role.SUPERVISOR, Role.ADMIN, Role.REVIEWER, Role.SECTION_HEAD}
            ),
            "applicant": Role.APPLICANT in roles,
            "office": bool(roles & {Role.SUPERVISOR, Role.ADMIN}),
            "steward": Role.STEWARD in roles,
            # Project cards and demands: staff and applicants (an enterprise is an applicant;
            # telling organisations from persons here would cost a query on every page).
            "enterprise": bool(roles),
            "runner": Role.RUNNER in roles,
        }

    return {"work_areas": SimpleLazyObject(areas)}
