"""Loads the demo district. Safe to run again: every row is found by its natural key first.

Reference data (regions, departments, themes, places, users) is written with the
ORM in bulk; matters and bundles go through the catalog services so that they
are validated and audited like any other catalog change.
"""

from collections import Counter
from dataclasses import replace

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from onewindow.accounts.models import ApplicantAccount, StaffProfile
from onewindow.accounts.roles import Role
from onewindow.accounts.services import roles_ensure

from .. import services
from ..choices import Level, RegionLevel, ServicePointKind, StepKind, WindowKind
from ..models import (
    Bundle,
    Department,
    IndustryLicense,
    Matter,
    Region,
    Section,
    ServicePoint,
    Theme,
    Window,
)
from . import (
    matters_city_rural,
    matters_construction,
    matters_enterprise,
    matters_health_edu,
    matters_identity,
    matters_market,
    matters_social,
    matters_welfare,
)
from .bundles import BUNDLES, INDUSTRY_LICENSES
from .common import MatterSpec, full_code, process_steps
from .departments import DEPARTMENTS
from .places import ALL_POINTS, OUTLET_MATTERS
from .regions import DISTRICT, TOWNS
from .themes import THEMES
from .users import APPLICANTS, DEMO_PASSWORD, STAFF

ALL_MATTERS: tuple[MatterSpec, ...] = (
    *matters_identity.MATTERS,
    *matters_social.MATTERS,
    *matters_welfare.MATTERS,
    *matters_health_edu.MATTERS,
    *matters_market.MATTERS,
    *matters_enterprise.MATTERS,
    *matters_construction.MATTERS,
    *matters_city_rural.MATTERS,
)

# A few matters get a second version when they are first loaded, so that the demo
# shows a version history: (short code, changed fields).
REVISIONS = (
    ("XK-0304-01", {"promised_limit_days": 3}),
    (
        "QR-0401-00",
        {
            "conditions": "具有本区常住户口的公民；有效期满前三个月内可申请；外省市户籍公民可在本区跨省通办换领，"
            "也可通过“渝快办”预约并选择邮寄送达。",
            "keywords": "身份证到期 换身份证 身份证过期 身份证换证 身份证有效期满 身份证坏了 身份证消磁 "
            "换二代证 身份证换领 改名换证 异地换身份证 跨省换身份证",
        },
    ),
    (
        "GG-0601-00",
        {
            "summary": "未参加职工医保的城乡居民按年度参加城乡居民基本医疗保险并缴纳个人缴费；"
            "集中缴费期内缴费的次年1月1日起享受待遇，新生儿、退役军人等可随时参保、即时享受。",
        },
    ),
)


def load_demo() -> Counter:
    """Creates whatever part of the demo district is missing; returns what it created."""
    created: Counter = Counter()
    with transaction.atomic():
        roles_ensure()
        regions = _regions(created)
        departments = _departments(regions, created)
        themes = _themes(created)
        new_codes = _matters(departments, themes, created)
        _revise(new_codes, departments, themes, created)
        _service_points(regions, departments, themes, created)
        _bundles(departments, themes, created)
        _users(regions, departments, created)
    return +created  # drops the zero counts


def _ensure(model, key: str, rows: list[dict], created: Counter, label: str) -> dict:
    """Creates the rows whose natural key is missing and returns all of them by key."""
    keys = [row[key] for row in rows]
    existing = model.objects.in_bulk(keys, field_name=key)
    missing = [model(**row) for row in rows if row[key] not in existing]
    if missing:
        model.objects.bulk_create(missing)
        created[label] += len(missing)
        existing = model.objects.in_bulk(keys, field_name=key)
    return existing


def _regions(created: Counter) -> dict[str, Region]:
    code, name = DISTRICT
    regions = _ensure(
        Region, "code", [dict(code=code, name=name, level=RegionLevel.DISTRICT)], created, "区划"
    )
    town_rows = [
        dict(code=t_code, name=t_name, level=RegionLevel.TOWN, parent=regions[code])
        for t_code, t_name, _ in TOWNS
    ]
    regions |= _ensure(Region, "code", town_rows, created, "区划")
    village_rows = [
        dict(code=v_code, name=v_name, level=RegionLevel.VILLAGE, parent=regions[t_code])
        for t_code, _, villages in TOWNS
        for v_code, v_name in villages
    ]
    return regions | _ensure(Region, "code", village_rows, created, "区划")


def _departments(regions: dict[str, Region], created: Counter) -> dict[str, Department]:
    district = regions[DISTRICT[0]]
    rows = [
        dict(
            code=d.code,
            name=d.name,
            short_name=d.short_name,
            region=district,
            phone=d.phone,
            address=d.address,
            order=i * 10,
        )
        for i, d in enumerate(DEPARTMENTS, start=1)
    ]
    departments = _ensure(Department, "code", rows, created, "部门")
    have = set(Section.objects.values_list("department_id", "name"))
    missing = [
        Section(department=departments[d.code], name=name, duties=duties, phone=d.phone)
        for d in DEPARTMENTS
        for name, duties in d.sections
        if (departments[d.code].pk, name) not in have
    ]
    Section.objects.bulk_create(missing)
    created["科室"] += len(missing)
    return departments


def _themes(created: Counter) -> dict[str, Theme]:
    rows = [
        dict(code=code, name=name, audience=audience, description=description, order=i * 10)
        for i, (code, name, audience, description) in enumerate(THEMES, start=1)
    ]
    return _ensure(Theme, "code", rows, created, "主题")


_DEPARTMENT_DATA = {d.code: d for d in DEPARTMENTS}


def _matter_input(spec: MatterSpec, departments, themes) -> services.MatterInput:
    desk = _DEPARTMENT_DATA[spec.department]
    department = departments[spec.department]
    fields = dict(spec.fields, department=department)
    # Guides name the hall desk, phone and body of the department unless the matter says otherwise.
    fields["implementing_body"] = fields["implementing_body"] or department.name
    fields["handling_place"] = fields["handling_place"] or desk.desk
    fields["consult_phone"] = fields["consult_phone"] or department.phone
    return services.MatterInput(
        fields=fields,
        materials=[dict(m) for m in spec.materials],
        steps=[dict(s) for s in spec.steps],
        themes=[themes[c] for c in spec.themes],
        co_departments=[departments[c] for c in spec.co_departments],
    )


def _matters(departments, themes, created: Counter) -> set[str]:
    codes = [spec.code for spec in ALL_MATTERS]
    existing = set(Matter.objects.filter(code__in=codes).values_list("code", flat=True))
    new_codes = set()
    for spec in ALL_MATTERS:
        if spec.code in existing:
            continue
        services.matter_create(
            data=_matter_input(spec, departments, themes), actor=None, publish=True
        )
        new_codes.add(spec.code)
    created["事项"] += len(new_codes)
    return new_codes


def _revise(new_codes: set[str], departments, themes, created: Counter) -> None:
    specs = {spec.code: spec for spec in ALL_MATTERS}
    for short, changes in REVISIONS:
        code = full_code(short)
        if code not in new_codes:  # revised once, on the load that created it
            continue
        spec = specs[code]
        promised = changes.get("promised_limit_days", spec.fields["promised_limit_days"])
        # The process steps spread the promised days, so they follow a new limit.
        specials = [s for s in spec.steps if s["kind"] != StepKind.PROCESS]
        spec = replace(
            spec, fields={**spec.fields, **changes}, steps=process_steps(promised) + specials
        )
        current = Matter.objects.get(code=code, is_current=True)
        services.matter_revise(
            matter=current,
            changes=changes,
            actor=None,
            data=_matter_input(spec, departments, themes),
        )
        created["事项修订"] += 1


def _service_points(regions, departments, themes, created: Counter) -> None:
    rows = [
        dict(
            code=p.code,
            name=p.name,
            kind=p.kind,
            region=regions[p.region],
            address=p.address,
            phone=p.phone,
            opening_hours=p.opening_hours,
            accepts_all_matters=p.code == "QJ-HALL",
        )
        for p, _desks in ALL_POINTS
    ]
    points = _ensure(ServicePoint, "code", rows, created, "服务场所")

    have = {(w.service_point_id, w.number): w for w in Window.objects.all()}
    missing = [
        Window(
            service_point=points[p.code],
            number=desk.number,
            name=desk.name,
            kind=WindowKind.DOMAIN if desk.domain else WindowKind.COMPREHENSIVE,
            is_standby=desk.standby,
        )
        for p, desks in ALL_POINTS
        for desk in desks
        if (points[p.code].pk, desk.number) not in have
    ]
    if missing:
        Window.objects.bulk_create(missing)
        created["窗口"] += len(missing)
        have = {(w.service_point_id, w.number): w for w in Window.objects.all()}
    for p, desks in ALL_POINTS:
        for desk in desks:
            if desk.themes or desk.departments:
                window = have[(points[p.code].pk, desk.number)]
                window.themes.set([themes[c] for c in desk.themes])
                window.departments.set([departments[c] for c in desk.departments])

    # Re-pointed at the current versions on every run; set() writes nothing when unchanged.
    current = Matter.objects.published()
    town_matters = list(current.filter(levels__contains=Level.TOWNSHIP))
    village_matters = list(current.filter(levels__contains=Level.VILLAGE))
    for p, _desks in ALL_POINTS:
        point = points[p.code]
        if p.code in OUTLET_MATTERS:
            point.matters.set(
                current.filter(code__in=[full_code(c) for c in OUTLET_MATTERS[p.code]])
            )
        elif p.kind == ServicePointKind.TOWN_CENTER:
            point.matters.set(town_matters)
        elif p.kind == ServicePointKind.VILLAGE_STATION:
            point.matters.set(village_matters)


def _bundles(departments, themes, created: Counter) -> None:
    existing = set(Bundle.objects.values_list("code", flat=True))
    for b in BUNDLES:
        if b.code in existing:
            continue
        services.bundle_save(
            code=b.code,
            fields=dict(
                name=b.name,
                audience=b.audience,
                summary=b.summary,
                lead_department=departments[b.lead],
                promised_limit_days=b.promised,
                max_visits=b.max_visits,
                keywords=b.keywords,
                is_published=True,
            ),
            matter_codes=[full_code(c) for c in b.matters],
            themes=[themes[c] for c in b.themes],
            actor=None,
        )
        created["一件事"] += 1
    bundles = Bundle.objects.in_bulk([i.bundle for i in INDUSTRY_LICENSES], field_name="code")
    for lic in INDUSTRY_LICENSES:
        _, was_created = IndustryLicense.objects.get_or_create(
            code=lic.code,
            defaults=dict(
                bundle=bundles[lic.bundle],
                industry=lic.industry,
                license_name=lic.license_name,
                summary=lic.summary,
            ),
        )
        created["一业一证"] += was_created


def _users(regions, departments, created: Counter) -> None:
    User = get_user_model()
    names = [s.username for s in STAFF] + [a.username for a in APPLICANTS]
    existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    if existing >= set(names):
        return
    # Hashing is deliberately slow; every demo account shares one password, so hash it once.
    password = make_password(DEMO_PASSWORD)
    groups = {g.name: g for g in Group.objects.all()}
    points = ServicePoint.objects.in_bulk(field_name="code")
    sections = {
        (s.department.code, s.name): s for s in Section.objects.select_related("department")
    }
    windows = {
        (w.service_point.code, w.number): w for w in Window.objects.select_related("service_point")
    }

    for s in STAFF:
        if s.username in existing:
            continue
        user = User.objects.create(
            username=s.username,
            first_name=s.full_name,
            password=password,
            is_staff=s.admin_site,
            is_superuser=s.superuser,
        )
        user.groups.set([groups[Role(r).value] for r in s.roles])
        StaffProfile.objects.create(
            user=user,
            full_name=s.full_name,
            employee_number=s.employee_number,
            department=departments.get(s.department),
            section=sections.get((s.department, s.section)),
            service_point=points.get(s.service_point),
            window=windows.get((s.service_point, s.window)),
            region=regions.get(s.region),
        )
        created["演示账号"] += 1
    for a in APPLICANTS:
        if a.username in existing:
            continue
        user = User.objects.create(username=a.username, first_name=a.name, password=password)
        user.groups.set([groups[Role.APPLICANT.value]])
        ApplicantAccount.objects.create(
            user=user, kind=a.kind, name=a.name, id_number=a.id_number, phone=a.phone
        )
        created["演示账号"] += 1
