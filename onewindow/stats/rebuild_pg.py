"""Rebuilding the case and rating rollups on PostgreSQL in set-based SQL: ten million cases
in one GROUP BY inside the database, where reading them into Python would take minutes.

The rows are the ones the receivers keep (stats.rollups.case_counts and rating_counts); the
suite checks that both rebuilds give the same rows. Working days are counted with a
cumulative index of the calendar (lib.workdays), passed in as two arrays: the working days
after acceptance up to conclusion are the difference of the two days' places in it, exactly
what workdays_between() computes."""

from datetime import date, timedelta

from django.conf import settings
from django.db import connection

from onewindow.cases.choices import CONCLUDED
from onewindow.cases.models import Case
from onewindow.catalog.choices import MatterKind
from onewindow.catalog.models import Matter
from onewindow.lib import workdays
from onewindow.ratings.choices import RectificationStatus
from onewindow.ratings.models import Rating, Rectification

from .models import CaseRollup, RatingRollup


def _in(values) -> str:
    return ", ".join(f"'{v}'" for v in values)  # choice values from the code, never input


def _calendar(cursor) -> tuple[list[date], list[int]]:
    """(days, working days after the first of them up to each) over the cases' dates."""
    cursor.execute(
        f"SELECT min(accepted_at AT TIME ZONE %s)::date, max(concluded_at AT TIME ZONE %s)::date"
        f" FROM {Case._meta.db_table}",
        [settings.TIME_ZONE, settings.TIME_ZONE],
    )
    first, last = cursor.fetchone()
    if first is None:
        return [], []
    last = max(last or first, first)
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return days, [workdays.workdays_between(first, d) for d in days]


def _months(model, cursor) -> int:
    """The M rows summed from the D rows."""
    table = model._meta.db_table
    keys = ", ".join(model.KEY[2:])
    sums = ", ".join(f"sum({c})" for c in model.COUNTS)
    cursor.execute(
        f"INSERT INTO {table} (grain, day, {keys}, {', '.join(model.COUNTS)})"
        f" SELECT 'M', date_trunc('month', day)::date, {keys}, {sums} FROM {table}"
        f" WHERE grain = 'D' GROUP BY date_trunc('month', day), {keys}"
    )
    return cursor.rowcount


def rebuild_cases() -> int:
    from .rollups import NOT_ACCEPTED

    table = CaseRollup._meta.db_table
    with connection.cursor() as cursor:
        days, places = _calendar(cursor)
        cursor.execute(f"DELETE FROM {table}")
        cursor.execute(
            f"""INSERT INTO {table} (grain, day, department_id, service_point_id, channel,
                matter_id, {", ".join(CaseRollup.COUNTS)})
            SELECT 'D', x.a_day, x.lead_department_id, coalesce(x.service_point_id, 0),
                x.channel, coalesce(x.matter_id, 0), count(*),
                count(*) FILTER (WHERE m.kind = '{MatterKind.IMMEDIATE}'),
                count(*) FILTER (WHERE x.done),
                count(*) FILTER (WHERE x.done AND x.concluded_at <= x.due_at),
                count(*) FILTER (WHERE x.done AND x.concluded_at > x.due_at),
                coalesce(sum(greatest(0, wc.n - wa.n)) FILTER (WHERE x.done), 0)
            FROM (
                SELECT c.lead_department_id, c.service_point_id, c.channel, c.matter_id,
                    c.concluded_at, c.due_at,
                    (c.accepted_at AT TIME ZONE %(tz)s)::date AS a_day,
                    (c.concluded_at AT TIME ZONE %(tz)s)::date AS c_day,
                    (c.status IN ({_in(CONCLUDED)}) AND c.concluded_at IS NOT NULL) AS done
                FROM {Case._meta.db_table} c
                WHERE c.accepted_at IS NOT NULL AND c.status NOT IN ({_in(NOT_ACCEPTED)})
            ) x
            LEFT JOIN {Matter._meta.db_table} m ON m.id = x.matter_id
            LEFT JOIN unnest(%(days)s::date[], %(places)s::int[]) AS wa(day, n) ON wa.day = x.a_day
            LEFT JOIN unnest(%(days)s::date[], %(places)s::int[]) AS wc(day, n) ON wc.day = x.c_day
            GROUP BY 2, 3, 4, 5, 6""",
            {"tz": settings.TIME_ZONE, "days": days, "places": places},
        )
        written = cursor.rowcount
        return written + _months(CaseRollup, cursor)


def rebuild_ratings() -> int:
    table = RatingRollup._meta.db_table
    levels = ", ".join(
        f"count(*) FILTER (WHERE r.level = '{level}')"
        for level in ("VERY_SATISFIED", "SATISFIED", "BASIC", "DISSATISFIED", "VERY_DISSATISFIED")
    )  # in the order of level_5 … level_1
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")
        cursor.execute(
            f"""INSERT INTO {table} (grain, day, department_id, service_point_id, channel,
                matter_id, {", ".join(RatingRollup.COUNTS)})
            SELECT 'D', (r.created_at AT TIME ZONE %s)::date, coalesce(r.department_id, 0),
                coalesce(r.service_point_id, 0), coalesce(c.channel, ''),
                coalesce(r.matter_id, 0), count(*), count(*) FILTER (WHERE r.is_bad),
                count(*) FILTER (WHERE rc.status = '{RectificationStatus.CLOSED}'), {levels}
            FROM {Rating._meta.db_table} r
            LEFT JOIN {Case._meta.db_table} c ON c.id = r.case_id
            LEFT JOIN {Rectification._meta.db_table} rc ON rc.rating_id = r.id
            WHERE NOT r.excluded
            GROUP BY 2, 3, 4, 5, 6""",
            [settings.TIME_ZONE],
        )
        written = cursor.rowcount
        return written + _months(RatingRollup, cursor)
