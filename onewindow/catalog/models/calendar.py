"""The holiday calendar behind onewindow.lib.workdays."""

from django.db import models

from ..choices import CalendarSource


class HolidayDay(models.Model):
    """A day that breaks the weekend rule: a weekday holiday, or a weekend make-up working day.

    Weekend days inside a holiday period are stored too (is_workday False) so the
    calendar page can name them.
    """

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("上班", help_text="勾选表示调休上班日；不勾选表示放假")
    name = models.CharField("节日", max_length=30, blank=True)
    source = models.CharField(
        "来源", max_length=8, choices=CalendarSource.choices, default=CalendarSource.MANUAL
    )

    class Meta:
        verbose_name = "节假日与调休"
        verbose_name_plural = "节假日与调休"
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.name} {'上班' if self.is_workday else '放假'}"


class CalendarYear(models.Model):
    """A year whose official holiday schedule is loaded. Years without a row count
    weekends only, and the admin home page says so."""

    year = models.PositiveSmallIntegerField("年份", unique=True)
    source = models.CharField("来源", max_length=8, choices=CalendarSource.choices)
    note = models.CharField("说明", max_length=200, blank=True)
    loaded_at = models.DateTimeField("载入时间", auto_now=True)

    class Meta:
        verbose_name = "已载入节假日安排的年份"
        verbose_name_plural = "已载入节假日安排的年份"
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)
