"""Reads of the public catalog. Each list costs a fixed number of queries."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, prefetch_related_objects

from onewindow.lib.errors import NotFound

from .choices import Audience, Level, MatterStatus, MatterType, RegionLevel
from .models import Bundle, Department, IndustryLicense, Matter, Region, Theme

_PUBLISHED = Q(matters__is_current=True, matters__status=MatterStatus.PUBLISHED)


def matters_published() -> QuerySet[Matter]:
    """Current published matters with what list rows show (department, themes)."""
    return (
        Matter.objects.published()
        .select_related("department")
        .prefetch_related("themes")
        .order_by("department__order", "code")
    )


def matter_list(
    *,
    department: str | None = None,
    theme: str | None = None,
    level: str | None = None,
    matter_type: str | None = None,
) -> QuerySet[Matter]:
    qs = matters_published()
    if department:
        qs = qs.filter(department__code=department)
    if theme:
        qs = qs.filter(themes__code=theme)
    if level:
        qs = qs.filter(levels__contains=level)
    if matter_type:
        qs = qs.filter(matter_type=matter_type)
    return qs


def _with_details(qs: QuerySet[Matter]) -> QuerySet[Matter]:
    return qs.select_related("department").prefetch_related(
        "materials", "steps", "themes", "co_departments"
    )


def matter_current(code: str) -> Matter:
    found = _with_details(Matter.objects.published().filter(code=code)).first()
    if found is None:
        raise NotFound(f"未找到事项 {code}", code="matter_not_found")
    return found


def matter_version(code: str, version: int) -> Matter:
    """Any public version (published, superseded or retired; never a draft)."""
    qs = Matter.objects.filter(code=code, version=version).exclude(status=MatterStatus.DRAFT)
    found = _with_details(qs).first()
    if found is None:
        raise NotFound(f"未找到事项 {code} 的第{version}版", code="matter_version_not_found")
    return found


def matter_versions(code: str) -> QuerySet[Matter]:
    return (
        Matter.objects.filter(code=code)
        .exclude(status=MatterStatus.DRAFT)
        .order_by("-version")
        .only("code", "version", "status", "is_current", "valid_from", "valid_to", "name")
    )


def matter_sub_items(matter: Matter) -> QuerySet[Matter]:
    return Matter.objects.published().filter(parent_code=matter.code).order_by("code")


def matter_parent(matter: Matter) -> Matter | None:
    if not matter.parent_code:
        return None
    return Matter.objects.published().filter(code=matter.parent_code).first()


def bundles_containing(matter: Matter) -> QuerySet[Bundle]:
    return Bundle.objects.filter(is_published=True, items__matter_code=matter.code).distinct()


def department_list() -> QuerySet[Department]:
    # Aggregating queries ignore Meta.ordering, hence the explicit order_by.
    return (
        Department.objects.filter(is_active=True)
        .annotate(matter_count=Count("matters", filter=_PUBLISHED))
        .order_by("order", "code")
    )


def department_get(code: str) -> Department:
    found = Department.objects.filter(code=code, is_active=True).first()
    if found is None:
        raise NotFound(f"未找到部门 {code}", code="department_not_found")
    return found


def group_by_type(matters) -> list[tuple[str, list[Matter]]]:
    """Matters grouped under their type's label, in the order the types are declared."""
    groups: dict[str, list[Matter]] = {}
    for m in matters:
        groups.setdefault(m.matter_type, []).append(m)
    return [(label, groups[value]) for value, label in MatterType.choices if value in groups]


def theme_list(audience: str | None = None) -> QuerySet[Theme]:
    qs = Theme.objects.annotate(
        matter_count=Count("matters", filter=_PUBLISHED, distinct=True),
    ).order_by("audience", "order", "code")
    return qs.filter(audience=audience) if audience else qs


def theme_get(code: str) -> Theme:
    found = Theme.objects.filter(code=code).first()
    if found is None:
        raise NotFound(f"未找到主题 {code}", code="theme_not_found")
    return found


def level_counts() -> list[tuple[str, str, int]]:
    """(value, label, number of current published matters) for each level, in one query."""
    counter: Counter[str] = Counter()
    for levels in Matter.objects.published().values_list("levels", flat=True):
        counter.update(Matter._meta.get_field("levels").to_python(levels))
    return [(value, label, counter[value]) for value, label in Level.choices]


def level_label(value: str) -> str:
    if value not in Level.values:
        raise NotFound(f"未知的行使层级 {value}", code="level_not_found")
    return Level(value).label


def catalog_counts() -> dict[str, int]:
    return {
        "matters": Matter.objects.published().count(),
        "departments": Department.objects.filter(is_active=True).count(),
        "bundles": Bundle.objects.filter(is_published=True).count(),
        "licenses": IndustryLicense.objects.filter(bundle__is_published=True).count(),
    }


def district_name() -> str:
    region = Region.objects.filter(level=RegionLevel.DISTRICT).order_by("code").first()
    return region.name if region else ""


# --- bundles and industry licenses ---------------------------------------------------


def bundle_list(audience: str | None = None) -> QuerySet[Bundle]:
    qs = (
        Bundle.objects.filter(is_published=True)
        .select_related("lead_department", "industry_license")
        .prefetch_related("themes")
        .annotate(matter_count=Count("items", distinct=True))
        .order_by("code")
    )
    return qs.filter(audience=audience) if audience else qs


def bundle_get(code: str) -> Bundle:
    found = (
        Bundle.objects.filter(code=code, is_published=True)
        .select_related("lead_department")
        .prefetch_related("themes", "items")
        .first()
    )
    if found is None:
        raise NotFound(f"未找到一件事 {code}", code="bundle_not_found")
    return found


def industry_license_list() -> QuerySet[IndustryLicense]:
    return (
        IndustryLicense.objects.filter(bundle__is_published=True)
        .select_related("bundle__lead_department")
        .annotate(matter_count=Count("bundle__items", distinct=True))
        .order_by("code")
    )


def industry_license_get(code: str) -> IndustryLicense:
    found = (
        IndustryLicense.objects.filter(code=code, bundle__is_published=True)
        .select_related("bundle__lead_department")
        .first()
    )
    if found is None:
        raise NotFound(f"未找到一业一证 {code}", code="license_not_found")
    return found


@dataclass
class MergedField:
    key: str
    label: str
    type: str
    required: bool
    options: list = field(default_factory=list)
    matters: list[Matter] = field(default_factory=list)


@dataclass
class MergedMaterial:
    key: str
    name: str
    required: bool
    is_core: bool
    form: str
    source: str
    notes: str
    copies: int
    template_url: str = ""
    sample_url: str = ""
    matters: list[Matter] = field(default_factory=list)
    # A matter earlier in the bundle whose result is this document (the business
    # licence issued in step one): the applicant need not bring it.
    produced_by: Matter | None = None


_BRACKETS = re.compile(r"[《》〈〉\s]|（[^）]*）|\([^)]*\)")


def _document_core(name: str) -> str:
    """ "《营业执照》（个体工商户）" → "营业执照": the document, without quotes or qualifiers."""
    return _BRACKETS.sub("", name or "")


def merged_form(matters: list[Matter]) -> list[MergedField]:
    """One form for the bundle: fields shared by several matters (same key) appear once,
    required when any matter requires them."""
    fields: dict[str, MergedField] = {}
    for m in matters:
        for spec in m.form_fields or []:
            key = spec.get("key")
            if not key:
                continue
            f = fields.get(key)
            if f is None:
                f = fields[key] = MergedField(
                    key=key,
                    label=spec.get("label") or key,
                    type=spec.get("type") or "text",
                    required=bool(spec.get("required")),
                    options=list(spec.get("options") or []),
                )
            f.required = f.required or bool(spec.get("required"))
            if m not in f.matters:
                f.matters.append(m)
    return list(fields.values())


def merged_materials(matters: list[Matter]) -> list[MergedMaterial]:
    """One material list for the bundle, de-duplicated by Material.merge_key."""
    merged: dict[str, MergedMaterial] = {}
    for m in matters:
        for mat in m.materials.all():
            item = merged.get(mat.merge_key)
            if item is None:
                item = merged[mat.merge_key] = MergedMaterial(
                    key=mat.merge_key,
                    name=mat.name,
                    required=mat.required,
                    is_core=mat.is_core,
                    form=mat.get_form_display(),
                    source=mat.get_source_display(),
                    notes=mat.notes,
                    copies=mat.copies,
                    template_url=mat.template.url if mat.template else "",
                    sample_url=mat.sample.url if mat.sample else "",
                )
            item.required = item.required or mat.required
            item.is_core = item.is_core or mat.is_core
            item.copies = max(item.copies, mat.copies)
            if m not in item.matters:
                item.matters.append(m)
    _mark_produced_inside(matters, merged.values())
    return list(merged.values())


def _mark_produced_inside(matters: list[Matter], materials) -> None:
    position = {m.pk: i for i, m in enumerate(matters)}
    for item in materials:
        name = _document_core(item.name)
        first_use = min(position[m.pk] for m in item.matters)
        for producer in matters[:first_use]:
            result = _document_core(producer.result_name)
            if len(result) >= 3 and result in name:
                item.produced_by = producer
                break


@dataclass
class BundleDetail:
    bundle: Bundle
    matters: list[Matter]
    form: list[MergedField]
    materials: list[MergedMaterial]

    def __getattr__(self, name):
        # Reads the bundle's own fields through the detail (the API schema relies on it).
        if name == "bundle":  # not yet set (copy, pickle): no recursion
            raise AttributeError(name)
        return getattr(self.bundle, name)


def bundle_detail(code: str) -> BundleDetail:
    bundle = bundle_get(code)
    matters = bundle.current_matters()
    prefetch_related_objects(matters, "themes")
    return BundleDetail(bundle, matters, merged_form(matters), merged_materials(matters))

    return list(Audience.choices)
