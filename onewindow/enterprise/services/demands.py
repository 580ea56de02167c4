"""Writes of enterprise demands: file, assign (with a deadline in working days), resolve,
rate. An unsatisfied rating reopens the demand with the same department and a fresh
deadline; a satisfied one clears it (清零). Each runs in one transaction with one audit row.

The clock is the cases clock (cases.clock.compute): counted from the day after assignment,
ending with the last working day; due_at and warn_at are stored so that the board's
signals are index range queries."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from onewindow.accounts.models import ApplicantKind
from onewindow.accounts.roles import Role
from onewindow.accounts.services import user_has_role, user_roles
from onewindow.audit.services import audit_record
from onewindow.cases import clock
from onewindow.cases.models import Applicant
from onewindow.catalog.models import Department
from onewindow.lib.errors import Conflict, Forbidden, InvalidInput, NotFound

from ..choices import DemandChannel, DemandStatus, Satisfaction
from ..models import Demand, DemandCounter, DemandRating, DemandService, ProjectCard

ERR_DESCRIPTION = "请填写诉求内容"
ERR_NOT_ENTERPRISE = "诉求应由企业（法人或其他组织）提出"
ERR_NO_ENTERPRISE = "请指明提出诉求的企业"
ERR_CANNOT_FILE = "只有企业本身、12345 热线工作人员或项目管家可以提交企业诉求"
ERR_CANNOT_ASSIGN = "只有 12345 热线工作人员或管理人员可以分派诉求"
ERR_CANNOT_RESOLVE = "只有承办部门的工作人员或管理人员可以办结该诉求"
ERR_CANNOT_RATE = "只有提出诉求的企业可以评价"
ERR_LIMIT = "办理时限应为 1 到 60 个工作日"
ERR_RESOLUTION = "请填写办理结果"
ERR_COMMENT = "不满意时请说明原因，以便重新办理"

# Who dispatches: the 12345 hotline clerks and the managers.
DISPATCHERS = (Role.CLERK, Role.SUPERVISOR, Role.ADMIN)
MANAGERS = (Role.SUPERVISOR, Role.ADMIN)


@dataclass
class DemandInput:
    service: DemandService
    description: str
    enterprise: Applicant | None = None
    project: ProjectCard | None = None
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    address_string: str = ""
    lat: Decimal | None = None
    long: Decimal | None = None
    attributes: dict = field(default_factory=dict)


def own_enterprise(user) -> Applicant | None:
    """The organisation applicant whose online account this is."""
    if not getattr(user, "is_authenticated", False):
        return None
    applicant = Applicant.objects.filter(user=user, kind=ApplicantKind.ORGANISATION).first()
    return applicant


def channel_for(user, enterprise: Applicant | None) -> str:
    """Which door the demand came through, from who files it; None when they may not."""
    roles = user_roles(user)
    if enterprise is not None and enterprise.user_id == user.pk:
        return DemandChannel.WEB
    if Role.STEWARD in roles:
        return DemandChannel.STEWARD
    if roles & set(DISPATCHERS):
        return DemandChannel.HOTLINE
    raise Forbidden(ERR_CANNOT_FILE, code="forbidden")


def _next_number(day) -> str:
    """SQ<date><4 digits> from the day's counter, taken in one UPSERT ... RETURNING: two
    filings at the same instant never get the same number (no max + 1)."""
    table = DemandCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (day, last) VALUES (%s, 1) "
            f"ON CONFLICT (day) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [day],
        )
        seq = cursor.fetchone()[0]
    return f"SQ{day:%Y%m%d}{seq:04d}"


def demand_file(*, data: DemandInput, actor, channel: str | None = None) -> Demand:
    description = (data.description or "").strip()
    if not description:
        raise InvalidInput(ERR_DESCRIPTION, code="demand_description_required")
    if not data.service.is_active:
        raise InvalidInput("该诉求类别已停用", code="demand_service_inactive")
    enterprise = data.enterprise
    if enterprise is None:
        raise InvalidInput(ERR_NO_ENTERPRISE, code="demand_enterprise_required")
    if enterprise.kind != ApplicantKind.ORGANISATION:
        raise InvalidInput(ERR_NOT_ENTERPRISE, code="demand_not_enterprise")
    if data.project is not None and data.project.enterprise_id != enterprise.pk:
        raise InvalidInput("该项目不属于此企业", code="demand_project_other_enterprise")
    channel = channel or channel_for(actor, enterprise)
    now = timezone.now()
    with transaction.atomic():
        demand = Demand.objects.create(
            number=_next_number(timezone.localdate(now)), service=data.service,
            enterprise=enterprise, project=data.project, channel=channel,
            description=description[:4000], contact_name=data.contact_name.strip()[:50],
            contact_phone=data.contact_phone.strip()[:20],
            contact_email=data.contact_email.strip()[:254],
            address_string=data.address_string.strip()[:200], lat=data.lat, long=data.long,
            attributes=data.attributes, filed_by=actor if actor and actor.is_authenticated else None,
            created_at=now, updated_at=now,
        )  # fmt: skip
        audit_record(
            actor=actor,
            action="demand.file",
            obj=demand,
            summary=f"{enterprise.name} 提出诉求（{data.service.name}，{demand.get_channel_display()}）",
        )
    return demand


def _locked(number: str) -> Demand:
    demand = (
        # of=self: PostgreSQL cannot lock the nullable side of the outer joins.
        Demand.objects.select_for_update(of=("self",))
        .select_related("service", "enterprise", "department")
        .filter(number=number)
        .first()
    )
    if demand is None:
        raise NotFound("未找到该诉求", code="demand_not_found")
    return demand


def _start_clock(demand: Demand, limit_days: int, now) -> None:
    c = clock.compute(now, limit_days)
    demand.limit_days, demand.assigned_at = limit_days, now
    demand.due_at, demand.warn_at = c.due_at, c.warn_at


def demand_assign(
    *, number: str, department: Department, actor, limit_days: int | None = None
) -> Demand:
    """To a department, with a deadline counted in working days from the day after today.
    A demand not yet resolved may be re-assigned (转派); the clock starts again."""
    if not user_has_role(actor, *DISPATCHERS):
        raise Forbidden(ERR_CANNOT_ASSIGN, code="forbidden")
    with transaction.atomic():
        demand = _locked(number)
        if demand.status not in (DemandStatus.SUBMITTED, DemandStatus.ASSIGNED):
            raise Conflict("该诉求已办结，不能再分派", code="demand_not_assignable")
        limit = limit_days if limit_days is not None else demand.service.limit_days
        if not 1 <= limit <= 60:
            raise InvalidInput(ERR_LIMIT, code="demand_limit_invalid")
        if not department.is_active:
            raise InvalidInput("该部门已停用", code="department_inactive")
        before = demand.department.name if demand.department_id else ""
        now = timezone.now()
        _start_clock(demand, limit, now)
        demand.department, demand.status, demand.updated_at = department, DemandStatus.ASSIGNED, now
        demand.save()
        audit_record(
            actor=actor,
            action="demand.assign",
            obj=demand,
            summary=f"分派至 {department.name}，{limit} 个工作日内办结"
            + (f"（原承办 {before}）" if before and before != department.name else ""),
        )
    return demand


def can_resolve(user, demand: Demand) -> bool:
    if user_has_role(user, *MANAGERS):
        return True
    profile = getattr(user, "staff_profile", None)
    return bool(
        profile
        and demand.department_id
        and profile.department_id == demand.department_id
        and user_has_role(user, Role.REVIEWER, Role.SECTION_HEAD, Role.STEWARD)
    )


def demand_resolve(*, number: str, resolution: str, actor) -> Demand:
    resolution = (resolution or "").strip()
    if not resolution:
        raise InvalidInput(ERR_RESOLUTION, code="demand_resolution_required")
    with transaction.atomic():
        demand = _locked(number)
        if demand.status != DemandStatus.ASSIGNED:
            raise Conflict("该诉求不在办理中", code="demand_not_assigned")
        if not can_resolve(actor, demand):
            raise Forbidden(ERR_CANNOT_RESOLVE, code="forbidden")
        now = timezone.now()
        demand.status, demand.resolution = DemandStatus.RESOLVED, resolution[:4000]
        demand.resolved_at = demand.updated_at = now
        demand.save(update_fields=["status", "resolution", "resolved_at", "updated_at"])
        late = "（超期）" if now > demand.due_at else ""
        audit_record(actor=actor, action="demand.resolve", obj=demand, summary=f"办结诉求{late}")
    return demand


def can_rate(user, demand: Demand) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and demand.enterprise_id
        and demand.enterprise.user_id == user.pk
    )


def demand_rate(*, number: str, satisfaction: str, actor, comment: str = "") -> Demand:
    """SATISFIED clears the demand; UNSATISFIED sends it back to the same department with
    a fresh deadline of the same length."""
    if satisfaction not in Satisfaction.values:
        raise InvalidInput("评价应为满意或不满意", code="demand_satisfaction_invalid")
    comment = (comment or "").strip()
    if satisfaction == Satisfaction.UNSATISFIED and not comment:
        raise InvalidInput(ERR_COMMENT, code="demand_comment_required")
    with transaction.atomic():
        demand = _locked(number)
        if not can_rate(actor, demand):
            raise Forbidden(ERR_CANNOT_RATE, code="forbidden")
        if demand.status != DemandStatus.RESOLVED:
            raise Conflict("该诉求尚未办结或已评价", code="demand_not_resolved")
        now = timezone.now()
        DemandRating.objects.create(
            demand=demand, satisfaction=satisfaction, comment=comment[:500], rated_at=now,
            rated_by=actor,
        )  # fmt: skip
        if satisfaction == Satisfaction.SATISFIED:
            demand.status, demand.closed_at = DemandStatus.CLOSED, now
            summary = "企业评价满意，诉求清零"
        else:
            _start_clock(demand, demand.limit_days or demand.service.limit_days, now)
            demand.status, demand.resolved_at = DemandStatus.ASSIGNED, None
            demand.reopen_count += 1
            summary = f"企业评价不满意，退回 {demand.department.name} 重新办理：{comment[:100]}"
        demand.updated_at = now
        demand.save()
        audit_record(actor=actor, action="demand.rate", obj=demand, summary=summary)
    return demand
