"""Millions of cases for the statistics bench, written by PostgreSQL itself.

generate(n) writes n cases over the 24 months before today (working days, a trickle of
online cases on days off, a little growth), on the published matters, places and windows of
the demo district, with the hall tickets, pre-reviews, ratings and rectifications that go
with them. No Python per row: one INSERT ... SELECT over generate_series a month writes the
cases and, from what they return, their bundle items, tickets and ratings (bench/stats_sql.py).

Where a case goes (matter or bundle, channel, service point, window, clerk) is drawn from
20,000 samples of the demo history's own rules (cases.demo.history); each case picks one
sample at random. Its clock is cases.clock.compute done in SQL over a table of the working
days of onewindow.lib.workdays. Statuses: mostly concluded, about 1% of them late, some
denied, withdrawn or refused; then a few thousand recent unrated cases are put back on the
clock (15% of them red), suspended or waiting for acceptance. PostgreSQL only, into an
empty case table; the caller runs VACUUM ANALYZE and rollups.rebuild() afterwards.
"""

import itertools
import math
import random
import time
from contextlib import contextmanager, suppress
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from bench.stats_sql import (
    CASES_SQL,
    COUNTERS_SQL,
    PREREVIEWS_SQL,
    RECTIFY_SQL,
    RUNNING_SQL,
    SUSPENDED_SQL,
    WAITING_SQL,
)

VERSION = 2  # bump when the rows change: the bench regenerates a database of another version
DEFAULT_CASES = 10_000_000
SLOTS = 20_000
TABLES = ("cases_case", "cases_case_bundle_matters", "hall_ticket", "ratings_rating")


def generate(n: int = DEFAULT_CASES, *, seed: int = 2026, say=print) -> dict:
    from onewindow.cases.models import Case

    if connection.vendor != "postgresql":
        raise RuntimeError("the statistics data generator needs PostgreSQL")
    if Case.objects.exists():
        raise RuntimeError("cases_case is not empty: generate into a fresh database")
    started, rng, now = time.monotonic(), random.Random(seed), timezone.now()
    tz = settings.TIME_ZONE

    def step(what: str, sql: str, params=None) -> int:
        t = time.monotonic()
        cur.execute(sql, params)
        say(f"  {what}: {cur.rowcount:,} rows, {time.monotonic() - t:.1f} s")
        return cur.rowcount

    with connection.cursor() as cur, _bulk_session(cur):
        cur.execute(f"SELECT setseed({(seed % 1000) / 1000})")
        world = _catalog(rng)
        days = _days(cur, n, now, tz)
        apps = max(200, n // 40)
        first_app = _applicants(cur, apps, days[0] - timedelta(days=30))
        say(f"catalog ready: {len(world['slots'])} placements, {apps:,} applicants")
        with _indexes_off(cur, say):
            months = [*sorted({d.replace(day=1) for d in days}), None]
            for lo, hi in itertools.pairwise(months):
                t = time.monotonic()
                cur.execute(CASES_SQL, dict(
                    lo=lo, hi=hi or timezone.localdate(now), now=now.timestamp(), tz=tz,
                    k=len(world["slots"]), k_online=world["online"], app0=first_app, apps=apps))  # fmt: skip
                made = cur.fetchone()
                say(f"  {lo:%Y-%m}: {made[0]:,} cases, {made[1]:,} bundle items, {made[2]:,}"
                    f" tickets, {made[3]:,} ratings, {time.monotonic() - t:.1f} s")  # fmt: skip
            _unconclude(step, n, now)
            _prereviews(cur, step)
            step("rectifications", RECTIFY_SQL, dict(now=now))
        cur.execute(COUNTERS_SQL)
    took = time.monotonic() - started
    say(f"generated {n:,} cases in {took:.0f} s")
    return {"cases": n, "seconds": took, "now": now}


@contextmanager
def _bulk_session(cur):
    """Big sorts in memory, no flush per statement, and foreign keys not re-checked row by
    row (replica mode skips the RI triggers; superuser only, and every id here is read from
    its table). Reset afterwards: the connection may serve the bench next."""
    cur.execute("SET work_mem = '256MB'")
    cur.execute("SET maintenance_work_mem = '1GB'")
    cur.execute("SET synchronous_commit = off")
    with suppress(Exception):  # not a superuser: the triggers check each row, slower
        cur.execute("SET session_replication_role = replica")
    try:
        yield
    finally:
        for name in ("session_replication_role", "work_mem", "maintenance_work_mem"):
            cur.execute(f"RESET {name}")
        cur.execute("RESET synchronous_commit")
        for table in ("_bs", "_bc", "_bw", "_bd", "_bq", "_bbm", "_bpr"):
            cur.execute(f"DROP TABLE IF EXISTS {table}")


@contextmanager
def _indexes_off(cur, say):
    """Drops the secondary indexes of the big tables and builds them again from their own
    definitions (pg_get_indexdef), so the schema afterwards is the one migrations made.
    Building an index once is faster than keeping a dozen up to date row by row.
    Indexes that back a constraint (primary keys, unique numbers) stay, and so do partial
    ones: PostgreSQL prints their condition back in a form that reads differently when
    created again, and they hold few rows anyway."""
    cur.execute(
        "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i"
        " JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid"
        " WHERE t.relname = ANY(%s) AND i.indpred IS NULL AND i.indexprs IS NULL AND NOT EXISTS"
        " (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)",
        [list(TABLES)],
    )
    saved = cur.fetchall()
    for name, _ in saved:
        cur.execute(f'DROP INDEX "{name}"')
    try:
        yield
    finally:
        t = time.monotonic()
        for _, definition in saved:
            cur.execute(definition)
        say(f"  {len(saved)} indexes rebuilt: {time.monotonic() - t:.1f} s")


def _catalog(rng) -> dict:
    """The demo district, its hall queues, and SLOTS placements drawn by the demo history's
    rules, online ones first (days off pick among those only)."""
    from onewindow.cases import clock
    from onewindow.cases.demo.history import CHANNEL_WEIGHTS, _place, _window, _world
    from onewindow.cases.demo.plan import ONLINE_CHANNELS
    from onewindow.catalog.choices import ServicePointKind
    from onewindow.catalog.demo import load_demo
    from onewindow.catalog.models import ServicePoint
    from onewindow.hall.demo import hall_queues, town_queues

    load_demo()
    for point in ServicePoint.objects.filter(kind=ServicePointKind.MAIN_HALL):
        hall_queues(point)
    for point in ServicePoint.objects.filter(kind=ServicePointKind.TOWN_CENTER):
        town_queues(point)
    world = _world()
    channels, weights = zip(*CHANNEL_WEIGHTS, strict=True)
    targets = world["targets"]
    cum = list(_accumulate(t.weight for t in targets))
    slots = []
    for _ in range(SLOTS):
        target = rng.choices(targets, cum_weights=cum)[0]
        channel, point = _place(rng, world, target, rng.choices(channels, weights)[0])
        window = _window(rng, world["windows"], point.pk, target.lead_id) if point else None
        clerks = world["clerks"].get(point.pk) if point else None
        clerk = world["at_window"].get(window) or (rng.choice(clerks) if clerks else None)
        region = point.region if point else target.lead_region
        limit = target.limit
        warn_back = limit - clock.warn_threshold(limit)
        slots.append((channel not in ONLINE_CHANNELS, target.matter_id, target.bundle_id,
                      target.lead_id, region.pk, region.code[:6], point.pk if point else None,
                      window, clerk, channel, limit, warn_back))  # fmt: skip
    slots.sort(key=lambda s: s[0])  # online (False) first
    with connection.cursor() as cur:
        cur.execute(
            "CREATE TEMP TABLE _bs AS SELECT row_number() OVER () ::int AS slot, * FROM unnest("
            "%s::bool[], %s::int[], %s::int[], %s::int[], %s::int[], %s::text[], %s::int[],"
            " %s::int[], %s::int[], %s::text[], %s::int[], %s::int[]) AS s(on_site, matter_id,"
            " bundle_id, dept_id, region_id, prefix, point_id, window_id, clerk_id, channel,"
            " limit_days, warn_back)",
            [list(col) for col in zip(*slots, strict=True)],
        )
        cur.execute("ALTER TABLE _bs ADD PRIMARY KEY (slot)")
        bundles = {(t.bundle_id, m) for t in targets if t.bundle_id for m in t.matter_ids}
        cur.execute(
            "CREATE TEMP TABLE _bbm AS SELECT * FROM unnest(%s::int[], %s::int[]) AS b(bundle_id, matter_id)",
            [[b for b, _ in bundles], [m for _, m in bundles]],
        )
        # The queue a window's tickets come from: its own domain queue, else the general one.
        cur.execute(
            "CREATE TEMP TABLE _bq AS SELECT DISTINCT ON (qw.window_id) qw.window_id,"
            " q.id AS queue_id, q.letter FROM hall_queue_windows qw JOIN hall_queue q"
            " ON q.id = qw.queue_id WHERE q.kind <> 'PRIORITY'"
            " ORDER BY qw.window_id, q.kind = 'DOMAIN' DESC, q.id"
        )
    return {"slots": slots, "online": sum(1 for s in slots if not s[0])}


def _accumulate(values):
    total = 0.0
    for v in values:
        total += v
        yield total


def _days(cur, n: int, now, tz: str) -> list:
    """The calendar (_bc: cumulative working days; _bw: the k-th working day) and how many
    cases each day of the last 24 months gets (_bd), summing to exactly n."""
    from onewindow.lib import workdays

    today = timezone.localdate(now)
    first = today - timedelta(days=730)
    span = [first + timedelta(days=i) for i in range(-10, 730 + 400)]
    work = [workdays.is_workday(d) for d in span]
    cum = list(_accumulate(work))
    cur.execute(
        "CREATE TEMP TABLE _bc AS SELECT * FROM unnest(%s::date[], %s::int[]) AS c(day, cum)",
        [span, [int(c) for c in cum]],
    )
    cur.execute("ALTER TABLE _bc ADD PRIMARY KEY (day)")
    cur.execute(
        "CREATE TEMP TABLE _bw AS SELECT w.n, w.day, extract(epoch FROM (w.day + 1)::timestamp"
        " AT TIME ZONE %s)::float8 AS end_at FROM unnest(%s::date[]) WITH ORDINALITY AS w(day, n)",
        [tz, [d for d, w in zip(span, work, strict=True) if w]],
    )
    cur.execute("ALTER TABLE _bw ADD PRIMARY KEY (n)")
    days = [first + timedelta(days=i) for i in range((today - first).days)]  # up to yesterday
    # Working days 1, days off 0.12 (online only), and 30% more cases at the end than at
    # the start: a district that grows.
    weight = [
        (1.0 if workdays.is_workday(d) else 0.12) * (1 + 0.3 * i / len(days))
        for i, d in enumerate(days)
    ]
    total = sum(weight)
    exact = [w * n / total for w in weight]
    counts = [math.floor(x) for x in exact]
    by_remainder = sorted(range(len(days)), key=lambda i: counts[i] - exact[i])
    for i in by_remainder[: n - sum(counts)]:
        counts[i] += 1
    cur.execute(
        "CREATE TEMP TABLE _bd AS SELECT d.day, d.cases, c.cum,"
        " c.cum > (SELECT p.cum FROM _bc p WHERE p.day = d.day - 1) AS workday,"
        " '-' || to_char(d.day, 'YYYYMMDD') || '-' AS tag,"
        " extract(epoch FROM d.day::timestamp AT TIME ZONE %s)::float8 AS midnight,"
        " extract(epoch FROM w.day::timestamp AT TIME ZONE %s)::float8 + 9 * 3600 AS next_acc"
        " FROM unnest(%s::date[], %s::int[]) AS d(day, cases) JOIN _bc c USING (day)"
        " JOIN _bw w ON w.n = c.cum + 1",
        [tz, tz, days, counts],
    )
    return days


def _applicants(cur, count: int, when) -> int:
    """A pool of people and companies, each coming back a few dozen times in two years."""
    cur.execute(
        "INSERT INTO cases_applicant (kind, name, id_number, phone, address,"
        " legal_representative, created_at)"
        " SELECT CASE WHEN g %% 7 = 0 THEN 'ORGANISATION' ELSE 'PERSON' END,"
        "  CASE WHEN g %% 7 = 0 THEN '测试企业' || g ELSE '测试居民' || g END,"
        "  CASE WHEN g %% 7 = 0 THEN '92' || lpad(g::text, 16, '0')"
        "   ELSE '990000' || lpad(g::text, 11, '0') || 'X' END,"
        "  '139' || lpad((g %% 100000000)::text, 8, '0'), '', '', %s"
        " FROM generate_series(1, %s) g RETURNING id",
        [when, count],
    )
    return min(row[0] for row in cur.fetchall())


def _unconclude(step, n: int, now) -> None:
    """A few thousand recent cases back on the clock (15% of them red), some suspended and
    some not accepted yet, as a district has on any day."""
    running = max(40, round(n * 0.0004))
    params = dict(now=now, green=running - running * 15 // 100, red=running * 15 // 100,
                  suspended=max(5, n // 20000), waiting=max(10, n // 10000))  # fmt: skip
    step("running again", RUNNING_SQL, params)
    step("suspended", SUSPENDED_SQL, params)
    step("waiting for acceptance", WAITING_SQL, params)


def _prereviews(cur, step) -> None:
    """A pre-review behind every PRE_REVIEW ticket, and a failed one a day earlier for
    one applicant in six (they came back with what was missing)."""
    cur.execute(
        "CREATE TEMP TABLE _bpr AS SELECT t.id AS ticket_id,"
        " nextval(pg_get_serial_sequence('hall_prereview', 'id')) AS pr_id,"
        " q.service_point_id, c.matter_id, c.submitted_by_id AS clerk_id,"
        " t.issued_at - interval '12 minutes' AS started_at, random() AS r"
        " FROM hall_ticket t JOIN hall_queue q ON q.id = t.queue_id"
        " JOIN cases_case c ON c.id = t.case_id"
        " WHERE t.source = 'PRE_REVIEW' AND c.matter_id IS NOT NULL"
    )
    step("pre-reviews", PREREVIEWS_SQL)
    step("tickets linked to pre-reviews", "UPDATE hall_ticket t SET pre_review_id = p.pr_id"
         " FROM _bpr p WHERE t.id = p.ticket_id")  # fmt: skip
