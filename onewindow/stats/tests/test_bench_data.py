"""The statistics bench's data (bench/stats_data.py) on a small scale: its rows keep the
rules of the models (those the database checks and those only the services keep), and
the dashboard from the rollups gives the numbers of the plain GROUP BY over them.

The generator writes with PostgreSQL's own SQL, with foreign-key triggers off and the
secondary indexes dropped while it writes, so the test also checks that every reference
resolves and that the indexes afterwards are exactly the ones migrations made."""

from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from onewindow.cases import clock
from onewindow.cases.choices import CLOCK_RUNNING, CONCLUDED, CaseChannel
from onewindow.cases.models import Case
from onewindow.hall.models import PreReview, Ticket
from onewindow.ratings.models import Rating, Rectification

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the generator is PostgreSQL SQL"),
]
N = 3000
TABLES = ("cases_case", "hall_ticket", "hall_prereview", "ratings_rating",
          "ratings_rectification", "cases_case_bundle_matters", "cases_suspension")  # fmt: skip


def _rows(sql: str, params=None) -> list:
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def _indexes() -> set:
    return set(_rows("SELECT tablename, indexdef FROM pg_indexes WHERE tablename = ANY(%s)",
                     [list(TABLES)]))  # fmt: skip


def _dangling() -> dict:
    """Every single-column foreign key of the written tables: rows pointing nowhere."""
    keys = _rows(
        "SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, b.attname"
        " FROM pg_constraint c"
        " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]"
        " JOIN pg_attribute b ON b.attrelid = c.confrelid AND b.attnum = c.confkey[1]"
        " WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(%s)",
        [list(TABLES)],
    )
    out = {}
    for table, column, target, pk in keys:
        (n,) = _rows(
            f'SELECT count(*) FROM {table} t WHERE t."{column}" IS NOT NULL AND NOT EXISTS'
            f' (SELECT 1 FROM {target} r WHERE r."{pk}" = t."{column}")'
        )[0]
        if n:
            out[f"{table}.{column}"] = n
    return out


@pytest.fixture
def generated():
    from bench import stats_data

    before = _indexes()
    info = stats_data.generate(N, say=lambda *args: None)
    return info, before


def test_generated_rows_keep_the_rules_and_the_rollups_match(generated):
    info, indexes_before = generated
    now = info["now"]
    assert _indexes() == indexes_before
    assert _dangling() == {}

    cases = list(Case.objects.select_related("matter"))
    assert len(cases) == N == len({c.number for c in cases})
    statuses = Counter(c.status for c in cases)
    concluded = [c for c in cases if c.status in CONCLUDED]
    assert len(concluded) > 0.85 * N
    assert statuses["DENIED"] and statuses["WITHDRAWN"] and statuses["REFUSED"]
    assert sum(statuses[s] for s in CLOCK_RUNNING) >= 30 and statuses["SUSPENDED"]
    late = [c for c in concluded if c.concluded_at > c.due_at]
    assert 0.002 * len(concluded) <= len(late) <= 0.03 * len(concluded)
    channels = Counter(c.channel for c in cases)
    assert set(channels) == set(CaseChannel.values)
    assert channels.most_common(1)[0][0] == CaseChannel.WINDOW
    for c in cases:
        assert (c.matter_id is None) != (c.bundle_id is None)
        assert c.submitted_at <= now and c.promised_limit_days >= 0
        if c.accepted_at is not None:
            assert c.submitted_at <= c.accepted_at <= now
            assert c.warn_at <= c.due_at
            # the clock as the services compute it (no case here was ever suspended)
            expected = clock.compute(c.accepted_at, c.promised_limit_days)
            assert (c.due_at, c.warn_at) == (expected.due_at, expected.warn_at), c.number
        if c.status in CONCLUDED:
            assert c.accepted_at <= c.concluded_at <= now
        if c.delivered_at:
            assert c.concluded_at <= c.delivered_at <= (c.closed_at or now)
        if c.channel in (CaseChannel.ONLINE, CaseChannel.MOBILE):
            assert c.service_point_id is None
        else:
            assert c.service_point_id is not None
    assert any(c.due_at <= now for c in cases if c.status in CLOCK_RUNNING)  # some red

    by_id = {c.pk: c for c in cases}
    ratings = list(Rating.objects.all())
    assert 0.05 * len(concluded) < len(ratings) < 0.15 * len(concluded)
    for r in ratings:
        case = by_id[r.case_id]
        assert case.status in CONCLUDED and r.created_at >= case.concluded_at
        assert (r.department_id, r.service_point_id, r.matter_id) == (
            case.lead_department_id, case.service_point_id, case.matter_id)  # fmt: skip
        assert not r.excluded or r.excluded_reason
    bad = {r.pk for r in ratings if r.is_bad}
    assert bad and set(Rectification.objects.values_list("rating_id", flat=True)) == bad
    assert Rectification.objects.filter(status="CLOSED").exists()

    tickets = list(Ticket.objects.select_related("queue", "window"))
    assert tickets and {t.status for t in tickets} == {"DONE", "NO_SHOW"}
    for t in tickets:
        assert t.window.service_point_id == t.queue.service_point_id
        assert t.issued_at <= t.called_at <= t.finished_at
        assert t.day == timezone.localdate(t.issued_at)
        assert t.number == f"{t.queue.letter}{t.seq:03d}"
        if t.case_id:
            case = by_id[t.case_id]
            assert case.channel == "WINDOW" and case.window_id == t.window_id
            assert t.called_at < case.submitted_at < t.finished_at
    passed = set(PreReview.objects.filter(passed=True).values_list("pk", flat=True))
    assert passed == {t.pre_review_id for t in tickets if t.pre_review_id}

    from onewindow.stats import rollups
    from onewindow.stats.dashboard import CASES, ROLLUPS, assemble, figures
    from onewindow.stats.filters import Filters, default_period

    rollups.rebuild()
    start, end = default_period(timezone.localdate(now))
    dept = Counter(c.lead_department_id for c in cases).most_common(1)[0][0]
    hall = Counter(c.service_point_id for c in cases if c.service_point_id).most_common(1)[0][0]
    for f in (
        Filters(start=start, end=end),
        Filters(start=start - timedelta(days=366), end=end, department_id=dept),
        Filters(start=start, end=end, service_point_id=hall, channel="WINDOW"),
    ):
        assert figures(assemble(f, now, source=ROLLUPS)) == figures(
            assemble(f, now, source=CASES)
        ), f
