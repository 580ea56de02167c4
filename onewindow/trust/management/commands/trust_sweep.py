from django.core.management.base import BaseCommand

from onewindow.trust.services import sweep


class Command(BaseCommand):
    help = (
        "运行告知承诺的定时工作：到期提醒、逾期责令整改、整改不力认定失信并撤销许可。可重复运行。"
    )

    def handle(self, *args, **options):
        result = sweep()
        self.stdout.write(
            f"提醒 {result['reminded']} 条，责令整改 {result['rectifying']} 件，认定失信 {result['breached']} 件"
        )
