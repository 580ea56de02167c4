"""Catalog search: what people type ("开餐馆", "身份证丢了") to bundles, licenses and matters.

The public catalog is small (hundreds of entries), so every process keeps an
in-memory index of the current published matters, the published bundles and their
industry licenses, scored with onewindow.lib.search. The index is rebuilt when the
catalog changes: post_save/post_delete signals (connected below, at import) drop
it in this process at once, and a one-query fingerprint of the catalog tables,
checked on every search, catches changes made by other processes.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import reverse

from onewindow.lib import search as text

from .choices import MatterStatus, MaxVisits
from .models import Bundle, BundleItem, Department, IndustryLicense, Material, Matter, Theme

# Colloquial phrase -> the official words a catalog uses for it. Keys are matched in
# the query before stop words are removed, longest first.
_LOST = ("丢失", "遗失", "补领", "补办", "补发", "挂失")
_RENEW = ("换领", "换发", "换证", "延续", "有效期")
_BIRTH = ("出生", "新生儿", "生育")
_RESTAURANT = ("餐饮", "餐馆", "饭店", "食品经营")
_COMPANY = ("企业开办", "设立登记", "营业执照", "市场主体")
SYNONYMS: dict[str, tuple[str, ...]] = {
    "餐馆": _RESTAURANT,
    "饭店": _RESTAURANT,
    "饭馆": _RESTAURANT,
    "餐厅": _RESTAURANT,
    "小吃店": ("小餐饮", *_RESTAURANT),
    "奶茶店": ("饮品", *_RESTAURANT),
    "卖吃的": ("食品经营", "食品销售"),
    "开店": ("个体工商户", "设立登记", "营业执照"),
    "开公司": _COMPANY,
    "注册公司": _COMPANY,
    "办公司": _COMPANY,
    "营业执照": ("营业执照", "设立登记", "市场主体", "个体工商户"),
    "个体户": ("个体工商户",),
    "关公司": ("注销登记", "企业注销"),
    "生孩子": _BIRTH,
    "生小孩": _BIRTH,
    "生娃": _BIRTH,
    "宝宝": ("新生儿", "出生"),
    "婴儿": ("新生儿", "出生"),
    "上户口": ("出生登记", "户口登记", "户籍"),
    "报户口": ("出生登记", "户口登记", "户籍"),
    "户口本": ("户口簿", "户籍"),
    "丢了": _LOST,
    "丢失": _LOST,
    "遗失": _LOST,
    "不见了": _LOST,
    "掉了": _LOST,
    "弄丢": _LOST,
    "坏了": ("损坏", "换领", "换发"),
    "换证": _RENEW,
    "换新": _RENEW,
    "到期": _RENEW,
    "过期": _RENEW,
    "过户": ("转移登记", "不动产"),
    "买房": ("转移登记", "不动产", "商品房"),
    "房产证": ("不动产权证书", "不动产登记"),
    "退休": ("退休", "养老金", "养老保险"),
    "养老金": ("基本养老金", "退休"),
    "结婚": ("结婚登记", "婚姻登记"),
    "离婚": ("离婚登记", "婚姻登记"),
    "失业": ("失业保险金", "失业登记"),
    "找工作": ("就业", "求职登记"),
    "医保": ("医疗保障", "医疗保险", "参保"),
    "社保": ("社会保险", "参保"),
    "低保": ("最低生活保障",),
    "去世": ("死亡", "丧葬", "身后"),
    "过世": ("死亡", "丧葬", "身后"),
    "驾照": ("驾驶证",),
    "上学": ("入学", "义务教育"),
}

# Questions about a whole life event ("生孩子要办什么") want a bundle, not one matter.
LIFE_EVENT_MARKERS = ("什么", "哪些", "一件事", "一次办", "全部", "都要")
KIND_BOOST = {"bundle": 1.15, "license": 1.05, "matter": 1.0}
LIFE_EVENT_BUNDLE_BOOST = 1.5
# Hits below either bound are noise: a shared material name, a stray character.
MIN_SCORE = 1.0
MIN_SHARE_OF_TOP = 0.35

KIND_LABELS = {"bundle": "一件事", "license": "一业一证", "matter": "事项"}

# Field weights: the name says what a thing is; keywords are the public's own words.
W_NAME, W_KEYWORDS, W_THEMES, W_MEMBERS, W_SUMMARY, W_MATERIALS = 3.0, 2.5, 1.5, 1.2, 1.0, 0.5


@dataclass(frozen=True)
class Entry:
    kind: str
    obj: object
    url: str
    name: str
    summary: str
    department: Department | None
    badges: tuple[str, ...]
    doc: text.Document = field(compare=False, repr=False)


@dataclass(frozen=True)
class Hit:
    kind: str
    object: object
    score: float
    url: str
    name_parts: list[tuple[str, bool]]
    snippet: list[tuple[str, bool]]
    department: Department | None
    badges: tuple[str, ...]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def name(self) -> str:
        return "".join(part for part, _ in self.name_parts)


def _bundle_badges(bundle: Bundle) -> tuple[str, ...]:
    if bundle.max_visits == MaxVisits.ZERO:
        return ("零跑动",)
    if bundle.max_visits == MaxVisits.ONE:
        return ("只跑一次",)
    return ()


def _build() -> list[Entry]:
    matters = list(
        Matter.objects.published()
        .select_related("department")
        .prefetch_related("themes", "materials")
        .order_by("code")
    )
    by_code = {m.code: m for m in matters}
    entries = []
    for m in matters:
        doc = text.Document.build(
            [
                (m.name, W_NAME),
                (m.keywords, W_KEYWORDS),
                (" ".join(t.name for t in m.themes.all()), W_THEMES),
                (m.summary, W_SUMMARY),
                (m.department.name, W_SUMMARY),
                (" ".join(x.name for x in m.materials.all()), W_MATERIALS),
            ]
        )
        url = reverse("catalog:matter", args=[m.code])
        entries.append(
            Entry("matter", m, url, m.name, m.summary, m.department, tuple(m.badges), doc)
        )
    bundles = (
        Bundle.objects.filter(is_published=True)
        .select_related("lead_department")
        .prefetch_related("themes", "items")
    )
    licenses = {
        lic.bundle_id: lic
        for lic in IndustryLicense.objects.filter(bundle__is_published=True).select_related(
            "bundle"
        )
    }
    for b in bundles:
        members = [by_code[i.matter_code] for i in b.items.all() if i.matter_code in by_code]
        member_names = " ".join(m.name for m in members)
        themes = " ".join(t.name for t in b.themes.all())
        doc = text.Document.build(
            [
                (b.name, W_NAME),
                (b.keywords, W_KEYWORDS),
                (themes, W_THEMES),
                (member_names, W_MEMBERS),
                (b.summary, W_SUMMARY),
            ]
        )
        url = reverse("catalog:bundle", args=[b.code])
        badges = _bundle_badges(b)
        entries.append(Entry("bundle", b, url, b.name, b.summary, b.lead_department, badges, doc))
        lic = licenses.get(b.id)
        if lic is not None:
            doc = text.Document.build(
                [
                    (f"{lic.license_name} {lic.industry}", W_NAME),
                    (b.keywords, W_KEYWORDS),
                    (themes, W_THEMES),
                    (member_names, W_MEMBERS),
                    (lic.summary or b.summary, W_SUMMARY),
                ]
            )
            url = reverse("catalog:license", args=[lic.code])
            summary = lic.summary or b.summary
            entries.append(
                Entry(
                    "license", lic, url, lic.license_name, summary, b.lead_department, badges, doc
                )
            )
    return entries


# --- the per-process index and its invalidation ---------------------------------

_lock = threading.Lock()
_index: tuple[object, list[Entry]] | None = None
_generation = 0


def invalidate(**_kwargs) -> None:
    """Drops the index of this process; the next search rebuilds it."""
    global _generation
    _generation += 1


def _fingerprint() -> tuple:
    """One cheap query whose answer changes whenever the public catalog may have:
    matters (every service write touches updated_at), bundles (bundle_save recreates
    the items, so their max id moves) and industry licenses."""
    m, b, bi, il = (
        connection.ops.quote_name(model._meta.db_table)
        for model in (Matter, Bundle, BundleItem, IndustryLicense)
    )
    sql = (
        f"SELECT (SELECT COUNT(*) FROM {m}), (SELECT MAX(updated_at) FROM {m}),"
        f" (SELECT COUNT(*) FROM {m} WHERE status = %s),"
        f" (SELECT COUNT(*) FROM {b} WHERE is_published = %s), (SELECT MAX(id) FROM {bi}),"
        f" (SELECT COUNT(*) FROM {il}), (SELECT MAX(id) FROM {il})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [MatterStatus.PUBLISHED.value, True])
        return (_generation, *cursor.fetchone())


def entries() -> list[Entry]:
    global _index
    key = _fingerprint()
    current = _index
    if current is not None and current[0] == key:
        return current[1]
    with _lock:
        if _index is None or _index[0] != key:
            _index = (key, _build())
        return _index[1]


for _model in (Matter, Material, Bundle, BundleItem, IndustryLicense, Theme, Department):
    post_save.connect(invalidate, sender=_model, dispatch_uid=f"catalog-search-save-{_model}")
    post_delete.connect(invalidate, sender=_model, dispatch_uid=f"catalog-search-del-{_model}")
for _through in (Matter.themes.through, Bundle.themes.through):
    m2m_changed.connect(invalidate, sender=_through, dispatch_uid=f"catalog-search-m2m-{_through}")


# --- searching --------------------------------------------------------------------


def parse(query: str) -> text.ParsedQuery:
    return text.parse_query(query, synonyms=SYNONYMS)


def search(query: str, limit: int = 20, kinds: tuple[str, ...] | None = None) -> list[Hit]:
    """Ranked hits for what a person typed; bundles first for life-event questions."""
    parsed = parse(query)
    if not parsed:
        return []
    life_event = any(marker in parsed.text for marker in LIFE_EVENT_MARKERS)
    scored = []
    for entry in entries():
        if kinds and entry.kind not in kinds:
            continue
        value = text.score(parsed, entry.doc)
        if value <= 0:
            continue
        value *= KIND_BOOST[entry.kind]
        if life_event and entry.kind == "bundle":
            value *= LIFE_EVENT_BUNDLE_BOOST
        scored.append((value, entry))
    if not scored:
        return []
    # Stable order for equal scores: bundles, then licenses, then matters, by name.
    order = {"bundle": 0, "license": 1, "matter": 2}
    scored.sort(key=lambda s: (-s[0], order[s[1].kind], s[1].name))
    floor = max(MIN_SCORE, scored[0][0] * MIN_SHARE_OF_TOP)
    # A lone character ("开" of "开餐馆") highlighted everywhere is noise.
    terms = [t for t in parsed.terms if len(t) > 1] or parsed.terms
    return [
        Hit(
            kind=e.kind,
            object=e.obj,
            score=round(value, 3),
            url=e.url,
            name_parts=text.highlight(e.name, terms),
            snippet=text.highlight(e.summary, terms, width=90),
            department=e.department,
            badges=e.badges,
        )
        for value, e in scored[:limit]
        if value >= floor
    ]
