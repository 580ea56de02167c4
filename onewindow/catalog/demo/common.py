"""Builders shared by the demo's matter modules: codes, materials, form fields, steps.

The data modules stay readable because everything repeated across matters
(the identity card, the business licence, the applicant's name field, the five
standard steps) is written once here.
"""

from dataclasses import dataclass
from typing import Any

from ..choices import (
    BusinessKind,
    Channel,
    Level,
    MaterialForm,
    MaterialMedium,
    MaterialSource,
    MatterKind,
    MatterType,
    MaxVisits,
    OnlineLevel,
    ServiceObject,
    StepKind,
)

DISTRICT_NAME = "清江区"
# 12-digit statistical division code of the made-up district; its first six digits
# prefix matter codes and the demo identity numbers.
DISTRICT_CODE = "500199000000"
CODE_PREFIX = DISTRICT_CODE[:6]
HALL_NAME = "清江区政务服务中心"
HALL_ADDRESS = "清江区清江大道188号"
TOWN_PLACE = "各街道（镇）便民服务中心"
VILLAGE_PLACE = "各村（社区）便民服务站，或所在街道（镇）便民服务中心"
COMPLAINT_PHONE = "12345"

# Implementation-list codes carry an abbreviation of the matter type, as the
# provincial lists do: 500199-XK-0304-01 is licensing item 0304, business item 01.
TYPE_ABBR = {
    MatterType.LICENSING: "XK",
    MatterType.CONFIRMATION: "QR",
    MatterType.ADJUDICATION: "CJ",
    MatterType.BENEFIT: "JF",
    MatterType.REWARD: "JL",
    MatterType.FILING: "BA",
    MatterType.OTHER_POWER: "QT",
    MatterType.PUBLIC_SERVICE: "GG",
}

# Re-exported so the data modules import everything they use from one place.
XK = MatterType.LICENSING
QR = MatterType.CONFIRMATION
CJ = MatterType.ADJUDICATION
JF = MatterType.BENEFIT
JL = MatterType.REWARD
BA = MatterType.FILING
QT = MatterType.OTHER_POWER
GG = MatterType.PUBLIC_SERVICE
NEW, CHANGE, RENEW, CANCEL = (
    BusinessKind.NEW,
    BusinessKind.CHANGE,
    BusinessKind.RENEW,
    BusinessKind.CANCEL,
)
PERSON, ENTERPRISE, BOTH = ServiceObject.PERSON, ServiceObject.ENTERPRISE, ServiceObject.BOTH
FULL_ONLINE = OnlineLevel.FULL_ONLINE
PREREVIEW = OnlineLevel.ONLINE_PREREVIEW
WINDOW_ONLY = OnlineLevel.WINDOW_ONLY
ORIGINAL = MaterialForm.ORIGINAL
COPY = MaterialForm.COPY
BOTH_FORMS = MaterialForm.ORIGINAL_AND_COPY
PAPER = MaterialMedium.PAPER
ELECTRONIC = MaterialMedium.ELECTRONIC
APPLICANT = MaterialSource.APPLICANT
GOVERNMENT = MaterialSource.GOVERNMENT
INTERMEDIARY = MaterialSource.INTERMEDIARY


def full_code(short: str) -> str:
    """Prefixes the district: XK-0304-01 becomes 500199-XK-0304-01."""
    return f"{CODE_PREFIX}-{short}"


# ---------------------------------------------------------------- materials

_SHARED = {
    "ID_CARD": dict(
        name="申请人居民身份证",
        form=ORIGINAL,
        source=GOVERNMENT,
        source_note="公安机关核发",
        notes="窗口核验原件；已关联电子证照的可免于提交",
    ),
    "HOUSEHOLD_REGISTER": dict(
        name="居民户口簿",
        form=ORIGINAL,
        source=GOVERNMENT,
        source_note="公安机关核发",
        notes="户主页及本人页",
    ),
    "BUSINESS_LICENSE": dict(
        name="营业执照",
        form=BOTH_FORMS,
        source=GOVERNMENT,
        source_note="市场监督管理部门核发",
        notes="可通过电子营业执照调取，免于提交纸质件",
    ),
    "LEGAL_REP_ID": dict(
        name="法定代表人（负责人）身份证件",
        form=COPY,
        source=GOVERNMENT,
        source_note="公安机关核发",
    ),
    "LEASE": dict(
        name="经营场所使用证明（产权证明或租赁合同）",
        form=COPY,
        notes="租赁的须提供租赁合同及出租方产权证明",
    ),
    "AGENT_AUTH": dict(
        name="授权委托书及受托人身份证件",
        required=False,
        is_core=False,
        notes="委托他人代办时提供",
    ),
    "PHOTO": dict(
        name="近期免冠彩色证件照片",
        copies=2,
        notes="白色背景，可在窗口免费现场采集",
        is_core=False,
    ),
    "MARRIAGE_CERT": dict(
        name="结婚证", form=ORIGINAL, source=GOVERNMENT, source_note="民政部门核发"
    ),
    "BIRTH_CERT": dict(
        name="《出生医学证明》", form=ORIGINAL, source=GOVERNMENT, source_note="助产机构签发"
    ),
    "REAL_ESTATE_CERT": dict(
        name="不动产权证书（房屋所有权证）",
        form=ORIGINAL,
        source=GOVERNMENT,
        source_note="不动产登记机构核发",
    ),
    "SALE_CONTRACT": dict(name="房屋买卖合同", form=ORIGINAL, notes="经网签备案的存量房买卖合同"),
    "SOCIAL_CARD": dict(
        name="社会保障卡", form=ORIGINAL, source=GOVERNMENT, source_note="人力社保部门发放"
    ),
    "HEALTH_CERT": dict(
        name="从业人员健康证明",
        form=COPY,
        source=GOVERNMENT,
        source_note="疾病预防控制机构或体检机构出具",
        is_core=False,
    ),
    "BANK_CARD": dict(
        name="本人银行账户信息（社会保障卡金融账户或银行卡）",
        form=COPY,
        is_core=False,
    ),
    "RETIREE_ID": dict(
        name="职工退休审批表",
        form=ORIGINAL,
        source=GOVERNMENT,
        source_note="人力社保部门审批后出具；经系统共享的免于提交",
    ),
}


def doc(shared_code: str, **overrides) -> dict[str, Any]:
    """A document many matters ask for, with the shared code that merges it in bundles."""
    return _material(**{**_SHARED[shared_code], **overrides, "shared_code": shared_code})


def mat(name: str, **options) -> dict[str, Any]:
    """A document particular to one matter (application forms are never shared)."""
    return _material(name=name, **options)


def _material(
    *,
    name: str,
    shared_code: str = "",
    required: bool = True,
    is_core: bool = True,
    form: str = ORIGINAL,
    medium: str = MaterialMedium.BOTH,
    copies: int = 1,
    source: str = APPLICANT,
    source_note: str = "",
    notes: str = "",
) -> dict[str, Any]:
    return dict(
        name=name,
        shared_code=shared_code,
        required=required,
        is_core=is_core,
        form=form,
        medium=medium,
        copies=copies,
        source=source,
        source_note=source_note,
        notes=notes,
    )


def app_form(name: str, **options) -> dict[str, Any]:
    """The matter's own application form, filled in online or at the window."""
    return mat(name, notes=options.pop("notes", "可在线填写，窗口打印签字"), **options)


# -------------------------------------------------------------- form fields

# One key means one datum everywhere, so a bundle's merged form asks for it once.
_FIELDS: dict[str, tuple] = {
    "applicant_name": ("申请人姓名", "text"),
    "id_number": ("公民身份号码", "idnumber"),
    "phone": ("联系电话", "phone"),
    "address": ("联系地址", "text"),
    "gender": ("性别", "select", ["男", "女"]),
    "birth_date": ("出生日期", "date"),
    "household_address": ("户籍地址", "text"),
    "company_name": ("单位名称", "text"),
    "uscc": ("统一社会信用代码", "text"),
    "legal_rep": ("法定代表人（负责人）", "text"),
    "shop_name": ("店铺名称（字号）", "text"),
    "business_address": ("经营场所地址", "text"),
    "business_area": ("经营面积（平方米）", "number"),
    "business_scope": ("经营范围", "textarea"),
    "registered_capital": ("注册资本（万元）", "number"),
    "employee_count": ("从业人员数", "number"),
    "property_address": ("不动产坐落", "text"),
    "property_cert_no": ("不动产权证书号", "text"),
    "building_area": ("建筑面积（平方米）", "number"),
    "deal_price": ("成交价格（元）", "number"),
    "buyer_name": ("买受人姓名（名称）", "text"),
    "seller_name": ("出卖人姓名（名称）", "text"),
    "project_name": ("项目名称", "text"),
    "project_address": ("建设地点", "text"),
    "total_investment": ("总投资（万元）", "number"),
    "baby_name": ("新生儿姓名", "text"),
    "baby_gender": ("新生儿性别", "select", ["男", "女"]),
    "baby_birth_date": ("新生儿出生日期", "date"),
    "birth_hospital": ("出生医院", "text"),
    "mother_name": ("母亲姓名", "text"),
    "mother_id_number": ("母亲公民身份号码", "idnumber"),
    "father_name": ("父亲姓名", "text"),
    "father_id_number": ("父亲公民身份号码", "idnumber"),
    "employer": ("参保单位名称", "text"),
    "retire_date": ("申请退休日期", "date"),
    "bank_account": ("银行账号", "text"),
    "town": ("所在街道（镇）", "text"),
    "reason": ("申请事由", "textarea"),
    "delivery": ("结果领取方式", "select", ["窗口领取", "邮寄送达", "电子证照"]),
}


def form(*keys: str, extra: tuple = ()) -> list[dict[str, Any]]:
    """Form fields by shared key; a trailing "?" makes the field optional.

    `extra` holds fields particular to one matter as (key, label, type, required[, options]).
    """
    out = []
    for key in keys:
        required = not key.endswith("?")
        key = key.rstrip("?")
        label, kind, *options = _FIELDS[key]
        out.append(_field(key, label, kind, required, *options))
    for key, label, kind, required, *options in extra:
        out.append(_field(key, label, kind, required, *options))
    return out


def _field(key, label, kind, required, options=None) -> dict[str, Any]:
    item = {"key": key, "label": label, "type": kind, "required": required}
    if options:
        item["options"] = list(options)
    return item


PERSON_FORM = ("applicant_name", "id_number", "phone", "address?")
ENTERPRISE_FORM = ("company_name", "uscc", "legal_rep", "phone")


# -------------------------------------------------------------------- steps


def special(name: str, days: int, description: str) -> dict[str, Any]:
    """A special step (特殊环节): its time does not count against the limit."""
    return dict(kind=StepKind.SPECIAL, name=name, usual_days=days, description=description)


def process_steps(promised: int) -> list[dict[str, Any]]:
    """申请 → 受理 → 审查 → 决定 → 办结, with the promised days spread over review and decision."""
    if promised == 0:
        return [
            _step("申请", 0, "申请人通过窗口、网上或掌上渠道提交申请"),
            _step("受理", 0, "材料齐全、符合法定形式的当场受理"),
            _step("审查", 0, "当场审查"),
            _step("决定", 0, "当场作出决定"),
            _step("办结", 0, "当场办结，出具办理结果"),
        ]
    decide = 1
    review = max(promised - decide, 0)
    return [
        _step("申请", 0, "申请人通过窗口、网上或掌上渠道提交申请"),
        _step("受理", 0, "材料齐全、符合法定形式的当场受理；不齐全的一次性告知需补正的全部内容"),
        _step("审查", review, "对申请材料进行审查，需要核实的进行核实"),
        _step("决定", decide, "作出准予或不予的决定；不予的说明理由并告知救济途径"),
        _step("办结", 0, "结果可选择窗口领取、邮寄送达或电子证照"),
    ]


def _step(name: str, days: int, description: str) -> dict[str, Any]:
    return dict(kind=StepKind.PROCESS, name=name, usual_days=days, description=description)


# ------------------------------------------------------------------ matters


@dataclass
class MatterSpec:
    """One demo matter: model fields plus relations named by natural key."""

    department: str  # Department.code
    fields: dict[str, Any]
    materials: list[dict[str, Any]]
    steps: list[dict[str, Any]]
    themes: tuple[str, ...] = ()
    co_departments: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        return self.fields["code"]

    @property
    def name(self) -> str:
        return self.fields["name"]


@dataclass
class Fee:
    amount: str
    description: str
    basis: str


def matter(
    code: str,
    name: str,
    matter_type: str,
    department: str,
    *,
    summary: str,
    conditions: str,
    basis: str,
    legal: int,
    promised: int,
    materials: list[dict[str, Any]],
    result: str,
    keywords: str,
    fields: list[dict[str, Any]],
    themes: tuple[str, ...] = (),
    co: tuple[str, ...] = (),
    specials: tuple[dict[str, Any], ...] = (),
    parent: str = "",
    business_kind: str = BusinessKind.MAIN,
    obj: str = PERSON,
    levels: str = "COUNTY",
    channels: str = "WINDOW,ONLINE",
    online: str = PREREVIEW,
    visits: int = MaxVisits.ONE,
    fee: Fee | None = None,
    place: str = "",
    phone: str = "",
    body: str = "",
) -> MatterSpec:
    """Builds one matter. The kind follows the promised limit: 0 days is 即办件."""
    abbr = code.split("-")[0]
    if TYPE_ABBR[matter_type] != abbr:
        raise ValueError(f"{code}: code says {abbr}, type is {matter_type}")
    if promised > legal:
        raise ValueError(f"{code}: promised {promised} over legal {legal}")
    if not 1 <= len(materials) <= 8:
        raise ValueError(f"{code}: a guide lists 1 to 8 materials")
    data = dict(
        code=full_code(code),
        name=name,
        matter_type=matter_type,
        implementing_body=body,
        legal_basis=basis,
        parent_code=full_code(parent) if parent else "",
        business_kind=business_kind,
        levels=_split(levels, Level),
        channels=_split(channels, Channel),
        online_level=online,
        service_object=obj,
        kind=MatterKind.IMMEDIATE if promised == 0 else MatterKind.PROMISED,
        legal_limit_days=legal,
        promised_limit_days=promised,
        max_visits=visits,
        summary=summary,
        conditions=conditions,
        handling_place=place,
        consult_phone=phone,
        complaint_phone=COMPLAINT_PHONE,
        result_name=result,
        keywords=keywords,
        form_fields=fields,
    )
    if fee is not None:
        data.update(
            is_free=False,
            fee_amount=fee.amount,
            fee_description=fee.description,
            fee_basis=fee.basis,
        )
    return MatterSpec(
        department=department,
        fields=data,
        materials=materials,
        steps=process_steps(promised) + list(specials),
        themes=tuple(themes),
        co_departments=tuple(co),
    )


def _split(values: str, choices) -> list[str]:
    out = [v.strip() for v in values.split(",") if v.strip()]
    bad = [v for v in out if v not in choices.values]
    if bad:
        raise ValueError(f"unknown {choices.__name__}: {bad}")
    return out


__all__ = [
    "BA",
    "BOTH",
    "BOTH_FORMS",
    "CANCEL",
    "CHANGE",
    "CJ",
    "COPY",
    "ELECTRONIC",
    "ENTERPRISE",
    "ENTERPRISE_FORM",
    "FULL_ONLINE",
    "GG",
    "GOVERNMENT",
    "INTERMEDIARY",
    "JF",
    "JL",
    "NEW",
    "ORIGINAL",
    "PAPER",
    "PERSON",
    "PERSON_FORM",
    "PREREVIEW",
    "QR",
    "QT",
    "RENEW",
    "TOWN_PLACE",
    "VILLAGE_PLACE",
    "WINDOW_ONLY",
    "XK",
    "Fee",
    "MatterSpec",
    "app_form",
    "doc",
    "form",
    "full_code",
    "mat",
    "matter",
    "special",
]
