"""`manage.py demo`: everything `make demo` shows — the demo district (catalog, places,
logins), a year of cases, and the hall (queues, appointment slots, this morning's tickets).
Lives in an app late in the chain so that it may load them all."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "载入全部演示数据：演示区县（事项目录、服务场所、演示账号）、一年的办件和大厅排队数据。可重复运行。"

    def add_arguments(self, parser):
        parser.add_argument("--logins", action="store_true", help="只打印演示账号和密码")
        parser.add_argument("--no-history", action="store_true", help="不载入历史办件")

    def handle(self, *args, logins: bool, no_history: bool, verbosity: int = 1, **options):
        if logins:
            call_command("demo_district", logins=True, stdout=self.stdout)
            return
        call_command("demo_district", verbosity=verbosity, stdout=self.stdout)
        call_command("demo_cases", no_history=no_history, verbosity=verbosity, stdout=self.stdout)
        call_command("demo_hall", verbosity=verbosity, stdout=self.stdout)
