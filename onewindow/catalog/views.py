"""The public catalog pages (办事指南), all readable without logging in."""

from functools import wraps

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from onewindow.lib.errors import NotFound

from . import search as catalog_search
from . import selectors
from .choices import Audience, Level, MatterType

MATTERS_PER_PAGE = 30
AUDIENCE_TITLES = [(Audience.PERSON, "个人办事"), (Audience.ENTERPRISE, "企业办事")]
SEARCH_SUGGESTIONS = ["开餐馆", "办营业执照", "身份证丢了", "生孩子要办什么", "退休", "过户"]


def _not_found_is_404(view):
    """Selectors raise the domain NotFound (which the API answers as JSON); pages want 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc

    return wrapper


# Which item of the main navigation each page belongs to (base.html highlights it).
NAV_OF_PAGE = {
    "home": "home",
    "bundles": "bundles",
    "bundle": "bundles",
    "licenses": "licenses",
    "license": "licenses",
    "search": "",
}


def _render(request, template: str, context: dict):
    url_name = request.resolver_match.url_name if request.resolver_match else ""
    context.setdefault("nav", NAV_OF_PAGE.get(url_name, "matters"))
    return render(request, template, context)


def home(request):
    themes = list(selectors.theme_list())
    return _render(
        request,
        "catalog/home.html",
        {
            "person_themes": [t for t in themes if t.audience == Audience.PERSON],
            "enterprise_themes": [t for t in themes if t.audience == Audience.ENTERPRISE],
            "bundles": list(selectors.bundle_list()[:6]),
            "departments": selectors.department_list(),
            "levels": [lv for lv in selectors.level_counts() if lv[2]],
            "counts": selectors.catalog_counts(),
            "suggestions": SEARCH_SUGGESTIONS[:5],
        },
    )


def matter_index(request):
    """事项目录: every current matter, filterable by department, theme, level and type."""
    filters = {
        "department": request.GET.get("department") or None,
        "theme": request.GET.get("theme") or None,
        "level": request.GET.get("level") if request.GET.get("level") in Level.values else None,
        "matter_type": request.GET.get("type")
        if request.GET.get("type") in MatterType.values
        else None,
    }
    page = Paginator(selectors.matter_list(**filters), MATTERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return _render(
        request,
        "catalog/matter_index.html",
        {
            "page": page,
            "filters": filters,
            "querystring": query.urlencode(),
            "departments": selectors.department_list(),
            "themes": selectors.theme_list(),
            "levels": Level.choices,
            "types": MatterType.choices,
        },
    )


def department_index(request):
    return _render(
        request, "catalog/department_index.html", {"departments": selectors.department_list()}
    )


@_not_found_is_404
def department_detail(request, code):
    department = selectors.department_get(code)
    matters = selectors.matter_list(department=code)
    bundles = selectors.bundle_list().filter(lead_department=department)
    return _render(
        request,
        "catalog/department_detail.html",
        {
            "department": department,
            "groups": selectors.group_by_type(matters),
            "bundles": bundles,
        },
    )


def theme_index(request):
    themes = list(selectors.theme_list())
    return _render(
        request,
        "catalog/theme_index.html",
        {
            "person_themes": [t for t in themes if t.audience == Audience.PERSON],
            "enterprise_themes": [t for t in themes if t.audience == Audience.ENTERPRISE],
        },
    )


@_not_found_is_404
def theme_detail(request, code):
    theme = selectors.theme_get(code)
    return _render(
        request,
        "catalog/theme_detail.html",
        {
            "theme": theme,
            "bundles": selectors.bundle_list().filter(themes=theme),
            "groups": selectors.group_by_type(selectors.matter_list(theme=code)),
        },
    )


@_not_found_is_404
def level_detail(request, level):
    label = selectors.level_label(level)
    return _render(
        request,
        "catalog/level_detail.html",
        {
            "level_label": label,
            "level": level,
            "levels": selectors.level_counts(),
            "groups": selectors.group_by_type(selectors.matter_list(level=level)),
        },
    )


@_not_found_is_404
def matter_detail(request, code, version=None):
    if version is None:
        matter = selectors.matter_current(code)
    else:
        matter = selectors.matter_version(code, version)
    versions = list(selectors.matter_versions(code))
    current = next((v for v in versions if v.is_current), None)
    return _render(
        request,
        "catalog/matter_detail.html",
        {
            "matter": matter,
            "materials": matter.materials.all(),
            "process_steps": [s for s in matter.steps.all() if s.kind == "PROCESS"],
            "special_steps": [s for s in matter.steps.all() if s.kind == "SPECIAL"],
            "versions": versions,
            "current": current,
            "is_current": matter.is_current and matter.status == "PUBLISHED",
            "sub_items": selectors.matter_sub_items(matter),
            "parent": selectors.matter_parent(matter),
            "bundles": selectors.bundles_containing(matter),
            "compression": matter.compression_rate,
            "saved_days": matter.legal_limit_days - matter.promised_limit_days,
        },
    )


def bundle_index(request):
    bundles = list(selectors.bundle_list())
    groups = [
        (label, [b for b in bundles if b.audience == value]) for value, label in AUDIENCE_TITLES
    ]
    return _render(request, "catalog/bundle_index.html", {"groups": [g for g in groups if g[1]]})


@_not_found_is_404
def bundle_detail(request, code):
    detail = selectors.bundle_detail(code)
    license = getattr(detail.bundle, "industry_license", None)
    return _render(request, "catalog/bundle_detail.html", {"d": detail, "license": license})


def license_index(request):
    return _render(
        request, "catalog/license_index.html", {"licenses": selectors.industry_license_list()}
    )


@_not_found_is_404
def license_detail(request, code):
    lic = selectors.industry_license_get(code)
    detail = selectors.bundle_detail(lic.bundle.code)
    return _render(request, "catalog/license_detail.html", {"license": lic, "d": detail})


def search(request):
    query = request.GET.get("q", "").strip()[:100]
    hits = catalog_search.search(query, limit=30) if query else []
    return _render(
        request,
        "catalog/search.html",
        {"query": query, "hits": hits, "suggestions": SEARCH_SUGGESTIONS},
    )
