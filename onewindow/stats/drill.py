"""Drill-down: the cases behind a number of the dashboard, by the same conditions that
counted them (indicators.measures), so the list is exactly as long as the number."""

from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from onewindow.cases.models import Case
from onewindow.lib.errors import InvalidInput

from .breakdowns import month_range
from .filters import Filters
from .indicators import cases_in, measures


def drill_cases(f: Filters, measure: str, *, month: str = "", now: datetime | None = None):
    """(label, queryset) of the cases counted under `measure` for the filters."""
    now = now or timezone.now()
    known = measures(now)
    if measure not in known:
        raise InvalidInput("未知的统计口径", code="invalid_measure")
    if month:
        f = month_range(month, f)
    label, condition = known[measure]
    qs: QuerySet[Case] = (
        cases_in(f)
        .filter(condition)
        .select_related("matter", "bundle", "lead_department", "service_point")
        .order_by("-accepted_at", "-id")
    )
    return label, qs, f
