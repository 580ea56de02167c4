"""Reads of the reach app; every list costs a fixed number of queries."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Avg, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models import Case as When_

from onewindow.accounts.roles import Role
from onewindow.accounts.services import user_roles
from onewindow.cases.models import Case
from onewindow.lib.errors import NotFound
from onewindow.ratings.choices import LEVEL_SCORES
from onewindow.ratings.models import Rating

from .choices import AGENCY_FINISHED, AGENCY_OPEN, AgencyStatus
from .models import AgencyRequest, Runner, TransferOut

# Who sees every agency request: the hotline and window desks, supervisors.
AGENCY_DESK = {Role.CLERK, Role.SUPERVISOR, Role.ADMIN}


def agency_requests_for(user) -> QuerySet[AgencyRequest]:
    """The requests this user may see: all for the desks, their own for a runner, the
    requests of their own applicant record for an applicant."""
    qs = AgencyRequest.objects.select_related(
        "applicant", "region", "runner__region", "case", "authorisation"
    )
    if not user.is_authenticated:
        return qs.none()
    roles = user_roles(user)
    if roles & AGENCY_DESK:
        return qs
    mine = Q(applicant__user=user)
    if Role.RUNNER in roles:
        mine |= Q(runner__user=user)
    return qs.filter(mine)


def agency_request_get(user, pk: int) -> AgencyRequest:
    found = agency_requests_for(user).filter(pk=pk).first()
    if found is None:
        raise NotFound("未找到该帮代办请求", code="agency_request_not_found")
    return found


def runner_stats() -> QuerySet[Runner]:
    """Per runner: open, finished, cancelled and total requests (one query)."""
    return (
        Runner.objects.select_related("region", "region__parent")
        .annotate(
            total=Count("requests"),
            open=Count("requests", filter=Q(requests__status__in=AGENCY_OPEN)),
            finished=Count("requests", filter=Q(requests__status__in=AGENCY_FINISHED)),
            cancelled=Count("requests", filter=Q(requests__status=AgencyStatus.CANCELLED)),
        )
        .order_by("region__code", "full_name")
    )


def runner_ratings() -> dict[int, tuple[int, float]]:
    """Per runner's user: how many ratings of their agency requests and the mean score
    (5 非常满意 … 1 非常不满意), in one query."""
    score = When_(
        *[When(level=level, then=Value(points)) for level, points in LEVEL_SCORES.items()],
        output_field=IntegerField(),
    )
    rows = (
        Rating.objects.filter(subject_type=ContentType.objects.get_for_model(AgencyRequest))
        .values("staff_id")
        .annotate(n=Count("id"), mean=Avg(score))
    )
    return {r["staff_id"]: (r["n"], round(r["mean"] or 0, 2)) for r in rows}


def runner_stats_rated() -> list[Runner]:
    """runner_stats() with each runner's ratings (two queries)."""
    ratings = runner_ratings()
    runners = list(runner_stats())
    for runner in runners:
        runner.ratings, runner.mean_score = ratings.get(runner.user_id, (0, None))
    return runners


def agency_rating_of(request: AgencyRequest) -> Rating | None:
    return Rating.objects.filter(
        subject_type=ContentType.objects.get_for_model(AgencyRequest), subject_id=request.pk
    ).first()


def region_stats() -> list[dict]:
    """Per region of the applicants: requests by state (one query)."""
    rows = (
        AgencyRequest.objects.values("region__code", "region__name", "region__level")
        .annotate(
            total=Count("id"),
            waiting=Count("id", filter=Q(status=AgencyStatus.WAITING)),
            open=Count("id", filter=Q(status__in=AGENCY_OPEN)),
            finished=Count("id", filter=Q(status__in=AGENCY_FINISHED)),
        )
        .order_by("region__code")
    )
    return list(rows)


def outlet_cases(point_id: int) -> QuerySet[Case]:
    return (
        Case.objects.filter(service_point_id=point_id)
        .select_related("applicant", "matter", "bundle", "lead_department", "service_point")
        .order_by("-submitted_at")
    )


def transfers_out() -> QuerySet[TransferOut]:
    return TransferOut.objects.select_related("partner", "applicant", "service_point")
