"""Project cards: list, create, detail, reschedule, team members, milestone start /
complete / link case, and the quarterly report."""

from django.utils import timezone
from ninja import Query, Schema, Status

from onewindow.accounts.roles import Role
from onewindow.accounts.services import user_has_role
from onewindow.lib.errors import Forbidden, InvalidInput, NotFound

from .. import selectors
from ..lookups import department_by_code, enterprise_by_id_number, user_by_username
from ..models import Milestone
from ..services import projects as services
from .base import ERRORS, router
from .schemas import (
    CardDetailOut,
    CardIn,
    CardListOut,
    MemberIn,
    MemberOut,
    MilestoneActionIn,
    MilestoneOut,
    ReportOut,
    RescheduleIn,
)

CREATORS = (Role.STEWARD, Role.SUPERVISOR, Role.ADMIN)


def card_out(card) -> dict:
    return {
        "code": card.code, "name": card.name, "enterprise": card.enterprise.name,
        "steward": card.steward.get_full_name() or card.steward.get_username(),
        "lead_department": card.lead_department.name, "lead_person": card.lead_person,
        "investment": card.investment, "address": card.address,
        "target_start_date": card.target_start_date, "status": card.status,
        "status_label": card.get_status_display(), "total": card.total, "done": card.done,
        "percent": card.percent,
        **({s: getattr(card, s) for s in ("green", "yellow", "red")} if hasattr(card, "red") else {}),
    }  # fmt: skip


def milestone_out(m: Milestone, signal: str | None = None) -> dict:
    return {
        "id": m.pk, "order": m.order, "name": m.name, "department": m.department.name,
        "limit_days": m.limit_days, "planned_start_date": m.planned_start_date,
        "planned_end_date": m.planned_end_date, "due_at": m.due_at, "status": m.status,
        "status_label": m.get_status_display(),
        "signal": getattr(m, "signal", signal), "started_at": m.started_at,
        "done_at": m.done_at, "done_late": m.done_late,
        "case_number": m.case.number if m.case_id else None, "note": m.note,
    }  # fmt: skip


def member_out(member) -> dict:
    return {
        "name": member.name,
        "duty": member.duty,
        "department": member.department.name if member.department_id else None,
        "phone": member.phone,
    }


def _detail(request, code: str) -> dict:
    card = selectors.card_detail(request.auth, code)
    if card is None:
        raise NotFound("未找到该项目", code="card_not_found")
    return {
        **card_out(card),
        "milestones": [milestone_out(m) for m in card.milestones.all()],
        "members": [member_out(m) for m in card.members.all()],
    }


@router.get("/projects", response={200: list[CardListOut], **ERRORS}, summary="项目一卡通列表")
def card_list(request):
    return [card_out(c) for c in selectors.card_list(request.auth)]


@router.post("/projects", response={201: CardDetailOut, **ERRORS}, summary="建立项目一卡通")
def card_create(request, data: CardIn):
    if not user_has_role(request.auth, *CREATORS):
        raise Forbidden("只有项目管家或管理人员可以建卡", code="forbidden")
    card = services.card_create(
        data=services.CardInput(
            code=data.code, name=data.name,
            enterprise=enterprise_by_id_number(data.enterprise_id_number),
            steward=user_by_username(data.steward),
            lead_department=department_by_code(data.lead_department_code),
            lead_person=data.lead_person, target_start_date=data.target_start_date,
            investment=data.investment, address=data.address,
        ),
        actor=request.auth,
    )  # fmt: skip
    return Status(201, _detail(request, card.code))


class ReportQuery(Schema):
    year: int | None = None
    quarter: int | None = None


@router.get("/projects/report", response={200: ReportOut, **ERRORS}, summary="季度进度报告")
def report(request, q: Query[ReportQuery]):
    year, quarter = selectors.quarter_of(timezone.localdate())
    year, quarter = q.year or year, q.quarter or quarter
    if not (2000 <= year <= 2100 and 1 <= quarter <= 4):
        raise InvalidInput("年份或季度不正确", code="report_period_invalid")
    r = selectors.quarterly_report(request.auth, year, quarter)
    names = lambda ms: [m.name for m in ms]  # noqa: E731
    return {
        "year": year, "quarter": quarter, "totals": r["totals"],
        "rows": [
            {"code": row["card"].code, "name": row["card"].name, "percent": row["percent"],
             "planned": names(row["planned"]), "done": names(row["done"]),
             "late": names(row["late"]), "overdue": names(row["overdue"]),
             "next_milestone": row["next"].name if row["next"] else None}
            for row in r["rows"]
        ],
    }  # fmt: skip


@router.get("/projects/{code}", response={200: CardDetailOut, **ERRORS}, summary="项目一卡通")
def card_detail(request, code: str):
    return _detail(request, code)


@router.post(
    "/projects/{code}/reschedule",
    response={200: CardDetailOut, **ERRORS},
    summary="调整计划开工日期",
    description="未完成的节点按新的计划开工日期重新倒排。",
)
def reschedule(request, code: str, data: RescheduleIn):
    card = selectors.cards_visible_to(request.auth).filter(code=code).first()
    if card is None:
        raise NotFound("未找到该项目", code="card_not_found")
    services.card_reschedule(
        card_id=card.pk, target_start_date=data.target_start_date, actor=request.auth
    )
    return _detail(request, code)


@router.post(
    "/projects/{code}/members", response={201: MemberOut, **ERRORS}, summary="添加专班成员"
)
def member_add(request, code: str, data: MemberIn):
    card = selectors.cards_visible_to(request.auth).filter(code=code).first()
    if card is None:
        raise NotFound("未找到该项目", code="card_not_found")
    department = department_by_code(data.department_code) if data.department_code else None
    member = services.member_add(
        card=card, name=data.name, duty=data.duty, department=department, phone=data.phone,
        actor=request.auth,
    )  # fmt: skip
    return Status(201, member_out(member))


def _milestone(request, milestone_id: int) -> dict:
    m = Milestone.objects.select_related("department", "case").get(pk=milestone_id)
    signal = selectors.signal_of(
        m.status, selectors.MILESTONE_RUNNING, m.due_at, m.warn_at, timezone.now()
    )
    return milestone_out(m, signal)


@router.post(
    "/milestones/{int:milestone_id}/start", response={200: MilestoneOut, **ERRORS},
    summary="启动节点", description="可同时关联申请该许可的办件。",
)  # fmt: skip
def milestone_start(request, milestone_id: int, data: MilestoneActionIn):
    if data.case_number:
        services.milestone_link_case(
            milestone_id=milestone_id, case_number=data.case_number, actor=request.auth
        )
    else:
        services.milestone_start(milestone_id=milestone_id, actor=request.auth)
    return _milestone(request, milestone_id)


@router.post(
    "/milestones/{int:milestone_id}/complete",
    response={200: MilestoneOut, **ERRORS},
    summary="节点完成",
)
def milestone_complete(request, milestone_id: int, data: MilestoneActionIn):
    services.milestone_complete(milestone_id=milestone_id, note=data.note, actor=request.auth)
    return _milestone(request, milestone_id)


@router.post(
    "/milestones/{int:milestone_id}/link-case",
    response={200: MilestoneOut, **ERRORS},
    summary="关联办件",
)
def milestone_link(request, milestone_id: int, data: MilestoneActionIn):
    if not data.case_number:
        raise InvalidInput("请填写办件编号", code="case_number_required")
    services.milestone_link_case(
        milestone_id=milestone_id, case_number=data.case_number, actor=request.auth
    )
    return _milestone(request, milestone_id)
