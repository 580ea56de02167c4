"""Issuing tickets and calling the next one with 50 concurrent windows on PostgreSQL, through
the real services (hall.services.ticket_issue, and ticket_finish_and_call: a window's
办结并叫下一位, one statement that finishes its ticket and calls the next): 50 threads,
each with its own database connection, spread over 2 processes as a web tier of 2 workers
would be (BENCH_PROCESSES; one process caps the rate at its interpreter lock, which is a
property of the bench, not of the hall).

Prints the rate and p50 / p99 latency of both, the duplicate, skipped and lost tickets
(all must be 0), and, for comparison, the duplicates a naive "max + 1 without a lock"
issuer hands out on the same table shape. Targets: >= 1,000 issues/s and >= 1,000 calls/s.

The parent creates the database onewindow_bench_hall and runs the measurement in a child
process (`bench_hall.py --child`) whose DATABASE_URL points at it, because Django reads the
database settings once, at start-up.
"""

import os
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from bench import pg

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PG = pg.PG
DB = "onewindow_bench_hall"
WINDOWS = 50
TICKETS = int(os.environ.get("BENCH_TICKETS", "4000"))
NAIVE_TICKETS = 2000
PROFILE_OPS = 300
TARGET = 1000
PROCESSES = int(os.environ.get("BENCH_PROCESSES", "2"))


def run() -> None:
    try:
        pg.sql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        pg.sql(f"CREATE DATABASE {DB}")
    except Exception as exc:  # no PostgreSQL here: say so instead of failing the whole bench
        print(f"skipped: PostgreSQL not reachable at {PG} ({exc})")
        return
    env = pg.child_env(DB, DJANGO_SETTINGS_MODULE="onewindow.settings", PYTHONPATH=str(ROOT))
    try:
        subprocess.run(
            [PY, "manage.py", "migrate", "-v0", "--skip-checks"], cwd=ROOT, env=env, check=True
        )
        subprocess.run([PY, str(Path(__file__)), "--child"], cwd=ROOT, env=env, check=True)
    finally:
        pg.sql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")


# ---- the child: Django on the bench database ----------------------------------------------


def _setup():
    from onewindow.catalog.models import Region, ServicePoint, Window
    from onewindow.hall.models import Queue

    region = Region.objects.create(code="500199000000", name="清江区", level="DISTRICT")
    point = ServicePoint.objects.create(
        code="BENCH", name="性能测试大厅", kind="MAIN_HALL", region=region
    )
    windows = Window.objects.bulk_create(
        Window(service_point=point, number=str(n), name=f"{n}号窗口", kind="COMPREHENSIVE")
        for n in range(1, WINDOWS + 1)
    )
    queue = Queue.objects.create(
        service_point=point, letter="A", name="综合受理", kind="COMPREHENSIVE"
    )
    queue.windows.set(windows)
    return queue, windows


def _threads(count: int, work) -> float:
    """Runs work(i) in `count` threads released together; returns the wall time. For the
    single-process naive issuer; _concurrently() spreads the real work over processes."""
    from django.db import connections

    barrier = threading.Barrier(count + 1)
    errors: list[BaseException] = []

    def body(i):
        try:
            connections["default"].ensure_connection()  # connect before the clock starts
            barrier.wait()
            work(i)
        except BaseException as exc:  # reported below: a bench that hides errors lies
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=body, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    if errors:
        raise RuntimeError(f"{len(errors)} threads failed, first: {errors[0]!r}")
    return time.perf_counter() - started


def _concurrently(work) -> tuple[float, list[list[int]], list[list[float]]]:
    """Runs work(i) -> (ids, latencies) for each of the WINDOWS threads, spread over PROCESSES
    forked processes, all released by one barrier. Returns the wall time from the release to
    the last thread's end, and each thread's ids and latencies."""
    import multiprocessing

    from django.db import connections

    connections.close_all()  # a forked child must not share the parent's socket
    mp = multiprocessing.get_context("fork")
    barrier = mp.Barrier(WINDOWS + 1)
    results = mp.Queue()

    def process(indices):
        def body(i):
            try:
                connections["default"].ensure_connection()  # connect before the clock starts
                barrier.wait()
                ids, lat = work(i)
                results.put((i, ids, lat, time.perf_counter(), None))
            except BaseException as exc:  # reported below: a bench that hides errors lies
                results.put((i, [], [], time.perf_counter(), repr(exc)))
            finally:
                connections.close_all()

        threads = [threading.Thread(target=body, args=(i,)) for i in indices]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    children = [
        mp.Process(target=process, args=(range(k, WINDOWS, PROCESSES),)) for k in range(PROCESSES)
    ]
    for child_process in children:
        child_process.start()
    barrier.wait()
    started = time.perf_counter()  # CLOCK_MONOTONIC: comparable across processes
    ids: list[list[int]] = [[] for _ in range(WINDOWS)]
    lat: list[list[float]] = [[] for _ in range(WINDOWS)]
    ended, errors = started, []
    for _ in range(WINDOWS):
        i, got_ids, got_lat, end, error = results.get()
        ids[i], lat[i], ended = got_ids, got_lat, max(ended, end)
        if error:
            errors.append(error)
    for child_process in children:
        child_process.join()
    if errors:
        raise RuntimeError(f"{len(errors)} threads failed, first: {errors[0]}")
    return ended - started, ids, lat


def _pct(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1] * 1000 if values else 0.0


def _line(name: str, n: int, wall: float, latencies: list[float]) -> float:
    rate = n / wall
    verdict = "met" if rate >= TARGET else "NOT MET"
    print(
        f"{name:<34} {n:>6} {rate:>8.0f}/s  p50 {_pct(latencies, 50):6.1f} ms"
        f"  p99 {_pct(latencies, 99):6.1f} ms  target >= {TARGET:,}/s: {verdict}"
    )
    return rate


def _profile(queue, window) -> None:
    """One thread, no contention: how much of one operation is waiting on PostgreSQL and how
    much is Python (Django ORM, services, audit row), so a missed target says where to look."""
    from django.db import connection

    from onewindow.hall import services

    spent = {"db": 0.0, "queries": 0}

    def timer(execute, sql, params, many, context):
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent["db"] += time.perf_counter() - t
            spent["queries"] += 1

    def measure(op) -> tuple[float, float, float, float]:
        spent.update(db=0.0, queries=0)
        with connection.execute_wrapper(timer):
            t, cpu = time.perf_counter(), time.thread_time()
            for _ in range(PROFILE_OPS):
                op()
            wall, cpu = time.perf_counter() - t, time.thread_time() - cpu
        n = PROFILE_OPS
        return wall / n * 1000, spent["db"] / n * 1000, spent["queries"] / n, cpu / n * 1000

    issue = measure(lambda: services.ticket_issue(queue=queue, actor=None))

    def call_and_finish():
        services.ticket_call_next(window=window, actor=None)
        services.ticket_finish(window=window, actor=None)

    call = measure(call_and_finish)
    for _ in range(PROFILE_OPS):
        services.ticket_issue(queue=queue, actor=None)
    both = measure(lambda: services.ticket_finish_and_call(window=window, actor=None))
    print("one thread, no contention (where the time goes):")
    for name, (wall, db, queries, cpu) in (
        ("issue", issue),
        ("call next, then finish", call),
        ("finish and call next", both),
    ):
        # Threads share one interpreter lock: the client CPU per operation caps the rate of
        # all 50 threads together at about 1 / cpu, whatever PostgreSQL could do.
        print(
            f"  {name:<20} {wall:5.2f} ms/op wall: {queries:.0f} statements ({db:4.2f} ms in"
            f" execute), {cpu:4.2f} ms client CPU -> in-process ceiling ~{1000 / cpu:,.0f}/s"
        )


def _naive(queue_id: int) -> tuple[int, int]:
    """The "max + 1 without a lock" issuer on a scratch table of the same shape."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_naive_ticket (id serial PRIMARY KEY, queue_id int NOT NULL,"
            " day date NOT NULL, seq int NOT NULL)"
        )
    per_thread = NAIVE_TICKETS // WINDOWS

    def kiosk(_i):
        from django.db import connection as conn
        from django.db import transaction

        for _ in range(per_thread):
            with transaction.atomic(), conn.cursor() as cursor:
                cursor.execute(
                    "SELECT coalesce(max(seq), 0) + 1 FROM bench_naive_ticket"
                    " WHERE queue_id = %s AND day = current_date",
                    [queue_id],
                )
                (seq,) = cursor.fetchone()
                cursor.execute(
                    "INSERT INTO bench_naive_ticket (queue_id, day, seq) VALUES (%s, current_date, %s)",
                    [queue_id, seq],
                )

    wall = _threads(WINDOWS, kiosk)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), count(DISTINCT seq) FROM bench_naive_ticket")
        total, distinct = cursor.fetchone()
    print(
        f"{'naive max + 1 issuer (no lock)':<34} {total:>6} {total / wall:>8.0f}/s  "
        f"duplicate numbers: {total - distinct} in {total} tickets"
    )
    return total, total - distinct


def child() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from onewindow.hall import services
    from onewindow.hall.models import Ticket, TicketCounter

    queue, windows = _setup()
    spare = windows[-1]
    _profile(queue, spare)  # also warms up the code paths and the content-type cache
    Ticket.objects.all().delete()
    TicketCounter.objects.all().delete()

    per_thread = TICKETS // WINDOWS

    def kiosk(i):
        ids, lat = [], []
        for _ in range(per_thread):
            t = time.perf_counter()
            ids.append(services.ticket_issue(queue=queue, actor=None).pk)
            lat.append(time.perf_counter() - t)
        return ids, lat

    issue_wall, issued, issue_lat = _concurrently(kiosk)

    def window_works(i):
        # What a clerk's 办结并叫下一位 does: finish the ticket served, call the next one.
        window, ids, lat = windows[i], [], []
        while True:
            t = time.perf_counter()
            _, ticket = services.ticket_finish_and_call(window=window, actor=None)
            lat.append(time.perf_counter() - t)
            if ticket is None:
                return ids, lat
            ids.append(ticket.pk)

    call_wall, called, call_lat = _concurrently(window_works)

    all_issued = [pk for ids in issued for pk in ids]
    all_called = [pk for ids in called for pk in ids]
    duplicates = sum(n - 1 for n in Counter(all_called).values() if n > 1)
    skipped = len(set(all_issued) - set(all_called))
    seqs = set(Ticket.objects.filter(queue=queue).values_list("seq", flat=True))
    lost = len(set(range(1, len(all_issued) + 1)) - seqs)
    not_done = Ticket.objects.exclude(status="DONE").count()

    print(
        f"{WINDOWS} threads (kiosks, then windows) in {PROCESSES} processes,"
        f" one connection each, PostgreSQL over {pg.TRANSPORT}"
    )
    _line("issue a ticket (ticket_issue)", len(all_issued), issue_wall,
          [x for lat in issue_lat for x in lat])  # fmt: skip
    # The rate counts the calls over the whole phase; each call also finished the ticket
    # before it (the final call of each window finds nobody and is left out of the latency).
    _line("call next, finishing the last one", len(all_called), call_wall,
          [x for lat in call_lat for x in lat[:-1]])  # fmt: skip
    ok = duplicates == skipped == lost == not_done == 0
    print(
        f"{'duplicate / skipped / lost':<34} {duplicates} / {skipped} / {lost}"
        f"  (tickets not DONE: {not_done})  must all be 0: {'met' if ok else 'NOT MET'}"
    )
    _naive(queue.pk)


if __name__ == "__main__":
    if sys.argv[1:] == ["--child"]:
        child()
    else:
        sys.path.insert(0, str(ROOT))
        run()
