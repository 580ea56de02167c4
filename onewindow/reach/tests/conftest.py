"""A district with a town and a village under it, runners at each level, and an outlet
entrusted with one matter; built on the cases tests' district."""

import pytest
from django.contrib.auth.models import Group

from onewindow.accounts.models import StaffProfile
from onewindow.accounts.roles import Role
from onewindow.cases import services as case_services
from onewindow.cases.models import Review
from onewindow.cases.tests.conftest import (  # noqa: F401  (fixtures)
    GOOD_FORM,
    accepted,
    applicant,
    district,
    people,
    person_id,
    submit,
)
from onewindow.catalog.choices import RegionLevel, ServicePointKind
from onewindow.catalog.models import Matter, Region, ServicePoint

from ..models import Runner
from ..services import outlets as outlet_services

POLICE_FORM = {"applicant_name": "张三", "phone": "13800000000"}


@pytest.fixture
def places(district):  # noqa: F811
    town = Region.objects.create(
        code="500199100000", name="青石镇", level=RegionLevel.TOWN, parent=district["region"]
    )
    village = Region.objects.create(
        code="500199100001", name="桃源村", level=RegionLevel.VILLAGE, parent=town
    )
    other_town = Region.objects.create(
        code="500199200000", name="白鹭镇", level=RegionLevel.TOWN, parent=district["region"]
    )
    town_center = ServicePoint.objects.create(
        code="T1", name="青石镇便民服务中心", kind=ServicePointKind.TOWN_CENTER, region=town
    )
    other_center = ServicePoint.objects.create(
        code="T2", name="白鹭镇便民服务中心", kind=ServicePointKind.TOWN_CENTER, region=other_town
    )
    mobile = ServicePoint.objects.create(
        code="MOB1", name="移动营业厅代办点", kind=ServicePointKind.MOBILE_OUTLET,
        region=district["region"],
    )  # fmt: skip
    # Outlets may take matters offered through outlets.
    Matter.objects.filter(code="QR-003").update(channels=["WINDOW", "ONLINE", "OUTLET"])
    town_center.matters.add(Matter.objects.get(code="QR-003"))
    return dict(town=town, village=village, other_town=other_town, town_center=town_center,
                other_center=other_center, mobile=mobile)  # fmt: skip


def make_user(django_user_model, username, role, **profile):
    user = django_user_model.objects.create_user(username, password="pw-123456")
    user.groups.add(Group.objects.get(name=role))
    if profile:
        StaffProfile.objects.create(
            user=user, full_name=username, employee_number=username, **profile
        )
    return user


@pytest.fixture
def runners(district, places, django_user_model):  # noqa: F811
    def runner(username, region, capacity=3):
        user = make_user(django_user_model, username, Role.RUNNER)
        return Runner.objects.create(
            user=user, full_name=username, region=region, capacity=capacity
        )

    return dict(
        district=runner("r_district", district["region"]),
        town=runner("r_town", places["town"]),
        village=runner("r_village", places["village"], capacity=1),
    )


@pytest.fixture
def outlet_staff(district, places, django_user_model):  # noqa: F811
    outlet_services.outlet_matter_add(
        service_point=district["outlet"], matter_code="QR-003", actor=None
    )
    return dict(
        post=make_user(django_user_model, "post", Role.CLERK, service_point=district["outlet"]),
        mobile=make_user(django_user_model, "mobile", Role.CLERK, service_point=places["mobile"]),
        town=make_user(
            django_user_model, "townclerk", Role.CLERK, service_point=places["town_center"]
        ),
        other_town=make_user(
            django_user_model, "otherclerk", Role.CLERK, service_point=places["other_center"]
        ),
    )


def approve(case, people):  # noqa: F811
    """Takes a submitted QR-003 case through pre-review, acceptance and the police review."""
    case_services.case_pre_review(case_id=case.pk, actor=people["clerk"])
    case_services.case_accept(case_id=case.pk, actor=people["clerk"])
    for review in Review.objects.filter(case=case):
        case_services.review_decide(
            review_id=review.pk, actor=people["police_reviewer"], approve=True
        )
    case.refresh_from_db()
    return case
