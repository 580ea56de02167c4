"""Outlets and 跨镇通办 endpoints."""

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Header, Schema, Status
from ninja.pagination import paginate

from onewindow.cases import services as case_services
from onewindow.cases.api.base import Pages
from onewindow.cases.api.schemas import ApplicantIn
from onewindow.cases.models import Applicant
from onewindow.catalog import cache as catalog_cache
from onewindow.catalog.models import Region
from onewindow.lib.errors import Forbidden, InvalidInput, NotFound

from .. import selectors
from ..models import OutletMatter
from ..services import outlets as services
from .base import DESK, ERRORS, require_role, router


class OutletMatterOut(Schema):
    matter_code: str
    matter_name: str
    outlet_delivers: bool
    note: str


class DeskCaseIn(Schema):
    matter_code: str = Field(..., min_length=1, max_length=64)
    applicant_id: int | None = None
    applicant: ApplicantIn | None = None
    form_data: dict = Field(default_factory=dict)
    materials: list[str] = Field(default_factory=list, description="已收取的材料名称")


class CrossTownIn(DeskCaseIn):
    home_region_code: str = Field(..., description="申请人户籍或住所所在的镇街、村社区区划代码")


class CaseRef(Schema):
    number: str
    status: str
    status_label: str = Field(..., alias="get_status_display")
    channel: str
    service_point: str | None = Field(None, alias="service_point.name")
    lead_department: str = Field(..., alias="lead_department.name")
    submitted_at: datetime


@router.get(
    "/outlets/{code}/matters",
    response={200: list[OutletMatterOut], **ERRORS},
    summary="网点委托事项",
    auth=None,
)
def outlet_matters(request, code: str):
    point = catalog_cache.service_point(code=code)
    if point is None or point.kind not in services.OUTLET_KINDS:
        raise NotFound("未找到该代办网点", code="outlet_not_found")
    return list(OutletMatter.objects.filter(service_point_id=point.pk))


def _desk_applicant(request: HttpRequest, payload: DeskCaseIn) -> Applicant:
    """A registered applicant by id, or the one the desk registers now (exactly one)."""
    if (payload.applicant_id is None) == (payload.applicant is None):
        raise InvalidInput(
            "请提供申请人（applicant_id 或 applicant 二选一）", code="applicant_required"
        )
    if payload.applicant is not None:
        data = payload.applicant
        return case_services.applicant_register(
            kind=data.kind, name=data.name, id_number=data.id_number, phone=data.phone,
            address=data.address, legal_representative=data.legal_representative,
            actor=request.auth,
        )  # fmt: skip
    found = Applicant.objects.filter(pk=payload.applicant_id).first()
    if found is None:
        raise NotFound("未找到该申请人", code="applicant_not_found")
    return found


@router.post("/outlets/cases", response={201: CaseRef, **ERRORS}, summary="网点受理申请")
def outlet_case_create(
    request,
    payload: DeskCaseIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),
):
    services.outlet_of(request.auth)  # 403 before anything is registered
    case, created = services.outlet_case_submit(
        applicant=_desk_applicant(request, payload), matter_code=payload.matter_code,
        form_data=payload.form_data, materials=[{"name": n} for n in payload.materials],
        idempotency_key=idempotency_key, actor=request.auth,
    )  # fmt: skip
    return Status(
        201 if created else 200, selectors.outlet_cases(case.service_point_id).get(pk=case.pk)
    )


@router.get("/outlets/cases", response=list[CaseRef], summary="本网点的办件")
@paginate(Pages, page_size=20, max_page_size=100)
def outlet_case_list(request):
    point = services.outlet_of(request.auth)
    return selectors.outlet_cases(point.pk)


@router.post("/cross-town/cases", response={201: CaseRef, **ERRORS}, summary="跨镇通办收件")
def cross_town_create(request, payload: CrossTownIn):
    require_role(request.auth, *DESK)
    profile = getattr(request.auth, "staff_profile", None)
    point = None
    if profile is not None and profile.service_point_id:
        point = profile.service_point
    if point is None:
        raise Forbidden("只有服务场所的工作人员可以收件", code="no_service_point")
    region = Region.objects.filter(code=payload.home_region_code).first()
    if region is None:
        raise NotFound("未找到该区划", code="region_not_found")
    case = services.cross_town_submit(
        accepting_point=point, applicant=_desk_applicant(request, payload),
        matter_code=payload.matter_code, home_region=region, form_data=payload.form_data,
        materials=[{"name": n} for n in payload.materials], actor=request.auth,
    )  # fmt: skip
    return Status(201, selectors.outlet_cases(case.service_point_id).get(pk=case.pk))
