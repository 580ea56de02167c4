"""Request and response bodies of the hall API. Labels travel with codes so that a kiosk or
a display board never needs its own copy of the Chinese names."""

from datetime import datetime

from ninja import Field, Schema

from onewindow.cases.api.schemas import ErrorOut  # the API's one error shape

from ..choices import QueueKind

__all__ = ["ErrorOut", "FinishIn", "IssueIn", "QueueOut", "TicketOut", "TransferIn"]


class IssueIn(Schema):
    queue_letter: str = Field(..., min_length=1, max_length=2, description="队列字母，如 A、B、V")
    priority: bool = Field(False, description="绿色通道（老弱病残孕等优先办理）")
    phone: str = Field("", max_length=20, pattern=r"^[0-9+\-]*$", description="短信提醒号码")


class TransferIn(Schema):
    queue_letter: str = Field(..., min_length=1, max_length=2, description="转入队列的字母")


class FinishIn(Schema):
    case_number: str | None = Field(None, max_length=40, description="本次受理的办件编号")


class QueueOut(Schema):
    letter: str
    name: str
    kind: QueueKind
    kind_label: str
    is_active: bool
    waiting: int = Field(..., description="今日等待叫号人数")


class TicketOut(Schema):
    id: int
    number: str
    queue_letter: str
    queue_name: str
    status: str
    status_label: str
    rank: int
    rank_label: str
    source: str
    issued_at: datetime
    called_at: datetime | None
    call_count: int
    finished_at: datetime | None
    window_number: str | None = Field(None, description="叫到的窗口号")
    case_number: str | None = None
    ahead: int | None = Field(None, description="前面等待的人数（仅等待中的票）")


class WindowOut(Schema):
    id: int
    number: str
    name: str
    service_point_code: str
    is_open: bool
    is_standby: bool


class WindowStateOut(Schema):
    window: WindowOut
    ticket: TicketOut | None = Field(None, description="本窗口当前叫号中或办理中的票")


class BoardCallOut(Schema):
    number: str
    window_number: str
    window_name: str
    status: str
    called_at: datetime
    call_count: int


class BoardOut(Schema):
    service_point_code: str
    service_point_name: str
    calling: list[BoardCallOut] = Field(..., description="叫号中、办理中的票，最近叫号在前")
    queues: list[QueueOut]
