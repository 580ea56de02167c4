"""日巡查 and 周通报 over the API."""

from datetime import date, datetime

from django.utils import timezone
from ninja import Field, Schema, Status

from onewindow.catalog.models import ServicePoint, Window
from onewindow.lib.errors import NotFound

from .. import bulletin, permissions, selectors, services
from .base import ERRORS, name_of, router, staff_by_username


class PatrolIn(Schema):
    service_point: str = Field(..., description="服务场所编码")
    day: date
    summary: str = Field("", max_length=4000)


class FindingIn(Schema):
    item_code: str
    description: str = Field(..., max_length=300)
    staff: str | None = Field(None, description="工作人员用户名（扣分时必填）")
    window_number: str | None = None
    deduct: bool = True
    seen_at: datetime | None = None


class FindingOut(Schema):
    id: int
    item_code: str
    description: str
    staff: str | None
    window_number: str | None
    seen_at: datetime


class PatrolOut(Schema):
    id: int
    service_point: str
    day: date
    patrolled_by: str | None
    summary: str
    findings: list[FindingOut]


def _patrol(log) -> dict:
    return {
        "id": log.pk, "service_point": log.service_point.code, "day": log.day,
        "patrolled_by": name_of(log.patrolled_by), "summary": log.summary,
        "findings": [
            {"id": f.pk, "item_code": f.item.code, "description": f.description,
             "staff": f.staff.username if f.staff_id else None,
             "window_number": f.window.number if f.window_id else None, "seen_at": f.seen_at}
            for f in log.findings.all()
        ],
    }  # fmt: skip


@router.post("/patrols", response={201: PatrolOut, **ERRORS}, summary="新建日巡查记录")
def open_patrol(request, data: PatrolIn):
    permissions.require_office(request.auth)
    point = ServicePoint.objects.filter(code=data.service_point).first()
    if point is None:
        raise NotFound("未找到该服务场所", code="service_point_not_found")
    log = services.patrol_log_open(
        service_point=point, day=data.day, summary=data.summary, actor=request.auth
    )
    return Status(201, _patrol(selectors.patrol_log(log.pk)))


@router.post(
    "/patrols/{pk}/findings", response={201: PatrolOut, **ERRORS}, summary="记录巡查发现的问题"
)
def add_finding(request, pk: int, data: FindingIn):
    permissions.require_office(request.auth)
    log = selectors.patrol_log(pk)
    if log is None:
        raise NotFound("未找到该巡查记录", code="patrol_not_found")
    window = None
    if data.window_number:
        window = Window.objects.filter(
            service_point=log.service_point_id, number=data.window_number
        ).first()
        if window is None:
            raise NotFound("该场所没有这个窗口", code="window_not_found")
    services.patrol_finding_add(
        log_id=pk, item_code=data.item_code, description=data.description,
        staff=staff_by_username(data.staff) if data.staff else None, window=window,
        deduct=data.deduct, seen_at=data.seen_at, actor=request.auth,
    )  # fmt: skip
    return Status(201, _patrol(selectors.patrol_log(pk)))


@router.get("/patrols", response={200: list[PatrolOut], **ERRORS}, summary="日巡查记录（最近60条）")
def list_patrols(request):
    permissions.require_office(request.auth)
    logs = selectors.patrol_logs().prefetch_related(
        "findings__item", "findings__staff", "findings__window"
    )
    return [_patrol(log) for log in logs]


class BulletinOut(Schema):
    title: str
    start: date
    end: date
    accepted: int
    concluded: int
    late: int
    overdue_opened: int
    accountability_closed: int
    accountability_open: int
    findings: int
    bad_ratings: int
    deductions: list[dict]


@router.get("/bulletin", response={200: BulletinOut, **ERRORS}, summary="周通报")
def weekly_bulletin(request, week: date | None = None):
    permissions.require_office(request.auth)
    b = bulletin.weekly(week or timezone.localdate())
    return {
        "title": b.title, "start": b.start, "end": b.end, **{k: b.figures[k] for k in ("accepted", "concluded", "late")},
        "overdue_opened": len(b.opened), "accountability_closed": b.closed_count,
        "accountability_open": b.still_open, "findings": len(b.findings), "bad_ratings": len(b.bad_ratings),
        "deductions": [{"staff": d["staff__username"], "name": d["staff__staff_profile__full_name"],
                        "points": d["points"], "count": d["n"]} for d in b.deductions],
    }  # fmt: skip
