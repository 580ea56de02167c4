"""The stats REST API, mounted at /api/v1/stats/ by onewindow/api.py: the indicators with
their formulas, breakdowns and the cases behind a number. For supervisors and admins."""

from datetime import datetime
from typing import Any

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from onewindow.lib.errors import InvalidInput
from onewindow.lib.pagination import Pages

from . import breakdowns, filters, indicators, rolled
from .access import require_office
from .drill import drill_cases

router = Router(tags=["统计分析"])


class ErrorOut(Schema):
    code: str
    message: str
    details: Any = None


ERRORS = {code: ErrorOut for code in (401, 403, 404, 409, 422)}


class FilterIn(Schema):
    start: str | None = Field(
        None, description="开始日期 YYYY-MM-DD（按受理时间），默认12个月前的月初"
    )
    end: str | None = Field(None, description="结束日期 YYYY-MM-DD，默认今天")
    department: int | None = Field(None, description="牵头部门编号")
    service_point: int | None = Field(None, description="服务场所编号")
    channel: str | None = Field(None, description="申请渠道")
    matter: str | None = Field(None, description="事项编码")


class IndicatorOut(Schema):
    key: str
    label: str
    formula: str
    value: float | None
    unit: str
    display: str
    numerator: float | None
    denominator: float | None


class RowOut(Schema):
    key: Any
    label: str
    counts: dict
    on_time_rate: float | None
    completion_rate: float | None


class CaseOut(Schema):
    number: str
    title: str
    department: str
    status: str
    channel: str
    accepted_at: datetime | None
    due_at: datetime | None
    concluded_at: datetime | None

    @staticmethod
    def resolve_title(c):
        return c.bundle.name if c.bundle_id else c.matter.name

    @staticmethod
    def resolve_department(c):
        return c.lead_department.name


def _filters(data: FilterIn):
    return filters.parse({k: v for k, v in data.dict().items() if v is not None})


@router.get(
    "/indicators", response={200: list[IndicatorOut], **ERRORS}, summary="效能指标（含计算公式）"
)
def get_indicators(request, data: Query[FilterIn]):
    require_office(request.auth)
    return [{**i.__dict__, "display": i.display} for i in indicators.compute(_filters(data))]


class BreakdownIn(FilterIn):
    by: str = Field(
        "department", description="department / service_point / channel / matter / month"
    )


@router.get("/breakdown", response={200: list[RowOut], **ERRORS}, summary="分维度统计")
def get_breakdown(request, data: Query[BreakdownIn]):
    require_office(request.auth)
    f = _filters(data)
    if data.by == "month":
        rows = rolled.by_month(f)
    elif data.by in breakdowns.DIMENSIONS:
        rows = rolled.by_dimension(f, data.by)
    else:
        raise InvalidInput(
            "by 应为 department、service_point、channel、matter 或 month", code="invalid_dimension"
        )
    return [
        {"key": r.key, "label": r.label, "counts": r.counts, "on_time_rate": r.on_time_rate,
         "completion_rate": r.completion_rate}
        for r in rows
    ]  # fmt: skip


class DrillIn(FilterIn):
    measure: str = Field(
        "accepted",
        description="accepted / immediate / concluded / on_time / late / running_red / overdue / online",
    )
    month: str | None = Field(None, description="YYYY-MM，只看该月受理的")


@router.get("/cases", response={200: list[CaseOut], **ERRORS}, summary="指标对应的办件（下钻）")
@paginate(Pages, page_size=50, max_page_size=200)
def get_cases(request, data: Query[DrillIn]):
    require_office(request.auth)
    _, qs, _ = drill_cases(_filters(data), data.measure, month=data.month or "")
    return qs  # paginated in the database, never loaded whole
