"""Reading cells into values, with every problem recorded against its sheet, row and column."""

import json
from dataclasses import asdict, dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache

from django.core.exceptions import ValidationError

from onewindow.lib.errors import InvalidInput

from ..models import Department, Theme
from .columns import (
    SHEETS,
    cell_text,
    choice_lookup,
    parse_yes_no,
    short_label,
    split_list,
)


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int | None  # the spreadsheet's own row number; None for the sheet as a whole
    column: str
    message: str

    def __str__(self) -> str:
        where = f"「{self.sheet}」" if self.sheet else "文件"
        if self.row:
            where += f"第{self.row}行"
        if self.column:
            where += f"「{self.column}」"
        return f"{where}：{self.message}"

    def as_dict(self) -> dict:
        return asdict(self)


class CatalogImportError(InvalidInput):
    """The workbook was rejected; `errors` says where and why. Nothing was written."""

    code = "catalog_import_invalid"

    def __init__(self, errors: list[RowError]):
        order = {title: i for i, title in enumerate(SHEETS)}
        self.errors = sorted(
            errors, key=lambda e: (order.get(e.sheet, len(order)), e.row or 0, e.column)
        )
        super().__init__(
            f"导入被拒绝：共{len(self.errors)}处错误，未写入任何数据",
            details=[e.as_dict() for e in self.errors],
        )


@cache
def _lookup(choices):
    return choice_lookup(choices)


def _options(choices) -> str:
    return "、".join(short_label(label) for value, label in choices.choices if value != "")


class Row:
    """One spreadsheet row. Each reader returns a value or the default and records
    what was wrong, so that a single pass reports every bad cell of the workbook."""

    def __init__(self, sheet: str, number: int, cells: dict, errors: list[RowError]):
        self.sheet, self.number, self.cells = sheet, number, cells
        self._errors = errors
        self.failed: set[str] = set()

    def error(self, column: str, message: str) -> None:
        self.failed.add(column)
        self._errors.append(RowError(self.sheet, self.number, column, message))

    def text(self, column: str, *, required: bool = False) -> str:
        value = cell_text(self.cells.get(column))
        if required and not value:
            self.error(column, "必填项不能为空")
        return value

    def integer(self, column: str, *, required=False, default=None, minimum=0):
        text = self.text(column, required=required)
        if not text:
            return default
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or number != number.to_integral_value():
            self.error(column, f"应填整数，而不是「{text}」")
            return default
        if number < minimum:
            self.error(column, f"不得小于{minimum}")
            return default
        return int(number)

    def decimal(self, column: str) -> Decimal | None:
        text = self.text(column)
        if not text:
            return None
        try:
            value = Decimal(text.replace(",", "").removesuffix("元"))
        except InvalidOperation:
            self.error(column, f"应填金额数字，而不是「{text}」")
            return None
        if value < 0:
            self.error(column, "不得为负数")
            return None
        return value

    def choice(self, column: str, choices, *, default=None, required=False):
        text = self.text(column, required=required)
        if not text:
            return default
        value = _lookup(choices).get(text.upper())
        if value is None:
            self.error(column, f"无法识别「{text}」，可选：{_options(choices)}")
            return default
        return value

    def multi(self, column: str, choices, *, required=False) -> list:
        values = []
        for part in split_list(self.text(column, required=required)):
            value = _lookup(choices).get(part.upper())
            if value is None:
                self.error(column, f"无法识别「{part}」，可选：{_options(choices)}")
            elif value not in values:
                values.append(value)
        # Stored in the order of the choices, so that reordering labels is not a change.
        rank = {v: i for i, (v, _) in enumerate(choices.choices)}
        return sorted(values, key=rank.__getitem__)

    def yes_no(self, column: str, *, default: bool) -> bool:
        text = self.text(column)
        if not text:
            return default
        value = parse_yes_no(text)
        if value is None:
            self.error(column, f"应填「是」或「否」，而不是「{text}」")
            return default
        return value

    def date(self, column: str) -> date | None:
        raw = self.cells.get(column)
        if isinstance(raw, datetime):
            return raw.date()
        if isinstance(raw, date):
            return raw
        text = self.text(column)
        if not text:
            return None
        try:
            return date.fromisoformat(text.replace("/", "-").replace(".", "-"))
        except ValueError:
            self.error(column, f"应填日期，如 2025-01-01，而不是「{text}」")
            return None

    def json_list(self, column: str) -> list:
        text = self.text(column)
        if not text:
            return []
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            self.error(column, f"不是有效的 JSON（第{exc.lineno}行第{exc.colno}列：{exc.msg}）")
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.error(
                column, '应为 JSON 列表，每项是一个对象，如 [{"key": "name", "label": "姓名"}]'
            )
            return []
        return value

    def clean(self, instance, headers: dict[str, str], *, exclude=()) -> None:
        """Runs the model's own field validation (lengths, slugs, choices) without
        touching the database, and puts each message on its column."""
        skip = [f for f, h in headers.items() if h in self.failed]
        try:
            instance.full_clean(
                exclude=[*exclude, *skip], validate_unique=False, validate_constraints=False
            )
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                for message in messages:
                    self.error(headers.get(field_name, ""), message)


def read_sheet(wb, title: str, errors: list[RowError], *, required: bool) -> list[Row] | None:
    """The non-empty rows of a sheet, or None when the sheet is absent."""
    if title not in wb.sheetnames:
        if required:
            errors.append(RowError(title, None, "", "缺少此工作表"))
        return None
    ws = wb[title]
    if hasattr(ws, "reset_dimensions"):
        # Some spreadsheet programs store a wrong sheet size; read every row there is.
        ws.reset_dimensions()
    rows = ws.iter_rows(values_only=True)
    positions: dict[str, int] = {}
    header_ok = True
    for i, value in enumerate(next(rows, None) or ()):
        header = cell_text(value)
        if not header:
            continue
        if header in positions:
            errors.append(RowError(title, 1, header, "表头重复"))
            header_ok = False
        positions[header] = i
    for col in SHEETS[title]:
        if col.required and col.header not in positions:
            errors.append(RowError(title, 1, col.header, "缺少此列"))
            header_ok = False
    if not header_ok:
        return []  # every row would repeat the same complaint
    out = []
    for number, values in enumerate(rows, start=2):
        if all(cell_text(v) == "" for v in values):
            continue
        cells = {h: values[i] if i < len(values) else None for h, i in positions.items()}
        out.append(Row(title, number, cells, errors))
    return out


class Refs:
    """Departments and themes in memory, found by code or by name."""

    def __init__(self):
        self.departments = list(Department.objects.all())
        self.themes = list(Theme.objects.all())
        self._dept = {d.name: d for d in self.departments}
        self._dept.update({d.code: d for d in self.departments})
        self._dept_upper = {d.code.upper(): d for d in self.departments}
        self._theme_code = {t.code: t for t in self.themes}
        self._theme_name: dict[str, list[Theme]] = {}
        for t in self.themes:
            self._theme_name.setdefault(t.name, []).append(t)

    def department(self, text: str) -> Department | None:
        return self._dept.get(text) or self._dept_upper.get(text.upper())

    def departments_in(self, row: Row, column: str) -> list[Department]:
        found = []
        for part in split_list(row.text(column)):
            dept = self.department(part)
            if dept is None:
                row.error(column, f"未知的部门「{part}」")
            elif dept not in found:
                found.append(dept)
        return found

    def themes_in(self, row: Row, column: str) -> list[Theme]:
        found = []
        for part in split_list(row.text(column)):
            theme = self._theme_code.get(part)
            named = self._theme_name.get(part, [])
            if theme is None and len(named) == 1:
                theme = named[0]
            if theme is None:
                message = "主题名称不唯一，请填写主题编码" if named else "未知的主题"
                row.error(column, f"{message}「{part}」")
            elif theme not in found:
                found.append(theme)
        return found
