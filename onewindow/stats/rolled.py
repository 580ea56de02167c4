"""The dashboard's numbers read from the rollups (stats.models): the same functions, with the
same answers, as stats.live, at a cost that does not grow with the number of cases.

A period is read as the month rows of its whole months plus the day rows of its ragged ends,
so a year is a dozen months and at most two months of days. What depends on the moment
(a running case past its limit is red now, not when it was rolled up) is read from the
running cases themselves, through the index on (status, due_at); the hall's days that are
not rolled up yet are read from its tables (stats.hallroll)."""

from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, timedelta

from django.db.models import Q, Sum
from django.utils import timezone

from onewindow.catalog.models import Department, Matter, ServicePoint
from onewindow.ratings.choices import LEVEL_SCORES

from . import hallroll, live
from .breakdowns import CHANNEL_LABELS, NO_KEY, TREND_MEASURES, Row, months_of, with_overdue
from .filters import Filters
from .indicators import ONLINE_CHANNELS, cases_in, measures
from .models import GRAIN_DAY, GRAIN_MONTH, CaseRollup, HallRollup, RatingRollup

CASE_MEASURES = ("accepted", "immediate", "concluded", "on_time", "late")
CASE_KEYS = ("department_id", "service_point_id", "channel", "matter_id")
SCORES = {score: level for level, score in LEVEL_SCORES.items()}

_reading: ContextVar[dict | None] = ContextVar("stats_rolled_reading", default=None)


@contextmanager
def one_reading():
    """Within it, what the functions below read is read once per set of filters: the
    dashboard's counts, handling time and four breakdowns are sums of the same rows, so one
    scan of the rollup serves them all (stats.dashboard.assemble)."""
    token = _reading.set({})
    try:
        yield
    finally:
        _reading.reset(token)


def _once(key, read):
    memo = _reading.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]


def period_q(start: date, end: date) -> Q:
    """The rollup rows that cover [start, end]: whole months by their M rows, the rest by
    their D rows."""
    first_whole = start if start.day == 1 else _next_month(start)
    after_whole = _next_month(end) if (end + timedelta(days=1)).day == 1 else end.replace(day=1)
    if first_whole >= after_whole:  # no whole month inside
        return Q(grain=GRAIN_DAY, day__gte=start, day__lte=end)
    return (
        Q(grain=GRAIN_MONTH, day__gte=first_whole, day__lt=after_whole)
        | Q(grain=GRAIN_DAY, day__gte=start, day__lt=first_whole)
        | Q(grain=GRAIN_DAY, day__gte=after_whole, day__lte=end)
    )


def _next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def _keys_q(f: Filters, *, channel: bool = True) -> Q:
    q = Q()
    if f.department_id:
        q &= Q(department_id=f.department_id)
    if f.service_point_id:
        q &= Q(service_point_id=f.service_point_id)
    if f.channel and channel:
        q &= Q(channel=f.channel)
    if f.matter_code:
        q &= Q(matter_id__in=Matter.objects.filter(code=f.matter_code).values("id"))
    return q


DIMENSION_COLUMNS = {
    "department": "department_id",
    "service_point": "service_point_id",
    "channel": "channel",
    "matter": "matter_id",
}


def _cases(f: Filters):
    return CaseRollup.objects.filter(period_q(f.start, f.end), _keys_q(f)).order_by()


def _sums() -> dict:
    """Sums named "n_<measure>": an aggregate may not take a column's own name when another
    aggregate reads that column."""
    online = Q(channel__in=ONLINE_CHANNELS)
    return {
        **{f"n_{m}": Sum(m) for m in CASE_MEASURES},
        "n_online": Sum("accepted", filter=online),
        "n_workdays": Sum("workdays"),
    }


def _key_rows(f: Filters) -> list[dict]:
    """The period's case counts per (department, service point, channel, matter): a few
    thousand rows whatever the number of cases, summed further here."""
    return _once(("keys", f), lambda: list(_cases(f).values(*CASE_KEYS).annotate(**_sums())))


def _red_rows(f: Filters, now: datetime) -> list[tuple]:
    """(accepted_at, *CASE_KEYS) of the running cases of the period that are past their
    limit now: few, and found through the index on (status, due_at)."""

    def read():
        red = measures(now)["running_red"][1]
        fields = ("accepted_at", "lead_department_id", "service_point_id", "channel", "matter_id")
        return list(cases_in(f).filter(red).order_by().values_list(*fields))

    return _once(("red", f, now), read)


def _add(into: dict, row: dict) -> None:
    for k, v in row.items():
        into[k] = into.get(k, 0) + (v or 0)


def _finish(counts: dict, red: int) -> dict:
    out = {k.removeprefix("n_"): v or 0 for k, v in counts.items() if k != "n_workdays"}
    out["running_red"] = red
    out["overdue"] = out["late"] + red
    return out


def _totals(f: Filters) -> dict:
    total: dict = {f"n_{m}": 0 for m in (*CASE_MEASURES, "online", "workdays")}
    for row in _key_rows(f):
        _add(total, {k: v for k, v in row.items() if k not in CASE_KEYS})
    return total


def case_counts(f: Filters, now: datetime) -> dict:
    return _finish(_totals(f), len(_red_rows(f, now)))


def handling_workdays(f: Filters) -> tuple[int, int]:
    total = _totals(f)
    return total["n_workdays"], total["n_concluded"]


def by_month(f: Filters, now: datetime | None = None) -> list[Row]:
    now = now or timezone.now()
    months = {first: {m: 0 for m in TREND_MEASURES} for first, _ in months_of(f)}
    rows = _cases(f).values("day").annotate(**{f"n_{m}": Sum(m) for m in TREND_MEASURES[:-1]})
    for r in rows:
        acc = months[r.pop("day").replace(day=1)]
        for m, n in r.items():
            acc[m.removeprefix("n_")] += n
    for accepted_at, *_ in _red_rows(f, now):
        months[timezone.localtime(accepted_at).date().replace(day=1)]["running_red"] += 1
    return [
        Row(key=first.strftime("%Y-%m"), label=f"{first:%Y年%m月}", counts=with_overdue(c))
        for first, c in months.items()
    ]


def by_dimension(f: Filters, dimension: str, now: datetime | None = None, limit: int = 0):
    now = now or timezone.now()
    column = DIMENSION_COLUMNS[dimension]
    grouped: dict = {}
    for row in _key_rows(f):
        counts = {k: v for k, v in row.items() if k not in CASE_KEYS}
        _add(grouped.setdefault(row[column], {}), counts)
    red = defaultdict(int)
    place = 1 + CASE_KEYS.index(column)
    for values in _red_rows(f, now):
        red[values[place] or 0] += 1
    keyed: dict = {}  # (key, label) -> counts: matter versions of one code and name merge
    labels = _labeller(dimension, grouped)
    for value, counts in grouped.items():
        row = _finish(counts, red.get(value, 0))
        merged = labels(value)
        if merged in keyed:
            row = {m: n + keyed[merged][m] for m, n in row.items()}
        keyed[merged] = row
    ordered = sorted(keyed.items(), key=lambda kv: (-kv[1]["accepted"], kv[0][0] is None, kv[0]))
    rows = [Row(key=key, label=label, counts=c) for (key, label), c in ordered]
    return rows[:limit] if limit else rows


def _labeller(dimension: str, grouped: dict):
    """value in the rollup -> (the key the live breakdown uses, its label)."""
    if dimension == "channel":
        return lambda v: (v, CHANNEL_LABELS.get(v, v))
    if dimension == "department":
        names = {
            d.pk: d.short_name or d.name for d in Department.objects.filter(pk__in=list(grouped))
        }
        return lambda v: (v, names.get(v) or NO_KEY["department"])
    if dimension == "service_point":
        names = dict(ServicePoint.objects.filter(pk__in=list(grouped)).values_list("pk", "name"))
        return lambda v: (v or None, names.get(v) or NO_KEY["service_point"])
    matters = {
        pk: (code, name)
        for pk, code, name in Matter.objects.filter(pk__in=list(grouped)).values_list(
            "pk", "code", "name"
        )
    }

    def matter(v):
        code, name = matters.get(v, (None, None))
        return code, name or NO_KEY["matter"]

    return matter


def rating_counts(f: Filters) -> dict:
    return dict(_once(("ratings", f), lambda: _rating_counts(f)))


def _rating_counts(f: Filters) -> dict:
    qs = RatingRollup.objects.filter(period_q(f.start, f.end), _keys_q(f)).order_by()
    row = qs.aggregate(**{c: Sum(c) for c in RatingRollup.COUNTS})
    row = {k: v or 0 for k, v in row.items()}
    out = {"rated": row["rated"], "bad": row["bad"], "rectified": row["rectified"]}
    for score, level in SCORES.items():
        out[f"level_{level}"] = row[f"level_{score}"]
    out["score_sum"] = sum(out[f"level_{lv}"] * s for lv, s in LEVEL_SCORES.items())
    return out


def _hall_split(f: Filters) -> tuple[date | None, Filters | None]:
    """(last day read from the rollup, the filters of the days read live), either None."""
    through = _once("hall_through", hallroll.through)
    rolled_end = min(through, f.end) if through >= f.start else None
    live_f = f.narrowed(start=max(f.start, through + timedelta(days=1)))
    return rolled_end, (live_f if live_f.start <= f.end else None)


def hall_waits(f: Filters) -> dict:
    rolled_end, live_f = _hall_split(f)
    sums = {"prereviews": 0, "prereview_us": 0, "called": 0, "wait_us": 0}
    if rolled_end:
        q = period_q(f.start, rolled_end) & _keys_q(f, channel=False)
        row = HallRollup.objects.filter(q).aggregate(**{k: Sum(k) for k in sums})
        sums = {k: v or 0 for k, v in row.items()}
    if live_f:
        for k, n in live.hall_sums(live_f).items():
            sums[k] += n
    return live.waits(sums)


def window_load(f: Filters) -> list[Row]:
    rolled_end, live_f = _hall_split(f)
    counts: dict = defaultdict(lambda: {"called": 0, "served": 0, "no_show": 0})
    if rolled_end:
        q = period_q(f.start, rolled_end) & ~Q(window_id=0)
        if f.service_point_id:
            q &= Q(service_point_id=f.service_point_id)
        rows = (
            HallRollup.objects.filter(q)
            .values("window_id")
            .annotate(n_called=Sum("windowed"), n_served=Sum("served"), n_no_show=Sum("no_show"))
        )
        for r in rows:
            acc = counts[r.pop("window_id")]
            for k, n in r.items():
                acc[k.removeprefix("n_")] += n
    if live_f:
        for window, c in live.window_counts(live_f).items():
            for k, n in c.items():
                counts[window][k] += n
    return live.window_rows(dict(counts))
