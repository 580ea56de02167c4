"""Everything the dashboard page, its exports and the API show for one set of filters."""

from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from onewindow.ratings.choices import RatingLevel

from . import breakdowns, indicators, live, rolled
from .filters import Filters

# Where the numbers come from: the rollups (what the pages use), or the cases themselves
# (what the rollups are checked against).
ROLLUPS, CASES = rolled, live


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


CACHE_SECONDS = 60


def build(f: Filters, now: datetime | None = None) -> Dashboard:
    """The dashboard for these filters, from the rollups. Kept in the cache for a minute,
    so paging through drill-downs and back does not add it up again."""
    if now is not None:
        return assemble(f, now)
    key = "stats.dashboard:" + urlencode(sorted(f.query().items()))
    board = cache.get(key)
    if board is None:
        board = assemble(f, timezone.now())
        cache.set(key, board, CACHE_SECONDS)
    return board


def assemble(f: Filters, now: datetime, source=ROLLUPS) -> Dashboard:
    with getattr(source, "one_reading", nullcontext)():
        return _assemble(f, now, source)


def _assemble(f: Filters, now: datetime, source) -> Dashboard:
    return Dashboard(
        filters=f,
        indicators=indicators.compute(f, now, source),
        trend=source.by_month(f, now),
        departments=source.by_dimension(f, "department", now),
        channels=source.by_dimension(f, "channel", now),
        points=source.by_dimension(f, "service_point", now, limit=15),
        matters=source.by_dimension(f, "matter", now, limit=15),
        signals=breakdowns.signals_by_department(f, now),
        windows=source.window_load(f),
        ratings=source.rating_counts(f),
    )


def figures(board: Dashboard) -> dict:
    """Every number of a dashboard as plain data, to compare two of them."""

    def rows(items):
        return [(r.key, r.label, dict(sorted(r.counts.items()))) for r in items]

    return {
        "indicators": {i.key: (i.value, i.numerator, i.denominator) for i in board.indicators},
        "trend": rows(board.trend),
        "departments": rows(board.departments),
        "channels": rows(board.channels),
        "points": rows(board.points),
        "matters": rows(board.matters),
        "signals": rows(board.signals),
        "windows": rows(board.windows),
        "ratings": dict(sorted(board.ratings.items())),
    }
