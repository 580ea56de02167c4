"""The dashboard as an Excel workbook: the indicators with their formulas, then one sheet
per breakdown."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from .dashboard import Dashboard

BOLD = Font(bold=True)
COUNT_COLUMNS = [
    ("accepted", "受理量"),
    ("immediate", "即办件"),
    ("concluded", "已办结"),
    ("on_time", "按时办结"),
    ("late", "超期办结"),
    ("running_red", "在办超期"),
]


def _pct(value):
    return round(value * 100, 1) if value is not None else None


def workbook(board: Dashboard) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "指标"
    f = board.filters
    ws.append([f"统计区间：{f.start:%Y-%m-%d} 至 {f.end:%Y-%m-%d}（按受理时间）"])
    ws.append(["指标", "数值", "单位", "分子", "分母", "计算公式"])
    for cell in ws[2]:
        cell.font = BOLD
    for i in board.indicators:
        value = _pct(i.value) if i.unit == "%" else i.value
        if isinstance(value, float):
            value = round(value, 2)
        ws.append([i.label, value, i.unit, i.numerator, i.denominator, i.formula])
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["F"].width = 60
    for title, rows in (
        ("按月份", board.trend),
        ("按部门", board.departments),
        ("按渠道", board.channels),
        ("按服务场所", board.points),
        ("按事项", board.matters),
    ):
        sheet = wb.create_sheet(title)
        sheet.append(
            [title[1:], *(label for _, label in COUNT_COLUMNS), "按时办结率(%)", "办结率(%)"]
        )
        for cell in sheet[1]:
            cell.font = BOLD
        for r in rows:
            sheet.append(
                [
                    r.label,
                    *(r.counts.get(k) for k, _ in COUNT_COLUMNS),
                    _pct(r.on_time_rate),
                    _pct(r.completion_rate),
                ]
            )
        sheet.column_dimensions["A"].width = 28
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
