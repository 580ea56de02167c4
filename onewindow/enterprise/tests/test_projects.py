"""Project cards: the backward schedule over holidays and 调休, the rules of making a card,
milestone moves and who may make them, signals from stored times."""

from datetime import date

import pytest
import time_machine
from django.utils import timezone

from onewindow.cases import services as case_services
from onewindow.cases.tests.conftest import GOOD_FORM
from onewindow.enterprise import selectors
from onewindow.enterprise.choices import MilestoneStatus, Signal
from onewindow.enterprise.models import Milestone, MilestoneTemplate
from onewindow.enterprise.services import projects as ps
from onewindow.enterprise.services.schedule import Step, plan_backward
from onewindow.lib.errors import Conflict, Forbidden, InvalidInput, NotFound

from .conftest import at

pytestmark = pytest.mark.django_db

STEPS = [Step("规划许可", 2), Step("施工许可", 3)]


def dates(plan):
    return [(p.start_date, p.end_date) for p in plan]


def test_the_plan_runs_backward_from_the_working_day_before_the_start():
    # Weekends only (2030 has no official calendar loaded here): start Monday 21 October.
    plan = plan_backward(STEPS, date(2030, 10, 21))
    assert dates(plan) == [
        (date(2030, 10, 11), date(2030, 10, 15)),  # Fri → Tue: the 14th and 15th
        (date(2030, 10, 15), date(2030, 10, 18)),  # Tue → Fri: 16th, 17th, 18th
    ]


def test_a_holiday_inside_a_step_moves_its_start_earlier_and_a_make_up_day_counts(october_2030):
    plan = plan_backward(STEPS, date(2030, 10, 21))
    # Thursday the 17th is off: 施工许可 needs the 14th, 15th, 16th and 18th.
    assert dates(plan)[1] == (date(2030, 10, 14), date(2030, 10, 18))
    # Saturday the 12th is a working day: 规划许可 counts it and starts on Friday the 11th,
    # not on Thursday the 10th as it would over a plain weekend.
    assert dates(plan)[0] == (date(2030, 10, 11), date(2030, 10, 14))


def test_the_last_step_ends_before_a_holiday_on_the_eve_of_the_start(db):
    from onewindow.catalog.models import HolidayDay

    HolidayDay.objects.create(date=date(2030, 10, 18), is_workday=False, name="测试假日")
    plan = plan_backward(STEPS, date(2030, 10, 21))
    assert plan[-1].end_date == date(2030, 10, 17)


def test_a_card_copies_the_active_template_with_its_departments(make_card, template, district):
    MilestoneTemplate.objects.create(
        name="停用节点", order=9, department=district["police"], limit_days=4, is_active=False
    )
    card = make_card()
    ms = list(card.milestones.order_by("order"))
    assert [(m.name, m.department_id, m.limit_days) for m in ms] == [
        ("规划许可", district["fire"].pk, 2),
        ("施工许可", district["food"].pk, 3),
    ]
    assert ms[1].planned_end_date == date(2030, 10, 18)
    assert timezone.localtime(ms[1].due_at) == at(2030, 10, 19, 0)  # end of the 18th


@pytest.mark.parametrize(
    "change, code",
    [
        (dict(target=date(2030, 10, 1)), "card_start_past"),
        (dict(today=date(2030, 10, 14)), "card_plan_past"),  # 规划许可 would start on the 11th
        (dict(code=" "), "card_fields_required"),
    ],
)
def test_a_card_that_cannot_be_kept_is_refused(make_card, change, code):
    with pytest.raises(InvalidInput) as exc:
        make_card(**change)
    assert exc.value.code == code


def test_the_builder_must_be_an_organisation(make_card, applicant):
    with pytest.raises(InvalidInput, match="法人或其他组织"):
        make_card(ent=applicant)


def test_the_steward_must_have_the_steward_role(make_card, staff):
    with pytest.raises(InvalidInput) as exc:
        make_card(steward=staff["clerk"])
    assert exc.value.code == "card_not_steward"


def test_a_code_is_carded_once(make_card):
    make_card()
    with pytest.raises(Conflict):
        make_card()


def test_no_template_no_card(make_card):
    MilestoneTemplate.objects.all().delete()
    with pytest.raises(Conflict) as exc:
        make_card()
    assert exc.value.code == "card_no_template"


def test_signals_come_from_the_stored_times(make_card):
    card = make_card()
    build = card.milestones.get(order=2)  # 15th → 18th; yellow when 1 working day remains

    def signal(now):
        return (
            selectors.with_signal(
                Milestone.objects.filter(pk=build.pk), selectors.MILESTONE_RUNNING, now
            )
            .get()
            .signal
        )

    assert signal(at(2030, 10, 17, 12)) == Signal.GREEN
    assert signal(at(2030, 10, 18, 10)) == Signal.YELLOW
    assert signal(at(2030, 10, 19, 9)) == Signal.RED
    Milestone.objects.filter(pk=build.pk).update(
        status=MilestoneStatus.DONE, done_at=at(2030, 10, 18)
    )
    assert signal(at(2030, 10, 19, 9)) is None  # a finished milestone has no light


def test_start_complete_and_a_late_completion_is_marked(make_card, staff):
    card = make_card()
    plan = card.milestones.get(order=1)
    with time_machine.travel(at(2030, 10, 14, 9), tick=False):
        ps.milestone_start(milestone_id=plan.pk, actor=staff["steward"])
        with pytest.raises(Conflict):
            ps.milestone_start(milestone_id=plan.pk, actor=staff["steward"])
    with time_machine.travel(at(2030, 10, 16, 9), tick=False):  # due at the end of the 14th
        done = ps.milestone_complete(milestone_id=plan.pk, actor=staff["steward"], note="已发证")
    assert done.status == MilestoneStatus.DONE and done.done_late and done.note == "已发证"
    with pytest.raises(Conflict):
        ps.milestone_complete(milestone_id=plan.pk, actor=staff["steward"])


def test_the_responsible_department_may_move_its_milestone_and_others_may_not(make_card, staff):
    card = make_card()
    fire_step = card.milestones.get(order=1)  # the fire brigade's
    with pytest.raises(Forbidden):
        ps.milestone_complete(milestone_id=fire_step.pk, actor=staff["food_reviewer"])
    with pytest.raises(Forbidden):
        ps.milestone_complete(milestone_id=fire_step.pk, actor=staff["steward2"])
    done = ps.milestone_complete(milestone_id=fire_step.pk, actor=staff["fire_reviewer"])
    assert done.status == MilestoneStatus.DONE


def test_a_milestone_links_the_enterprise_s_case_and_starts(
    make_card, staff, submit, enterprise, district
):
    card = make_card()
    step = card.milestones.get(order=2)
    foreign = submit()  # the citizen's case
    with pytest.raises(InvalidInput) as exc:
        ps.milestone_link_case(
            milestone_id=step.pk, case_number=foreign.number, actor=staff["steward"]
        )
    assert exc.value.code == "case_other_applicant"
    own, _ = case_services.case_submit(
        applicant=enterprise, channel="WINDOW", matter_code="XK-001", bundle_code=None,
        form_data=GOOD_FORM, service_point=district["hall"], actor=staff["clerk"],
    )  # fmt: skip
    linked = ps.milestone_link_case(
        milestone_id=step.pk, case_number=own.number, actor=staff["steward"]
    )
    assert linked.case_id == own.pk and linked.status == MilestoneStatus.IN_PROGRESS
    with pytest.raises(NotFound):
        ps.milestone_link_case(milestone_id=step.pk, case_number="NO-SUCH", actor=staff["steward"])


def test_rescheduling_replans_only_what_is_not_done(make_card, staff):
    card = make_card()
    first = card.milestones.get(order=1)
    ps.milestone_complete(milestone_id=first.pk, actor=staff["steward"])
    with time_machine.travel(at(2030, 10, 15, 9), tick=False):
        ps.card_reschedule(
            card_id=card.pk, target_start_date=date(2030, 10, 28), actor=staff["steward"]
        )
    first.refresh_from_db()
    second = card.milestones.get(order=2)
    assert (first.planned_start_date, first.planned_end_date) == (
        date(2030, 10, 11),
        date(2030, 10, 15),
    )
    assert (second.planned_start_date, second.planned_end_date) == (
        date(2030, 10, 22),
        date(2030, 10, 25),
    )
    card.refresh_from_db()
    assert card.target_start_date == date(2030, 10, 28)
    with pytest.raises(Forbidden):
        ps.card_reschedule(
            card_id=card.pk, target_start_date=date(2030, 11, 4), actor=staff["steward2"]
        )


def test_team_members_need_a_name_and_a_duty(make_card, staff, district):
    card = make_card()
    with pytest.raises(InvalidInput):
        ps.member_add(card=card, name="张海", duty="", actor=staff["steward"])
    member = ps.member_add(card=card, name="张海", duty="规划专员", department=district["fire"],
                           actor=staff["steward"])  # fmt: skip
    assert list(card.members.all()) == [member]


def test_the_quarterly_report_counts_what_was_planned_done_late_and_overdue(make_card, staff):
    card = make_card()
    first, second = card.milestones.order_by("order")
    with time_machine.travel(at(2030, 10, 16, 9), tick=False):
        ps.milestone_complete(milestone_id=first.pk, actor=staff["steward"])  # late: due the 14th
    report = selectors.quarterly_report(staff["supervisor"], 2030, 4, now=at(2030, 10, 21, 9))
    row = report["rows"][0]
    assert [m.name for m in row["planned"]] == ["规划许可", "施工许可"]
    assert [m.name for m in row["done"]] == ["规划许可"]
    assert [m.name for m in row["late"]] == ["规划许可"]
    assert [m.name for m in row["overdue"]] == ["施工许可"]
    assert row["percent"] == 50 and row["next"] == second
    assert report["totals"] == {"planned": 2, "done": 1, "late": 1, "overdue": 1}
    assert selectors.quarterly_report(staff["supervisor"], 2030, 3)["totals"]["planned"] == 0


def test_an_enterprise_sees_only_its_own_cards(make_card, staff, other_enterprise):
    make_card()
    make_card(code="P-002", ent=other_enterprise)
    assert [c.code for c in selectors.card_list(staff["owner"])] == ["P-001"]
    assert len(selectors.card_list(staff["clerk"])) == 2
    assert selectors.card_detail(staff["owner"], "P-002") is None


def test_a_new_start_date_in_the_past_is_refused(make_card, staff):
    card = make_card()
    with time_machine.travel(at(2030, 10, 15, 9), tick=False), pytest.raises(InvalidInput):
        ps.card_reschedule(
            card_id=card.pk, target_start_date=date(2030, 10, 15), actor=staff["steward"]
        )
    card.refresh_from_db()
    assert card.target_start_date == date(2030, 10, 21)
