"""Request and response bodies of the enterprise API; labels travel with codes."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema


class CardIn(Schema):
    code: str = Field(..., min_length=1, max_length=40, description="项目代码")
    name: str = Field(..., min_length=1, max_length=120)
    enterprise_id_number: str = Field(..., max_length=18, description="建设单位统一社会信用代码")
    steward: str = Field(..., max_length=150, description="项目管家的用户名")
    lead_department_code: str = Field(..., max_length=20)
    lead_person: str = Field(..., min_length=1, max_length=50)
    target_start_date: date = Field(..., description="计划开工日期；节点由此倒排")
    investment: Decimal = Field(Decimal(0), ge=0, max_digits=12, decimal_places=2)
    address: str = Field("", max_length=200)


class RescheduleIn(Schema):
    target_start_date: date


class MemberIn(Schema):
    name: str = Field(..., min_length=1, max_length=50)
    duty: str = Field(..., min_length=1, max_length=60)
    department_code: str | None = Field(None, max_length=20)
    phone: str = Field("", max_length=20)


class MilestoneActionIn(Schema):
    note: str = Field("", max_length=200)
    case_number: str | None = Field(None, max_length=40, description="关联的办件编号")


class MilestoneOut(Schema):
    id: int
    order: int
    name: str
    department: str
    limit_days: int
    planned_start_date: date
    planned_end_date: date
    due_at: datetime
    status: str
    status_label: str
    signal: str | None = Field(None, description="GREEN / YELLOW / RED；已完成为空")
    started_at: datetime | None
    done_at: datetime | None
    done_late: bool
    case_number: str | None
    note: str


class MemberOut(Schema):
    name: str
    duty: str
    department: str | None
    phone: str


class CardOut(Schema):
    code: str
    name: str
    enterprise: str
    steward: str
    lead_department: str
    lead_person: str
    investment: Decimal
    address: str
    target_start_date: date
    status: str
    status_label: str
    total: int
    done: int
    percent: int


class CardListOut(CardOut):
    green: int
    yellow: int
    red: int


class CardDetailOut(CardOut):
    milestones: list[MilestoneOut]
    members: list[MemberOut]


class ReportRowOut(Schema):
    code: str
    name: str
    percent: int
    planned: list[str]
    done: list[str]
    late: list[str]
    overdue: list[str]
    next_milestone: str | None


class ReportOut(Schema):
    year: int
    quarter: int
    totals: dict[str, int]
    rows: list[ReportRowOut]


class DemandIn(Schema):
    service_code: str = Field(..., max_length=40)
    description: str = Field(..., min_length=1, max_length=4000)
    enterprise_id_number: str | None = Field(
        None, max_length=18, description="代企业提出时填写企业的统一社会信用代码"
    )
    project_code: str | None = Field(None, max_length=40)
    contact_name: str = Field("", max_length=50)
    contact_phone: str = Field("", max_length=20)


class AssignIn(Schema):
    department_code: str = Field(..., max_length=20)
    limit_days: int | None = Field(None, ge=1, le=60, description="默认取诉求类别的时限")


class ResolveIn(Schema):
    resolution: str = Field(..., min_length=1, max_length=4000)


class RateIn(Schema):
    satisfaction: str = Field(..., description="SATISFIED 满意 / UNSATISFIED 不满意")
    comment: str = Field("", max_length=500)


class RatingOut(Schema):
    satisfaction: str
    satisfaction_label: str
    comment: str
    rated_at: datetime


class DemandOut(Schema):
    number: str
    service_code: str
    service_name: str
    enterprise: str | None
    project_code: str | None
    channel: str
    channel_label: str
    description: str
    status: str
    status_label: str
    signal: str | None
    department: str | None
    limit_days: int | None
    assigned_at: datetime | None
    due_at: datetime | None
    resolved_at: datetime | None
    resolution: str
    closed_at: datetime | None
    reopen_count: int
    created_at: datetime


class DemandDetailOut(DemandOut):
    ratings: list[RatingOut]


class BoardRowOut(Schema):
    department_code: str
    department: str
    open: int
    assigned: int
    resolved: int
    reopened: int
    green: int
    yellow: int
    red: int


class BoardOut(Schema):
    unassigned: int
    cleared: int
    rows: list[BoardRowOut]


class ServiceOut(Schema):
    code: str
    name: str
    description: str
    group: str
    limit_days: int
    default_department: str | None
