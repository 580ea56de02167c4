"""A small district for case tests: two departments, a licensing matter co-reviewed by
the second, an immediate matter, a bundle, the main hall, and one user per role."""

import pytest
from django.contrib.auth.models import Group

from onewindow.accounts.models import StaffProfile
from onewindow.accounts.roles import Role
from onewindow.cases import services
from onewindow.catalog import services as catalog
from onewindow.catalog.choices import MatterKind, MatterType, RegionLevel, ServicePointKind
from onewindow.catalog.models import Department, Region, ServicePoint, Window
from onewindow.lib.identity import resident_id_check_char, uscc_check_char


def person_id(body17: str = "50011219900307123") -> str:
    return body17 + resident_id_check_char(body17)


def company_id(body17: str = "91500112MA5U1234X") -> str:
    return body17 + uscc_check_char(body17)


FORM = [
    {"key": "applicant_name", "label": "申请人", "type": "text", "required": True},
    {"key": "phone", "label": "联系电话", "type": "phone", "required": True},
    {"key": "shop_name", "label": "店铺名称", "type": "text", "required": False},
]


@pytest.fixture
def district(db):
    region = Region.objects.create(code="500199000000", name="清江区", level=RegionLevel.DISTRICT)
    food = Department.objects.create(
        code="SCJG", name="区市场监督管理局", short_name="市场监管", region=region
    )
    fire = Department.objects.create(
        code="XF", name="区消防救援大队", short_name="消防", region=region
    )
    police = Department.objects.create(
        code="GA", name="区公安分局", short_name="公安", region=region
    )
    hall = ServicePoint.objects.create(
        code="HALL",
        name="区政务服务中心",
        kind=ServicePointKind.MAIN_HALL,
        region=region,
        accepts_all_matters=True,
    )
    outlet = ServicePoint.objects.create(
        code="POST1", name="邮政代办点", kind=ServicePointKind.POST_OUTLET, region=region
    )
    window = Window.objects.create(
        service_point=hall, number="1", name="综合受理", kind="COMPREHENSIVE"
    )
    licence = catalog.matter_create(
        data=catalog.MatterInput(
            fields=dict(code="XK-001", name="公共场所卫生许可", matter_type=MatterType.LICENSING,
                        department=food, kind=MatterKind.PROMISED, legal_limit_days=20,
                        promised_limit_days=10, channels=["WINDOW", "ONLINE"], form_fields=FORM),
            materials=[{"name": "申请书"}, {"name": "营业执照", "is_core": False}, {"name": "卫生检测报告"}],
            co_departments=[fire],
        ),
        actor=None, publish=True,
    )  # fmt: skip
    immediate = catalog.matter_create(
        data=catalog.MatterInput(
            fields=dict(code="QR-002", name="居民户口簿补领", matter_type=MatterType.CONFIRMATION,
                        department=police, kind=MatterKind.IMMEDIATE, legal_limit_days=0,
                        promised_limit_days=0, channels=["WINDOW"], form_fields=FORM[:2]),
            materials=[{"name": "居民身份证"}],
        ),
        actor=None, publish=True,
    )  # fmt: skip
    police_matter = catalog.matter_create(
        data=catalog.MatterInput(
            fields=dict(code="QR-003", name="新生儿入户", matter_type=MatterType.CONFIRMATION,
                        department=police, kind=MatterKind.PROMISED, legal_limit_days=5,
                        promised_limit_days=3, channels=["WINDOW", "ONLINE"], form_fields=FORM[:2]),
            materials=[{"name": "出生医学证明"}],
        ),
        actor=None, publish=True,
    )  # fmt: skip
    bundle = catalog.bundle_save(
        code="open-shop", fields=dict(name="开办小店", audience="ENTERPRISE", lead_department=food,
                                      promised_limit_days=10),
        matter_codes=["XK-001", "QR-003"], themes=[], actor=None,
    )  # fmt: skip
    return dict(region=region, food=food, fire=fire, police=police, hall=hall, outlet=outlet,
                window=window, licence=licence, immediate=immediate, police_matter=police_matter,
                bundle=bundle)  # fmt: skip


def _user(django_user_model, username, role, **profile):
    user = django_user_model.objects.create_user(username, password="pw-123456")
    user.groups.add(Group.objects.get(name=role))
    if profile:
        StaffProfile.objects.create(
            user=user, full_name=username, employee_number=username, **profile
        )
    return user


@pytest.fixture
def people(district, django_user_model):
    d = district
    return dict(
        clerk=_user(
            django_user_model, "clerk", Role.CLERK, service_point=d["hall"], window=d["window"]
        ),
        outlet_clerk=_user(django_user_model, "postclerk", Role.CLERK, service_point=d["outlet"]),
        food_reviewer=_user(django_user_model, "food", Role.REVIEWER, department=d["food"]),
        fire_reviewer=_user(django_user_model, "fire", Role.REVIEWER, department=d["fire"]),
        police_reviewer=_user(django_user_model, "police", Role.REVIEWER, department=d["police"]),
        supervisor=_user(django_user_model, "supervisor", Role.SUPERVISOR),
        citizen=_user(django_user_model, "citizen", Role.APPLICANT),
        other_citizen=_user(django_user_model, "other", Role.APPLICANT),
    )


@pytest.fixture
def applicant(people):
    return services.applicant_register(
        kind="PERSON",
        name="张三",
        id_number=person_id(),
        phone="13800000000",
        user=people["citizen"],
        actor=None,
    )


GOOD_FORM = {"applicant_name": "张三", "phone": "13800000000", "shop_name": "张三小吃"}


@pytest.fixture
def submit(district, people, applicant):
    def _submit(matter="XK-001", bundle=None, channel="WINDOW", **kw):
        kw.setdefault("service_point", district["hall"] if channel == "WINDOW" else None)
        kw.setdefault("actor", people["clerk"] if channel == "WINDOW" else people["citizen"])
        case, _ = services.case_submit(
            applicant=applicant, channel=channel, matter_code=None if bundle else matter,
            bundle_code=bundle, form_data=kw.pop("form_data", GOOD_FORM), **kw,
        )  # fmt: skip
        return case

    return _submit


@pytest.fixture
def accepted(submit, people):
    """A licensing case accepted at the main hall, with both parallel reviews open."""

    def _accepted(**kw):
        case = submit(**kw)
        services.case_pre_review(case_id=case.pk, actor=people["clerk"])
        return services.case_accept(case_id=case.pk, actor=people["clerk"])

    return _accepted
