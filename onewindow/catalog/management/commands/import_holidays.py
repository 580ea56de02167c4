from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from onewindow.catalog.calendar import CalendarImportError, calendar_import_year


class Command(BaseCommand):
    help = (
        "导入某一年的官方节假日安排（CSV：日期,类型,名称；类型为「放假」或「上班」）。"
        "该年原有数据被整体替换；文件有任何错误则不做任何修改。"
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("csv_file", type=Path)
        parser.add_argument("--note", default="", help="说明，如通知文号")

    def handle(self, *args, year, csv_file, note, **options):
        try:
            text = csv_file.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise CommandError(f"无法读取 {csv_file}：{exc}") from exc
        try:
            result = calendar_import_year(year=year, text=text, actor=None, note=note)
        except CalendarImportError as exc:
            for error in exc.errors:
                self.stderr.write(error)
            raise CommandError(f"{year} 年节假日安排未导入：共 {len(exc.errors)} 处错误") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"已导入 {result.year} 年节假日安排：放假 {result.holidays} 天，调休上班 {result.workdays} 天"
            )
        )
