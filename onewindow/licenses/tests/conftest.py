"""License tests build on the cases fixtures (a small district, one user per role) and
add: an 一业一证 on the district's bundle, and cases driven to approval."""

import pytest
from django.test import TestCase

from onewindow.cases import services as cases
from onewindow.cases.models import Case
from onewindow.cases.tests import conftest as cases_fixtures
from onewindow.catalog.models import IndustryLicense, Matter
from onewindow.lib import memo

# The cases app's fixtures, shared here: a small district, one user per role, submit/accept.
district = cases_fixtures.district
people = cases_fixtures.people
applicant = cases_fixtures.applicant
submit = cases_fixtures.submit
accepted = cases_fixtures.accepted
FORM, GOOD_FORM = cases_fixtures.FORM, cases_fixtures.GOOD_FORM

ELECTRONIC_FORM = {**GOOD_FORM, "delivery": "电子证照"}
WINDOW_FORM = {**GOOD_FORM, "delivery": "窗口领取"}

REVIEWER_OF = {"XF": "fire_reviewer", "SCJG": "food_reviewer", "GA": "police_reviewer"}


@pytest.fixture(autouse=True)
def _signing_key_in_tmp(request, settings, tmp_path):
    """Each test signs with a development key of its own, never one in the shared var dir.
    (Django TestCase classes, whose data is made once per class, set their own key.)"""
    if request.cls is not None and issubclass(request.cls, TestCase):
        return
    settings.VAR_DIR = tmp_path
    settings.LICENSE_SIGNING_KEY = ""
    settings.LICENSE_SIGNING_KEY_ID = ""
    settings.LICENSE_PUBLIC_KEYS = ""
    settings.LICENSE_DEV_KEY = True


DELIVERY_FIELD = {
    "key": "delivery",
    "label": "结果领取方式",
    "type": "select",
    "required": False,
    "options": ["窗口领取", "邮寄送达", "电子证照"],
}


@pytest.fixture
def district_with_delivery(district):
    """The district's matters ask how the result is delivered, as the demo catalog's do."""
    Matter.objects.filter(code__in=["XK-001", "QR-003"]).update(form_fields=[*FORM, DELIVERY_FIELD])
    memo.clear_all()
    return district


def decide_all(case: Case, people) -> Case:
    """Approves every review of the case, step by step, as the department's reviewer."""
    while True:
        case.refresh_from_db()
        open_reviews = list(case.reviews.filter(status="OPEN").select_related("department"))
        if not open_reviews:
            return case
        for review in open_reviews:
            actor = people[REVIEWER_OF[review.department.code]]
            cases.review_decide(review_id=review.pk, actor=actor, approve=True)


@pytest.fixture
def approved(district_with_delivery, accepted, people):
    """A case accepted at the hall and approved by every department it needs."""

    def _approved(**kw):
        kw.setdefault("form_data", ELECTRONIC_FORM)
        return decide_all(accepted(**kw), people)

    return _approved


@pytest.fixture
def industry(district):
    """The district's bundle (公共场所卫生许可 + 新生儿入户) made an 一业一证."""
    return IndustryLicense.objects.create(
        bundle=district["bundle"],
        code="xiaodian",
        industry="小店",
        license_name="小店行业综合许可证",
    )
