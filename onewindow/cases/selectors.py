"""Reads of cases. Signals come from stored due_at / warn_at by range conditions the
(status, due_at) and (status, warn_at) indexes answer; nothing sweeps the table."""

from datetime import datetime

from django.db.models import Case as When_
from django.db.models import CharField, Q, QuerySet, Value, When
from django.utils import timezone

from onewindow.accounts.roles import Role
from onewindow.accounts.services import user_roles

from . import clock
from .choices import CLOCK_RUNNING, CaseStatus, ReviewStatus, Signal
from .models import Case, Review


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def signal_filter(signal: str, now: datetime | None = None) -> Q:
    now = _now(now)
    running = Q(status__in=CLOCK_RUNNING)
    if signal == Signal.RED:
        return running & Q(due_at__lte=now)
    if signal == Signal.YELLOW:
        return running & Q(warn_at__lte=now, due_at__gt=now)
    return running & Q(warn_at__gt=now)


def with_signal(qs: QuerySet[Case], now: datetime | None = None) -> QuerySet[Case]:
    """Annotates `signal` (GREEN / YELLOW / RED, or null when the clock is not running)."""
    now = _now(now)
    return qs.annotate(
        signal=When_(
            When(signal_filter(Signal.RED, now), then=Value(Signal.RED)),
            When(signal_filter(Signal.YELLOW, now), then=Value(Signal.YELLOW)),
            When(signal_filter(Signal.GREEN, now), then=Value(Signal.GREEN)),
            default=Value(None),
            output_field=CharField(),
        )
    )


def case_list_base() -> QuerySet[Case]:
    return Case.objects.select_related(
        "matter", "bundle", "applicant", "lead_department", "service_point", "region"
    )


def cases_visible_to(user) -> QuerySet[Case]:
    """Applicants see their own cases; reviewers those with a review for their department;
    clerks what their service point took; supervisors and admins everything."""
    qs = case_list_base()
    if not user.is_authenticated:
        return qs.none()
    roles = user_roles(user)
    if roles & {Role.SUPERVISOR, Role.ADMIN}:
        return qs
    allowed = Q(pk__in=[])
    profile = getattr(user, "staff_profile", None)
    if profile is not None:
        if roles & {Role.REVIEWER, Role.SECTION_HEAD} and profile.department_id:
            allowed |= Q(lead_department_id=profile.department_id) | Q(
                pk__in=Review.objects.filter(department_id=profile.department_id).values("case_id")
            )
        if roles & {Role.CLERK} and profile.service_point_id:
            allowed |= Q(service_point_id=profile.service_point_id)
    allowed |= Q(applicant__user=user) | Q(submitted_by=user)
    return qs.filter(allowed)


def overdue_cases(now: datetime | None = None) -> list[Case]:
    """Running cases past their limit, most overdue first, each with `days_overdue`."""
    now = _now(now)
    cases = list(case_list_base().filter(signal_filter(Signal.RED, now)).order_by("due_at"))
    for case in cases:
        case.days_overdue = clock.overdue_workdays(case.due_at, now)
    return cases


def signal_counts(qs: QuerySet[Case] | None = None, now: datetime | None = None) -> dict[str, int]:
    qs = qs if qs is not None else Case.objects.all()
    now = _now(now)
    return {s: qs.filter(signal_filter(s, now)).count() for s in Signal.values}


def department_inbox(department_id: int, now: datetime | None = None) -> QuerySet[Review]:
    """A department's open reviews, most urgent first (red, then yellow, then green)."""
    now = _now(now)
    return (
        Review.objects.filter(department_id=department_id, status=ReviewStatus.OPEN)
        .exclude(case__status=CaseStatus.SUSPENDED)
        .select_related("case", "case__matter", "case__bundle", "case__applicant", "department")
        .order_by("case__due_at", "id")
    )


def case_detail(number: str) -> Case | None:
    return (
        case_list_base()
        .prefetch_related(
            "materials", "reviews__department", "reviews__reviewer", "suspensions", "notices"
        )
        .filter(number=number)
        .first()
    )
