"""Reads of supervision: each list is a fixed number of queries whatever its length."""

from datetime import date

from django.db.models import Count, Q, QuerySet, Sum

from .choices import AccountabilityStatus
from .models import (
    Accountability,
    Assessment,
    AssessmentAction,
    Award,
    Deduction,
    PatrolLog,
)


def accountabilities(
    *, status: str = "", department_id: int | None = None
) -> QuerySet[Accountability]:
    qs = Accountability.objects.select_related(
        "case", "case__matter", "case__bundle", "department", "reviewer__staff_profile"
    ).order_by("-due_at", "-id")
    if status:
        qs = qs.filter(status=status)
    if department_id:
        qs = qs.filter(department_id=department_id)
    return qs


def accountability_counts(department_id: int | None = None) -> dict:
    qs = Accountability.objects.all()
    if department_id:
        qs = qs.filter(department_id=department_id)
    return qs.aggregate(
        **{s.value: Count("id", filter=Q(status=s.value)) for s in AccountabilityStatus}
    )


def month_assessments(month: date) -> list[Assessment]:
    return list(
        Assessment.objects.filter(month=month)
        .select_related(
            "staff__staff_profile__window__service_point", "staff__staff_profile__department"
        )
        .order_by("score", "staff__staff_profile__full_name", "staff_id")
    )


def month_deductions(month: date) -> QuerySet[Deduction]:
    return (
        Deduction.objects.filter(month=month)
        .select_related("staff__staff_profile", "item", "case")
        .order_by("-occurred_at", "-id")
    )


def month_actions(month: date | None = None) -> QuerySet[AssessmentAction]:
    qs = AssessmentAction.objects.select_related("staff__staff_profile").order_by(
        "status", "-month", "kind", "id"
    )
    return qs.filter(month=month) if month else qs


def awards(limit_months: int = 12) -> list[Award]:
    return list(
        Award.objects.select_related(
            "window__service_point", "staff__staff_profile__window"
        ).order_by("-month", "kind", "id")[: limit_months * 10]
    )


def patrol_logs(limit: int = 60) -> QuerySet[PatrolLog]:
    return (
        PatrolLog.objects.select_related("service_point", "patrolled_by__staff_profile")
        .annotate(finding_count=Count("findings"))
        .order_by("-day", "service_point__code")[:limit]
    )


def patrol_log(log_id: int) -> PatrolLog | None:
    return (
        PatrolLog.objects.select_related("service_point", "patrolled_by__staff_profile")
        .prefetch_related("findings__item", "findings__staff__staff_profile", "findings__window")
        .filter(pk=log_id)
        .first()
    )


def deductions_by_staff(qs: QuerySet[Deduction]) -> list[dict]:
    return list(
        qs.filter(voided_at__isnull=True)
        .values("staff_id", "staff__staff_profile__full_name", "staff__username")
        .annotate(points=Sum("points"), n=Count("id"))
        .order_by("-points", "staff_id")
    )
