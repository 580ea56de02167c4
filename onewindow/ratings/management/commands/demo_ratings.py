"""`manage.py demo_ratings`: a year of 好差评 over the demo history's delivered cases, bad
ones with rectifications in every state, rating devices at the main hall's windows, and the
section-review campaigns. Run after demo_cases; running it again changes nothing."""

import time

from django.core.management.base import BaseCommand

from onewindow.ratings.demo import load_campaigns, load_ratings


class Command(BaseCommand):
    help = "载入演示好差评数据：历史办件的评价、差评整改和申诉、窗口评价器、最难办事科室群众评。可重复运行。"

    def handle(self, *args, verbosity: int = 1, **options):
        started = time.monotonic()
        made = load_ratings()
        say = self.stdout.write if verbosity else (lambda _line: None)
        if made is None:
            say("演示评价已存在，跳过。")
        else:
            say(
                f"评价 {made['ratings']} 条（差评 {made['bad']} 条，整改 {made['rectifications']} 件，"
                f"申诉 {made['appeals']} 件），新增评价器 {made['devices']} 台"
            )
        campaigns = load_campaigns()
        if campaigns is None:
            say("演示科室评议已存在或缺少科室，跳过。")
        else:
            say("科室评议：" + "，".join(f"{k} {v}" for k, v in campaigns.items()))
        say(f"用时 {time.monotonic() - started:.1f} 秒")
