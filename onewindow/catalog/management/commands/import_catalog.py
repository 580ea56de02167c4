from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from onewindow.catalog.excel import CatalogImportError, import_catalog


class Command(BaseCommand):
    help = (
        "从 Excel 工作簿导入实施清单。先校验全部内容，有任何错误则逐行列出并以非零状态退出，"
        "不写入任何数据；--dry-run 只校验。"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="由 export_catalog 导出并修改后的 .xlsx 文件")
        parser.add_argument("--dry-run", action="store_true", help="只校验，不写入")
        parser.add_argument("--user", help="记入审计日志的操作人用户名（默认为系统）")

    def handle(self, *args, path, dry_run, user, **options):
        if not Path(path).is_file():
            raise CommandError(f"找不到文件：{path}")
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"找不到用户：{user}")
        try:
            summary = import_catalog(path, actor=actor, dry_run=dry_run)
        except CatalogImportError as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(exc.message) from exc
        self.stdout.write(self.style.SUCCESS(str(summary)))
