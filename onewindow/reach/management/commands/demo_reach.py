"""`manage.py demo_reach`: runners, agency requests in every state, outlets' entrusted
matters, 跨镇通办 matters and a partner platform in the demo district. Run after
demo_district (`manage.py demo` runs all steps); running it again creates nothing twice."""

import time

from django.core.management.base import BaseCommand, CommandError

from onewindow.catalog.models import Region

from ...demo import load_demo_reach


class Command(BaseCommand):
    help = "载入帮代办、代办网点和跨域通办的演示数据。可重复运行。"

    def handle(self, *args, verbosity: int = 1, **options):
        if not Region.objects.filter(code="500199101000").exists():
            raise CommandError("请先运行 manage.py demo_district（演示区县）")
        started = time.monotonic()
        made = load_demo_reach()
        if verbosity:
            self.stdout.write(self.style.SUCCESS(
                f"帮代办演示数据载入完成：帮代办员 {made['runners']} 名，网点委托事项 {made['entrusted']} 项，"
                f"帮代办请求 {made['requests']} 件（{time.monotonic() - started:.1f} 秒）。"
            ))  # fmt: skip
