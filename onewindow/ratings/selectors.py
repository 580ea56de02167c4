"""Reads of the ratings app. Every list joins what it shows, so it costs a fixed number of
queries whatever its length (tests assert the counts)."""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from onewindow.cases.models import Case

from . import conf, permissions
from .choices import RECTIFICATION_OPEN, AppealStatus, CampaignStatus
from .models import (
    Appeal,
    ConsequenceAction,
    Rating,
    RatingDevice,
    Rectification,
    ReviewCampaign,
    SectionRank,
    UndercoverCheck,
)
from .services.rectification import overdue_filter


def ratings_base() -> QuerySet[Rating]:
    return Rating.objects.select_related(
        "case__matter",
        "case__bundle",
        "department",
        "window",
        "staff",
        "service_point",
        "applicant",
        "rectification",
    )


def ratings_visible_to(user) -> QuerySet[Rating]:
    """Supervisors see every rating, department staff their department's or their own,
    applicants the ratings they gave."""
    qs = ratings_base()
    if permissions.is_supervisor(user):
        return qs
    if permissions.is_staff_member(user):
        return qs.filter(Q(department_id=permissions.department_of(user)) | Q(staff=user))
    return qs.filter(applicant__user=user)


def rectifications_base() -> QuerySet[Rectification]:
    return Rectification.objects.select_related(
        "rating__case__matter",
        "rating__case__bundle",
        "rating__applicant",
        "rating__window",
        "department",
        "responsible__staff_profile",
        "escalated_to",
    )


def rectifications_for(
    user, *, status: str = "", overdue: bool = False, open_only: bool = False
) -> QuerySet[Rectification]:
    """The worklist: a supervisor's is everything, a staff member's their department's and
    their own; open ones first, earliest deadline first."""
    qs = rectifications_base()
    if not permissions.is_supervisor(user):
        qs = qs.filter(Q(department_id=permissions.department_of(user)) | Q(responsible=user))
    if status:
        qs = qs.filter(status=status)
    elif open_only:
        qs = qs.filter(status__in=RECTIFICATION_OPEN)
    if overdue:
        qs = qs.filter(overdue_filter(timezone.localdate()))
    return qs.order_by("rectify_due_date", "pk")


def decorate_overdue(rows, today=None):
    """Marks each rectification's `is_overdue` in memory (no query)."""
    today = today or timezone.localdate()
    for row in rows:
        row.is_overdue = row.status in RECTIFICATION_OPEN and (
            (row.status == "VERIFYING" and row.verify_due_date < today)
            or (row.status != "REVISITING" and row.rectify_due_date < today)
        )
    return rows


def rectification_detail(pk: int):
    return rectifications_base().prefetch_related("rating__appeals__filed_by").filter(pk=pk).first()


def revisits_for_applicant(user) -> QuerySet[Rectification]:
    """Fixes waiting for this applicant's revisit rating."""
    return rectifications_base().filter(status="REVISITING", rating__applicant__user=user)


def appeals_list(*, status: str = "") -> QuerySet[Appeal]:
    qs = Appeal.objects.select_related(
        "rating__case", "rating__department", "rating__staff", "filed_by", "reviewed_by"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-filed_at", "-pk")


def pending_appeals_count() -> int:
    return Appeal.objects.filter(status=AppealStatus.PENDING).count()


def rated_exists():
    return Exists(Rating.objects.filter(case_id=OuterRef("pk")))


def rateable_cases(user) -> QuerySet[Case]:
    """The applicant's delivered cases not rated yet, newest delivery first."""
    return (
        Case.objects.filter(applicant__user=user, delivered_at__isnull=False)
        .annotate(rated=rated_exists())
        .filter(rated=False)
        .select_related("matter", "bundle", "service_point", "window")
        .order_by("-delivered_at")
    )


def device_by_token(token: str) -> RatingDevice | None:
    return (
        RatingDevice.objects.select_related("window__service_point")
        .filter(token=token, is_active=True)
        .first()
    )


def device_current_case(device: RatingDevice) -> Case | None:
    """The case this window delivered last, within the last hour, not yet rated on site."""
    since = timezone.now() - timedelta(minutes=conf.device_recent_minutes())
    return (
        Case.objects.filter(window_id=device.window_id, delivered_at__gte=since)
        .exclude(channel__in=("ONLINE", "MOBILE"))
        .annotate(rated=rated_exists())
        .filter(rated=False)
        .select_related("matter", "bundle", "applicant")
        .order_by("-delivered_at")
        .first()
    )


def campaigns() -> QuerySet[ReviewCampaign]:
    return ReviewCampaign.objects.order_by("-year", "-quarter")


def published_campaigns() -> QuerySet[ReviewCampaign]:
    return campaigns().filter(status=CampaignStatus.PUBLISHED)


def ranking(campaign, *, limit: int | None = None) -> list[SectionRank]:
    qs = SectionRank.objects.filter(campaign=campaign).select_related(
        "section__department", "section__leadership"
    )
    return list(qs.order_by("rank")[:limit] if limit else qs.order_by("rank"))


def actions(campaign) -> QuerySet[ConsequenceAction]:
    return (
        ConsequenceAction.objects.filter(campaign=campaign)
        .select_related("section__department", "done_by")
        .order_by("-status", "section__pk", "kind")  # PENDING before DONE
    )


def undercover_checks(campaign=None) -> QuerySet[UndercoverCheck]:
    qs = UndercoverCheck.objects.select_related("section__department", "logged_by", "campaign")
    return qs.filter(campaign=campaign) if campaign is not None else qs
