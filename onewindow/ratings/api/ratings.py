"""好差评 endpoints: rate a case (web, QR, device), lists, rectifications and appeals."""

from django.utils import timezone
from ninja import Status
from ninja.pagination import paginate

from onewindow.cases.models import Case
from onewindow.lib.errors import Forbidden, NotFound

from .. import permissions, selectors, services
from ..choices import DIMENSIONS, AppealStatus, RatingChannel, RectificationStatus
from .base import ERRORS, Pages, require_staff, require_supervisor, router
from .schemas import (
    AppealIn,
    AppealOut,
    AppealReviewIn,
    DeviceCaseOut,
    RateableOut,
    RatingIn,
    RatingOut,
    RectificationOut,
    RectifyIn,
    RevisitIn,
    VerifyIn,
)


def _case_id(number: str) -> int:
    pk = Case.objects.filter(number=number).values_list("pk", flat=True).first()
    if pk is None:
        raise NotFound("未找到该办件", code="case_not_found")
    return pk


def _rating_out(rating):
    return selectors.ratings_base().get(pk=rating.pk)


@router.post(
    "/cases/{number}",
    response={201: RatingOut, **ERRORS},
    summary="申请人评价办件（网上）",
    description="办件送达后，申请人本人评价一次；差评自动转入整改。未送达为 409。",
)
def rate_case(request, number: str, body: RatingIn):
    rating = services.rating_submit(
        case_id=_case_id(number), source="WEB", actor=request.auth, **body.dict()
    )
    return Status(201, _rating_out(rating))


@router.post(
    "/qr/{number}/{token}",
    auth=None,
    response={201: RatingOut, **ERRORS},
    summary="扫码评价（文书上的二维码）",
)
def rate_by_qr(request, number: str, token: str, body: RatingIn):
    rating = services.rating_submit(
        case_id=_case_id(number), source="QR", token=token, actor=request.user, **body.dict()
    )
    return Status(201, _rating_out(rating))


def _device(token: str):
    device = selectors.device_by_token(token)
    if device is None:
        raise NotFound("评价器未登记或已停用", code="device_not_found")
    return device


@router.get(
    "/device/{token}",
    auth=None,
    response={200: DeviceCaseOut, **ERRORS},
    summary="评价器：当前待评价的办件",
)
def device_current(request, token: str):
    device = _device(token)
    type(device).objects.filter(pk=device.pk).update(last_seen_at=timezone.now())
    case = selectors.device_current_case(device)
    return {
        "window": str(device.window),
        "case_number": case.number if case else None,
        "title": case.title if case else None,
        "dimensions": DIMENSIONS[RatingChannel.ON_SITE],
    }


@router.post(
    "/device/{token}/cases/{number}",
    auth=None,
    response={201: RatingOut, **ERRORS},
    summary="评价器：现场评价（一次一评）",
)
def device_rate(request, token: str, number: str, body: RatingIn):
    rating = services.rating_submit(
        case_id=_case_id(number), source="DEVICE", device=_device(token), actor=None, **body.dict()
    )
    return Status(201, _rating_out(rating))


@router.get("", response={200: list[RatingOut], **ERRORS}, summary="评价列表")
@paginate(Pages, page_size=20, max_page_size=100)
def list_ratings(request, bad: bool | None = None, department_id: int | None = None):
    qs = selectors.ratings_visible_to(request.auth)
    if bad is not None:
        qs = qs.filter(is_bad=bad)
    if department_id:
        qs = qs.filter(department_id=department_id)
    return qs


@router.get("/mine/rateable", response=list[RateableOut], summary="我的待评价办件")
def my_rateable(request):
    return [
        {"number": c.number, "title": c.title, "delivered_at": c.delivered_at}
        for c in selectors.rateable_cases(request.auth)[:100]
    ]


@router.get(
    "/rectifications",
    response={200: list[RectificationOut], **ERRORS},
    summary="差评整改工作台",
    description="监督人员看全部，部门工作人员看本部门和本人负责的整改。",
)
@paginate(Pages, page_size=20, max_page_size=100)
def list_rectifications(request, status: RectificationStatus | None = None, overdue: bool = False):
    require_staff(request.auth)
    qs = selectors.rectifications_for(request.auth, status=status or "", overdue=overdue)
    return _Decorated(qs)


class _Decorated:
    """Counts and slices the queryset; only the page's rows get `is_overdue`, in memory."""

    def __init__(self, qs):
        self.qs = qs

    def __len__(self):
        return self.qs.count()

    def __getitem__(self, item):
        return selectors.decorate_overdue(list(self.qs[item]))


def _rectification(request, pk: int):
    row = selectors.rectification_detail(pk)
    if row is None or not (
        permissions.may_handle(request.auth, row) or permissions.is_rater(request.auth, row.rating)
    ):
        raise NotFound("未找到该整改", code="rectification_not_found")
    return selectors.decorate_overdue([row])[0]


@router.get("/rectifications/{pk}", response={200: RectificationOut, **ERRORS}, summary="整改详情")
def get_rectification(request, pk: int):
    return _rectification(request, pk)


@router.post(
    "/rectifications/{pk}/verify", response={200: RectificationOut, **ERRORS}, summary="核实差评"
)
def verify(request, pk: int, body: VerifyIn):
    _rectification(request, pk)
    services.rectification_verify(rectification_id=pk, finding=body.finding, actor=request.auth)
    return _rectification(request, pk)


@router.post(
    "/rectifications/{pk}/rectify",
    response={200: RectificationOut, **ERRORS},
    summary="整改或解释说明",
)
def rectify(request, pk: int, body: RectifyIn):
    _rectification(request, pk)
    services.rectification_rectify(
        rectification_id=pk, outcome=body.outcome, measures=body.measures, actor=request.auth
    )
    return _rectification(request, pk)


@router.post(
    "/rectifications/{pk}/revisit",
    response={200: RectificationOut, **ERRORS},
    summary="回访评价",
    description="申请人本人对整改结果评价，或监督人员录入电话回访结果。",
)
def revisit(request, pk: int, body: RevisitIn):
    _rectification(request, pk)
    services.rectification_revisit(
        rectification_id=pk, level=body.level, comment=body.comment, actor=request.auth
    )
    return _rectification(request, pk)


@router.post("/{rating_id}/appeals", response={201: AppealOut, **ERRORS}, summary="差评申诉")
def file_appeal(request, rating_id: int, body: AppealIn):
    require_staff(request.auth)
    appeal = services.appeal_file(
        rating_id=rating_id, reason=body.reason, evidence=body.evidence, actor=request.auth
    )
    return Status(201, appeal)


@router.get("/appeals", response={200: list[AppealOut], **ERRORS}, summary="申诉复核列表")
@paginate(Pages, page_size=20, max_page_size=100)
def list_appeals(request, status: AppealStatus | None = None):
    require_supervisor(request.auth)
    return selectors.appeals_list(status=status or "")


@router.post("/appeals/{pk}/review", response={200: AppealOut, **ERRORS}, summary="复核申诉")
def review_appeal(request, pk: int, body: AppealReviewIn):
    if not permissions.is_supervisor(request.auth):
        raise Forbidden("只有监督人员可以复核申诉", code="forbidden")
    return services.appeal_review(
        appeal_id=pk, upheld=body.upheld, note=body.note, actor=request.auth
    )
