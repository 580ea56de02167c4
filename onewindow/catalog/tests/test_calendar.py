"""The holiday calendar in the database: seeded, imported, edited, and flagged when missing."""

from datetime import date

import pytest
import time_machine
from django.core.management import CommandError, call_command

from onewindow.audit.models import AuditEvent
from onewindow.catalog.calendar import (
    CalendarImportError,
    calendar_import_year,
    missing_years,
)
from onewindow.catalog.models import CalendarYear, HolidayDay
from onewindow.lib import workdays

pytestmark = pytest.mark.django_db

SCHEDULE_2027 = """日期,类型,名称
2027-01-01,放假,元旦
2027-02-05,放假,春节
2027-02-08,放假,春节
2027-02-20,上班,春节调休
"""


def test_the_package_years_are_seeded_by_migration():
    years = set(CalendarYear.objects.values_list("year", flat=True))
    assert set(range(2004, 2027)) <= years
    assert HolidayDay.objects.get(date=date(2026, 10, 1)).name == "国庆节"
    assert HolidayDay.objects.get(date=date(2026, 9, 20)).is_workday


def test_the_seeded_calendar_drives_workdays():
    assert not workdays.is_workday(date(2026, 10, 1))
    assert workdays.is_workday(date(2026, 2, 28))  # Saturday worked for the Spring Festival
    assert workdays.add_workdays(date(2026, 9, 30), 1) == date(2026, 10, 8)


def test_a_date_in_2027_falls_back_to_weekends_and_never_crashes():
    assert workdays.is_workday(date(2027, 1, 1))
    assert workdays.add_workdays(date(2027, 3, 5), 20) == date(2027, 4, 2)
    assert missing_years(date(2026, 11, 21)) == [2027]


def test_an_edit_in_the_admin_table_is_seen_at_once(django_capture_on_commit_callbacks):
    assert workdays.is_workday(date(2026, 11, 23))
    with django_capture_on_commit_callbacks(execute=True):
        HolidayDay.objects.create(date=date(2026, 11, 23), is_workday=False, name="台风停工")
    assert not workdays.is_workday(date(2026, 11, 23))


def test_importing_a_year_replaces_the_fallback(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = calendar_import_year(year=2027, text=SCHEDULE_2027, actor=None, note="国办发明电")
    assert (result.holidays, result.workdays) == (3, 1)
    assert not workdays.is_workday(date(2027, 1, 1))
    assert workdays.is_workday(date(2027, 2, 20))  # a make-up Saturday
    assert missing_years(date(2026, 11, 21)) == []
    assert AuditEvent.objects.filter(action="calendar.import").count() == 1


def test_a_bad_schedule_is_rejected_whole_with_every_problem_named():
    bad = "2027-01-01,放假,元旦\n2027-13-01,放假,x\n2026-12-31,放假,x\n2027-02-01,调班,x\n"
    with pytest.raises(CalendarImportError) as caught:
        calendar_import_year(year=2027, text=bad, actor=None)
    assert len(caught.value.errors) == 3
    assert "第2行" in caught.value.errors[0]
    assert "不属于 2027 年" in caught.value.errors[1]
    assert "应为「放假」或「上班」" in caught.value.errors[2]
    assert not HolidayDay.objects.filter(date__year=2027).exists()
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_the_import_command_reports_and_fails_on_errors(tmp_path):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(SCHEDULE_2027, encoding="utf-8")
    bad.write_text("2027-01-01,节日\n", encoding="utf-8")
    with pytest.raises(CommandError, match="1 处错误"):
        call_command("import_holidays", 2027, str(bad))
    call_command("import_holidays", 2027, str(good))
    assert CalendarYear.objects.get(year=2027).source == "IMPORT"


@time_machine.travel("2026-11-21 10:00 +0800", tick=False)
def test_the_admin_home_page_flags_a_missing_year(admin_client, django_capture_on_commit_callbacks):
    response = admin_client.get("/admin/")
    assert "2027 年的法定节假日安排尚未载入" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        CalendarYear.objects.create(year=2027, source="MANUAL")
    response = admin_client.get("/admin/")
    assert "尚未载入" not in response.content.decode()


def test_a_change_made_by_another_process_is_seen_within_the_recheck_period(monkeypatch):
    from django.core.cache import cache

    from onewindow.catalog.calendar import CACHE_KEY

    clock = [1000.0]
    monkeypatch.setattr(workdays, "monotonic", lambda: clock[0])
    assert workdays.is_workday(date(2026, 11, 24))
    # Another process writes a row (no signal here) and publishes a new version.
    HolidayDay.objects.bulk_create([HolidayDay(date=date(2026, 11, 24), is_workday=False)])
    cache.set(CACHE_KEY, "changed-elsewhere")
    assert workdays.is_workday(date(2026, 11, 24))  # not yet: the copy is fresh
    clock[0] += workdays.RECHECK_SECONDS + 1
    assert not workdays.is_workday(date(2026, 11, 24))
