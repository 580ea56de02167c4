"""Fixtures for ratings: the small district of the cases tests, delivered cases (one at the
hall's window 1, one online) and the window's rating device."""

import pytest

from onewindow.cases import services as cases
from onewindow.cases.models import Case
from onewindow.cases.tests.conftest import (  # noqa: F401  (fixtures)
    accepted,
    applicant,
    district,
    people,
    submit,
)
from onewindow.ratings.models import RatingDevice


@pytest.fixture
def delivered_at_window(district, people, applicant):  # noqa: F811
    """An immediate matter handled and delivered at window 1 by the clerk."""

    def _make():
        return cases.case_handle_immediately(
            actor=people["clerk"],
            applicant=applicant,
            matter_code="QR-002",
            service_point=district["hall"],
            window=district["window"],
            form_data={"applicant_name": "张三", "phone": "13800000000"},
        )

    return _make


@pytest.fixture
def delivered_online(submit, people):  # noqa: F811
    """A licence applied for online, accepted, approved by both departments and delivered."""

    def _make():
        case = submit(channel="ONLINE")
        cases.case_pre_review(case_id=case.pk, actor=people["clerk"])
        case = cases.case_accept(case_id=case.pk, actor=people["clerk"])
        for review in case.reviews.filter(step=1):
            who = "fire_reviewer" if review.department.code == "XF" else "food_reviewer"
            cases.review_decide(review_id=review.pk, actor=people[who], approve=True)
        decision = case.reviews.get(step=2)
        cases.review_decide(review_id=decision.pk, actor=people["food_reviewer"], approve=True)
        cases.case_deliver(case_id=case.pk, actor=people["clerk"], method="ELECTRONIC")
        return Case.objects.get(pk=case.pk)

    return _make


@pytest.fixture
def device(district):  # noqa: F811
    return RatingDevice.objects.create(window=district["window"])
