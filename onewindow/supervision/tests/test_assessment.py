"""月度考核: 100 points less the month's deductions; talk at 15, return after 3 such months."""

from datetime import date, datetime

import pytest
import time_machine
from django.utils import timezone

from onewindow.lib.errors import Conflict, Forbidden, InvalidInput
from onewindow.supervision import services
from onewindow.supervision.choices import ActionKind, AwardKind
from onewindow.supervision.models import (
    Assessment,
    AssessmentAction,
    AssessmentPolicy,
    Award,
    Deduction,
)

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(datetime(2026, 11, 20, 10))


def deduct(staff, office, month: date, points: int, code="COMPLAINT"):
    when = timezone.make_aware(datetime(month.year, month.month, 10, 10))
    return services.deduction_record(
        staff=staff, item_code=code, occurred_at=when, note="群众投诉", points=points, actor=office
    )


def compute(month, office):
    with time_machine.travel(NOW, tick=False):
        return {a.staff_id: a for a in services.assessment_compute(month=month, actor=office)}


def actions(staff):
    return set(AssessmentAction.objects.filter(staff=staff).values_list("month", "kind"))


def test_score_is_base_less_the_months_deductions_and_every_window_staff_is_scored(people, office):
    clerk = people["clerk"]
    deduct(clerk, office, date(2026, 10, 1), 2, code="LATE")
    deduct(clerk, office, date(2026, 10, 1), 3)
    deduct(clerk, office, date(2026, 9, 1), 9)  # another month
    scores = compute(date(2026, 10, 1), office)
    assert scores[clerk.pk].score == 95 and scores[clerk.pk].deduction_count == 2
    assert scores[people["outlet_clerk"].pk].score == 100  # a window person without faults


def test_fifteen_points_in_a_month_means_a_talk_fourteen_does_not(people, office):
    clerk, other = people["clerk"], people["outlet_clerk"]
    deduct(clerk, office, date(2026, 10, 1), 15)
    deduct(other, office, date(2026, 10, 1), 14)
    compute(date(2026, 10, 1), office)
    assert actions(clerk) == {(date(2026, 10, 1), ActionKind.TALK)}
    assert actions(other) == set()


def test_three_heavy_months_in_a_row_return_the_person_to_the_home_unit(people, office):
    clerk = people["clerk"]
    for month in (date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1)):
        deduct(clerk, office, month, 15)
        compute(month, office)
    assert (date(2026, 10, 1), ActionKind.RETURN) in actions(clerk)
    assert (date(2026, 9, 1), ActionKind.RETURN) not in actions(clerk)  # only two by then


def test_a_gap_month_breaks_the_run(people, office):
    clerk = people["clerk"]
    for month, points in ((date(2026, 8, 1), 15), (date(2026, 9, 1), 10), (date(2026, 10, 1), 15)):
        deduct(clerk, office, month, points)
        compute(month, office)
    assert (date(2026, 10, 1), ActionKind.RETURN) not in actions(clerk)


def test_thresholds_are_configuration(people, office):
    policy = AssessmentPolicy.current()
    policy.talk_threshold = 5
    policy.save()
    deduct(people["clerk"], office, date(2026, 10, 1), 5)
    compute(date(2026, 10, 1), office)
    assert actions(people["clerk"]) == {(date(2026, 10, 1), ActionKind.TALK)}


def test_voiding_a_deduction_withdraws_the_pending_talk_on_recompute(people, office):
    d = deduct(people["clerk"], office, date(2026, 10, 1), 15)
    compute(date(2026, 10, 1), office)
    services.deduction_void(deduction_id=d.pk, reason="投诉经核实不成立", actor=office)
    scores = compute(date(2026, 10, 1), office)
    assert scores[people["clerk"].pk].score == 100
    assert actions(people["clerk"]) == set()
    assert Assessment.objects.filter(staff=people["clerk"], month="2026-10-01").count() == 1


def test_only_the_office_deducts_and_with_a_reason(people, office):
    with pytest.raises(Forbidden):
        deduct(people["clerk"], people["food_reviewer"], date(2026, 10, 1), 1)
    with pytest.raises(InvalidInput):
        services.deduction_record(
            staff=people["clerk"], item_code="LATE", occurred_at=NOW, note="", actor=office
        )
    with pytest.raises(InvalidInput):  # applicants have no staff profile
        deduct(people["citizen"], office, date(2026, 10, 1), 1)
    with pytest.raises(InvalidInput):
        deduct(people["clerk"], office, date(2026, 10, 1), 1, code="NOPE")


def test_a_future_month_cannot_be_scored(office):
    with pytest.raises(InvalidInput):
        compute(date(2026, 12, 1), office)


def test_awards_go_to_full_scores_and_never_twice(people, office, district):
    deduct(people["outlet_clerk"], office, date(2026, 10, 1), 1)
    compute(date(2026, 10, 1), office)
    granted = services.awards_grant_proposed(month=date(2026, 10, 1), actor=office)
    staff_awards = {a.staff_id for a in granted if a.kind == AwardKind.STAFF}
    assert people["clerk"].pk in staff_awards and people["outlet_clerk"].pk not in staff_awards
    assert {a.window_id for a in granted if a.kind == AwardKind.WINDOW} == {district["window"].pk}
    assert services.awards_grant_proposed(month=date(2026, 10, 1), actor=office) == []
    with pytest.raises(Conflict):
        services.award_grant(
            month=date(2026, 10, 1), kind=AwardKind.STAFF, staff=people["clerk"], actor=office
        )
    with pytest.raises(InvalidInput):
        services.award_grant(month=date(2026, 10, 1), kind=AwardKind.WINDOW, actor=office)
    assert Award.objects.count() == len(granted)


def test_a_patrol_finding_deducts_once_in_the_patrols_month(people, office, district):
    with time_machine.travel(NOW, tick=False):
        log = services.patrol_log_open(
            service_point=district["hall"], day=date(2026, 11, 20), summary="上午巡查", actor=office
        )
        with pytest.raises(Conflict):
            services.patrol_log_open(
                service_point=district["hall"], day=date(2026, 11, 20), summary="", actor=office
            )
        services.patrol_finding_add(
            log_id=log.pk, item_code="CHATTING", description="1号窗口工作时间玩手机",
            staff=people["clerk"], window=district["window"], actor=office,
        )  # fmt: skip
        services.patrol_finding_add(
            log_id=log.pk,
            item_code="PATROL",
            description="大厅地面湿滑",
            deduct=False,
            actor=office,
        )
        with pytest.raises(InvalidInput):
            services.patrol_finding_add(
                log_id=log.pk, item_code="AWAY", description="脱岗", actor=office
            )
    (d,) = Deduction.objects.all()
    assert d.staff == people["clerk"] and d.points == 1 and d.month == date(2026, 11, 1)


def test_only_window_staff_are_scored_without_deductions_and_awarded(people, office):
    scores = compute(date(2026, 10, 1), office)
    assert people["food_reviewer"].pk not in scores  # a department reviewer with no fault
    assert office.pk not in scores
    deduct(people["food_reviewer"], office, date(2026, 10, 1), 3, code="OVERDUE")
    assert compute(date(2026, 10, 1), office)[people["food_reviewer"].pk].score == 97
    granted = services.awards_grant_proposed(month=date(2026, 10, 1), actor=office)
    assert {a.staff_id for a in granted if a.staff_id} <= {
        people["clerk"].pk,
        people["outlet_clerk"].pk,
    }
