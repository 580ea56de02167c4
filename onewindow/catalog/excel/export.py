"""Writes the implementation list to one workbook that a clerk can read and fill in."""

import json
from collections import Counter
from io import BytesIO
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..choices import (
    Audience,
    BusinessKind,
    Channel,
    Level,
    MaterialForm,
    MaterialMedium,
    MaterialSource,
    MatterKind,
    MatterStatus,
    MatterType,
    OnlineLevel,
    ServiceObject,
    StepKind,
)
from ..models import Bundle, IndustryLicense, Matter, Theme
from .columns import (
    LIST_SEPARATOR,
    SHEET_BUNDLES,
    SHEET_HELP,
    SHEET_LICENSES,
    SHEET_MATERIALS,
    SHEET_MATTERS,
    SHEET_STEPS,
    SHEETS,
    choice_label,
    short_label,
    yes_no,
)

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_REQUIRED_FILL = PatternFill("solid", fgColor="C00000")
_HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
_TOP = Alignment(vertical="top", wrap_text=True)


def _labels(choices, values) -> str:
    return LIST_SEPARATOR.join(choice_label(choices, v) for v in values)


def _theme_names() -> dict[int, str]:
    """How each theme is written: its name, or its code where the name is not unique."""
    themes = list(Theme.objects.all())
    seen = Counter(t.name for t in themes)
    return {t.pk: t.name if seen[t.name] == 1 else t.code for t in themes}


def _matter_rows(matters, theme_names):
    for m in matters:
        yield [
            m.code,
            m.name,
            choice_label(MatterType, m.matter_type),
            m.department.code,
            m.department.name,
            m.implementing_body,
            m.legal_basis,
            m.parent_code,
            choice_label(BusinessKind, m.business_kind),
            _labels(Level, m.levels),
            _labels(Channel, m.channels),
            choice_label(OnlineLevel, m.online_level),
            choice_label(ServiceObject, m.service_object),
            LIST_SEPARATOR.join(theme_names[t.pk] for t in m.themes.all()),
            LIST_SEPARATOR.join(d.name for d in m.co_departments.all()),
            choice_label(MatterKind, m.kind),
            m.legal_limit_days,
            m.promised_limit_days,
            m.max_visits,
            m.summary,
            m.conditions,
            yes_no(not m.is_free),
            m.fee_amount,
            m.fee_description,
            m.fee_basis,
            m.handling_place,
            m.consult_phone,
            m.complaint_phone,
            m.result_name,
            m.keywords,
            json.dumps(m.form_fields, ensure_ascii=False) if m.form_fields else "",
            m.version,
            choice_label(MatterStatus, m.status),
            m.valid_from,
        ]


def _material_rows(matters):
    for m in matters:
        for i, mat in enumerate(m.materials.all(), start=1):
            yield [
                m.code,
                i,
                mat.name,
                mat.shared_code,
                yes_no(mat.required),
                yes_no(mat.is_core),
                choice_label(MaterialForm, mat.form),
                choice_label(MaterialMedium, mat.medium),
                mat.copies,
                choice_label(MaterialSource, mat.source),
                mat.source_note,
                mat.notes,
            ]


def _step_rows(matters):
    for m in matters:
        # Numbered by position, as the import numbers them: kinds in turn, then 序号.
        for i, step in enumerate(m.steps.all(), start=1):
            yield [
                m.code,
                choice_label(StepKind, step.kind),
                i,
                step.name,
                step.description,
                step.usual_days,
            ]


def _bundle_rows(bundles, theme_names):
    for b in bundles:
        yield [
            b.code,
            b.name,
            choice_label(Audience, b.audience),
            b.lead_department.name,
            b.promised_limit_days,
            b.max_visits,
            LIST_SEPARATOR.join(item.matter_code for item in b.items.all()),
            LIST_SEPARATOR.join(theme_names[t.pk] for t in b.themes.all()),
            b.summary,
            b.keywords,
            yes_no(b.is_published),
        ]


def _license_rows(licenses):
    for lic in licenses:
        yield [
            lic.code,
            lic.industry,
            lic.license_name,
            lic.bundle.code,
            lic.validity_years,
            lic.summary,
        ]


def _write_sheet(wb: Workbook, title: str, rows) -> None:
    columns = SHEETS[title]
    ws = wb.create_sheet(title)
    ws.append([c.header for c in columns])
    for row in rows:
        ws.append([_safe(v) for v in row])
    # Text that looks like a formula (「=」 first) must stay text: the workbook is
    # opened by people, and a cell must never compute what a catalog field says.
    for row_cells in ws.iter_rows(min_row=2):
        for cell in row_cells:
            if cell.data_type == "f":
                cell.data_type = "s"
            cell.alignment = _TOP
    for i, col in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = _HEADER_FONT
        cell.fill = _REQUIRED_FILL if col.required else _HEADER_FILL
        cell.alignment = _HEADER_ALIGN
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = col.width
        if col.choices is not None and not col.multi:
            _dropdown(ws, letter, [short_label(label) for _, label in col.choices.choices])
        elif col.yes_no:
            _dropdown(ws, letter, ["是", "否"])
    ws.row_dimensions[1].height = 28
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(ws.max_row, 1)}"


def _dropdown(ws, letter: str, options: list[str]) -> None:
    # A pick-list only: raw values such as LICENSING are accepted too, so no error box.
    dv = DataValidation(
        type="list",
        formula1='"' + ",".join(o for o in options if o) + '"',
        allow_blank=True,
        showErrorMessage=False,
    )
    ws.add_data_validation(dv)
    dv.add(f"{letter}2:{letter}{ws.max_row + 1000}")


def _safe(value):
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _write_help(wb: Workbook) -> None:
    ws = wb.create_sheet(SHEET_HELP)
    ws.append(["工作表", "列", "必填", "说明与可选值"])
    ws.append(
        [
            "",
            "",
            "",
            "每个事项一行；导入时先校验全部内容，有任何错误则整份不导入。"
            "内容未变的事项不产生新版本；已发布事项内容有变化时发布新版本，原版本保留。"
            "文件中没有的事项、一件事不受影响。",
        ]
    )
    for title, columns in SHEETS.items():
        for col in columns:
            options = ""
            if col.choices is not None:
                options = "可选：" + "、".join(
                    short_label(label) for _, label in col.choices.choices
                )
            elif col.yes_no:
                options = "可选：是、否"
            text = "；".join(t for t in (col.note, options) if t)
            ws.append([title, col.header, "是" if col.required else "", text])
    for cell in ws[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    for letter, width in zip("ABCD", (12, 16, 8, 90), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"


def build_workbook(matters=None) -> Workbook:
    """The workbook of the current version of every matter (or of the codes in
    `matters`), with materials and steps; the whole catalog also gets its bundles
    and industry licenses."""
    current = Matter.objects.current()
    if matters is not None:
        # Any version selected in the admin stands for its code's current version.
        current = current.filter(code__in=matters.values("code"))
    current = (
        current.select_related("department")
        .prefetch_related("materials", "steps", "themes", "co_departments")
        .order_by("code")
    )
    if matters is None:
        bundles = (
            Bundle.objects.select_related("lead_department")
            .prefetch_related("items", "themes")
            .order_by("code")
        )
        licenses = IndustryLicense.objects.select_related("bundle").order_by("code")
    else:
        bundles, licenses = [], []
    theme_names = _theme_names()
    current = list(current)

    wb = Workbook()
    wb.remove(wb.active)
    _write_sheet(wb, SHEET_MATTERS, _matter_rows(current, theme_names))
    _write_sheet(wb, SHEET_MATERIALS, _material_rows(current))
    _write_sheet(wb, SHEET_STEPS, _step_rows(current))
    _write_sheet(wb, SHEET_BUNDLES, _bundle_rows(bundles, theme_names))
    _write_sheet(wb, SHEET_LICENSES, _license_rows(licenses))
    _write_help(wb)
    wb.active = 0
    return wb


def export_catalog(matters=None) -> bytes:
    buffer = BytesIO()
    build_workbook(matters).save(buffer)
    return buffer.getvalue()


def write_catalog(path: str | Path, matters=None) -> None:
    build_workbook(matters).save(str(path))
