"""The public read API of the catalog: every operation is open (auth=None)."""

from datetime import date

from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from onewindow.lib.pagination import Pages

from . import search as catalog_search
from . import selectors
from .choices import Audience, Level, MatterType

router = Router(tags=["事项目录"])


class DepartmentRef(Schema):
    code: str
    name: str
    short_name: str


class MatterItem(Schema):
    code: str
    version: int
    name: str
    matter_type: str
    matter_type_label: str
    department: DepartmentRef
    kind: str
    service_object: str
    levels: list[str]
    online_level: str
    legal_limit_days: int
    promised_limit_days: int
    max_visits: int
    is_free: bool
    badges: list[str]
    themes: list[str]
    url: str

    @staticmethod
    def resolve_matter_type_label(obj):
        return obj.get_matter_type_display()

    @staticmethod
    def resolve_themes(obj):
        return [t.code for t in obj.themes.all()]

    @staticmethod
    def resolve_url(obj):
        return reverse("catalog:matter", args=[obj.code])


class MaterialOut(Schema):
    name: str
    shared_code: str
    required: bool
    is_core: bool
    form: str
    medium: str
    copies: int
    source: str
    source_note: str
    notes: str
    template_url: str = ""
    sample_url: str = ""

    @staticmethod
    def resolve_template_url(obj):
        return obj.template.url if obj.template else ""

    @staticmethod
    def resolve_sample_url(obj):
        return obj.sample.url if obj.sample else ""


class StepOut(Schema):
    kind: str
    name: str
    description: str
    usual_days: int


class MatterDetail(MatterItem):
    status: str
    is_current: bool
    valid_from: date | None
    valid_to: date | None
    implementing_body: str
    legal_basis: str
    parent_code: str
    business_kind: str
    channels: list[str]
    summary: str
    conditions: str
    fee: str = Field(..., alias="fee_display")
    fee_basis: str
    handling_place: str
    consult_phone: str
    complaint_phone: str
    result_name: str
    compression_rate: float | None
    form_fields: list[dict]
    co_departments: list[DepartmentRef]
    materials: list[MaterialOut]
    steps: list[StepOut]

    @staticmethod
    def resolve_co_departments(obj):
        return list(obj.co_departments.all())

    @staticmethod
    def resolve_materials(obj):
        return list(obj.materials.all())

    @staticmethod
    def resolve_steps(obj):
        return list(obj.steps.all())


class VersionOut(Schema):
    version: int
    status: str
    is_current: bool
    valid_from: date | None
    valid_to: date | None
    url: str

    @staticmethod
    def resolve_url(obj):
        return reverse("catalog:matter_version", args=[obj.code, obj.version])


class DepartmentOut(Schema):
    code: str
    name: str
    short_name: str
    phone: str
    address: str
    matter_count: int


class ThemeOut(Schema):
    code: str
    name: str
    audience: str
    description: str
    matter_count: int


class BundleOut(Schema):
    code: str
    name: str
    audience: str
    summary: str
    lead_department: DepartmentRef
    promised_limit_days: int
    max_visits: int
    themes: list[str]
    url: str

    @staticmethod
    def resolve_themes(obj):
        return [t.code for t in obj.themes.all()]

    @staticmethod
    def resolve_url(obj):
        return reverse("catalog:bundle", args=[obj.code])


class BundleListItem(BundleOut):
    matter_count: int
    industry_license: str | None = None

    @staticmethod
    def resolve_industry_license(obj):
        lic = getattr(obj, "industry_license", None)
        return lic.code if lic else None


class MergedFieldOut(Schema):
    key: str
    label: str
    type: str
    required: bool
    options: list
    matters: list[str]

    @staticmethod
    def resolve_matters(obj):
        return [m.code for m in obj.matters]


class MergedMaterialOut(Schema):
    key: str
    name: str
    required: bool
    is_core: bool
    form: str
    source: str
    notes: str
    copies: int
    template_url: str
    sample_url: str
    matters: list[str]
    produced_by: str | None = Field(None, description="本件事中核发该材料的事项编码，无需另行提交")

    @staticmethod
    def resolve_matters(obj):
        return [m.code for m in obj.matters]

    @staticmethod
    def resolve_produced_by(obj):
        return obj.produced_by.code if obj.produced_by else None


class BundleDetailOut(BundleOut):
    matters: list[MatterItem]
    form: list[MergedFieldOut]
    materials: list[MergedMaterialOut]


class LicenseOut(Schema):
    code: str
    industry: str
    license_name: str
    validity_years: int
    summary: str
    bundle: str
    matter_count: int
    url: str

    @staticmethod
    def resolve_bundle(obj):
        return obj.bundle.code

    @staticmethod
    def resolve_url(obj):
        return reverse("catalog:license", args=[obj.code])


class SearchHitOut(Schema):
    kind: str
    kind_label: str
    code: str
    name: str
    score: float
    url: str
    department: str
    badges: list[str]

    @staticmethod
    def resolve_code(hit):
        return hit.object.code

    @staticmethod
    def resolve_department(hit):
        return hit.department.name if hit.department else ""


class MatterFilters(Schema):
    department: str | None = Field(None, description="部门编码")
    theme: str | None = Field(None, description="主题编码")
    level: Level | None = Field(None, description="行使层级")
    type: MatterType | None = Field(None, description="事项类型")
    q: str | None = Field(None, max_length=100, description="按群众说法检索，结果按相关度排序")


@router.get("/matters", response=list[MatterItem], auth=None, summary="事项列表")
@paginate(Pages, page_size=20, max_page_size=100)
def list_matters(request, filters: Query[MatterFilters]):
    qs = selectors.matter_list(
        department=filters.department,
        theme=filters.theme,
        level=filters.level,
        matter_type=filters.type,
    )
    if not filters.q:
        return qs
    ranked = [h.object.code for h in catalog_search.search(filters.q, 200, kinds=("matter",))]
    rank = {code: i for i, code in enumerate(ranked)}
    return sorted(qs.filter(code__in=ranked), key=lambda m: rank[m.code])


@router.get("/matters/{code}", response=MatterDetail, auth=None, summary="事项办事指南（现行版本）")
def get_matter(request, code: str):
    return selectors.matter_current(code)


@router.get("/matters/{code}/versions", response=list[VersionOut], auth=None, summary="事项版本")
def list_versions(request, code: str):
    versions = list(selectors.matter_versions(code))
    if not versions:
        selectors.matter_current(code)  # raises the 404
    return versions


@router.get("/departments", response=list[DepartmentOut], auth=None, summary="部门")
def list_departments(request):
    return selectors.department_list()


@router.get("/themes", response=list[ThemeOut], auth=None, summary="主题")
def list_themes(request, audience: Audience | None = None):
    return selectors.theme_list(audience)


@router.get("/bundles", response=list[BundleListItem], auth=None, summary="一件事一次办")
def list_bundles(request, audience: Audience | None = None):
    return selectors.bundle_list(audience)


@router.get("/bundles/{code}", response=BundleDetailOut, auth=None, summary="一件事详情")
def get_bundle(request, code: str):
    return selectors.bundle_detail(code)


@router.get("/industry-licenses", response=list[LicenseOut], auth=None, summary="一业一证")
def list_licenses(request):
    return selectors.industry_license_list()


@router.get("/search", response=list[SearchHitOut], auth=None, summary="按群众说法检索")
def search(request, q: str = Query(..., max_length=100), limit: int = Query(10, ge=1, le=50)):
    return catalog_search.search(q, limit)
