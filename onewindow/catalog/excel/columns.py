"""The workbook's layout: sheet names, their columns, and how cell text maps to values.

Headers are Chinese because clerks fill the workbook in; choices are written as their
Chinese labels and read back from either the label or the raw upper-case value.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import models

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

SHEET_MATTERS = "事项"
SHEET_MATERIALS = "申请材料"
SHEET_STEPS = "办理环节"
SHEET_BUNDLES = "一件事"
SHEET_LICENSES = "一业一证"
SHEET_HELP = "填写说明"

YES, NO = "是", "否"
_YES = {"是", "Y", "YES", "TRUE", "1", "√", "T"}
_NO = {"否", "N", "NO", "FALSE", "0", "×", "F"}

# Several values in one cell: 「国家级、省级」. Commas and line breaks are accepted too,
# because that is what people type; spaces are not, since names may contain them.
LIST_SEPARATOR = "、"
_SPLIT = re.compile(r"[、,，;；\r\n]+")
_SPLIT_CODES = re.compile(r"[、,，;；\s]+")  # codes never contain spaces


@dataclass(frozen=True)
class Col:
    header: str
    width: int = 14
    required: bool = False
    choices: type[models.Choices] | None = None
    multi: bool = False  # several choice labels joined by 、
    yes_no: bool = False
    note: str = ""


MATTER_COLUMNS = [
    Col("事项编码", 24, required=True),
    Col("事项名称", 30, required=True),
    Col("事项类型", 14, required=True, choices=MatterType),
    Col("部门编码", 12, note="与「主管部门」至少填一项；都填时须为同一部门"),
    Col("主管部门", 24, note="部门名称或部门编码"),
    Col("实施主体", 24),
    Col("设定依据", 40),
    Col("所属主项编码", 24),
    Col("业务办理项", 12, choices=BusinessKind, note="空白即主项"),
    Col("行使层级", 20, required=True, choices=Level, multi=True),
    Col("办理渠道", 26, required=True, choices=Channel, multi=True),
    Col("网办深度", 12, choices=OnlineLevel, note="空白即窗口办理"),
    Col("服务对象", 14, choices=ServiceObject, note="空白即自然人"),
    Col("主题", 22, note="主题名称或编码，多个用「、」分隔"),
    Col("并联审批部门", 26, note="部门名称或编码，多个用「、」分隔"),
    Col("办件类型", 10, required=True, choices=MatterKind),
    Col("法定时限", 10, required=True, note="工作日"),
    Col("承诺时限", 10, required=True, note="工作日，不得超过法定时限"),
    Col("到现场次数", 10, note="0 零跑动、1 只跑一次、2 两次及以上；空白即 1"),
    Col("事项简介", 40),
    Col("受理条件", 40),
    Col("是否收费", 10, yes_no=True, note="空白即不收费"),
    Col("收费金额", 12, note="元；收费事项须填收费金额或收费项目及标准"),
    Col("收费项目及标准", 26),
    Col("收费依据", 26),
    Col("办理地点", 26),
    Col("咨询电话", 16),
    Col("投诉电话", 16),
    Col("办理结果", 22),
    Col("检索关键词", 22, note="群众常用说法，空格分隔"),
    Col("申请表字段", 40, note='JSON 列表，如 [{"key": "shop_name", "label": "店铺名称"}]'),
    Col("版本", 8, note="仅供查阅，导入时忽略"),
    Col("状态", 10, choices=MatterStatus, note="空白即已发布；草稿不发布；已取消即取消该事项"),
    Col("生效日期", 12, note="仅用于新建并发布的事项；空白即导入当天"),
]

MATERIAL_COLUMNS = [
    Col("事项编码", 24, required=True, note="须是「事项」表中的事项"),
    Col("序号", 8, note="空白按行的先后"),
    Col("材料名称", 36, required=True),
    Col("通用材料编码", 16, note="同一种材料在各事项中用同一编码，如 ID_CARD"),
    Col("必需", 8, yes_no=True, note="空白即是"),
    Col("核心要件", 10, yes_no=True, note="空白即是；非核心材料可容缺受理"),
    Col("材料形式", 14, choices=MaterialForm, note="空白即原件"),
    Col("载体", 12, choices=MaterialMedium, note="空白即纸质或电子"),
    Col("份数", 8, note="空白即 1"),
    Col("来源渠道", 14, choices=MaterialSource, note="空白即申请人自备"),
    Col("来源说明", 24),
    Col("填报须知", 40),
]

STEP_COLUMNS = [
    Col("事项编码", 24, required=True, note="须是「事项」表中的事项"),
    Col("类型", 12, choices=StepKind, note="空白即办理环节；特殊环节不计入时限"),
    Col("序号", 8, note="同一类型内办理的先后；空白按行的先后"),
    Col("环节名称", 20, required=True),
    Col("说明", 40),
    Col("通常用时", 10, note="工作日；空白即 0"),
]

BUNDLE_COLUMNS = [
    Col("编码", 20, required=True, note="字母、数字、- 或 _"),
    Col("名称", 24, required=True),
    Col("面向", 10, required=True, choices=Audience),
    Col("牵头部门", 24, required=True, note="部门名称或编码"),
    Col("承诺时限", 10, required=True, note="工作日"),
    Col("到现场次数", 10, note="空白即 1"),
    Col("包含事项编码", 40, required=True, note="多个用「、」或换行分隔，按办理顺序"),
    Col("主题", 22, note="主题名称或编码，多个用「、」分隔"),
    Col("简介", 40),
    Col("检索关键词", 22),
    Col("已发布", 10, yes_no=True, note="空白即是"),
]

LICENSE_COLUMNS = [
    Col("编码", 20, required=True, note="字母、数字、- 或 _"),
    Col("行业", 16, required=True),
    Col("许可证名称", 30, required=True),
    Col("一件事编码", 20, required=True, note="须是「一件事」表或系统中已有的一件事"),
    Col("有效期（年）", 12, note="空白即 5"),
    Col("说明", 40),
]

SHEETS = {
    SHEET_MATTERS: MATTER_COLUMNS,
    SHEET_MATERIALS: MATERIAL_COLUMNS,
    SHEET_STEPS: STEP_COLUMNS,
    SHEET_BUNDLES: BUNDLE_COLUMNS,
    SHEET_LICENSES: LICENSE_COLUMNS,
}

# Model field -> column, to put Django's own validation messages on the right cell.
MATTER_FIELD_HEADERS = {
    "code": "事项编码",
    "name": "事项名称",
    "matter_type": "事项类型",
    "department": "主管部门",
    "implementing_body": "实施主体",
    "legal_basis": "设定依据",
    "parent_code": "所属主项编码",
    "business_kind": "业务办理项",
    "levels": "行使层级",
    "channels": "办理渠道",
    "online_level": "网办深度",
    "service_object": "服务对象",
    "kind": "办件类型",
    "legal_limit_days": "法定时限",
    "promised_limit_days": "承诺时限",
    "max_visits": "到现场次数",
    "summary": "事项简介",
    "conditions": "受理条件",
    "is_free": "是否收费",
    "fee_amount": "收费金额",
    "fee_description": "收费项目及标准",
    "fee_basis": "收费依据",
    "handling_place": "办理地点",
    "consult_phone": "咨询电话",
    "complaint_phone": "投诉电话",
    "result_name": "办理结果",
    "keywords": "检索关键词",
    "form_fields": "申请表字段",
}
MATERIAL_FIELD_HEADERS = {
    "name": "材料名称",
    "shared_code": "通用材料编码",
    "form": "材料形式",
    "medium": "载体",
    "copies": "份数",
    "source": "来源渠道",
    "source_note": "来源说明",
    "notes": "填报须知",
}
STEP_FIELD_HEADERS = {
    "kind": "类型",
    "name": "环节名称",
    "description": "说明",
    "usual_days": "通常用时",
}
BUNDLE_FIELD_HEADERS = {
    "code": "编码",
    "name": "名称",
    "audience": "面向",
    "promised_limit_days": "承诺时限",
    "max_visits": "到现场次数",
    "summary": "简介",
    "keywords": "检索关键词",
}
LICENSE_FIELD_HEADERS = {
    "code": "编码",
    "industry": "行业",
    "license_name": "许可证名称",
    "validity_years": "有效期（年）",
    "summary": "说明",
}


def short_label(label) -> str:
    """「特殊环节（不计入时限）」 -> 「特殊环节」: the short form reads better in a cell."""
    return str(label).split("（")[0].strip()


def choice_label(choices: type[models.Choices], value) -> str:
    for v, label in choices.choices:
        if v == value:
            return short_label(label)
    return str(value)


def choice_lookup(choices: type[models.Choices]) -> dict[str, object]:
    """Every accepted spelling of every value: raw value (any case), full and short label."""
    out: dict[str, object] = {}
    for value, label in choices.choices:
        for key in (str(value), str(label), short_label(label)):
            if key:
                out[key.upper()] = value
    return out


def split_list(text: str) -> list[str]:
    return [part.strip() for part in _SPLIT.split(text) if part.strip()]


def split_codes(text: str) -> list[str]:
    return [part for part in _SPLIT_CODES.split(text) if part]


def yes_no(value: bool) -> str:
    return YES if value else NO


def parse_yes_no(text: str) -> bool | None:
    key = text.strip().upper()
    if key in _YES:
        return True
    if key in _NO:
        return False
    return None


def cell_text(value) -> str:
    """A cell as the text a person sees: 20.0 -> "20", dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value).strip()
