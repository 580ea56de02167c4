"""`manage.py demo_cases`: a year of case history plus cases of every state for the demo
logins. Run after `manage.py demo_district` (`manage.py demo` runs both); running it
again creates nothing twice."""

import time

from django.core.management.base import BaseCommand

from onewindow.cases.demo import load_demo_cases, load_history


class Command(BaseCommand):
    help = "载入演示办件：近一年的历史办件，以及演示账号名下各种状态的办件。可重复运行。"

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=20000, help="历史办件数量（默认 20000）")
        parser.add_argument("--seed", type=int, default=2026, help="随机种子，相同种子生成相同数据")
        parser.add_argument("--no-history", action="store_true", help="不载入历史办件")

    def handle(self, *args, count: int, seed: int, no_history: bool, verbosity: int = 1, **options):
        out = self.stdout if verbosity else None
        started = time.monotonic()
        made = 0 if no_history else load_history(stdout=out, count=count, seed=seed)
        made += load_demo_cases(stdout=out)
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    f"演示办件载入完成：新建 {made} 件（{time.monotonic() - started:.1f} 秒）。"
                )
            )
