"""The demo district: complete, consistent, and loaded only once however often it is run."""

from collections import defaultdict
from io import StringIO
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction

from onewindow.accounts.models import ApplicantAccount, StaffProfile
from onewindow.accounts.roles import Role
from onewindow.audit.models import AuditEvent
from onewindow.catalog.choices import (
    Channel,
    MatterType,
    RegionLevel,
    ServicePointKind,
    WindowKind,
)
from onewindow.catalog.demo import DEMO_PASSWORD, load_demo
from onewindow.catalog.models import (
    Bundle,
    BundleItem,
    Department,
    IndustryLicense,
    Material,
    Matter,
    MatterStep,
    Region,
    Section,
    ServicePoint,
    Theme,
    Window,
)

pytestmark = pytest.mark.django_db
User = get_user_model()

COUNTED = (
    Region,
    Department,
    Section,
    Theme,
    Matter,
    Material,
    MatterStep,
    Matter.themes.through,
    Matter.co_departments.through,
    ServicePoint,
    ServicePoint.matters.through,
    Window,
    Window.themes.through,
    Window.departments.through,
    Bundle,
    BundleItem,
    IndustryLicense,
    User,
    User.groups.through,
    Group,
    StaffProfile,
    ApplicantAccount,
    AuditEvent,
)

MUST_HAVE = (
    "公共场所卫生许可",
    "建筑工程施工许可证核发",
    "食品经营许可",
    "个体工商户设立登记",
    "有限责任公司设立登记",
    "教师资格认定",
    "教师资格证书换发",
    "居民身份证换领",
    "居民身份证补领",
    "户口迁移",
    "出入境证件签注",
    "社会保障卡启用",
    "城乡居民基本医疗保险参保登记及缴费",
    "国有建设用地使用权及房屋所有权首次登记",
    "国有建设用地使用权及房屋所有权转移登记",
    "出生医学证明",
    "新生儿户口登记",
    "生育登记",
    "职工正常退休",
    "城镇职工基本养老保险待遇申领",
    "药品零售",
    "烟草专卖零售许可",
    "契税申报",
)


def counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in COUNTED}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Runs the command, then loads again; everything is rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("demo_district", stdout=out)
        first = counts()
        again = load_demo()
        yield SimpleNamespace(output=out.getvalue(), first=first, second=counts(), again=again)
        transaction.set_rollback(True)


def current():
    return Matter.objects.published()


def by_name(name: str) -> Matter:
    return current().get(name=name)


def test_it_creates_nothing_the_second_time(demo):
    assert demo.second == demo.first
    assert not demo.again


def test_it_prints_a_summary_and_the_logins(demo):
    assert "本次新建" in demo.output
    assert DEMO_PASSWORD in demo.output
    assert "clerk" in demo.output


def test_it_publishes_at_least_80_current_matters(demo):
    assert current().count() >= 80
    assert not Matter.objects.filter(is_current=True).exclude(status="PUBLISHED").exists()


def test_every_matter_type_is_present(demo):
    assert set(current().values_list("matter_type", flat=True)) == set(MatterType.values)


@pytest.mark.parametrize("name", MUST_HAVE)
def test_each_must_have_matter_can_be_found_by_name(demo, name):
    assert current().filter(name__contains=name).exists()


def test_every_matter_promises_no_more_than_the_law_allows_and_lists_a_material(demo):
    for matter in current().prefetch_related("materials"):
        assert matter.promised_limit_days <= matter.legal_limit_days, matter.name
        assert 1 <= len(matter.materials.all()) <= 8, matter.name
        assert matter.steps.exists(), matter.name


def test_an_immediate_matter_promises_zero_days(demo):
    for matter in current():
        assert (matter.kind == "IMMEDIATE") == (matter.promised_limit_days == 0), matter.name


def test_the_public_place_hygiene_permit_asks_for_five_materials(demo):
    matter = by_name("公共场所卫生许可")
    assert matter.materials.count() == 5
    assert matter.co_departments.filter(short_name="区消防救援支队").exists()


def test_the_construction_permit_asks_for_eight_materials_and_is_reviewed_with_planning(demo):
    matter = by_name("建筑工程施工许可证核发")
    assert matter.materials.count() == 8
    assert matter.co_departments.filter(short_name="区规划自然资源局").exists()


def test_some_matters_have_a_second_version_and_keep_the_first(demo):
    revised = current().filter(version=2)
    assert revised.count() >= 2
    for matter in revised:
        assert Matter.objects.filter(code=matter.code, version=1, status="SUPERSEDED").exists()


def test_sub_items_hang_under_an_existing_main_item(demo):
    subs = current().exclude(parent_code="")
    assert subs.filter(name__contains="教师资格证书").exists()
    assert subs.filter(name__startswith="食品经营许可", business_kind="CANCEL").exists()
    codes = set(current().values_list("code", flat=True))
    for matter in subs:
        assert matter.parent_code in codes and matter.business_kind, matter.name


def test_a_form_field_key_means_the_same_datum_in_every_matter(demo):
    seen = defaultdict(set)
    for fields in current().values_list("form_fields", flat=True):
        for f in fields:
            seen[f["key"]].add((f["label"], f["type"]))
    assert seen["applicant_name"] and seen["shop_name"]
    assert {key: meanings for key, meanings in seen.items() if len(meanings) > 1} == {}


def test_only_common_documents_carry_a_shared_code(demo):
    shared = Material.objects.exclude(shared_code="")
    assert shared.filter(shared_code="ID_CARD").count() > 20
    assert not shared.filter(name__regex="申请(表|书)").exists()


def test_the_district_has_nine_towns_and_about_thirty_villages(demo):
    district = Region.objects.get(level=RegionLevel.DISTRICT)
    assert len(district.code) == 12
    assert Region.objects.filter(level=RegionLevel.TOWN, parent=district).count() == 9
    assert 25 <= Region.objects.filter(level=RegionLevel.VILLAGE).count() <= 35


def test_there_are_at_least_20_departments_of_two_to_four_sections(demo):
    departments = Department.objects.prefetch_related("sections")
    assert departments.count() >= 20
    for department in departments:
        assert 2 <= len(department.sections.all()) <= 4, department.name


def test_the_main_hall_has_10_comprehensive_and_9_domain_windows(demo):
    hall = ServicePoint.objects.get(kind=ServicePointKind.MAIN_HALL)
    assert hall.accepts_all_matters
    comprehensive = hall.windows.filter(kind=WindowKind.COMPREHENSIVE)
    domain = hall.windows.filter(kind=WindowKind.DOMAIN)
    assert sorted(int(w.number) for w in comprehensive) == list(range(1, 11))
    assert sorted(int(w.number) for w in domain) == list(range(11, 20))
    assert domain.filter(departments__isnull=False).distinct().count() >= 8


def test_every_town_has_a_centre_with_two_or_three_windows_and_its_own_matters(demo):
    centres = ServicePoint.objects.filter(kind=ServicePointKind.TOWN_CENTER)
    assert centres.count() == 9
    for centre in centres:
        assert 2 <= centre.windows.count() <= 3, centre.name
        assert centre.matters.filter(is_current=True).count() >= 10, centre.name
        assert not centre.accepts_all_matters


def test_about_ten_villages_have_a_station(demo):
    stations = ServicePoint.objects.filter(kind=ServicePointKind.VILLAGE_STATION)
    assert 8 <= stations.count() <= 12
    assert all(s.region.level == RegionLevel.VILLAGE and s.matters.exists() for s in stations)


def test_outlets_take_only_matters_offered_through_outlets(demo):
    outlets = ServicePoint.objects.filter(
        kind__in=[ServicePointKind.POST_OUTLET, ServicePointKind.MOBILE_OUTLET]
    )
    assert sorted(outlets.values_list("kind", flat=True)) == [
        "MOBILE_OUTLET",
        "POST_OUTLET",
        "POST_OUTLET",
    ]
    for outlet in outlets:
        matters = list(outlet.matters.all())
        assert matters, outlet.name
        assert all(Channel.OUTLET in m.channels and m.is_current for m in matters), outlet.name


def test_there_are_at_least_5_bundles_and_3_industry_licenses(demo):
    assert Bundle.objects.count() >= 5
    assert Bundle.objects.filter(code="kaiban-canguan", keywords__contains="开饭店").exists()
    assert IndustryLicense.objects.count() >= 3
    assert IndustryLicense.objects.values("bundle").distinct().count() == (
        IndustryLicense.objects.count()
    )


def test_every_bundle_offers_current_matters_and_waits_for_its_slowest(demo):
    for bundle in Bundle.objects.prefetch_related("items"):
        matters = bundle.current_matters()
        assert len(matters) == bundle.items.count() >= 3, bundle.name
        assert bundle.promised_limit_days >= max(m.promised_limit_days for m in matters)


def test_every_role_has_a_demo_user(demo):
    for role in Role:
        assert User.objects.filter(groups__name=role.value).exists(), role


def test_only_the_admin_and_the_supervisor_may_open_the_admin_site(demo):
    staff_site = set(User.objects.filter(is_staff=True).values_list("username", flat=True))
    assert staff_site == {"admin", "supervisor"}
    assert User.objects.get(username="admin").is_superuser


def test_demo_users_log_in_with_the_published_password(demo):
    # Every demo account shares one hash, so checking one checks them all.
    assert User.objects.get(username="company").check_password(DEMO_PASSWORD)
    assert User.objects.filter(password=User.objects.get(username="company").password).count() == (
        User.objects.count()
    )


def test_the_clerk_sits_at_window_1_of_the_main_hall(demo):
    profile = StaffProfile.objects.get(user__username="clerk")
    assert profile.window.number == "1"
    assert profile.service_point.kind == ServicePointKind.MAIN_HALL


def test_the_reviewer_works_in_a_section_of_the_market_regulator(demo):
    profile = StaffProfile.objects.get(user__username="reviewer")
    assert profile.section.department == profile.department
    assert profile.department.name == "清江区市场监督管理局"


def test_the_runner_covers_a_town(demo):
    assert StaffProfile.objects.get(user__username="runner").region.level == RegionLevel.TOWN


def test_demo_identity_numbers_pass_the_checks(demo):
    accounts = ApplicantAccount.objects.all()
    assert {a.kind for a in accounts} == {"PERSON", "ORGANISATION"}
    for account in accounts:
        assert account.id_number_problem() is None, account.name


def test_the_logins_option_prints_the_table_without_loading(demo):
    before = Matter.objects.count()
    out = StringIO()
    call_command("demo_district", logins=True, stdout=out)
    text = out.getvalue()
    assert Matter.objects.count() == before
    assert "本次新建" not in text
    for username in ("clerk", "reviewer", "sectionhead", "supervisor", "runner", "steward"):
        assert username in text
    assert text.count(DEMO_PASSWORD) >= len(Role)
