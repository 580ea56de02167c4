"""Project cards and demands over the small district of the cases tests: a steward, an
enterprise with its online account, a two-step milestone template, two demand categories."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from onewindow.accounts.roles import Role
from onewindow.cases import services as case_services
from onewindow.cases.tests import conftest as cases_fixtures
from onewindow.cases.tests.conftest import _user, company_id
from onewindow.catalog.models import HolidayDay
from onewindow.enterprise.models import DemandService, MilestoneTemplate
from onewindow.enterprise.services import projects as project_services

# The small district of the cases tests and its people, shared as fixtures.
district = cases_fixtures.district
people = cases_fixtures.people
applicant = cases_fixtures.applicant
submit = cases_fixtures.submit
accepted = cases_fixtures.accepted


def at(y, m, d, hour=10, minute=0) -> datetime:
    return timezone.make_aware(datetime.combine(date(y, m, d), time(hour, minute)))


@pytest.fixture
def staff(people, district, django_user_model):
    return dict(
        people,
        steward=_user(django_user_model, "steward", Role.STEWARD, department=district["food"]),
        steward2=_user(django_user_model, "steward2", Role.STEWARD),
        hotline=_user(django_user_model, "hotline", Role.CLERK, service_point=district["hall"]),
        owner=_user(django_user_model, "company", Role.APPLICANT),
        other_owner=_user(django_user_model, "company2", Role.APPLICANT),
    )


@pytest.fixture
def enterprise(staff):
    return case_services.applicant_register(
        kind="ORGANISATION", name="清江智造有限公司", id_number=company_id(),
        phone="023-1234567", user=staff["owner"], actor=None,
    )  # fmt: skip


@pytest.fixture
def other_enterprise(staff):
    return case_services.applicant_register(
        kind="ORGANISATION", name="清江食品有限公司", id_number=company_id("91500112MA5U5678X"),
        user=staff["other_owner"], actor=None,
    )  # fmt: skip


@pytest.fixture
def template(district):
    """规划许可 (2 working days, fire brigade) then 施工许可 (3, market regulation)."""
    return [
        MilestoneTemplate.objects.create(
            name="规划许可", order=1, department=district["fire"], limit_days=2
        ),
        MilestoneTemplate.objects.create(
            name="施工许可", order=2, department=district["food"], limit_days=3
        ),
    ]


@pytest.fixture
def october_2030(db):
    """Thursday 17 October 2030 is a holiday; Saturday 12 October a make-up working day."""
    HolidayDay.objects.update_or_create(
        date=date(2030, 10, 17), defaults={"is_workday": False, "name": "测试假日"}
    )
    HolidayDay.objects.update_or_create(
        date=date(2030, 10, 12), defaults={"is_workday": True, "name": "测试调休"}
    )


@pytest.fixture
def make_card(staff, enterprise, district, template):
    def _make(code="P-001", target=date(2030, 10, 21), today=date(2030, 10, 1), **kw):
        return project_services.card_create(
            data=project_services.CardInput(
                code=code, name=kw.pop("name", "智能装备产业园"), enterprise=kw.pop("ent", enterprise),
                steward=kw.pop("steward", staff["steward"]), lead_department=district["food"],
                lead_person="王建华", target_start_date=target, **kw,
            ),
            actor=staff["steward"], today=today,
        )  # fmt: skip

    return _make


@pytest.fixture
def services(district):
    return dict(
        land=DemandService.objects.create(
            code="land", name="用地要素保障", default_department=district["fire"], limit_days=3
        ),
        policy=DemandService.objects.create(code="policy", name="政策咨询", limit_days=5),
    )
