"""`manage.py demo_enterprise`: project cards with milestones in several states and
enterprise demands of every state. Run after demo_district and demo_cases; running it
again changes nothing."""

from django.core.management.base import BaseCommand, CommandError

from onewindow.enterprise.demo import load_enterprise_demo


class Command(BaseCommand):
    help = "载入企业服务演示数据：项目节点模板、诉求类别、重大项目一卡通和各状态的企业诉求。可重复运行。"

    def handle(self, *args, verbosity: int = 1, **options):
        made = load_enterprise_demo()
        if made is None:
            raise CommandError(
                "未找到演示部门或演示账号（steward、company）：请先运行 manage.py demo_district"
            )
        if verbosity:
            self.stdout.write(
                f"企业服务：新增节点模板 {made['templates']} 个、诉求类别 {made['services']} 个、"
                f"项目卡 {made['cards']} 张、企业诉求 {made['demands']} 件"
            )
