from django.core.management.base import BaseCommand

from onewindow.catalog.calendar import bump_version, seed_from_package
from onewindow.catalog.models import CalendarYear, HolidayDay


class Command(BaseCommand):
    help = "从 chinese-calendar 软件包载入其覆盖的各年节假日（已载入或已导入的年份保持不变）。"

    def handle(self, *args, **options):
        added = seed_from_package(HolidayDay, CalendarYear)
        bump_version()
        years = CalendarYear.objects.order_by("year").values_list("year", flat=True)
        self.stdout.write(f"新增 {added} 天；已载入年份：{years.first()}–{years.last()}")
