"""Bodies of the ratings API. Codes travel with their Chinese labels."""

from datetime import date, datetime

from ninja import Field, Schema

from ..choices import (
    BallotChannel,
    Fault,
    RatingLevel,
    RectificationOutcome,
)


class RatingIn(Schema):
    level: RatingLevel = Field(
        ..., description="VERY_SATISFIED 非常满意 … VERY_DISSATISFIED 非常不满意"
    )
    scores: dict[str, int] = Field(
        default_factory=dict,
        description="分项评分 1-5。现场：overall efficiency skill attitude；网上：overall efficiency guide_accuracy convenience usability",
    )
    comment: str = Field("", max_length=500)


class RatingOut(Schema):
    id: int
    case_number: str | None
    channel: str
    channel_label: str
    level: str
    level_label: str
    is_bad: bool
    scores: dict
    comment: str
    source: str
    source_label: str
    department: str | None
    window: str | None
    staff: str | None
    created_at: datetime
    excluded: bool
    excluded_reason: str
    rectification_id: int | None

    @staticmethod
    def resolve_case_number(obj):
        return obj.case.number if obj.case_id else None

    @staticmethod
    def resolve_channel_label(obj):
        return obj.get_channel_display()

    @staticmethod
    def resolve_level_label(obj):
        return obj.get_level_display()

    @staticmethod
    def resolve_source_label(obj):
        return obj.get_source_display()

    @staticmethod
    def resolve_department(obj):
        return obj.department.name if obj.department_id else None

    @staticmethod
    def resolve_window(obj):
        return str(obj.window) if obj.window_id else None

    @staticmethod
    def resolve_staff(obj):
        return obj.staff.get_username() if obj.staff_id else None

    @staticmethod
    def resolve_rectification_id(obj):
        rect = getattr(obj, "rectification", None) if obj.is_bad else None
        return rect.pk if rect is not None else None


class RateableOut(Schema):
    number: str
    title: str
    delivered_at: datetime


class DeviceCaseOut(Schema):
    window: str
    case_number: str | None
    title: str | None
    dimensions: dict[str, str]


class RectificationOut(Schema):
    id: int
    rating_id: int
    case_number: str | None
    level: str
    level_label: str
    comment: str
    status: str
    status_label: str
    department: str | None
    responsible: str | None
    verify_due_date: date
    rectify_due_date: date
    is_overdue: bool = False
    finding: str
    outcome: str
    measures: str
    revisit_level: str
    revisit_comment: str
    escalated_at: datetime | None
    created_at: datetime

    @staticmethod
    def resolve_case_number(obj):
        return obj.rating.case.number if obj.rating.case_id else None

    @staticmethod
    def resolve_level(obj):
        return obj.rating.level

    @staticmethod
    def resolve_level_label(obj):
        return obj.rating.get_level_display()

    @staticmethod
    def resolve_comment(obj):
        return obj.rating.comment

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_department(obj):
        return obj.department.name if obj.department_id else None

    @staticmethod
    def resolve_responsible(obj):
        return obj.responsible.get_username() if obj.responsible_id else None


class VerifyIn(Schema):
    finding: str = Field(..., max_length=2000)


class RectifyIn(Schema):
    outcome: RectificationOutcome = Field(..., description="FIXED 已整改 / EXPLAINED 已解释说明")
    measures: str = Field(..., max_length=2000)


class RevisitIn(Schema):
    level: RatingLevel
    comment: str = Field("", max_length=500)


class AppealIn(Schema):
    reason: str = Field(..., max_length=2000)
    evidence: str = Field("", max_length=2000)


class AppealReviewIn(Schema):
    upheld: bool
    note: str = Field(..., max_length=2000)


class AppealOut(Schema):
    id: int
    rating_id: int
    reason: str
    evidence: str
    status: str
    status_label: str
    filed_by: str | None
    filed_at: datetime
    reviewed_by: str | None
    reviewed_at: datetime | None
    review_note: str

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_filed_by(obj):
        return obj.filed_by.get_username() if obj.filed_by_id else None

    @staticmethod
    def resolve_reviewed_by(obj):
        return obj.reviewed_by.get_username() if obj.reviewed_by_id else None


# ---- section reviews ------------------------------------------------------------------


class CampaignIn(Schema):
    year: int = Field(..., ge=2000, le=2100)
    quarter: int = Field(..., ge=1, le=4)
    opens_at: datetime
    closes_at: datetime
    title: str = Field("", max_length=80)


class CampaignOut(Schema):
    id: int
    year: int
    quarter: int
    title: str
    status: str
    status_label: str
    opens_at: datetime
    closes_at: datetime
    open_ballot_path: str
    published_at: datetime | None

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_open_ballot_path(obj):
        from django.urls import reverse

        return reverse("ratings:ballot_open", args=[obj.open_token])


class InvitationsIn(Schema):
    channel: BallotChannel = Field(..., description="DIRECTED 定向邀请 / SAMPLE 随机抽样")
    size: int = Field(50, ge=1, le=10_000, description="定向：每个科室的人数上限；抽样：人数")


class CountOut(Schema):
    count: int


class BallotIn(Schema):
    section_id: int
    fault: Fault = Field(..., description="COLD 冷 / LAZY 懒 / SHIRK 推 / CHAOS 乱 / GREED 贪")
    example: str = Field(..., max_length=1000, description="具体事例（必填）")


class SectionOut(Schema):
    id: int
    name: str
    department: str

    @staticmethod
    def resolve_department(obj):
        return obj.department.name


class BallotFormOut(Schema):
    campaign: str
    faults: dict[str, str]
    sections: list[SectionOut]


class TokenOut(Schema):
    token: str


class RankOut(Schema):
    rank: int
    section_id: int
    section: str
    department: str
    votes: int
    fault_counts: dict
    worst_streak: int
    problems: str

    @staticmethod
    def resolve_section(obj):
        return obj.section.name

    @staticmethod
    def resolve_department(obj):
        return obj.section.department.name


class ActionOut(Schema):
    id: int
    section: str
    kind: str
    kind_label: str
    target_name: str
    reason: str
    until_date: date | None
    status: str
    status_label: str
    done_at: datetime | None
    note: str

    @staticmethod
    def resolve_section(obj):
        return str(obj.section)

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()


class NoteIn(Schema):
    note: str = Field(..., max_length=2000)


class CheckIn(Schema):
    section_id: int
    campaign_id: int | None = None
    check_date: date
    inspector: str = Field(..., max_length=50)
    findings: str = Field(..., max_length=4000)
    problem_found: bool = False


class CheckOut(Schema):
    id: int
    section: str
    campaign_id: int | None
    check_date: date
    inspector: str
    findings: str
    problem_found: bool

    @staticmethod
    def resolve_section(obj):
        return str(obj.section)
