"""The working-day rules of RULES.md, on a small in-memory calendar (no database)."""

from datetime import date

import pytest

from onewindow.lib.workdays import CalendarData, WorkCalendar

# National Day 2026: 1-7 October off; Sunday 20 September and Saturday 10 October worked (调休).
NATIONAL_DAY_2026 = {date(2026, 10, d): False for d in range(1, 8)}
MAKEUP_2026 = {date(2026, 9, 20): True, date(2026, 10, 10): True}


@pytest.fixture
def cal():
    return WorkCalendar(
        CalendarData(
            overrides={**NATIONAL_DAY_2026, **MAKEUP_2026}, covered_years=frozenset({2026})
        )
    )


def test_statutory_holidays_are_not_working_days(cal):
    # 行政许可法 Art. 82
    assert not cal.is_workday(date(2026, 10, 1))  # a Thursday, but National Day
    assert not cal.is_workday(date(2026, 10, 7))


def test_make_up_days_are_working_days(cal):
    assert cal.is_workday(date(2026, 9, 20))  # Sunday announced as 上班
    assert cal.is_workday(date(2026, 10, 10))  # Saturday announced as 上班


def test_ordinary_weekends_are_not_working_days(cal):
    assert not cal.is_workday(date(2026, 11, 21))  # Saturday
    assert cal.is_workday(date(2026, 11, 23))  # Monday


def test_the_start_day_is_not_counted(cal):
    # 民法典 Art. 201: counting begins the next day.
    monday = date(2026, 11, 23)
    assert cal.add_workdays(monday, 1) == date(2026, 11, 24)
    assert cal.add_workdays(monday, 5) == date(2026, 11, 30)


def test_a_period_ending_in_a_holiday_ends_on_the_next_working_day(cal):
    # 民法典 Art. 203: a last day that is a holiday moves to the first working day after it.
    assert cal.add_workdays(date(2026, 9, 30), 1) == date(2026, 10, 8)


def test_a_make_up_saturday_counts_inside_a_period(cal):
    # 8 Oct (Thu), 9 Oct (Fri), 10 Oct (make-up Saturday), 12 Oct (Mon)
    assert cal.add_workdays(date(2026, 10, 7), 3) == date(2026, 10, 10)
    assert cal.add_workdays(date(2026, 10, 7), 4) == date(2026, 10, 12)


def test_add_workdays_of_zero_is_the_day_itself(cal):
    assert cal.add_workdays(date(2026, 10, 3), 0) == date(2026, 10, 3)


def test_counting_backwards_skips_holidays(cal):
    # A schedule computed backward from a target date (project milestones).
    assert cal.add_workdays(date(2026, 10, 8), -1) == date(2026, 9, 30)
    assert cal.add_workdays(date(2026, 10, 4), -1) == date(2026, 9, 30)
    assert cal.add_workdays(date(2026, 9, 21), -1) == date(2026, 9, 20)


@pytest.mark.parametrize("start", [date(2026, 9, 18), date(2026, 10, 3), date(2026, 12, 30)])
@pytest.mark.parametrize("n", [1, 2, 7, 20, 45])
def test_add_and_between_agree(cal, start, n):
    end = cal.add_workdays(start, n)
    assert cal.is_workday(end)
    assert cal.workdays_between(start, end) == n
    # Back from the end by n lands on the start, or the last working day before it.
    expected = start if cal.is_workday(start) else cal.add_workdays(start, -1)
    assert cal.add_workdays(end, -n) == expected


def test_workdays_between_counts_after_start_through_end(cal):
    assert cal.workdays_between(date(2026, 9, 30), date(2026, 10, 8)) == 1
    assert cal.workdays_between(date(2026, 10, 8), date(2026, 9, 30)) == -1
    assert cal.workdays_between(date(2026, 11, 23), date(2026, 11, 23)) == 0


def test_a_year_without_a_schedule_falls_back_to_weekends(cal):
    # 2027 has no official schedule here: New Year's Day (a Friday) counts as a working day.
    assert not cal.is_year_covered(2027)
    assert cal.uncovered_years([2026, 2027]) == [2027]
    assert cal.is_workday(date(2027, 1, 1))
    assert not cal.is_workday(date(2027, 1, 2))
    assert cal.add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 1)


def test_dates_outside_the_fast_tables_take_the_slow_path(cal):
    assert cal.add_workdays(date(1999, 12, 30), 1) == date(1999, 12, 31)
    assert cal.add_workdays(date(2061, 1, 7), 1) == date(2061, 1, 10)
    assert cal.workdays_between(date(1999, 12, 31), date(2000, 1, 3)) == 1
    assert not cal.is_workday(date(2070, 1, 4))  # a Saturday


def test_workdays_in_range_lists_each_working_day(cal):
    days = cal.workdays_in_range(date(2026, 9, 30), date(2026, 10, 10))
    assert days == [date(2026, 9, 30), date(2026, 10, 8), date(2026, 10, 9), date(2026, 10, 10)]
