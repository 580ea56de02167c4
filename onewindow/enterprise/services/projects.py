"""Writes of project cards: create a card from the milestone template, reschedule it, add a
team member, start and complete a milestone, link a milestone to the case that applies for
its permit. Each runs in one transaction with one audit row."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from onewindow.accounts.models import ApplicantKind
from onewindow.accounts.roles import Role
from onewindow.accounts.services import user_has_role
from onewindow.audit.services import audit_record
from onewindow.cases.models import Applicant, Case
from onewindow.catalog.models import Department
from onewindow.lib.errors import Conflict, Forbidden, InvalidInput, NotFound

from ..choices import MilestoneStatus
from ..models import Milestone, MilestoneTemplate, ProjectCard, ProjectMember
from .schedule import Step, plan_backward

ERR_CODE_TAKEN = "该项目代码已建卡"
ERR_NOT_ENTERPRISE = "建设单位应为法人或其他组织"
ERR_NOT_STEWARD = "项目管家应为具有项目管家角色的工作人员"
ERR_NO_TEMPLATE = "尚未配置项目节点模板，请先在管理后台添加"
ERR_START_PAST = "计划开工日期应晚于今天"
ERR_PLAN_PAST = "按倒排计划，第一个节点应在今天之前启动，请推迟计划开工日期或压缩节点时限"
ERR_MILESTONE_DONE = "该节点已完成"
ERR_CANNOT_MANAGE = "只有项目管家、节点责任部门或管理人员可以办理该节点"
ERR_CANNOT_EDIT_CARD = "只有本项目的项目管家或管理人员可以修改项目卡"

MANAGERS = (Role.SUPERVISOR, Role.ADMIN)


@dataclass
class CardInput:
    code: str
    name: str
    enterprise: Applicant
    steward: object
    lead_department: Department
    lead_person: str
    target_start_date: date
    investment: Decimal = Decimal(0)
    address: str = ""


def can_edit_card(user, card: ProjectCard) -> bool:
    return card.steward_id == user.pk or user_has_role(user, *MANAGERS)


def can_manage_milestone(user, milestone: Milestone) -> bool:
    if can_edit_card(user, milestone.card):
        return True
    profile = getattr(user, "staff_profile", None)
    return bool(
        profile
        and profile.department_id == milestone.department_id
        and user_has_role(user, Role.REVIEWER, Role.SECTION_HEAD)
    )


def card_create(*, data: CardInput, actor, today: date | None = None) -> ProjectCard:
    """A card with one milestone per active template step, scheduled backward from the
    target start date."""
    today = today or timezone.localdate()
    code, name = data.code.strip(), data.name.strip()
    if not code or not name or not data.lead_person.strip():
        raise InvalidInput("请填写项目代码、项目名称和牵头负责人", code="card_fields_required")
    if data.enterprise.kind != ApplicantKind.ORGANISATION:
        raise InvalidInput(ERR_NOT_ENTERPRISE, code="card_not_enterprise")
    if not user_has_role(data.steward, Role.STEWARD):
        raise InvalidInput(ERR_NOT_STEWARD, code="card_not_steward")
    if data.target_start_date <= today:
        raise InvalidInput(ERR_START_PAST, code="card_start_past")
    if data.investment < 0:
        raise InvalidInput("总投资不能为负数", code="card_investment_negative")
    templates = list(MilestoneTemplate.objects.filter(is_active=True).order_by("order", "id"))
    if not templates:
        raise Conflict(ERR_NO_TEMPLATE, code="card_no_template")
    plan = plan_backward([Step(t.name, t.limit_days) for t in templates], data.target_start_date)
    if plan[0].start_date < today:
        raise InvalidInput(
            ERR_PLAN_PAST,
            code="card_plan_past",
            details={"first_start_date": plan[0].start_date.isoformat()},
        )
    with transaction.atomic():
        if ProjectCard.objects.filter(code=code).exists():
            raise Conflict(ERR_CODE_TAKEN, code="card_code_taken")
        card = ProjectCard.objects.create(
            code=code, name=name, enterprise=data.enterprise, steward=data.steward,
            lead_department=data.lead_department, lead_person=data.lead_person.strip(),
            investment=data.investment, address=data.address.strip(),
            target_start_date=data.target_start_date,
        )  # fmt: skip
        Milestone.objects.bulk_create(
            Milestone(
                card=card,
                order=i + 1,
                name=p.name,
                department=t.department,
                limit_days=p.limit_days,
                planned_start_date=p.start_date,
                planned_end_date=p.end_date,
                due_at=p.due_at,
                warn_at=p.warn_at,
            )
            for i, (t, p) in enumerate(zip(templates, plan, strict=True))
        )
        audit_record(
            actor=actor,
            action="project.create",
            obj=card,
            summary=f"建立项目一卡通 {code} {name}，计划开工 {data.target_start_date}",
        )
    return card


def card_reschedule(*, card_id: int, target_start_date: date, actor) -> ProjectCard:
    """A new target start date re-plans the milestones not yet done, backward from it."""
    with transaction.atomic():
        card = ProjectCard.objects.select_for_update().filter(pk=card_id).first()
        if card is None:
            raise NotFound("未找到该项目", code="card_not_found")
        if not can_edit_card(actor, card):
            raise Forbidden(ERR_CANNOT_EDIT_CARD, code="forbidden")
        if target_start_date <= timezone.localdate():
            raise InvalidInput(ERR_START_PAST, code="card_start_past")
        open_ones = list(card.milestones.exclude(status=MilestoneStatus.DONE).order_by("order"))
        plan = plan_backward([Step(m.name, m.limit_days) for m in open_ones], target_start_date)
        for m, p in zip(open_ones, plan, strict=True):
            m.planned_start_date, m.planned_end_date = p.start_date, p.end_date
            m.due_at, m.warn_at = p.due_at, p.warn_at
        Milestone.objects.bulk_update(
            open_ones, ["planned_start_date", "planned_end_date", "due_at", "warn_at"]
        )
        before = card.target_start_date
        card.target_start_date = target_start_date
        card.save(update_fields=["target_start_date"])
        audit_record(
            actor=actor,
            action="project.reschedule",
            obj=card,
            summary=f"计划开工日期 {before} → {target_start_date}，重排 {len(open_ones)} 个节点",
            changes={"target_start_date": [str(before), str(target_start_date)]},
        )
    return card


def member_add(
    *, card: ProjectCard, name: str, duty: str, actor, department=None, phone: str = "",
    user=None,
) -> ProjectMember:  # fmt: skip
    name, duty = (name or "").strip(), (duty or "").strip()
    if not name or not duty:
        raise InvalidInput("请填写成员姓名和职责", code="member_fields_required")
    if not can_edit_card(actor, card):
        raise Forbidden(ERR_CANNOT_EDIT_CARD, code="forbidden")
    with transaction.atomic():
        member = ProjectMember.objects.create(
            card=card, name=name[:50], duty=duty[:60], department=department,
            phone=(phone or "").strip()[:20], user=user,
        )  # fmt: skip
        audit_record(
            actor=actor, action="project.member_add", obj=card, summary=f"专班成员 {name}（{duty}）"
        )
    return member


def _locked_milestone(milestone_id: int, actor) -> Milestone:
    milestone = (
        Milestone.objects.select_for_update(of=("self",))
        .select_related("card")
        .filter(pk=milestone_id)
        .first()
    )
    if milestone is None:
        raise NotFound("未找到该节点", code="milestone_not_found")
    if not can_manage_milestone(actor, milestone):
        raise Forbidden(ERR_CANNOT_MANAGE, code="forbidden")
    return milestone


def milestone_start(*, milestone_id: int, actor, case: Case | None = None) -> Milestone:
    with transaction.atomic():
        milestone = _locked_milestone(milestone_id, actor)
        if milestone.status != MilestoneStatus.PENDING:
            raise Conflict("该节点已启动或已完成", code="milestone_not_pending")
        milestone.status = MilestoneStatus.IN_PROGRESS
        milestone.started_at = timezone.now()
        if case is not None:
            milestone.case = case
        milestone.save(update_fields=["status", "started_at", "case"])
        audit_record(
            actor=actor,
            action="milestone.start",
            obj=milestone,
            summary=f"启动节点 {milestone.name}" + (f"，关联办件 {case.number}" if case else ""),
        )
    return milestone


def milestone_complete(*, milestone_id: int, actor, note: str = "") -> Milestone:
    with transaction.atomic():
        milestone = _locked_milestone(milestone_id, actor)
        if milestone.status == MilestoneStatus.DONE:
            raise Conflict(ERR_MILESTONE_DONE, code="milestone_done")
        now = timezone.now()
        milestone.status = MilestoneStatus.DONE
        milestone.started_at = milestone.started_at or now
        milestone.done_at = now
        milestone.note = (note or "").strip()[:200] or milestone.note
        milestone.save(update_fields=["status", "started_at", "done_at", "note"])
        late = "（超期完成）" if milestone.done_late else ""
        audit_record(
            actor=actor,
            action="milestone.complete",
            obj=milestone,
            summary=f"完成节点 {milestone.name}{late}",
        )
    return milestone


def milestone_link_case(*, milestone_id: int, case_number: str, actor) -> Milestone:
    """The case that applies for this milestone's permit; linking starts a pending one."""
    case = Case.objects.filter(number=(case_number or "").strip()).first()
    if case is None:
        raise NotFound("未找到该办件", code="case_not_found")
    with transaction.atomic():
        milestone = _locked_milestone(milestone_id, actor)
        if milestone.status == MilestoneStatus.DONE:
            raise Conflict(ERR_MILESTONE_DONE, code="milestone_done")
        if case.applicant_id != milestone.card.enterprise_id:
            raise InvalidInput("该办件的申请人不是本项目的建设单位", code="case_other_applicant")
        milestone.case = case
        fields = ["case"]
        if milestone.status == MilestoneStatus.PENDING:
            milestone.status, milestone.started_at = MilestoneStatus.IN_PROGRESS, timezone.now()
            fields += ["status", "started_at"]
        milestone.save(update_fields=fields)
        audit_record(
            actor=actor,
            action="milestone.link_case",
            obj=milestone,
            summary=f"节点 {milestone.name} 关联办件 {case.number}",
        )
    return milestone


def milestones_complete_for_case(*, case: Case, actor) -> int:
    """The permit is granted: every open milestone linked to the case is done. Called from
    the case_moved receiver inside the approval's transaction, so both commit together; the
    decision itself is the authority, whoever made it."""
    now = timezone.now()
    done = 0
    for milestone in (
        Milestone.objects.select_for_update()
        .filter(case_id=case.pk)
        .exclude(status=MilestoneStatus.DONE)
    ):
        milestone.status, milestone.done_at = MilestoneStatus.DONE, now
        milestone.started_at = milestone.started_at or now
        milestone.save(update_fields=["status", "done_at", "started_at"])
        audit_record(
            actor=actor,
            action="milestone.complete",
            obj=milestone,
            summary=f"办件 {case.number} 准予许可，节点 {milestone.name} 完成",
        )
        done += 1
    return done
