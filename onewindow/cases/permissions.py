"""Who may see and do what with a case. Pages and the API ask these; services check
department membership for reviews themselves as a second line."""

from onewindow.accounts.roles import Role
from onewindow.accounts.services import user_roles

from .models import Case, Review


def _profile(user):
    return getattr(user, "staff_profile", None)


def is_supervisor(user) -> bool:
    return bool(user_roles(user) & {Role.SUPERVISOR, Role.ADMIN})


def is_owner(user, case: Case) -> bool:
    """The applicant's own account, or the account that submitted the case."""
    if not user.is_authenticated:
        return False
    return case.submitted_by_id == user.pk or (
        case.applicant.user_id is not None and case.applicant.user_id == user.pk
    )


def is_clerk_for(user, case: Case) -> bool:
    """A window clerk of the service point that took the case. Cases that came in online
    (no service point) may be taken up by any clerk of a hall that accepts every matter."""
    if not user.is_authenticated:
        return False
    if Role.ADMIN in user_roles(user):
        return True
    profile = _profile(user)
    if Role.CLERK not in user_roles(user) or profile is None or profile.service_point_id is None:
        return False
    if case.service_point_id is None:
        return profile.service_point.accepts_all_matters
    return profile.service_point_id == case.service_point_id


def is_reviewer_for(user, department_id: int) -> bool:
    if not user.is_authenticated:
        return False
    if Role.ADMIN in user_roles(user):
        return True
    profile = _profile(user)
    return (
        bool(user_roles(user) & {Role.REVIEWER, Role.SECTION_HEAD})
        and profile is not None
        and profile.department_id == department_id
    )


def reviews_case(user, case: Case) -> bool:
    """A reviewer of the lead department or of any department with a review on the case."""
    if is_reviewer_for(user, case.lead_department_id):
        return True
    profile = _profile(user)
    if (
        profile is None
        or not profile.department_id
        or not is_reviewer_for(user, profile.department_id)
    ):
        return False
    return Review.objects.filter(case=case, department_id=profile.department_id).exists()


def can_view(user, case: Case) -> bool:
    return (
        is_supervisor(user)
        or is_owner(user, case)
        or is_clerk_for(user, case)
        or reviews_case(user, case)
    )


# What each action needs, by name (the API and the pages use the same names).
CLERK_ACTIONS = frozenset(
    {"pre_review", "accept", "request_supplement", "refuse", "deliver", "close"}
)
REVIEWER_ACTIONS = frozenset({"suspend", "resume"})
OWNER_ACTIONS = frozenset({"complete_supplement", "withdraw"})


def can_act(user, case: Case, action: str) -> bool:
    if action in CLERK_ACTIONS:
        return is_clerk_for(user, case)
    if action in REVIEWER_ACTIONS:
        return reviews_case(user, case)
    if action in OWNER_ACTIONS:
        # A clerk at the window may hand in a supplement or a withdrawal for the applicant.
        return is_owner(user, case) or is_clerk_for(user, case)
    raise ValueError(f"unknown case action {action}")
