"""The working-day clock of a case and its signals (行政许可法 Arts. 42–45)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from onewindow.cases import clock, selectors, services
from onewindow.cases.choices import Signal
from onewindow.cases.models import Case

TZ = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def at(*args) -> datetime:
    return datetime(*args, tzinfo=TZ)


def test_the_limit_counts_from_the_day_after_acceptance():
    # Accepted Monday 23 Nov 2026, 10 working days: due at the end of Monday 7 Dec.
    c = clock.compute(at(2026, 11, 23, 10), 10)
    assert c.due_at == at(2026, 12, 8, 0, 0)
    # 20% of 10 = 2 working days remain from the end of Thursday 3 Dec.
    assert c.warn_at == at(2026, 12, 4, 0, 0)


def test_holidays_are_skipped_and_make_up_days_counted():
    # Accepted 30 Sep 2026, 3 working days: 8 Oct, 9 Oct, Saturday 10 Oct (调休).
    assert clock.compute(at(2026, 9, 30, 15), 3).due_at == at(2026, 10, 11, 0, 0)


@pytest.mark.parametrize(
    ("limit", "remaining"), [(1, 1), (3, 1), (5, 1), (6, 2), (10, 2), (20, 4), (45, 9)]
)
def test_the_warning_comes_at_20_percent_or_one_day_whichever_first(limit, remaining):
    assert clock.warn_threshold(limit) == remaining


@override_settings(CASE_WARN_FRACTION=0.5, CASE_WARN_MIN_WORKDAYS=2)
def test_the_warning_threshold_is_configurable():
    assert clock.warn_threshold(10) == 5
    assert clock.warn_threshold(2) == 2


def test_an_immediate_matter_is_due_at_once():
    c = clock.compute(at(2026, 11, 23, 10), 0)
    assert c.due_at == c.warn_at == at(2026, 11, 23, 10)


def test_a_suspension_extends_the_due_date_by_its_working_days(accepted, people):
    with time_machine.travel(at(2026, 11, 23, 10), tick=False):
        case = accepted()
    assert case.due_at == at(2026, 12, 8)
    with time_machine.travel(at(2026, 11, 24, 9), tick=False):
        services.case_suspend(
            case_id=case.pk, actor=people["food_reviewer"], reason="专家评审", expected_workdays=3
        )
    with time_machine.travel(at(2026, 11, 27, 16), tick=False):  # Tue -> Fri: 3 working days
        services.case_resume(case_id=case.pk, actor=people["food_reviewer"])
    case.refresh_from_db()
    assert case.suspended_workdays == 3
    assert case.due_at == at(2026, 12, 11)  # Mon 7 Dec + 3 working days = Thu 10 Dec, end of day
    assert case.suspensions.get().workdays == 3


def test_signals_turn_yellow_then_red(accepted):
    with time_machine.travel(at(2026, 11, 23, 10), tick=False):
        case = accepted()

    def signal(now):
        return selectors.with_signal(Case.objects.filter(pk=case.pk), now).get().signal

    assert signal(at(2026, 12, 3, 23, 59)) == Signal.GREEN
    assert signal(at(2026, 12, 4, 0, 0)) == Signal.YELLOW
    assert signal(at(2026, 12, 7, 23, 59)) == Signal.YELLOW
    assert signal(at(2026, 12, 8, 0, 0)) == Signal.RED


def test_a_suspended_case_shows_no_signal(accepted, people):
    case = accepted()
    services.case_suspend(case_id=case.pk, actor=people["food_reviewer"], reason="听证")
    assert selectors.with_signal(Case.objects.filter(pk=case.pk)).get().signal is None


def test_the_overdue_list_shows_working_days_overdue(accepted):
    with time_machine.travel(at(2026, 11, 23, 10), tick=False):
        late = accepted()
    with time_machine.travel(at(2026, 12, 1, 10), tick=False):
        accepted()  # due 15 Dec: not overdue on 10 Dec
    overdue = selectors.overdue_cases(at(2026, 12, 10, 9))
    assert [c.pk for c in overdue] == [late.pk]
    assert overdue[0].days_overdue == 3  # due end of 7 Dec; 8, 9, 10 Dec


def test_signal_counts_are_range_queries_not_sweeps(accepted):
    for _ in range(3):
        accepted()
    with CaptureQueriesContext(connection) as ctx:
        counts = selectors.signal_counts(now=at(2030, 1, 1))
    assert counts == {"GREEN": 0, "YELLOW": 0, "RED": 3}
    assert len(ctx.captured_queries) == 3
    # Each count is one bounded condition on an indexed column, never a row-by-row sweep.
    sqls = " ".join(q["sql"] for q in ctx.captured_queries)
    assert '"due_at" <=' in sqls and '"warn_at" >' in sqls
    assert all("COUNT" in q["sql"].upper() for q in ctx.captured_queries)
