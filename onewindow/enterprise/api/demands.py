"""Enterprise demands: categories, list, file, detail, assign, resolve, rate, and the
动态清零 board."""

from ninja import Query, Schema, Status

from onewindow.lib.errors import InvalidInput, NotFound

from .. import selectors
from ..choices import DemandStatus
from ..lookups import card_by_code, department_by_code, enterprise_by_id_number, service_by_code
from ..models import DemandService
from ..services import demands as services
from ..services.demands import own_enterprise
from .base import ERRORS, router
from .schemas import (
    AssignIn,
    BoardOut,
    DemandDetailOut,
    DemandIn,
    DemandOut,
    RateIn,
    ResolveIn,
    ServiceOut,
)


def demand_out(d) -> dict:
    return {
        "number": d.number, "service_code": d.service.code, "service_name": d.service.name,
        "enterprise": d.enterprise.name if d.enterprise_id else None,
        "project_code": d.project.code if d.project_id else None, "channel": d.channel,
        "channel_label": d.get_channel_display(), "description": d.description,
        "status": d.status, "status_label": d.get_status_display(),
        "signal": getattr(d, "signal", None),
        "department": d.department.name if d.department_id else None,
        "limit_days": d.limit_days, "assigned_at": d.assigned_at, "due_at": d.due_at,
        "resolved_at": d.resolved_at, "resolution": d.resolution, "closed_at": d.closed_at,
        "reopen_count": d.reopen_count, "created_at": d.created_at,
    }  # fmt: skip


def _detail(request, number: str) -> dict:
    d = selectors.demand_detail(request.auth, number)
    if d is None:
        raise NotFound("未找到该诉求", code="demand_not_found")
    ratings = [
        {"satisfaction": r.satisfaction, "satisfaction_label": r.get_satisfaction_display(),
         "comment": r.comment, "rated_at": r.rated_at}
        for r in d.ratings.all()
    ]  # fmt: skip
    return {**demand_out(d), "ratings": ratings}


@router.get("/demand-services", response={200: list[ServiceOut], **ERRORS}, summary="诉求类别")
def service_list(request):
    return [
        {"code": s.code, "name": s.name, "description": s.description, "group": s.group,
         "limit_days": s.limit_days,
         "default_department": s.default_department.name if s.default_department_id else None}
        for s in DemandService.objects.filter(is_active=True).select_related("default_department")
    ]  # fmt: skip


class DemandQuery(Schema):
    status: DemandStatus | None = None
    department_code: str | None = None


@router.get("/demands", response={200: list[DemandOut], **ERRORS}, summary="诉求列表")
def demand_list(request, q: Query[DemandQuery]):
    department_id = department_by_code(q.department_code).pk if q.department_code else None
    qs = selectors.demand_list(request.auth, status=q.status or "", department_id=department_id)
    return [demand_out(d) for d in qs[:500]]


@router.post("/demands", response={201: DemandDetailOut, **ERRORS}, summary="提出诉求")
def demand_file(request, data: DemandIn):
    if data.enterprise_id_number:
        enterprise = enterprise_by_id_number(data.enterprise_id_number)
    else:
        enterprise = own_enterprise(request.auth)
        if enterprise is None:
            raise InvalidInput(services.ERR_NO_ENTERPRISE, code="demand_enterprise_required")
    demand = services.demand_file(
        data=services.DemandInput(
            service=service_by_code(data.service_code), description=data.description,
            enterprise=enterprise,
            project=card_by_code(data.project_code) if data.project_code else None,
            contact_name=data.contact_name, contact_phone=data.contact_phone,
        ),
        actor=request.auth,
    )  # fmt: skip
    return Status(201, _detail(request, demand.number))


@router.get("/demands/board", response={200: BoardOut, **ERRORS}, summary="诉求动态清零看板")
def board(request):
    b = selectors.clearance_board()
    rows = [
        {"department_code": r["department"].code, "department": r["department"].name,
         **{k: r[k] for k in ("open", "assigned", "resolved", "reopened", "green", "yellow", "red")}}
        for r in b["rows"]
    ]  # fmt: skip
    return {"unassigned": b["unassigned"], "cleared": b["cleared"], "rows": rows}


@router.get("/demands/{number}", response={200: DemandDetailOut, **ERRORS}, summary="诉求详情")
def demand_detail(request, number: str):
    return _detail(request, number)


def _visible(request, number: str) -> None:
    if not selectors.demands_visible_to(request.auth).filter(number=number).exists():
        raise NotFound("未找到该诉求", code="demand_not_found")


@router.post("/demands/{number}/assign", response={200: DemandDetailOut, **ERRORS}, summary="分派")
def assign(request, number: str, data: AssignIn):
    _visible(request, number)
    services.demand_assign(
        number=number, department=department_by_code(data.department_code),
        limit_days=data.limit_days, actor=request.auth,
    )  # fmt: skip
    return _detail(request, number)


@router.post("/demands/{number}/resolve", response={200: DemandDetailOut, **ERRORS}, summary="办结")
def resolve(request, number: str, data: ResolveIn):
    _visible(request, number)
    services.demand_resolve(number=number, resolution=data.resolution, actor=request.auth)
    return _detail(request, number)


@router.post(
    "/demands/{number}/rate",
    response={200: DemandDetailOut, **ERRORS},
    summary="企业评价",
    description="满意则清零；不满意须说明原因，诉求退回原承办部门重新办理。",
)
def rate(request, number: str, data: RateIn):
    _visible(request, number)
    services.demand_rate(
        number=number, satisfaction=data.satisfaction, comment=data.comment, actor=request.auth
    )
    return _detail(request, number)
