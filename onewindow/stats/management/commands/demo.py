"""`manage.py demo`: everything `make demo` shows — the demo district (catalog, places,
logins), a year of cases, the hall, and the data of every later app. Lives in the last app of
the chain so that it may load them all; each app adds its own `demo_<app>` step below."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

# In chain order: each step may rely on the ones before it. The cases step takes --no-history.
DEMO_STEPS = [
    "demo_district",
    "demo_cases",
    "demo_licenses",
    "demo_trust",
    "demo_hall",
    "demo_ratings",
    "demo_supervision",
    "demo_reach",
    "demo_enterprise",
    "stats_rollup",  # the demo writes many rows in bulk, past the rollups' receivers
]


class Command(BaseCommand):
    help = "载入全部演示数据：演示区县（事项目录、服务场所、演示账号）、一年的办件、大厅排队及各业务模块的数据。可重复运行。"

    def add_arguments(self, parser):
        parser.add_argument("--logins", action="store_true", help="只打印演示账号和密码")
        parser.add_argument("--no-history", action="store_true", help="不载入历史办件")

    def handle(self, *args, logins: bool, no_history: bool, verbosity: int = 1, **options):
        if logins:
            call_command("demo_district", logins=True, stdout=self.stdout)
            return
        for step in DEMO_STEPS:
            extra = {"no_history": no_history} if step == "demo_cases" else {}
            if step == "stats_rollup":
                extra = {"rebuild": True}
            call_command(step, verbosity=verbosity, stdout=self.stdout, **extra)
