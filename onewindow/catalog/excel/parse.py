"""Turns the workbook's rows into matters, bundles and licenses, checking every rule
that can be checked before anything is written."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

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
    MaxVisits,
    OnlineLevel,
    ServiceObject,
    StepKind,
)
from ..models import Bundle, IndustryLicense, Material, Matter, MatterStep
from .columns import (
    BUNDLE_FIELD_HEADERS,
    LICENSE_FIELD_HEADERS,
    MATERIAL_FIELD_HEADERS,
    MATTER_FIELD_HEADERS,
    SHEET_MATTERS,
    STEP_FIELD_HEADERS,
    split_codes,
)
from .reading import Refs, Row

_LAST = 10**6  # rows without a 序号 sort after numbered ones, in row order


@dataclass
class ParsedMatter:
    row: int
    code: str
    status: str
    valid_from: date | None
    fields: dict[str, Any]
    themes: list = field(default_factory=list)
    co_departments: list = field(default_factory=list)
    materials: list[dict[str, Any]] = field(default_factory=list)
    steps: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ParsedBundle:
    row: int
    code: str
    fields: dict[str, Any]
    matter_codes: list[str]
    themes: list


@dataclass
class ParsedLicense:
    row: int
    code: str
    bundle_code: str
    fields: dict[str, Any]


def _department(row: Row, refs: Refs):
    code, name = row.text("部门编码"), row.text("主管部门")
    by_code = refs.department(code) if code else None
    by_name = refs.department(name) if name else None
    if not code and not name:
        row.error("主管部门", "必填项不能为空")
    if code and by_code is None:
        row.error("部门编码", f"未知的部门编码「{code}」")
    if name and by_name is None:
        row.error("主管部门", f"未知的部门「{name}」")
    if by_code and by_name and by_code != by_name:
        row.error("主管部门", f"「{name}」与部门编码「{code}」不是同一部门")
    return by_code or by_name


def parse_matter(row: Row, refs: Refs) -> ParsedMatter | None:
    code = row.text("事项编码", required=True)
    department = _department(row, refs)
    fields = {
        "name": row.text("事项名称", required=True),
        "matter_type": row.choice("事项类型", MatterType, required=True),
        "implementing_body": row.text("实施主体"),
        "legal_basis": row.text("设定依据"),
        "parent_code": row.text("所属主项编码"),
        "business_kind": row.choice("业务办理项", BusinessKind, default=BusinessKind.MAIN),
        "levels": row.multi("行使层级", Level, required=True),
        "channels": row.multi("办理渠道", Channel, required=True),
        "online_level": row.choice("网办深度", OnlineLevel, default=OnlineLevel.WINDOW_ONLY),
        "service_object": row.choice("服务对象", ServiceObject, default=ServiceObject.PERSON),
        "kind": row.choice("办件类型", MatterKind, required=True),
        "legal_limit_days": row.integer("法定时限", required=True),
        "promised_limit_days": row.integer("承诺时限", required=True),
        "max_visits": row.choice("到现场次数", MaxVisits, default=MaxVisits.ONE),
        "summary": row.text("事项简介"),
        "conditions": row.text("受理条件"),
        "is_free": not row.yes_no("是否收费", default=False),
        "fee_amount": row.decimal("收费金额"),
        "fee_description": row.text("收费项目及标准"),
        "fee_basis": row.text("收费依据"),
        "handling_place": row.text("办理地点"),
        "consult_phone": row.text("咨询电话"),
        "complaint_phone": row.text("投诉电话"),
        "result_name": row.text("办理结果"),
        "keywords": row.text("检索关键词"),
        "form_fields": row.json_list("申请表字段"),
    }
    status = row.choice("状态", MatterStatus, default=MatterStatus.PUBLISHED)
    if status == MatterStatus.SUPERSEDED:
        row.error("状态", "只能导入当前版本：已被新版本替代的版本不能导入")
    valid_from = row.date("生效日期")
    themes = refs.themes_in(row, "主题")
    co_departments = refs.departments_in(row, "并联审批部门")

    legal, promised = fields["legal_limit_days"], fields["promised_limit_days"]
    if legal is not None and promised is not None and promised > legal:
        row.error("承诺时限", f"承诺时限({promised})不得超过法定时限({legal})")
    if not fields["is_free"] and fields["fee_amount"] is None and not fields["fee_description"]:
        row.error("收费金额", "收费事项须写明收费金额或收费项目及标准")
    row.clean(
        Matter(code=code, department=department, **fields),
        MATTER_FIELD_HEADERS,
        exclude=["department", "themes", "co_departments"],
    )
    if not code:
        return None
    fields["code"], fields["department"] = code, department
    return ParsedMatter(row.number, code, status, valid_from, fields, themes, co_departments)


def parse_material(row: Row) -> tuple[str, int, dict]:
    values = {
        "name": row.text("材料名称", required=True),
        "shared_code": row.text("通用材料编码"),
        "required": row.yes_no("必需", default=True),
        "is_core": row.yes_no("核心要件", default=True),
        "form": row.choice("材料形式", MaterialForm, default=MaterialForm.ORIGINAL),
        "medium": row.choice("载体", MaterialMedium, default=MaterialMedium.BOTH),
        "copies": row.integer("份数", default=1, minimum=1),
        "source": row.choice("来源渠道", MaterialSource, default=MaterialSource.APPLICANT),
        "source_note": row.text("来源说明"),
        "notes": row.text("填报须知"),
    }
    row.clean(Material(**values), MATERIAL_FIELD_HEADERS, exclude=["matter", "template", "sample"])
    return row.text("事项编码", required=True), row.integer("序号", minimum=1), values


def parse_step(row: Row) -> tuple[str, int | None, dict]:
    values = {
        "kind": row.choice("类型", StepKind, default=StepKind.PROCESS),
        "name": row.text("环节名称", required=True),
        "description": row.text("说明"),
        "usual_days": row.integer("通常用时", default=0),
    }
    row.clean(MatterStep(**values), STEP_FIELD_HEADERS, exclude=["matter"])
    return row.text("事项编码", required=True), row.integer("序号", minimum=1), values


def attach_children(
    matters: dict[str, ParsedMatter], materials: list[Row], steps: list[Row], known: set[str]
) -> None:
    """Puts each material and step on its matter, in 序号 order. Children replace the
    matter's old ones, so they may only name a matter that the 「事项」 sheet has."""

    def owner(row: Row, code: str) -> ParsedMatter | None:
        if not code or code in matters:
            return matters.get(code)
        if code in known:
            row.error("事项编码", f"事项「{code}」不在「{SHEET_MATTERS}」表中，须与事项一同导入")
        else:
            row.error("事项编码", f"未知的事项编码「{code}」")
        return None

    def place(rows, parse, group_key):
        groups: dict[tuple, list] = {}
        for row in rows:
            code, order, values = parse(row)
            matter = owner(row, code)
            if matter is not None:
                groups.setdefault((code, group_key(values)), []).append((row, order, values))
        for entries in groups.values():
            seen: dict[int, int] = {}
            for row, order, _ in entries:
                if order is not None and order in seen:
                    row.error("序号", f"序号{order}与第{seen[order]}行重复")
                elif order is not None:
                    seen[order] = row.number
            entries.sort(key=lambda e: (_LAST if e[1] is None else e[1], e[0].number))
        return groups

    for (code, _), entries in place(materials, parse_material, lambda v: "").items():
        matters[code].materials = [values for _, _, values in entries]
    # 序号 only orders the rows, within each kind; steps are then numbered 1..n over
    # the matter, kinds in turn, as services number them and as the export writes them.
    by_kind = sorted(place(steps, parse_step, lambda v: v["kind"]).items())
    for (code, _), entries in by_kind:
        matters[code].steps.extend(values for _, _, values in entries)
    for matter in matters.values():
        matter.steps = [{**s, "order": i} for i, s in enumerate(matter.steps, start=1)]


def parse_bundle(row: Row, refs: Refs, matter_codes: set[str]) -> ParsedBundle | None:
    code = row.text("编码", required=True)
    lead = row.text("牵头部门", required=True)
    department = refs.department(lead) if lead else None
    if lead and department is None:
        row.error("牵头部门", f"未知的部门「{lead}」")
    fields = {
        "name": row.text("名称", required=True),
        "audience": row.choice("面向", Audience, required=True),
        "promised_limit_days": row.integer("承诺时限", required=True),
        "max_visits": row.integer("到现场次数", default=1),
        "summary": row.text("简介"),
        "keywords": row.text("检索关键词"),
        "is_published": row.yes_no("已发布", default=True),
    }
    codes: list[str] = []
    for c in split_codes(row.text("包含事项编码", required=True)):
        if c in codes:
            row.error("包含事项编码", f"事项编码「{c}」重复")
        elif c not in matter_codes:
            row.error("包含事项编码", f"未知的事项编码「{c}」")
        else:
            codes.append(c)
    themes = refs.themes_in(row, "主题")
    row.clean(
        Bundle(code=code, **fields),
        BUNDLE_FIELD_HEADERS,
        exclude=["lead_department", "themes"],
    )
    if not code:
        return None
    fields["lead_department"] = department
    return ParsedBundle(row.number, code, fields, codes, themes)


def parse_license(
    row: Row, bundle_codes: set[str], holders: dict[str, str]
) -> ParsedLicense | None:
    code = row.text("编码", required=True)
    bundle_code = row.text("一件事编码", required=True)
    if bundle_code and bundle_code not in bundle_codes:
        row.error("一件事编码", f"未知的一件事编码「{bundle_code}」")
    holder = holders.get(bundle_code)
    if holder and holder != code:
        row.error("一件事编码", f"一件事「{bundle_code}」已对应一业一证「{holder}」")
    fields = {
        "industry": row.text("行业", required=True),
        "license_name": row.text("许可证名称", required=True),
        "validity_years": row.integer("有效期（年）", default=5, minimum=1),
        "summary": row.text("说明"),
    }
    row.clean(IndustryLicense(code=code, **fields), LICENSE_FIELD_HEADERS, exclude=["bundle"])
    if not code:
        return None
    return ParsedLicense(row.number, code, bundle_code, fields)


def unique_by_code(parsed: list[tuple[Row, Any]], column: str) -> dict[str, Any]:
    """The parsed rows by code; a code that repeats an earlier row's is reported."""
    out: dict[str, Any] = {}
    for row, item in parsed:
        if item is None:
            continue
        if item.code in out:
            row.error(column, f"编码「{item.code}」与第{out[item.code].row}行重复")
        else:
            out[item.code] = item
    return out
