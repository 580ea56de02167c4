"""`manage.py stats_rollup`: rebuild the statistics rollups, roll the hall's finished days,
or check that the rollups give the same numbers as counting the cases themselves."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from onewindow.stats import dashboard, filters, hallroll, rollups


class Command(BaseCommand):
    help = "统计汇总：--rebuild 从办件、评价和大厅数据重建；--check 与直接按办件统计的结果核对。"

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="重建全部汇总")
        parser.add_argument("--check", action="store_true", help="核对默认统计期的全部数字")

    def handle(self, *args, rebuild: bool, check: bool, verbosity: int = 1, **options):
        if rebuild:
            started = time.perf_counter()
            written = rollups.rebuild()
            if verbosity:
                rows = "，".join(f"{name} {n} 行" for name, n in written.items())
                took = time.perf_counter() - started
                self.stdout.write(f"统计汇总已重建：{rows}（{took:.1f} 秒）")
        elif not check:
            days = hallroll.roll()
            if verbosity:
                self.stdout.write(f"大厅汇总已滚动 {days} 天，至 {hallroll.through()}")
        if check:
            self._check()

    def _check(self):
        f = filters.parse({})
        now = timezone.now()
        a = dashboard.figures(dashboard.assemble(f, now, dashboard.ROLLUPS))
        b = dashboard.figures(dashboard.assemble(f, now, dashboard.CASES))
        wrong = [part for part in a if a[part] != b[part]]
        if wrong:
            raise CommandError(f"汇总与办件统计不一致：{', '.join(wrong)}；请运行 --rebuild")
        self.stdout.write(f"汇总与办件统计一致（{f.start} 至 {f.end}）")
