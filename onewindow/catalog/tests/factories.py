"""A small, realistic district catalog for tests, built through the catalog services.

Regions, departments and themes have no services (the admin edits them directly),
so they are created here; matters and bundles go through services like any import.
"""

from __future__ import annotations

import pytest

from onewindow.catalog import search
from onewindow.catalog.choices import (
    Audience,
    BusinessKind,
    Channel,
    Level,
    MaterialSource,
    MatterKind,
    MatterType,
    RegionLevel,
    ServiceObject,
    StepKind,
)
from onewindow.catalog.models import Department, IndustryLicense, Region, Theme
from onewindow.catalog.services import MatterInput, bundle_save, matter_create

DEPARTMENTS = [
    ("GA", "平安区公安分局", "公安分局", "0571-81000110"),
    ("SC", "平安区市场监督管理局", "市场监管局", "0571-81000315"),
    ("WJ", "平安区卫生健康局", "卫健局", "0571-81000120"),
    ("RS", "平安区人力资源和社会保障局", "人社局", "0571-81000333"),
    ("JY", "平安区教育局", "教育局", "0571-81000600"),
    ("YB", "平安区医疗保障局", "医保局", "0571-81000360"),
    ("ZR", "平安区自然资源局", "自然资源局", "0571-81000200"),
    ("XF", "平安区消防救援大队", "消防大队", "0571-81000119"),
]

THEMES = [
    ("birth", "生育收养", Audience.PERSON),
    ("household", "户籍办理", Audience.PERSON),
    ("education", "教育培训", Audience.PERSON),
    ("retire", "退休养老", Audience.PERSON),
    ("housing", "住房不动产", Audience.PERSON),
    ("startup", "企业开办", Audience.ENTERPRISE),
    ("permits", "经营许可", Audience.ENTERPRISE),
]

ID_CARD = {"name": "居民身份证", "shared_code": "ID_CARD", "source": MaterialSource.GOVERNMENT}
HUKOU = {"name": "居民户口簿", "shared_code": "HUKOU", "source": MaterialSource.GOVERNMENT}
BIRTH_CERT = {"name": "出生医学证明", "shared_code": "BIRTH_CERT"}
LICENSE = {"name": "营业执照", "shared_code": "BUSINESS_LICENSE"}
PHOTO = {"name": "近期免冠证件照", "is_core": False, "copies": 2}
PREMISES = {"name": "经营场所使用证明", "shared_code": "PREMISES", "notes": "房产证明或租赁合同"}

F_NAME = {"key": "applicant_name", "label": "申请人姓名", "type": "text", "required": True}
F_ID = {"key": "id_number", "label": "身份证号码", "type": "text", "required": True}
F_PHONE = {"key": "phone", "label": "联系电话", "type": "text", "required": True}
F_BABY = {"key": "baby_name", "label": "新生儿姓名", "type": "text", "required": True}
F_BIRTH = {"key": "birth_date", "label": "出生日期", "type": "date", "required": True}
F_SHOP = {"key": "shop_name", "label": "店铺名称", "type": "text", "required": True}
F_ADDR = {"key": "shop_address", "label": "经营地址", "type": "text", "required": True}

RESULTS = {
    "SC-XK-001": "《营业执照》",
    "SC-XK-002": "《营业执照》（个体工商户）",
    "SC-XK-003": "《食品经营许可证》",
    "WJ-QR-001": "《出生医学证明》",
    "GA-QR-004": "居民户口簿（新生儿户口页）",
}

# code, name, type, dept, themes, kind, legal, promised, visits, online, keywords, summary,
# materials, form fields
MATTERS = [
    ("GA-QR-001", "居民身份证申领", "CONFIRMATION", "GA", ["household"], "PROMISED", 60, 20, 1,
     "WINDOW_ONLY", "办身份证 首次申领", "年满十六周岁的中国公民首次申领居民身份证。",
     [HUKOU, PHOTO], [F_NAME, F_ID]),
    ("GA-QR-002", "居民身份证补领", "CONFIRMATION", "GA", ["household"], "PROMISED", 60, 15, 1,
     "ONLINE_PREREVIEW", "身份证丢了 补办身份证", "居民身份证丢失后申请补领。",
     [HUKOU, PHOTO], [F_NAME, F_ID]),
    ("GA-QR-003", "居民身份证换领", "CONFIRMATION", "GA", ["household"], "PROMISED", 60, 15, 1,
     "ONLINE_PREREVIEW", "身份证到期 身份证过期", "居民身份证有效期满或损坏后申请换领。",
     [ID_CARD, PHOTO], [F_NAME, F_ID]),
    ("GA-QR-004", "出生登记", "CONFIRMATION", "GA", ["household", "birth"], "IMMEDIATE", 1, 1, 0,
     "FULL_ONLINE", "上户口 报户口 新生儿落户", "为新生儿办理户口登记。",
     [BIRTH_CERT, HUKOU, ID_CARD], [F_BABY, F_BIRTH, F_NAME, F_ID]),
    ("WJ-QR-001", "出生医学证明签发", "CONFIRMATION", "WJ", ["birth"], "IMMEDIATE", 1, 1, 0,
     "FULL_ONLINE", "出生证", "为在本区助产机构出生的新生儿签发《出生医学证明》。",
     [ID_CARD], [F_BABY, F_BIRTH, F_NAME, F_PHONE]),
    ("YB-GG-001", "新生儿参加城乡居民基本医疗保险登记", "PUBLIC_SERVICE", "YB", ["birth"],
     "IMMEDIATE", 5, 1, 0, "FULL_ONLINE", "宝宝医保 新生儿医保", "新生儿参保登记及缴费。",
     [BIRTH_CERT, HUKOU], [F_BABY, F_BIRTH, F_NAME, F_PHONE]),
    ("YB-JF-001", "生育津贴支付", "BENEFIT", "YB", ["birth"], "PROMISED", 20, 5, 0,
     "FULL_ONLINE", "产假工资", "参保职工生育后按规定享受生育津贴。", [ID_CARD], [F_NAME, F_ID]),
    ("SC-XK-001", "企业设立登记", "LICENSING", "SC", ["startup"], "PROMISED", 15, 1, 0,
     "FULL_ONLINE", "开公司 注册公司 办营业执照", "有限责任公司等企业的设立登记，领取营业执照。",
     [ID_CARD, PREMISES], [F_NAME, F_ID, F_PHONE]),
    ("SC-XK-002", "个体工商户注册登记", "LICENSING", "SC", ["startup"], "IMMEDIATE", 15, 1, 0,
     "FULL_ONLINE", "开店 个体户 营业执照", "个体工商户经营者申请注册登记，领取营业执照。",
     [ID_CARD, PREMISES], [F_NAME, F_ID, F_PHONE, F_SHOP, F_ADDR]),
    ("SC-XK-003", "食品经营许可", "LICENSING", "SC", ["permits"], "PROMISED", 20, 5, 1,
     "ONLINE_PREREVIEW", "开饭店 开餐馆 餐饮 小吃店", "从事餐饮服务、食品销售应当取得食品经营许可。",
     [LICENSE, ID_CARD, PREMISES, {"name": "食品安全管理制度"}], [F_NAME, F_PHONE, F_SHOP, F_ADDR]),
    ("XF-XK-001", "公众聚集场所投入使用、营业前消防安全检查", "LICENSING", "XF", ["permits"],
     "PROMISED", 10, 5, 1, "ONLINE_PREREVIEW", "消防检查", "公众聚集场所投入使用、营业前的消防安全检查。",
     [LICENSE, PREMISES], [F_NAME, F_PHONE, F_SHOP, F_ADDR]),
    ("JY-XK-001", "教师资格认定", "LICENSING", "JY", ["education"], "PROMISED", 30, 20, 1,
     "ONLINE_PREREVIEW", "考教师资格证", "申请人通过考试后申请认定教师资格。", [ID_CARD, PHOTO],
     [F_NAME, F_ID]),
    ("JY-QT-002", "教师资格证书补发换发", "OTHER_POWER", "JY", ["education"], "PROMISED", 20, 10,
     1, "ONLINE_PREREVIEW", "教师资格证丢失 教师资格证损坏", "教师资格证书遗失或损毁的补发、换发。",
     [ID_CARD], [F_NAME, F_ID]),
    ("RS-GG-001", "职工正常退休（职）申请", "PUBLIC_SERVICE", "RS", ["retire"], "PROMISED", 20, 10,
     1, "ONLINE_PREREVIEW", "办退休 领养老金", "达到法定退休年龄的参保职工办理退休，按月领取基本养老金。",
     [ID_CARD], [F_NAME, F_ID, F_PHONE]),
    ("ZR-QR-001", "不动产转移登记", "CONFIRMATION", "ZR", ["housing"], "PROMISED", 30, 5, 1,
     "ONLINE_PREREVIEW", "房屋过户 二手房 买房", "不动产买卖、赠与、继承等转移登记。", [ID_CARD],
     [F_NAME, F_ID, F_PHONE]),
]  # fmt: skip

BUNDLES = [
    ("newborn", "新生儿出生一件事", Audience.PERSON, "WJ", ["birth"], 5, 0,
     "新生儿出生后，出生医学证明、户口登记、医保参保一次办。", "生孩子 宝宝出生",
     ["WJ-QR-001", "GA-QR-004", "YB-GG-001"]),
    ("restaurant", "开办餐馆一件事", Audience.ENTERPRISE, "SC", ["startup", "permits"], 10, 1,
     "开办餐馆所需的营业执照、食品经营许可、消防检查一次办。", "开饭店 小吃店",
     ["SC-XK-002", "SC-XK-003", "XF-XK-001"]),
    ("company", "企业开办一件事", Audience.ENTERPRISE, "SC", ["startup"], 1, 0,
     "企业设立登记、公章刻制、发票申领一次办。", "开公司", ["SC-XK-001"]),
    ("retire", "退休一件事", Audience.PERSON, "RS", ["retire"], 10, 1,
     "职工退休、养老金核定与医保转移一次办。", "", ["RS-GG-001"]),
]  # fmt: skip


def matter_fields(code, name, matter_type, dept, kind, legal, promised, visits, online, **extra):
    fields = {
        "code": code,
        "name": name,
        "matter_type": matter_type,
        "department": dept,
        "implementing_body": dept.name,
        "legal_basis": "《中华人民共和国行政许可法》",
        "levels": [Level.COUNTY],
        "channels": [Channel.WINDOW, Channel.ONLINE],
        "online_level": online,
        "service_object": ServiceObject.ENTERPRISE if code.startswith("SC") else "PERSON",
        "kind": kind,
        "legal_limit_days": legal,
        "promised_limit_days": promised,
        "max_visits": visits,
        "handling_place": "平安区政务服务中心一楼综合窗口",
        "consult_phone": dept.phone,
        "complaint_phone": "12345",
        "result_name": RESULTS.get(code, "办理结果通知书"),
        "conditions": "符合法定条件的申请人。",
    }
    fields.update(extra)
    return fields


def steps(kind):
    out = [
        {"name": "申请", "description": "窗口或网上提交申请材料"},
        {"name": "受理", "description": "材料齐全、符合法定形式的予以受理", "usual_days": 1},
        {"name": "审查与决定", "description": "审查材料并作出决定", "usual_days": 2},
        {"name": "送达", "description": "窗口领取或邮寄送达"},
    ]
    if kind == MatterKind.PROMISED:
        out.append(
            {
                "name": "现场核查",
                "kind": StepKind.SPECIAL,
                "description": "必要时对经营场所进行现场核查",
                "usual_days": 5,
            }
        )
    return out


def make_catalog(actor=None) -> dict:
    """The district, its departments, themes, the matters above, bundles and one 一业一证."""
    district = Region.objects.create(code="330199", name="平安区", level=RegionLevel.DISTRICT)
    depts = {
        code: Department.objects.create(
            code=code, name=name, short_name=short, region=district, phone=phone, order=i
        )
        for i, (code, name, short, phone) in enumerate(DEPARTMENTS)
    }
    themes = {
        code: Theme.objects.create(code=code, name=name, audience=aud, order=i)
        for i, (code, name, aud) in enumerate(THEMES)
    }
    matters = {}
    for row in MATTERS:
        code, name, mtype, dept, tcodes, kind, legal, promised, visits, online = row[:10]
        keywords, summary, materials, form = row[10:]
        extra = {"keywords": keywords, "summary": summary, "form_fields": form}
        if code == "SC-XK-003":
            extra.update(
                is_free=False,
                fee_description="许可证工本费 10 元/证",
                fee_basis="《食品经营许可管理办法》",
            )
        data = MatterInput(
            fields=matter_fields(
                code, name, mtype, depts[dept], kind, legal, promised, visits, online, **extra
            ),
            materials=[dict(m) for m in materials],
            steps=steps(kind),
            themes=[themes[t] for t in tcodes],
        )
        matters[code] = matter_create(data=data, actor=actor, publish=True)
    # A sub-item: the renewal business of the food license.
    renew = MatterInput(
        fields=matter_fields(
            "SC-XK-003-02", "食品经营许可（延续）", "LICENSING", depts["SC"], "PROMISED", 20, 5, 1,
            "FULL_ONLINE", parent_code="SC-XK-003", business_kind=BusinessKind.RENEW,
            summary="食品经营许可证有效期届满需要继续经营的，申请延续。",
        ),
        materials=[dict(LICENSE)],
        steps=steps("PROMISED"),
        themes=[themes["permits"]],
    )  # fmt: skip
    matters[renew.fields["code"]] = matter_create(data=renew, actor=actor, publish=True)
    bundles = {}
    for code, name, aud, lead, tcodes, limit, visits, summary, keywords, codes in BUNDLES:
        fields = {
            "name": name,
            "audience": aud,
            "summary": summary,
            "lead_department": depts[lead],
            "promised_limit_days": limit,
            "max_visits": visits,
            "keywords": keywords,
        }
        bundles[code] = bundle_save(
            code=code,
            fields=fields,
            matter_codes=codes,
            themes=[themes[t] for t in tcodes],
            actor=actor,
        )
    license = IndustryLicense.objects.create(
        bundle=bundles["restaurant"],
        code="catering",
        industry="餐饮",
        license_name="餐饮行业综合许可证",
        summary="开办餐馆涉及的多项许可整合为一张行业综合许可证。",
    )
    return {
        "district": district,
        "departments": depts,
        "themes": themes,
        "matters": matters,
        "bundles": bundles,
        "license": license,
    }


def add_filler(catalog: dict, n: int, actor=None) -> None:
    """n more matters (and a bundle of them), to compare query counts at two sizes."""
    dept = catalog["departments"]["SC"]
    theme = catalog["themes"]["permits"]
    codes = []
    for i in range(n):
        code = f"FILL{n}-{i:03d}"
        data = MatterInput(
            fields=matter_fields(
                code, f"测试事项{i}", MatterType.FILING, dept, "PROMISED", 10, 5, 1, "WINDOW_ONLY"
            ),
            materials=[dict(ID_CARD), {"name": f"测试材料{i}"}],
            steps=steps("PROMISED"),
            themes=[theme],
        )
        matter_create(data=data, actor=actor, publish=True)
        codes.append(code)
    fields = {
        "name": f"测试一件事{n}",
        "audience": Audience.ENTERPRISE,
        "lead_department": dept,
        "promised_limit_days": 5,
    }
    bundle_save(code=f"fill-{n}", fields=fields, matter_codes=codes, themes=[theme], actor=actor)


@pytest.fixture
def fresh_search_index():
    """Rolled-back test data sends no signal: drop the in-memory index around a test."""
    search.invalidate()
    yield
    search.invalidate()
