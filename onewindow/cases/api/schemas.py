"""Request and response bodies of the cases API. Labels travel with codes so that a client
never needs its own copy of the Chinese names."""

from datetime import datetime
from typing import Any

from django.urls import reverse
from ninja import Field, Schema
from pydantic import StrictBool

from onewindow.accounts.models import ApplicantKind
from onewindow.lib.answers import label

from ..choices import CaseChannel, CaseStatus, DeliveryMethod, MaterialCheck, Signal

# ---- input -------------------------------------------------------------------------------


class ApplicantIn(Schema):
    kind: ApplicantKind = Field(..., description="PERSON 自然人 / ORGANISATION 法人或其他组织")
    name: str = Field(..., min_length=1, max_length=100)
    id_number: str = Field(
        ..., min_length=1, max_length=18, description="身份证号码或统一社会信用代码"
    )
    phone: str = Field("", max_length=20)
    address: str = Field("", max_length=200)
    legal_representative: str = Field("", max_length=50)


class MaterialIn(Schema):
    name: str = Field(..., min_length=1, max_length=150)


class IntakeIn(Schema):
    """What both a submission and an immediate matter carry."""

    applicant_id: int | None = Field(None, description="已登记申请人的编号（与 applicant 二选一）")
    applicant: ApplicantIn | None = Field(None, description="登记或查找申请人")
    service_point_code: str | None = Field(
        None, max_length=20, description="受理场所编码，默认为本人所在场所"
    )
    window_number: str | None = Field(None, max_length=10)
    form_data: dict[str, Any] = Field(default_factory=dict, description="申请表")
    materials: list[MaterialIn] = Field(default_factory=list, max_length=100)


class SubmitIn(IntakeIn):
    matter_code: str | None = Field(
        None, max_length=40, description="事项编码（与 bundle_code 二选一）"
    )
    bundle_code: str | None = Field(None, max_length=40, description="一件事编码")
    channel: CaseChannel


class ImmediateIn(IntakeIn):
    matter_code: str = Field(..., min_length=1, max_length=40)


class CheckIn(Schema):
    id: int | None = Field(None, description="办件材料编号（或用 name 指明）")
    name: str | None = Field(None, max_length=150)
    result: MaterialCheck = MaterialCheck.PROVIDED
    note: str = Field("", max_length=200)


class PreReviewIn(Schema):
    checks: list[CheckIn] = Field(default_factory=list, max_length=100)


class SupplementItemIn(Schema):
    name: str = Field(..., max_length=150)
    problem: str = Field("", max_length=200)


class SupplementRequestIn(Schema):
    items: list[SupplementItemIn] = Field(..., max_length=100)


class SupplementIn(Schema):
    materials: list[MaterialIn] = Field(..., max_length=100)


class RefuseIn(Schema):
    reason: str = Field(..., max_length=2000)


class SuspendIn(Schema):
    reason: str = Field(..., max_length=100, description="听证、现场核查、专家评审……")
    expected_workdays: int = Field(0, ge=0, le=365)


class DecideIn(Schema):
    # Strict: a decision is never read from "1" or "yes".
    approve: StrictBool
    opinion: str = Field("", max_length=2000)


class DeliverIn(Schema):
    method: DeliveryMethod
    address: str = Field("", max_length=200)
    tracking_number: str = Field("", max_length=40)


class WithdrawIn(Schema):
    reason: str = Field("", max_length=200)


class CaseFilters(Schema):
    status: CaseStatus | None = Field(None, description="状态，如 IN_REVIEW")
    signal: Signal | None = Field(None, description="GREEN / YELLOW / RED")
    channel: CaseChannel | None = None
    department: str | None = Field(None, max_length=20, description="部门编码（牵头或参与审查）")
    matter: str | None = Field(None, max_length=40, description="事项编码（含一件事中的事项）")
    q: str | None = Field(None, max_length=50, description="办件编号或申请人名称")


# ---- output ------------------------------------------------------------------------------


class ErrorOut(Schema):
    code: str
    message: str
    details: Any = None


class Ref(Schema):
    code: str
    name: str


class ApplicantBrief(Schema):
    kind: str
    name: str
    masked_id: str


class ApplicantOut(ApplicantBrief):
    id: int
    phone: str
    address: str
    legal_representative: str
    has_account: bool

    @staticmethod
    def resolve_has_account(obj):
        return obj.user_id is not None


class CaseRow(Schema):
    number: str
    title: str
    applicant: ApplicantBrief
    channel: str
    channel_label: str
    status: str
    status_label: str
    signal: str | None
    signal_label: str
    lead_department: Ref
    submitted_at: datetime
    accepted_at: datetime | None
    due_at: datetime | None

    @staticmethod
    def resolve_channel_label(obj):
        return label(obj, "channel")

    @staticmethod
    def resolve_status_label(obj):
        return label(obj, "status")

    @staticmethod
    def resolve_signal_label(obj):
        return Signal(obj.signal).label if obj.signal else ""


class OverdueRow(CaseRow):
    days_overdue: int


class InboxRow(Schema):
    review_id: int = Field(..., alias="pk")
    step: int
    step_name: str
    is_lead: bool
    is_decision: bool
    opened_at: datetime | None
    case: CaseRow


class MaterialOut(Schema):
    id: int
    name: str
    check_result: str
    check_result_label: str
    check_note: str
    checked_at: datetime | None

    @staticmethod
    def resolve_check_result_label(obj):
        return label(obj, "check_result")


class ReviewOut(Schema):
    id: int
    department: Ref
    step: int
    step_name: str
    is_lead: bool
    is_decision: bool
    status: str
    status_label: str
    opinion: str
    reviewer: str | None
    opened_at: datetime | None
    decided_at: datetime | None
    may_decide: bool = Field(..., description="当前用户能否办理这一审查任务")

    @staticmethod
    def resolve_status_label(obj):
        return label(obj, "status")

    @staticmethod
    def resolve_reviewer(obj):
        return person_name(obj.reviewer) if obj.reviewer_id else None


class SuspensionOut(Schema):
    reason: str
    expected_workdays: int
    started_at: datetime
    ended_at: datetime | None
    workdays: int


class NoticeOut(Schema):
    id: int
    kind: str
    kind_label: str
    number: str
    issued_at: datetime
    department: Ref
    items: list[Any]
    reason: str
    pdf_url: str

    @staticmethod
    def resolve_kind_label(obj):
        return label(obj, "kind")

    @staticmethod
    def resolve_pdf_url(obj):
        return reverse(
            "api:case_notice_pdf", kwargs={"number": obj.case.number, "notice_id": obj.pk}
        )


class DeliveryOut(Schema):
    method: str
    method_label: str
    address: str
    tracking_number: str
    delivered_at: datetime

    @staticmethod
    def resolve_method_label(obj):
        return label(obj, "method")


class CaseDetail(CaseRow):
    matter: Ref | None
    bundle: Ref | None
    service_point: Ref | None
    window: str | None
    form_data: dict[str, Any]
    promised_limit_days: int
    suspended_workdays: int
    materials_completed_at: datetime | None
    warn_at: datetime | None
    concluded_at: datetime | None
    delivered_at: datetime | None
    closed_at: datetime | None
    decision_reason: str
    version: int
    materials: list[MaterialOut]
    reviews: list[ReviewOut]
    suspensions: list[SuspensionOut]
    notices: list[NoticeOut]
    delivery: DeliveryOut | None
    allowed_actions: list[str] = Field(
        ...,
        description="当前用户此刻可以做的操作：pre_review accept request_supplement "
        "complete_supplement refuse suspend resume decide deliver close withdraw",
    )

    @staticmethod
    def resolve_window(obj):
        return obj.window.number if obj.window_id else None

    @staticmethod
    def resolve_materials(obj):
        return list(obj.materials.all())

    @staticmethod
    def resolve_reviews(obj):
        return obj.reviews_shown  # set by base.present, with may_decide

    @staticmethod
    def resolve_delivery(obj):
        return obj.delivery_shown

    @staticmethod
    def resolve_suspensions(obj):
        return list(obj.suspensions.all())

    @staticmethod
    def resolve_notices(obj):
        return list(obj.notices.all())


class EventOut(Schema):
    at: datetime = Field(..., alias="created_at")
    action: str
    summary: str
    actor: str

    @staticmethod
    def resolve_actor(obj):
        return person_name(obj.actor)


class StepOut(Schema):
    name: str
    at: datetime


class ProgressOut(Schema):
    """What anyone holding the case number and the tail of the ID number may see."""

    number: str
    title: str
    applicant_name: str = Field(..., description="申请人名称（已遮挡）")
    status: str
    status_label: str
    signal: str | None
    signal_label: str
    submitted_at: datetime
    accepted_at: datetime | None
    due_at: datetime | None
    concluded_at: datetime | None
    delivered_at: datetime | None
    steps: list[StepOut]


def person_name(user) -> str:
    """A staff member by their name, an account by its name, the system when nobody."""
    if user is None:
        return "系统"
    profile = getattr(user, "staff_profile", None)
    if profile is not None:
        return profile.full_name
    return user.get_full_name() or user.get_username()
