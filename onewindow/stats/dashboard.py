"""Everything the dashboard page, its exports and the API show for one set of filters."""

from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from onewindow.ratings.choices import RatingLevel

from . import breakdowns, indicators
from .filters import Filters


@dataclass
class Dashboard:
    filters: Filters
    indicators: list
    trend: list
    departments: list
    channels: list
    points: list
    matters: list
    signals: list
    windows: list
    ratings: dict

    def drill_url(self, measure: str, **extra) -> str:
        return (
            reverse("stats:cases") + "?" + urlencode(self.filters.query(measure=measure, **extra))
        )

    def ranking(self) -> list:
        """Departments by on-time rate, best first (those with no concluded case last)."""
        return sorted(
            self.departments,
            key=lambda r: (r.on_time_rate is None, -(r.on_time_rate or 0), r.label),
        )

    def charts(self) -> dict:
        """The ECharts data, with the drill-down address of every bar and slice."""
        d = self.drill_url
        return {
            "trend": {
                "months": [r.label for r in self.trend],
                "accepted": [{"value": r.counts["accepted"], "url": d("accepted", month=r.key)} for r in self.trend],
                "concluded": [{"value": r.counts["concluded"], "url": d("concluded", month=r.key)} for r in self.trend],
                "overdue": [{"value": r.counts["overdue"], "url": d("overdue", month=r.key)} for r in self.trend],
                "on_time": [round(r.on_time_rate * 100, 1) if r.on_time_rate is not None else None for r in self.trend],
            },
            "signals": {
                "departments": [r.label for r in self.signals],
                "series": {
                    s: [{"value": r.counts[s], "url": d("running_red", department=r.key) if s == "RED" else None} for r in self.signals]
                    for s in ("GREEN", "YELLOW", "RED")
                },
            },
            "ratings": [
                {"name": level.label, "value": self.ratings.get(f"level_{level.value}", 0), "itemStyle": {"color": level.colour}}
                for level in RatingLevel
            ],
            "ranking": {
                "departments": [r.label for r in self.ranking()][::-1],
                "values": [
                    {"value": round(r.on_time_rate * 100, 1) if r.on_time_rate is not None else 0, "url": d("late", department=r.key)}
                    for r in self.ranking()
                ][::-1],
            },
            "windows": {
                "labels": [r.label for r in self.windows],
                "served": [r.counts["served"] for r in self.windows],
                "no_show": [r.counts["no_show"] for r in self.windows],
            },
        }  # fmt: skip


CACHE_SECONDS = 300


def build(f: Filters, now: datetime | None = None) -> Dashboard:
    """The dashboard for these filters. Kept in the cache for five minutes: a dozen
    aggregates over a year of cases is worth not repeating for every drill-down and back."""
    if now is not None:
        return _build(f, now)
    key = "stats.dashboard:" + urlencode(sorted(f.query().items()))
    board = cache.get(key)
    if board is None:
        board = _build(f, timezone.now())
        cache.set(key, board, CACHE_SECONDS)
    return board


def _build(f: Filters, now: datetime) -> Dashboard:
    return Dashboard(
        filters=f,
        indicators=indicators.compute(f, now),
        trend=breakdowns.by_month(f, now),
        departments=breakdowns.by_dimension(f, "department", now),
        channels=breakdowns.by_dimension(f, "channel", now),
        points=breakdowns.by_dimension(f, "service_point", now, limit=15),
        matters=breakdowns.by_dimension(f, "matter", now, limit=15),
        signals=breakdowns.signals_by_department(f, now),
        windows=breakdowns.window_load(f),
        ratings=indicators.rating_counts(f),
    )
