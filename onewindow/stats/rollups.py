"""Keeping the rollups (stats.models) in step with the cases and ratings.

What a case adds to its rollup rows is a function of its fields and its status alone
(`case_counts`). When a case moves, the receiver adds the difference between what it adds
after the move and what it added before, to its day row and its month row, with one
INSERT ... ON CONFLICT DO UPDATE: two acceptances in the same row at once add up, never
overwrite each other. Most moves (accepted → in review, approved → delivered) change
nothing and write nothing. Ratings work the same way on submission, exclusion and the
close of a bad rating's rectification.

`rebuild()` recomputes every rollup from the source tables: after loading data in bulk
(the demo, an import), or when `manage.py stats_rollup --check` finds a difference. On
PostgreSQL it is one GROUP BY in the database (stats.rebuild_pg); elsewhere the rows are
summed here, with the same functions the receivers use."""

from collections import defaultdict
from datetime import date, datetime

from django.db import connection, transaction
from django.utils import timezone

from onewindow.cases.choices import CONCLUDED, CaseStatus
from onewindow.cases.models import Case
from onewindow.catalog.choices import MatterKind
from onewindow.catalog.models import Matter
from onewindow.lib import workdays
from onewindow.ratings.choices import LEVEL_SCORES, RectificationStatus
from onewindow.ratings.models import Rating, Rectification

from . import hallroll, rebuild_pg
from .models import GRAIN_DAY, GRAIN_MONTH, CaseRollup, RatingRollup

# Before acceptance a case is not counted, whatever its fields say.
NOT_ACCEPTED = (
    CaseStatus.SUBMITTED,
    CaseStatus.PRE_REVIEWED,
    CaseStatus.SUPPLEMENT_REQUESTED,
    CaseStatus.REFUSED,
)


def local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def _immediate_matters() -> frozenset[int]:
    return frozenset(Matter.objects.filter(kind=MatterKind.IMMEDIATE).values_list("id", flat=True))


def case_key(case) -> tuple:
    return (
        local_day(case.accepted_at),
        case.lead_department_id,
        case.service_point_id or 0,
        case.channel,
        case.matter_id or 0,
    )


def case_counts(case, status: str, immediate: bool) -> tuple[int, ...] | None:
    """What the case adds to CaseRollup.COUNTS while in `status`; None before acceptance."""
    if case.accepted_at is None or status in NOT_ACCEPTED:
        return None
    if status in CONCLUDED and case.concluded_at is not None:
        on_time = case.concluded_at <= case.due_at
        days = workdays.workdays_between(local_day(case.accepted_at), local_day(case.concluded_at))
        return (1, int(immediate), 1, int(on_time), int(not on_time), max(0, days))
    return (1, int(immediate), 0, 0, 0, 0)


def on_case_moved(sender, *, case, before, after, **kwargs) -> None:
    immediate = bool(case.matter_id) and case.matter.kind == MatterKind.IMMEDIATE
    old = case_counts(case, before, immediate) or (0,) * 6
    new = case_counts(case, after, immediate) or (0,) * 6
    delta = tuple(n - o for n, o in zip(new, old, strict=True))
    if any(delta):
        bump(CaseRollup, case_key(case), delta)


def rating_key(rating) -> tuple:
    return (
        local_day(rating.created_at),
        rating.department_id or 0,
        rating.service_point_id or 0,
        rating.case.channel if rating.case_id else "",
        rating.matter_id or 0,
    )


def rating_counts(rating, *, rectified: bool) -> tuple[int, ...]:
    score = LEVEL_SCORES[rating.level]
    levels = tuple(int(score == s) for s in (5, 4, 3, 2, 1))
    return (1, int(rating.is_bad), int(rectified), *levels)


def on_rating_submitted(sender, *, rating, **kwargs) -> None:
    if not rating.excluded:
        bump(RatingRollup, rating_key(rating), rating_counts(rating, rectified=False))


def on_rating_excluded(sender, *, rating, **kwargs) -> None:
    # The appeal has already marked the rectification excluded; whether it had been closed
    # (and counted as rectified) shows in its revisit.
    closed = Rectification.objects.filter(rating=rating, revisited_at__isnull=False).exists()
    counts = rating_counts(rating, rectified=closed)
    bump(RatingRollup, rating_key(rating), tuple(-n for n in counts))


def on_rectification_closed(sender, *, rectification, **kwargs) -> None:
    rating = rectification.rating
    if not rating.excluded:
        bump(RatingRollup, rating_key(rating), (0, 0, 1, 0, 0, 0, 0, 0))


def bump(model, key: tuple, delta: tuple) -> None:
    """Adds `delta` to the day row and the month row of `key` (day first), creating them."""
    day, *rest = key
    table = model._meta.db_table
    columns = [*model.KEY, *model.COUNTS]
    placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in model.COUNTS)
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES {placeholders}, {placeholders} "
        f"ON CONFLICT ({', '.join(model.KEY)}) DO UPDATE SET {updates}"
    )
    month = day.replace(day=1)
    params = [GRAIN_DAY, day, *rest, *delta, GRAIN_MONTH, month, *rest, *delta]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _write(model, day_rows: dict) -> int:
    """Bulk-writes D rows and the M rows summed from them."""
    month_rows = hallroll.sum_months(day_rows, len(model.COUNTS))
    objs = [
        model.of(grain, key, counts)
        for grain, rows in ((GRAIN_DAY, day_rows), (GRAIN_MONTH, month_rows))
        for key, counts in rows.items()
    ]
    model.objects.bulk_create(objs, batch_size=5000)
    return len(objs)


def rebuild_cases() -> int:
    if connection.vendor == "postgresql":
        with transaction.atomic():
            return rebuild_pg.rebuild_cases()
    immediate = _immediate_matters()
    rows: dict = defaultdict(lambda: [0] * 6)
    fields = (
        "accepted_at", "due_at", "concluded_at", "status", "lead_department_id",
        "service_point_id", "channel", "matter_id",
    )  # fmt: skip
    cases = Case.objects.filter(accepted_at__isnull=False).order_by().values_list(*fields)
    for accepted_at, due_at, concluded_at, status, dept, point, channel, matter in cases.iterator(
        chunk_size=20000
    ):
        case = _Fields(accepted_at, due_at, concluded_at)
        counts = case_counts(case, status, matter in immediate)
        if counts:
            acc = rows[(local_day(accepted_at), dept, point or 0, channel, matter or 0)]
            for i, n in enumerate(counts):
                acc[i] += n
    with transaction.atomic():
        CaseRollup.objects.all().delete()
        return _write(CaseRollup, rows)


class _Fields:
    __slots__ = ("accepted_at", "concluded_at", "due_at")

    def __init__(self, accepted_at, due_at, concluded_at):
        self.accepted_at, self.due_at, self.concluded_at = accepted_at, due_at, concluded_at


def rebuild_ratings() -> int:
    if connection.vendor == "postgresql":
        with transaction.atomic():
            return rebuild_pg.rebuild_ratings()
    rows: dict = defaultdict(lambda: [0] * len(RatingRollup.COUNTS))
    ratings = (
        Rating.objects.filter(excluded=False)
        .order_by()
        .values_list(
            *("created_at", "department_id", "service_point_id", "case__channel", "matter_id"),
            *("level", "is_bad", "rectification__status"),
        )
    )
    for created_at, dept, point, channel, matter, level, is_bad, rect in ratings.iterator(
        chunk_size=20000
    ):
        key = (local_day(created_at), dept or 0, point or 0, channel or "", matter or 0)
        score = LEVEL_SCORES[level]
        counts = (1, int(is_bad), int(rect == RectificationStatus.CLOSED))
        acc = rows[key]
        for i, n in enumerate(counts + tuple(int(score == s) for s in (5, 4, 3, 2, 1))):
            acc[i] += n
    with transaction.atomic():
        RatingRollup.objects.all().delete()
        return _write(RatingRollup, rows)


def rebuild() -> dict:
    """Every rollup recomputed from its source tables; the number of rows written."""
    return {
        "cases": rebuild_cases(),
        "ratings": rebuild_ratings(),
        "hall": hallroll.rebuild(),
    }
