from django.core.management.base import BaseCommand, CommandError

from onewindow.catalog.excel import write_catalog
from onewindow.catalog.models import Bundle, Matter


class Command(BaseCommand):
    help = "导出实施清单（当前版本的全部事项、申请材料、办理环节、一件事、一业一证）到 Excel 工作簿"

    def add_arguments(self, parser):
        parser.add_argument("path", help="输出文件，如 catalog.xlsx")

    def handle(self, *args, path, **options):
        try:
            write_catalog(path)
        except OSError as exc:
            raise CommandError(f"无法写入 {path}：{exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"已导出 {Matter.objects.current().count()} 个事项、"
                f"{Bundle.objects.count()} 个一件事到 {path}"
            )
        )
