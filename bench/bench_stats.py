"""The statistics dashboard over 10 million cases on PostgreSQL: assembled from the rollups,
next to the same dashboard computed by plain GROUP BY queries over the cases, ratings and
tickets in the same run, and a check that both give the same numbers.

Target: the dashboard from the rollups in < 300 ms (median of 7 warm runs; the cache is not
involved, assemble() does not use it), for the default period and two narrower filters.
The numbers are compared after rollups.rebuild(), and again after a few thousand cases
have moved through the real services (deliver, close, withdraw), whose case_moved
receivers keep the rollups current.

The data (bench/stats_data.py, BENCH_STATS_CASES cases, default 10,000,000) takes minutes
to write, so the database onewindow_bench_stats is kept between runs: a marker table says
how many cases it holds and from which generator version, and a run with the same two
reuses it (after migrate). The rollups are rebuilt once, after the data is written, and
then kept by the receivers: the moves of each run stay, so a later run compares rollups
that have been kept current across runs (BENCH_STATS_REBUILD=1 rebuilds them first).
BENCH_STATS_FRESH=1 regenerates the data; drop the database by hand to free the disk."""

import os
import statistics
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

from bench import pg

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PG = pg.PG
# The children import bench modules and print progress as it happens, not when they end.
STATS_ENV = {"DJANGO_SETTINGS_MODULE": "onewindow.settings", "PYTHONUNBUFFERED": "1"}
DB = "onewindow_bench_stats"
CASES = int(os.environ.get("BENCH_STATS_CASES", "10000000"))
TARGET_MS = 300
RUNS = 7
MOVES = int(os.environ.get("BENCH_STATS_MOVES", "1500"))  # per kind of move


def _marker() -> tuple | None:
    """(cases, version, seconds) of the data already there, or None."""
    try:
        rows = pg.sql("SELECT cases, version, seconds FROM bench_stats_marker", DB)
    except Exception:  # no database, or no marker: the data was never finished
        return None
    return rows[0] if rows else None


def run() -> None:
    from bench.stats_data import VERSION

    try:
        pg.sql("SELECT 1")
    except Exception as exc:  # no PostgreSQL here: say so instead of failing the whole bench
        print(f"skipped: PostgreSQL not reachable at {PG} ({exc})")
        return
    env = pg.child_env(DB, PYTHONPATH=str(ROOT), **STATS_ENV)
    marker = None if os.environ.get("BENCH_STATS_FRESH") else _marker()
    manage = [PY, "manage.py", "migrate", "-v0", "--skip-checks"]
    if marker and marker[:2] == (CASES, VERSION):
        print(f"reusing {DB}: {CASES:,} cases, generator v{VERSION} (written in {marker[2]:.0f} s)")
        subprocess.run(manage, cwd=ROOT, env=env, check=True)
    else:
        pg.sql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        pg.sql(f"CREATE DATABASE {DB}")
        subprocess.run(manage, cwd=ROOT, env=env, check=True)
        started = time.monotonic()
        subprocess.run([PY, str(Path(__file__)), "--generate"], cwd=ROOT, env=env, check=True)
        t = time.monotonic()
        pg.sql("VACUUM ANALYZE", DB)
        print(f"VACUUM ANALYZE: {time.monotonic() - t:.0f} s")
        seconds = time.monotonic() - started
        pg.sql(
            "CREATE TABLE bench_stats_marker (cases bigint, version int, seconds float8);"
            f" INSERT INTO bench_stats_marker VALUES ({CASES}, {VERSION}, {seconds})",
            DB,
        )
        size = pg.sql(f"SELECT pg_size_pretty(pg_database_size('{DB}'))")[0][0]
        print(f"data written in {seconds:.0f} s in all; database size {size}")
    subprocess.run([PY, str(Path(__file__)), "--child"], cwd=ROOT, env=env, check=True)


# ---- the children: Django on the bench database --------------------------------------------


def generate() -> None:
    import django

    django.setup()
    from bench import stats_data

    print(f"generating {CASES:,} cases (stats_data v{stats_data.VERSION})")
    stats_data.generate(CASES)


def _filters(now):
    """The default period, one department (the one with most published matters) and one
    service point with one channel (the main hall, window cases)."""
    from django.db.models import Count
    from django.utils import timezone

    from onewindow.catalog.models import Department, ServicePoint
    from onewindow.stats.filters import Filters, default_period

    start, end = default_period(timezone.localdate(now))
    base = Filters(start=start, end=end)
    dept = Department.objects.annotate(n=Count("matters")).order_by("-n", "id").first()
    hall = ServicePoint.objects.filter(kind="MAIN_HALL").order_by("code").first()
    return [
        (f"default period {start} .. {end}", base),
        (f"department {dept.short_name or dept.name}", base.narrowed(department_id=dept.pk)),
        (f"{hall.name} + WINDOW", base.narrowed(service_point_id=hall.pk, channel="WINDOW")),
    ]


def _timed(fn, runs: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t) * 1000)
    return times, result


def _flat(data, path=""):
    """A nested figures() dict as {path: value}, to name the keys where two differ."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _flat(v, f"{path}.{k}" if path else str(k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _flat(v, f"{path}[{i}]")
    else:
        yield path, data


def _same(a: dict, b: dict) -> str:
    if a == b:
        return "yes"
    fa, fb = dict(_flat(a)), dict(_flat(b))
    keys = [k for k in list(fa) + [k for k in fb if k not in fa] if fa.get(k) != fb.get(k)]
    shown = "; ".join(f"{k}: rollups {fa.get(k)!r} / cases {fb.get(k)!r}" for k in keys[:5])
    return f"NO ({len(keys)} differ: {shown})"


def _moves() -> str:
    """Cases moved through the real services, so the case_moved receivers keep the rollups
    up to date: approved -> delivered, delivered -> closed, and running cases withdrawn."""
    from django.contrib.auth import get_user_model

    from onewindow.cases import services
    from onewindow.cases.models import Case

    actor = get_user_model().objects.filter(is_superuser=True).first()
    recent = Case.objects.order_by("-accepted_at").values_list("pk", flat=True)
    kinds = [
        ("delivered", "APPROVED", MOVES,
         lambda pk: services.case_deliver(case_id=pk, actor=actor, method="WINDOW")),
        ("closed", "DELIVERED", MOVES, lambda pk: services.case_close(case_id=pk, actor=actor)),
        ("withdrawn", "IN_REVIEW", max(1, MOVES // 15),
         lambda pk: services.case_withdraw(case_id=pk, actor=actor, reason="bench")),
    ]  # fmt: skip
    done, t = [], time.perf_counter()
    for name, status, count, move in kinds:
        ids = list(recent.filter(status=status, accepted_at__isnull=False)[:count])
        for pk in ids:
            move(pk)
        done.append(f"{len(ids)} {name}")
    took = time.perf_counter() - t
    return f"{', '.join(done)} through the services in {took:.1f} s"


def child() -> None:
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from onewindow.stats import rollups
    from onewindow.stats.dashboard import CASES as GROUP_BY
    from onewindow.stats.dashboard import ROLLUPS, assemble, figures
    from onewindow.stats.models import CaseRollup, HallRollup, RatingRollup

    with connection.cursor() as cur:
        cur.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = 'cases_case'")
        print(f"cases: about {cur.fetchone()[0]:,} (PostgreSQL's estimate)")
    # Built once after the data is written; on a reused database the rollups of the last
    # run stand, kept current by the receivers through its moves (a check of its own).
    if os.environ.get("BENCH_STATS_REBUILD") or not all(
        m.objects.exists() for m in (CaseRollup, RatingRollup, HallRollup)
    ):
        t = time.perf_counter()
        written = rollups.rebuild()
        print(f"rollups.rebuild(): {time.perf_counter() - t:.1f} s ({written})")
    else:
        print("rollups kept from the last run (BENCH_STATS_REBUILD=1 rebuilds them)")

    now = timezone.now()
    print(f"now fixed at {timezone.localtime(now):%Y-%m-%d %H:%M:%S}; rollups: median / max"
          f" of {RUNS} warm runs; GROUP BY: one run (it takes tens of seconds)")  # fmt: skip
    print(f"{_pad('filters', 40)} {'rollups ms':>16} {'GROUP BY ms':>12}  {'target':<17}"
          "  same numbers")  # fmt: skip
    cases = _filters(now)
    for label, f in cases:
        assemble(f, now, source=ROLLUPS)  # warm-up: the catalog rows, the first plans
        fast, board = _timed(lambda f=f: assemble(f, now, source=ROLLUPS), RUNS)
        slow, plain = _timed(lambda f=f: assemble(f, now, source=GROUP_BY), 1)
        median = statistics.median(fast)
        met = f"< {TARGET_MS} ms: " + ("met" if median < TARGET_MS else "NOT MET")
        print(f"{_pad(label, 40)} {median:>7.1f} / {max(fast):>6.1f} {min(slow):>12.0f}"
              f"  {met:<17}  {_same(figures(board), figures(plain))}")  # fmt: skip

    print(_moves())
    now = timezone.now()
    for label, f in cases:
        same = _same(figures(assemble(f, now, source=ROLLUPS)),
                     figures(assemble(f, now, source=GROUP_BY)))  # fmt: skip
        print(f"after the moves: {_pad(label, 40)} same numbers: {same}")


def _pad(text: str, width: int) -> str:
    """Cut or fill to `width` terminal columns (a CJK character takes two)."""
    out, used = "", 0
    for ch in text:
        w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used + w > width:
            break
        out, used = out + ch, used + w
    return out + " " * (width - used)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    if sys.argv[1:] == ["--generate"]:
        generate()
    elif sys.argv[1:] == ["--child"]:
        child()
    else:
        run()
