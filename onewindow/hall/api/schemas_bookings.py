"""Request and response bodies of the appointment (预约) and pre-review (预审) endpoints."""

from datetime import datetime

from ninja import Field, Schema

from onewindow.cases.choices import MaterialCheck

# Ids above the database's integer range are refused as input (422), not looked up (500).
MAX_ID = 2**31 - 1


class SlotOut(Schema):
    id: int
    queue_letter: str
    queue_name: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    places_left: int = Field(..., description="剩余可预约人数")


class BookIn(Schema):
    slot_id: int = Field(..., ge=1, le=MAX_ID, description="预约时段编号")
    name: str = Field(..., max_length=100, description="姓名")
    phone: str = Field(..., max_length=20, description="11位手机号码")
    matter_code: str | None = Field(None, max_length=64, description="拟办理事项编码")


class CancelIn(Schema):
    phone: str = Field("", max_length=20, description="预约时填写的手机号码（本人登录时可不填）")


class AppointmentOut(Schema):
    code: str = Field(..., description="预约码，签到时出示")
    status: str
    status_label: str
    name: str
    service_point_code: str
    service_point_name: str
    queue_letter: str
    queue_name: str
    starts_at: datetime
    ends_at: datetime
    matter_code: str | None = None
    matter_name: str | None = None
    booked_at: datetime
    checked_in_at: datetime | None = None


class CheckIn(Schema):
    material_id: int = Field(..., ge=1, le=MAX_ID)
    result: MaterialCheck
    note: str = Field("", max_length=200, description="不符合要求时写明原因")


class PreReviewIn(Schema):
    matter_code: str = Field(..., min_length=1, max_length=64)
    checks: list[CheckIn] = Field(..., max_length=200)
    started_at: datetime = Field(..., description="打开核验单的时间（不带时区按本地时间）")
    applicant_name: str = Field("", max_length=100)
    applicant_phone: str = Field("", max_length=20, pattern=r"^[0-9+\-]*$")
    ticket_number: str = Field(
        "", max_length=8, description="已持有的今日排队号（如预约签到号）：预审结果随该号，不另取号"
    )


class ProblemOut(Schema):
    material_id: int
    name: str
    result: str
    note: str


class PreReviewTicketOut(Schema):
    id: int
    number: str
    queue: str = Field(..., description="队列字母")
    queue_name: str


class PreReviewOut(Schema):
    id: int
    passed: bool
    seconds: float = Field(..., description="预审用时（秒）")
    problems: list[ProblemOut] = Field(..., description="一次性告知的问题材料")
    ticket: PreReviewTicketOut | None = Field(None, description="通过时取得的排队票")


class MatterTimeOut(Schema):
    code: str
    name: str
    count: int
    passed: int
    pass_rate: float
    avg_seconds: float
    median_seconds: float


class PreReviewStatsOut(Schema):
    days: int
    since: datetime
    service_point_code: str | None = Field(None, description="统计范围；为空表示全部场所")
    matters: list[MatterTimeOut]
