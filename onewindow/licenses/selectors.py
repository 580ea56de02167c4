"""Reads: licenses with what their pages show, in a fixed number of queries."""

from django.db.models import Prefetch, Q, QuerySet

from . import permissions
from .models import License

LIST_RELATED = ("department", "case", "matter", "composite")


def license_list_base() -> QuerySet[License]:
    return License.objects.select_related(*LIST_RELATED)


def licenses_of_department(department_id: int) -> QuerySet[License]:
    return license_list_base().filter(department_id=department_id)


def licenses_of_user(user) -> QuerySet[License]:
    """The licenses of the applicant linked to this account, and of cases it applied for
    online (permissions.is_holder); a clerk's window submissions are not theirs."""
    return license_list_base().filter(
        Q(case__applicant__user=user)
        | Q(case__submitted_by=user, case__channel__in=permissions.ONLINE)
    )


def license_detail(number: str) -> License | None:
    """One license with its case, applicant and (for a composite) its permits."""
    permits = Prefetch(
        "permits", queryset=License.objects.select_related("department").order_by("id")
    )
    return (
        License.objects.select_related(
            "department",
            "case__applicant",
            "matter",
            "composite",
            "industry_license",
            "revoked_by",
        )
        .prefetch_related(permits)
        .filter(number=number)
        .first()
    )
