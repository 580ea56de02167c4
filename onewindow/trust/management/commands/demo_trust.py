from django.core.management.base import BaseCommand

from onewindow.trust.demo import load_demo_trust


class Command(BaseCommand):
    help = "载入告知承诺演示数据：公共场所卫生许可、施工许可的承诺规则，各状态的告知承诺（含一条失信记录和一条已修复记录）。可重复运行。"

    def handle(self, *args, verbosity: int = 1, **options):
        load_demo_trust(stdout=self.stdout if verbosity else None)
