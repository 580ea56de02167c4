"""The holiday calendar: where onewindow.lib.workdays gets its data, and how it is loaded.

The calendar is kept in memory by every process. A change made here invalidates
this process's copy at once and publishes a new version in the shared cache for
the others, which look at it at most every workdays.RECHECK_SECONDS.
"""

import csv
import io
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.cache import cache
from django.db import transaction

from onewindow.audit.services import audit_record
from onewindow.lib import workdays

from .choices import CalendarSource

CACHE_KEY = "onewindow:calendar:version"

# chinese_calendar names holidays in English; the hall speaks Chinese.
HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def _version_probe() -> object:
    """The calendar version other processes published; asked at most every RECHECK_SECONDS."""
    return cache.get(CACHE_KEY)


def bump_version() -> None:
    """Called after any change to the holiday tables (see apps.CatalogConfig.ready)."""
    cache.set(CACHE_KEY, uuid.uuid4().hex, timeout=None)
    workdays.invalidate()


def _load() -> workdays.CalendarData:
    from .models import CalendarYear, HolidayDay

    overrides = dict(HolidayDay.objects.values_list("date", "is_workday"))
    years = frozenset(CalendarYear.objects.values_list("year", flat=True))
    return workdays.CalendarData(overrides=overrides, covered_years=years)


def install() -> None:
    workdays.set_loader(_load, _version_probe)


# --- seeding from the chinese-calendar package --------------------------------------


def package_days() -> tuple[list[tuple[date, bool, str]], set[int]]:
    """Every holiday and make-up working day the chinese-calendar package knows, and its years."""
    import chinese_calendar

    days: list[tuple[date, bool, str]] = []
    for day, name in chinese_calendar.holidays.items():
        if name:  # ordinary weekends are listed with no name: the weekend rule covers them
            days.append((day, False, HOLIDAY_NAMES_ZH.get(name, name)))
    for day, name in chinese_calendar.workdays.items():
        if name and day.weekday() >= 5:  # a weekend day announced as 上班 (调休)
            days.append((day, True, f"{HOLIDAY_NAMES_ZH.get(name, name)}调休"))
    years = {d.year for d, _, _ in days}
    return days, years


def seed_from_package(holiday_model, year_model) -> int:
    """Loads the package's years, leaving any year already loaded (imported or edited) alone.
    Takes the model classes so that a data migration can call it too."""
    days, years = package_days()
    loaded = set(year_model.objects.values_list("year", flat=True))
    new_years = years - loaded
    rows = [
        holiday_model(date=d, is_workday=w, name=n, source=CalendarSource.PACKAGE)
        for d, w, n in days
        if d.year in new_years
    ]
    holiday_model.objects.bulk_create(rows, ignore_conflicts=True)
    year_model.objects.bulk_create(
        [year_model(year=y, source=CalendarSource.PACKAGE) for y in sorted(new_years)],
        ignore_conflicts=True,
    )
    return len(rows)


# --- importing a year's official schedule from CSV ------------------------------------

WORK_WORDS = {"上班", "调休上班", "工作日", "workday", "work", "1", "true"}
OFF_WORDS = {"放假", "休息", "节假日", "holiday", "off", "0", "false"}


@dataclass
class CalendarImportResult:
    year: int
    holidays: int
    workdays: int


class CalendarImportError(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("；".join(errors))
        self.errors = errors


def parse_schedule_csv(text: str, year: int) -> list[tuple[date, bool, str]]:
    """Rows of `日期,类型,名称` (date, 放假/上班, name); a header row is optional.

    Every row is checked before anything is written; all problems are reported together.
    """
    rows, errors = [], []
    for lineno, row in enumerate(csv.reader(io.StringIO(text.lstrip("\ufeff"))), start=1):
        if not row or not any(cell.strip() for cell in row):
            continue
        if lineno == 1 and not row[0].strip()[:1].isdigit():
            continue  # header
        if len(row) < 2:
            errors.append(f"第{lineno}行：至少需要日期和类型两列")
            continue
        raw_date, raw_kind = row[0].strip(), row[1].strip().lower()
        name = row[2].strip() if len(row) > 2 else ""
        try:
            day = date.fromisoformat(raw_date.replace("/", "-"))
        except ValueError:
            errors.append(f"第{lineno}行：日期「{raw_date}」格式应为 YYYY-MM-DD")
            continue
        if day.year != year:
            errors.append(f"第{lineno}行：日期 {day} 不属于 {year} 年")
            continue
        if raw_kind in WORK_WORDS:
            rows.append((day, True, name))
        elif raw_kind in OFF_WORDS:
            rows.append((day, False, name))
        else:
            errors.append(f"第{lineno}行：类型「{row[1].strip()}」应为「放假」或「上班」")
    seen = set()
    for day, _, _ in rows:
        if day in seen:
            errors.append(f"日期 {day} 出现了不止一次")
        seen.add(day)
    if not rows and not errors:
        errors.append("文件中没有任何日期")
    if errors:
        raise CalendarImportError(errors)
    return rows


def calendar_import_year(*, year: int, text: str, actor, note: str = "") -> CalendarImportResult:
    """Replaces one year's schedule with the official one in `text`, all or nothing."""
    from .models import CalendarYear, HolidayDay

    rows = parse_schedule_csv(text, year)
    start, end = date(year, 1, 1), date(year, 12, 31)
    with transaction.atomic():
        HolidayDay.objects.filter(date__range=(start, end)).delete()
        HolidayDay.objects.bulk_create(
            [
                HolidayDay(date=d, is_workday=w, name=n, source=CalendarSource.IMPORT)
                for d, w, n in rows
            ]
        )
        cal_year, _ = CalendarYear.objects.update_or_create(
            year=year, defaults={"source": CalendarSource.IMPORT, "note": note}
        )
        result = CalendarImportResult(
            year=year,
            holidays=sum(1 for _, w, _ in rows if not w),
            workdays=sum(1 for _, w, _ in rows if w),
        )
        audit_record(
            actor=actor,
            action="calendar.import",
            obj=cal_year,
            summary=f"导入{year}年节假日安排：放假{result.holidays}天，调休上班{result.workdays}天",
        )
        transaction.on_commit(bump_version)
    return result


def missing_years(today: date | None = None) -> list[int]:
    """This year and next year, when their official schedule is not loaded yet."""
    today = today or date.today()
    return workdays.calendar().uncovered_years([today.year, (today + timedelta(days=365)).year])
