"""差评 deductions are automatic: a bad rating costs the rated person 2 points, once; an
upheld appeal voids it; ratings written in bulk are caught up when the month is scored."""

from datetime import date

import pytest
from django.utils import timezone

from onewindow.cases import services as cases
from onewindow.ratings import services as ratings
from onewindow.ratings.models import Rating
from onewindow.supervision import services
from onewindow.supervision.models import Deduction

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivered(district, people, applicant):
    def _make():
        return cases.case_handle_immediately(
            actor=people["clerk"], applicant=applicant, matter_code="QR-002",
            service_point=district["hall"], window=district["window"],
            form_data={"applicant_name": "张三", "phone": "13800000000"},
        )  # fmt: skip

    return _make


def rate(case, level, people):
    return ratings.rating_submit(
        case_id=case.pk, level=level, source="WEB", actor=people["citizen"]
    )


def test_a_bad_rating_deducts_from_the_person_rated_and_a_good_one_does_not(delivered, people):
    bad = rate(delivered(), "DISSATISFIED", people)
    rate(delivered(), "SATISFIED", people)
    (d,) = Deduction.objects.all()
    assert d.staff == people["clerk"] and d.item.code == "BAD_RATING" and d.points == 2
    assert d.source == f"rating:{bad.pk}"


def test_an_upheld_appeal_voids_the_deduction(delivered, people, office):
    bad = rate(delivered(), "VERY_DISSATISFIED", people)
    appeal = ratings.appeal_file(rating_id=bad.pk, reason="误点差评", actor=people["clerk"])
    ratings.appeal_review(appeal_id=appeal.pk, upheld=True, note="核实误评", actor=office)
    assert Deduction.objects.get(source=f"rating:{bad.pk}").voided_at is not None
    month = timezone.localdate().replace(day=1)
    scores = {a.staff_id: a for a in services.assessment_compute(month=month, actor=office)}
    assert scores[people["clerk"].pk].score == 100


def test_ratings_written_without_the_service_are_deducted_when_the_month_is_scored(
    delivered, people, office
):
    case = delivered()
    Rating.objects.create(
        case=case, channel="ON_SITE", level="DISSATISFIED", is_bad=True, source="DEVICE",
        staff=people["clerk"], created_at=timezone.now(),
    )  # fmt: skip
    assert not Deduction.objects.exists()
    month: date = timezone.localdate().replace(day=1)
    services.assessment_compute(month=month, actor=office)
    services.assessment_compute(month=month, actor=office)
    assert Deduction.objects.filter(item__code="BAD_RATING").count() == 1
