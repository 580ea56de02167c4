"""Trust tests build on the cases fixtures (a small district, one user per role) and add
the two known cases of trust approval as matters with their trust policies:
公共场所卫生许可 (5 materials, 3 may come within two months) and 施工许可 (8 materials,
3 may come later)."""

import pytest
from django.contrib.auth.models import Group

from onewindow.accounts.models import StaffProfile
from onewindow.accounts.roles import Role
from onewindow.cases import services as cases
from onewindow.cases.models import Case
from onewindow.cases.tests import conftest as cases_fixtures
from onewindow.catalog import services as catalog
from onewindow.catalog.choices import MatterKind, MatterType
from onewindow.catalog.models import Department
from onewindow.trust.choices import TrustClass
from onewindow.trust.models import TrustMaterialRule, TrustPolicy

district = cases_fixtures.district
people = cases_fixtures.people
applicant = cases_fixtures.applicant
submit = cases_fixtures.submit
FORM, GOOD_FORM = cases_fixtures.FORM, cases_fixtures.GOOD_FORM

HYGIENE = "XK-0701-00"
CONSTRUCTION = "XK-0901-00"
HYGIENE_NOW = ["公共场所卫生许可证申请表", "法定代表人或者负责人身份证明"]
HYGIENE_LATER = ["公共场所地址方位示意图、平面图和卫生设施平面布局图", "公共场所卫生检测或者评价报告", "公共场所卫生管理制度"]  # fmt: skip
CONSTRUCTION_NOW = ["建筑工程施工许可申请表", "建设工程用地批准手续", "建设工程规划许可证", "中标通知书及施工合同", "建设资金已落实承诺书"]  # fmt: skip
CONSTRUCTION_LATER = ["施工场地具备施工条件的证明", "施工图设计文件审查合格书", "工程质量安全措施及监督手续"]  # fmt: skip


@pytest.fixture(autouse=True)
def _signing_key_in_tmp(settings, tmp_path):
    """Licenses are signed with a development key of the test's own."""
    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LICENSE_SIGNING_KEY = ""
    settings.LICENSE_SIGNING_KEY_ID = ""
    settings.LICENSE_PUBLIC_KEYS = ""
    settings.LICENSE_DEV_KEY = True
    settings.TRUST_REMINDER_DAYS = [7, 1]
    settings.TRUST_RECTIFICATION_WORKDAYS = 10
    settings.TRUST_BAR_YEARS = 2


def _policy(code, later, classes=None):
    policy = TrustPolicy.objects.create(matter_code=code, deadline_months=2)
    for i, name in enumerate(later):
        TrustMaterialRule.objects.create(
            policy=policy, material_name=name,
            trust_class=(classes or {}).get(i, TrustClass.SECONDARY),
        )  # fmt: skip
    return policy


@pytest.fixture
def trust(district, people, django_user_model):
    """The two matters of the known cases, their trust policies, and a construction reviewer."""
    d = district
    zjw = Department.objects.create(code="ZJW", name="区住房和城乡建设委员会", short_name="住建", region=d["region"])  # fmt: skip
    hygiene = catalog.matter_create(
        data=catalog.MatterInput(
            fields=dict(code=HYGIENE, name="公共场所卫生许可", matter_type=MatterType.LICENSING,
                        department=d["food"], kind=MatterKind.PROMISED, legal_limit_days=20,
                        promised_limit_days=5, channels=["WINDOW", "ONLINE"], form_fields=FORM,
                        conditions="已取得营业执照；场所卫生设施符合卫生标准和规范。"),
            materials=[{"name": n} for n in HYGIENE_NOW + HYGIENE_LATER],
        ),
        actor=None, publish=True,
    )  # fmt: skip
    construction = catalog.matter_create(
        data=catalog.MatterInput(
            fields=dict(code=CONSTRUCTION, name="建筑工程施工许可证核发", matter_type=MatterType.LICENSING,
                        department=zjw, kind=MatterKind.PROMISED, legal_limit_days=7,
                        promised_limit_days=3, channels=["WINDOW", "ONLINE"], form_fields=FORM),
            materials=[{"name": n} for n in CONSTRUCTION_NOW[:1] + CONSTRUCTION_LATER[:1]
                       + CONSTRUCTION_NOW[1:3] + CONSTRUCTION_LATER[1:] + CONSTRUCTION_NOW[3:]],
        ),
        actor=None, publish=True,
    )  # fmt: skip
    user = django_user_model.objects.create_user("zjw", password="pw-123456")
    user.groups.add(Group.objects.get(name=Role.REVIEWER))
    StaffProfile.objects.create(user=user, full_name="住建审批", employee_number="zjw", department=zjw)  # fmt: skip
    head = django_user_model.objects.create_user("head", password="pw-123456")
    head.groups.add(Group.objects.get(name=Role.SECTION_HEAD))
    StaffProfile.objects.create(user=head, full_name="科长", employee_number="head", department=d["food"])  # fmt: skip
    return dict(
        hygiene=hygiene,
        construction=construction,
        zjw=zjw,
        zjw_reviewer=user,
        head=head,
        hygiene_policy=_policy(HYGIENE, HYGIENE_LATER),
        construction_policy=_policy(CONSTRUCTION, CONSTRUCTION_LATER),
    )


@pytest.fixture
def trust_case(trust, district, people, applicant):
    """A case submitted online with only the materials given now (no pre-review yet)."""

    def _case(code=HYGIENE, now=None, channel="ONLINE"):
        given = now if now is not None else (HYGIENE_NOW if code == HYGIENE else CONSTRUCTION_NOW)
        case, _ = cases.case_submit(
            actor=people["citizen"] if channel == "ONLINE" else people["clerk"],
            applicant=applicant, channel=channel, matter_code=code, form_data=GOOD_FORM,
            service_point=None if channel == "ONLINE" else district["hall"],
            materials=[{"name": n} for n in given],
        )  # fmt: skip
        return case

    return _case


REVIEWER_OF = {"SCJG": "food_reviewer", "XF": "fire_reviewer", "GA": "police_reviewer"}


def decide_all(case: Case, people, trust) -> Case:
    """Approves every review of the case, step by step, as the department's reviewer."""
    while True:
        case.refresh_from_db()
        open_reviews = list(case.reviews.filter(status="OPEN").select_related("department"))
        if not open_reviews:
            return case
        for review in open_reviews:
            code = review.department.code
            actor = trust["zjw_reviewer"] if code == "ZJW" else people[REVIEWER_OF[code]]
            cases.review_decide(review_id=review.pk, actor=actor, approve=True)


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
