"""一件事一次办 bundles and 一业一证 industry licenses of the demo district."""

from typing import NamedTuple

from ..choices import Audience


class BundleSpec(NamedTuple):
    code: str
    name: str
    audience: str
    lead: str  # Department.code
    promised: int  # the slowest item's promised limit: items are handled in parallel
    max_visits: int
    themes: tuple[str, ...]
    matters: tuple[str, ...]  # short matter codes, in the order the merged form shows them
    keywords: str
    summary: str


class IndustrySpec(NamedTuple):
    code: str
    bundle: str
    industry: str
    license_name: str
    summary: str


BUNDLES = (
    BundleSpec(
        "kaiban-canguan", "开办餐馆", Audience.ENTERPRISE, "SCJGJ", 5, 1,
        ("sheli-biangeng", "zhunying-zhunban"),
        ("XK-0301-01", "XK-0304-01", "XK-1501-00", "XK-2401-00", "GG-1901-00"),
        "开餐馆 开饭店 开饭馆 餐饮店 开小吃店 开面馆 开火锅店 开餐厅 开奶茶店 开串串店",
        "开办餐馆需要的营业执照、食品经营许可、店招设置、消防安全检查和税务报到，一张表单、一套材料、一窗受理，并联审批。",
    ),
    BundleSpec(
        "kaiban-chaoshi", "开办超市（便利店）", Audience.ENTERPRISE, "SCJGJ", 5, 1,
        ("sheli-biangeng", "zhunying-zhunban"),
        ("XK-0302-00", "XK-0304-01", "XK-2501-00", "XK-1501-00", "GG-1901-00"),
        "开超市 开便利店 开小卖部 开商店 开杂货店 开百货店 开零售店 开烟酒店",
        "开办超市、便利店需要的营业执照、食品经营许可、烟草专卖零售许可、店招设置和税务报到一次办。",
    ),
    BundleSpec(
        "kaiban-yaodian", "开办药店", Audience.ENTERPRISE, "SCJGJ", 10, 1,
        ("sheli-biangeng", "zhunying-zhunban"),
        ("XK-0302-00", "XK-0305-00", "BA-0301-00", "XK-1501-00", "GG-1901-00"),
        "开药店 开药房 开大药房 开连锁药店 卖药 开医药超市",
        "开办药品零售企业需要的营业执照、药品经营许可、第二类医疗器械经营备案、店招设置和税务报到一次办。",
    ),
    BundleSpec(
        "kaiban-binguan", "开办宾馆（民宿）", Audience.ENTERPRISE, "GAFJ", 10, 1,
        ("sheli-biangeng", "zhunying-zhunban"),
        ("XK-0301-01", "XK-0403-00", "XK-0701-00", "XK-2401-00", "GG-1901-00"),
        "开宾馆 开酒店 开旅馆 开民宿 开客栈 开招待所 开公寓酒店",
        "开办宾馆、民宿需要的营业执照、特种行业许可、公共场所卫生许可、消防安全检查和税务报到一次办。",
    ),
    BundleSpec(
        "xinshenger-chusheng", "新生儿出生", Audience.PERSON, "WJW", 5, 1,
        ("shengyu-shouyang", "huji"),
        ("GG-0701-00", "QR-0405-00", "GG-0601-00", "GG-0502-00", "GG-0703-00"),
        "生孩子 生小孩 宝宝出生 新生儿 出生一件事 娃娃出生 生娃 上户口 办出生证",
        "宝宝出生后的出生医学证明、户口登记、医保参保、社会保障卡和预防接种证，一次申请、结果寄递到家。",
    ),
    BundleSpec(
        "zhigong-tuixiu", "职工退休", Audience.PERSON, "RSJ", 5, 1,
        ("tuixiu-yanglao",),
        ("QR-0501-00", "JF-0501-00", "QR-0601-00", "GG-2601-00"),
        "退休 办退休 退休一件事 退休手续 领养老金 退休了要办什么 到龄退休 退休提取公积金",
        "职工退休审批、养老金申领、退休人员医保待遇核定和住房公积金退休提取一次办。",
    ),
    BundleSpec(
        "ershoufang-zhuanyi", "二手房转移登记及水电气联动过户", Audience.PERSON, "BDC", 3, 1,
        ("zhufang",),
        ("QT-1901-00", "QR-1102-00", "GG-1501-00"),
        "买卖二手房 过户 二手房过户 买二手房 卖房子 房屋买卖 二手房交易 房产过户 水电气过户",
        "二手房交易的契税申报、不动产转移登记和水电气联动过户，一窗受理、并行办理，最快当天领证。",
    ),
)  # fmt: skip

INDUSTRY_LICENSES = (
    IndustrySpec(
        "canyin", "kaiban-canguan", "餐饮", "餐饮行业综合许可证",
        "将开办餐馆涉及的多项许可信息集成到一张行业综合许可证，扫码即可查看各项许可。",
    ),
    IndustrySpec(
        "chaoshi", "kaiban-chaoshi", "超市便利店", "超市行业综合许可证",
        "集成食品经营许可、烟草专卖零售许可等信息，一证准营。",
    ),
    IndustrySpec(
        "yaodian", "kaiban-yaodian", "药品零售", "药品零售行业综合许可证",
        "集成药品经营许可、第二类医疗器械经营备案等信息，一证准营。",
    ),
    IndustrySpec(
        "binguan", "kaiban-binguan", "住宿（宾馆、民宿）", "旅馆业行业综合许可证",
        "集成特种行业许可、公共场所卫生许可、消防安全检查等信息，一证准营。",
    ),
)  # fmt: skip
