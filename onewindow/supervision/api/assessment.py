"""月度考核 over the API: deductions, the month's scores, actions and awards."""

from datetime import date, datetime

from ninja import Field, Query, Schema, Status

from .. import permissions, selectors, services
from ..models import DeductionItem
from .base import ERRORS, name_of, parse_month, router, staff_by_username


class MonthIn(Schema):
    month: str = Field(..., pattern=r"^\d{4}-\d{2}$", examples=["2026-10"])


class AssessmentOut(Schema):
    staff: str
    name: str | None
    month: date
    score: int
    deducted: int
    deduction_count: int


class ActionOut(Schema):
    id: int
    staff: str
    name: str | None
    month: date
    kind: str
    kind_label: str
    reason: str
    status: str
    note: str


class DeductionIn(Schema):
    staff: str = Field(..., description="工作人员用户名")
    item_code: str = Field(..., description="扣分项目编码，如 LATE、AWAY、CHATTING、COMPLAINT")
    occurred_at: datetime
    note: str = Field(..., max_length=300)
    points: int | None = Field(None, ge=1, le=100, description="不填按扣分项目的分值")


class DeductionOut(Schema):
    id: int
    staff: str
    item_code: str
    points: int
    month: date
    note: str
    voided: bool


class VoidIn(Schema):
    reason: str = Field(..., max_length=200)


class NoteIn(Schema):
    note: str = Field(..., max_length=2000)


class AwardOut(Schema):
    id: int
    month: date
    kind: str
    kind_label: str
    winner: str
    reason: str


class ItemOut(Schema):
    code: str
    name: str
    points: int
    automatic: bool


def _assessment(a) -> dict:
    return {"staff": a.staff.username, "name": name_of(a.staff), "month": a.month, "score": a.score,
            "deducted": a.deducted, "deduction_count": a.deduction_count}  # fmt: skip


def _action(a) -> dict:
    return {"id": a.pk, "staff": a.staff.username, "name": name_of(a.staff), "month": a.month,
            "kind": a.kind, "kind_label": a.get_kind_display(), "reason": a.reason,
            "status": a.status, "note": a.note}  # fmt: skip


def _deduction(d) -> dict:
    return {"id": d.pk, "staff": d.staff.username, "item_code": d.item.code, "points": d.points,
            "month": d.month, "note": d.note, "voided": d.voided_at is not None}  # fmt: skip


def _award(a) -> dict:
    if a.window_id:
        winner = f"{a.window.service_point.name} {a.window.number}号窗"
    else:
        winner = name_of(a.staff)
    return {"id": a.pk, "month": a.month, "kind": a.kind, "kind_label": a.get_kind_display(),
            "winner": winner, "reason": a.reason}  # fmt: skip


@router.get("/deduction-items", response={200: list[ItemOut], **ERRORS}, summary="考核扣分项目")
def list_items(request):
    permissions.require_office(request.auth)
    return list(DeductionItem.objects.filter(is_active=True))


@router.get("/assessments", response={200: list[AssessmentOut], **ERRORS}, summary="月度考核得分")
def list_assessments(request, filters: Query[MonthIn]):
    permissions.require_office(request.auth)
    return [_assessment(a) for a in selectors.month_assessments(parse_month(filters.month))]


@router.post(
    "/assessments/compute", response={200: list[AssessmentOut], **ERRORS}, summary="计算月度考核"
)
def compute(request, data: MonthIn):
    rows = services.assessment_compute(month=parse_month(data.month), actor=request.auth)
    return [_assessment(a) for a in rows]


@router.post("/deductions", response={201: DeductionOut, **ERRORS}, summary="记录扣分")
def record_deduction(request, data: DeductionIn):
    permissions.require_office(request.auth)
    d = services.deduction_record(
        staff=staff_by_username(data.staff), item_code=data.item_code, occurred_at=data.occurred_at,
        note=data.note, points=data.points, actor=request.auth,
    )  # fmt: skip
    return Status(201, _deduction(d))


@router.post("/deductions/{pk}/void", response={200: DeductionOut, **ERRORS}, summary="撤销扣分")
def void_deduction(request, pk: int, data: VoidIn):
    return _deduction(
        services.deduction_void(deduction_id=pk, reason=data.reason, actor=request.auth)
    )


@router.get("/actions", response={200: list[ActionOut], **ERRORS}, summary="考核处理（约谈、退回）")
def list_actions(request, month: str | None = None):
    permissions.require_office(request.auth)
    return [
        _action(a) for a in selectors.month_actions(parse_month(month) if month else None)[:500]
    ]


@router.post("/actions/{pk}/done", response={200: ActionOut, **ERRORS}, summary="记录落实情况")
def action_done(request, pk: int, data: NoteIn):
    action = services.assessment_action_done(action_id=pk, note=data.note, actor=request.auth)
    return _action(selectors.month_actions().get(pk=action.pk))


@router.get("/awards", response={200: list[AwardOut], **ERRORS}, auth=None, summary="光荣榜")
def list_awards(request):
    return [_award(a) for a in selectors.awards()]


@router.post("/awards/grant", response={200: list[AwardOut], **ERRORS}, summary="按考核结果评选")
def grant_awards(request, data: MonthIn):
    granted = services.awards_grant_proposed(month=parse_month(data.month), actor=request.auth)
    ids = [a.pk for a in granted]
    return [_award(a) for a in selectors.awards() if a.pk in ids]
