"""帮代办 endpoints: requests (web, hotline, window), the runner's steps, statistics."""

from datetime import date, datetime

from ninja import Field, Schema, Status
from ninja.pagination import paginate

from onewindow.accounts.roles import Role
from onewindow.accounts.services import user_roles
from onewindow.cases import services as case_services
from onewindow.cases.api.base import Pages
from onewindow.cases.api.schemas import ApplicantIn
from onewindow.cases.models import Applicant
from onewindow.catalog.models import Region
from onewindow.lib.errors import Forbidden, InvalidInput, NotFound

from .. import selectors
from ..choices import AgencyMode, AgencySource
from ..services import agency as services
from .base import DESK, ERRORS, require_role, router


class AgencyRequestIn(Schema):
    matter_code: str = Field(..., min_length=1, max_length=64)
    mode: AgencyMode = Field(
        ..., description="REMOTE_GUIDANCE 远程指导 / ON_SITE 上门协助 / FULL_AGENCY 全程代办"
    )
    source: AgencySource = Field(AgencySource.WEB, description="WEB / HOTLINE / WINDOW")
    region_code: str = Field(..., description="申请人所在的村社区、镇街或区县的区划代码")
    phone: str = Field(..., min_length=1, max_length=20)
    address: str = Field("", max_length=200)
    note: str = Field("", max_length=1000)
    applicant: ApplicantIn | None = Field(None, description="热线、窗口登记时填写申请人")


class RunnerOut(Schema):
    id: int
    full_name: str
    phone: str
    region: str = Field(..., alias="region.name")
    level: str = Field(..., alias="region.level")


class AuthorisationOut(Schema):
    scope: str
    matter_code: str
    grantor_name: str
    valid_from: date
    valid_until: date
    signed_at: datetime


class AgencyRequestOut(Schema):
    id: int
    number: str
    matter_code: str
    matter_name: str
    mode: str
    source: str
    status: str
    status_label: str = Field(..., alias="get_status_display")
    region: str = Field(..., alias="region.name")
    applicant: str = Field(..., alias="applicant.name")
    runner: RunnerOut | None
    authorisation: AuthorisationOut | None = None
    case_number: str | None = None
    mail_address: str
    created_at: datetime
    assigned_at: datetime | None
    finished_at: datetime | None

    @staticmethod
    def resolve_case_number(obj):
        return obj.case.number if obj.case_id else None

    @staticmethod
    def resolve_authorisation(obj):
        try:
            return obj.authorisation
        except obj.__class__.authorisation.RelatedObjectDoesNotExist:
            return None


class AuthorisationIn(Schema):
    scope: str = Field(..., min_length=1, max_length=300)
    valid_from: date
    valid_until: date


class ApplyIn(Schema):
    form_data: dict = Field(default_factory=dict)
    materials: list[str] = Field(default_factory=list, description="已收取的材料名称")
    mail_address: str = Field("", max_length=200)


class MailIn(Schema):
    tracking_number: str = Field(..., min_length=1, max_length=40)
    address: str = Field("", max_length=200)


class NoteIn(Schema):
    note: str = Field(..., min_length=1, max_length=1000)


def _applicant_for(user, payload: AgencyRequestIn) -> tuple[Applicant, str]:
    if payload.applicant is None:
        found = Applicant.objects.filter(user=user).first()
        if found is None:
            account = getattr(user, "applicant_account", None)
            if account is None:
                raise InvalidInput("请提供申请人信息", code="applicant_required")
            found = case_services.applicant_register(
                kind=account.kind, name=account.name, id_number=account.id_number,
                phone=account.phone, user=user, actor=user,
            )  # fmt: skip
        return found, AgencySource.WEB
    # Someone else's request is taken only at the hotline or a window.
    require_role(user, *DESK, message="只有12345热线或窗口工作人员可以为他人登记帮代办")
    if payload.source == AgencySource.WEB:
        raise InvalidInput("为他人登记请选择来源：12345热线或窗口", code="agency_source_invalid")
    data = payload.applicant
    applicant = case_services.applicant_register(
        kind=data.kind, name=data.name, id_number=data.id_number, phone=data.phone,
        address=data.address, actor=user,
    )  # fmt: skip
    return applicant, payload.source


@router.post(
    "/agency/requests", response={201: AgencyRequestOut, **ERRORS}, summary="登记帮代办请求"
)
def agency_request_create(request, payload: AgencyRequestIn):
    region = Region.objects.filter(code=payload.region_code).first()
    if region is None:
        raise NotFound("未找到该区划", code="region_not_found")
    applicant, source = _applicant_for(request.auth, payload)
    created = services.agency_request_create(
        applicant=applicant, matter_code=payload.matter_code, mode=payload.mode, source=source,
        region=region, phone=payload.phone, address=payload.address, note=payload.note,
        actor=request.auth,
    )  # fmt: skip
    return Status(201, selectors.agency_request_get(request.auth, created.pk))


@router.get("/agency/requests", response=list[AgencyRequestOut], summary="帮代办请求列表")
@paginate(Pages, page_size=20, max_page_size=100)
def agency_request_list(request, status: str | None = None):
    qs = selectors.agency_requests_for(request.auth)
    return qs.filter(status=status) if status else qs


@router.get(
    "/agency/requests/{pk}", response={200: AgencyRequestOut, **ERRORS}, summary="帮代办请求详情"
)
def agency_request_detail(request, pk: int):
    return selectors.agency_request_get(request.auth, pk)


def _visible(request, pk: int) -> int:
    return selectors.agency_request_get(request.auth, pk).pk


@router.post(
    "/agency/requests/{pk}/authorisation",
    response={200: AgencyRequestOut, **ERRORS},
    summary="记录授权委托",
)
def agency_authorise(request, pk: int, payload: AuthorisationIn):
    services.authorisation_record(
        request_id=_visible(request, pk), scope=payload.scope, valid_from=payload.valid_from,
        valid_until=payload.valid_until, actor=request.auth,
    )  # fmt: skip
    return selectors.agency_request_get(request.auth, pk)


@router.post(
    "/agency/requests/{pk}/apply",
    response={200: AgencyRequestOut, **ERRORS},
    summary="凭委托代为申请",
)
def agency_apply(request, pk: int, payload: ApplyIn):
    services.agency_apply(
        request_id=_visible(request, pk), form_data=payload.form_data,
        materials=[{"name": name} for name in payload.materials],
        mail_address=payload.mail_address, actor=request.auth,
    )  # fmt: skip
    return selectors.agency_request_get(request.auth, pk)


@router.post(
    "/agency/requests/{pk}/mail",
    response={200: AgencyRequestOut, **ERRORS},
    summary="免费寄送办理结果",
)
def agency_mail(request, pk: int, payload: MailIn):
    services.agency_mail_result(
        request_id=_visible(request, pk), tracking_number=payload.tracking_number,
        address=payload.address, actor=request.auth,
    )  # fmt: skip
    return selectors.agency_request_get(request.auth, pk)


@router.post(
    "/agency/requests/{pk}/guided", response={200: AgencyRequestOut, **ERRORS}, summary="指导完成"
)
def agency_guided(request, pk: int, payload: NoteIn):
    services.agency_guidance_done(
        request_id=_visible(request, pk), note=payload.note, actor=request.auth
    )
    return selectors.agency_request_get(request.auth, pk)


@router.post(
    "/agency/requests/{pk}/cancel", response={200: AgencyRequestOut, **ERRORS}, summary="取消请求"
)
def agency_cancel(request, pk: int, payload: NoteIn):
    found = selectors.agency_request_get(request.auth, pk)
    if not (user_roles(request.auth) & set(DESK) or found.applicant.user_id == request.auth.pk):
        raise Forbidden("只有申请人本人或热线、窗口工作人员可以取消", code="forbidden")
    services.agency_request_cancel(request_id=found.pk, reason=payload.note, actor=request.auth)
    return selectors.agency_request_get(request.auth, pk)


class RunnerStatOut(Schema):
    id: int
    full_name: str
    region: str = Field(..., alias="region.name")
    level: str = Field(..., alias="region.level")
    capacity: int
    open_load: int
    total: int
    open: int
    finished: int
    cancelled: int
    ratings: int
    mean_score: float | None


class RegionStatOut(Schema):
    code: str = Field(..., alias="region__code")
    name: str = Field(..., alias="region__name")
    level: str = Field(..., alias="region__level")
    total: int
    waiting: int
    open: int
    finished: int


class StatsOut(Schema):
    runners: list[RunnerStatOut]
    regions: list[RegionStatOut]


@router.get(
    "/agency/stats", response={200: StatsOut, **ERRORS}, summary="帮代办统计（按帮代办员、区域）"
)
def agency_stats(request):
    require_role(request.auth, Role.SUPERVISOR, Role.ADMIN, Role.CLERK)
    return {"runners": selectors.runner_stats_rated(), "regions": selectors.region_stats()}


class RateIn(Schema):
    level: str = Field(..., description="VERY_SATISFIED … VERY_DISSATISFIED")
    scores: dict = Field(
        default_factory=dict, description="overall, efficiency, skill, attitude：1-5"
    )
    comment: str = Field("", max_length=500)


class RatingOut(Schema):
    id: int
    level: str
    level_label: str = Field(..., alias="get_level_display")
    is_bad: bool
    comment: str


@router.post(
    "/agency/requests/{pk}/rating",
    response={201: RatingOut, **ERRORS},
    summary="申请人评价帮代办员",
)
def agency_rate(request, pk: int, payload: RateIn):
    rating = services.agency_rate(
        request_id=_visible(request, pk), level=payload.level, scores=payload.scores or None,
        comment=payload.comment, actor=request.auth,
    )  # fmt: skip
    return Status(201, rating)
