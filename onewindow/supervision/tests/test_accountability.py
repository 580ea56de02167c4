"""超期问责: one record per case that turns red, found by a range query on due_at."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from onewindow.audit.models import AuditEvent
from onewindow.cases import services as cases
from onewindow.lib.errors import Conflict, Forbidden, InvalidInput
from onewindow.supervision import services
from onewindow.supervision.choices import AccountabilityStatus
from onewindow.supervision.models import Accountability, Deduction
from onewindow.supervision.services.accountability import newly_overdue

pytestmark = pytest.mark.django_db


def at(*args):
    return timezone.make_aware(datetime(*args))


@pytest.fixture
def overdue_case(accepted):
    """A licensing case (10 working days) accepted on Mon 2026-11-02; due 2026-11-16 00:00."""
    with time_machine.travel(at(2026, 11, 2, 10), tick=False):
        case = accepted()
    return case


def test_a_case_turning_red_opens_one_record_against_the_open_department(overdue_case, people):
    case = overdue_case
    with time_machine.travel(case.due_at - timedelta(minutes=1), tick=False):
        assert services.accountability_sweep() == []
    with time_machine.travel(case.due_at + timedelta(hours=1), tick=False):
        opened = services.accountability_sweep()
        again = services.accountability_sweep()
    assert [a.case_id for a in opened] == [case.pk]
    assert again == []
    record = Accountability.objects.get(case=case)
    # The first step's reviews are open: the lead department (市场监管) is answerable; its
    # only reviewer on file is the responsible person.
    assert record.department.code == "SCJG"
    assert record.reviewer == people["food_reviewer"]
    assert record.status == AccountabilityStatus.OPEN
    assert (
        AuditEvent.objects.filter(action="accountability.open", object_id=str(record.pk)).count()
        == 1
    )


def test_the_overdue_deduction_is_automatic_and_made_once(overdue_case, people):
    with time_machine.travel(overdue_case.due_at + timedelta(hours=1), tick=False):
        services.accountability_sweep()
        services.accountability_sweep()
    deduction = Deduction.objects.get(staff=people["food_reviewer"])
    assert deduction.item.code == "OVERDUE" and deduction.points == 3
    assert deduction.month.isoformat() == "2026-11-01"


def test_the_sweep_reads_only_the_look_back_window(overdue_case, settings):
    settings.SUPERVISION_OVERDUE_LOOKBACK_DAYS = 5
    late = overdue_case.due_at + timedelta(days=6)
    assert not newly_overdue(late).exists()  # red for too long: the backfill's business
    sql = str(newly_overdue(late).query)
    assert "due_at" in sql and "<=" in sql and ">" in sql
    with time_machine.travel(late, tick=False):
        assert services.accountability_sweep() == []
        assert len(services.accountability_backfill()) == 1


def test_a_suspended_case_is_not_red(overdue_case, people):
    with time_machine.travel(at(2026, 11, 3, 10), tick=False):
        cases.case_suspend(
            case_id=overdue_case.pk, reason="现场核查", expected_workdays=20,
            actor=people["food_reviewer"],
        )  # fmt: skip
    with time_machine.travel(overdue_case.due_at + timedelta(hours=1), tick=False):
        assert services.accountability_sweep() == []


def test_a_case_concluded_late_between_sweeps_gets_its_record_when_it_moves(accepted, people):
    with time_machine.travel(at(2026, 11, 2, 10), tick=False):
        case = accepted(
            matter="QR-003", form_data={"applicant_name": "张三", "phone": "13800000000"}
        )  # 3 working days: due 2026-11-06 00:00
    with time_machine.travel(at(2026, 11, 9, 10), tick=False):
        while review := case.reviews.filter(status="OPEN").first():
            cases.review_decide(
                review_id=review.pk, approve=True, opinion="同意", actor=people["police_reviewer"]
            )
    record = Accountability.objects.get(case=case)
    assert record.department.code == "GA"
    assert record.reviewer == people["police_reviewer"]


def test_explain_then_close_and_exempt_voids_the_deduction(overdue_case, people, office):
    with time_machine.travel(overdue_case.due_at + timedelta(hours=1), tick=False):
        (record,) = services.accountability_sweep()
    with pytest.raises(Conflict):
        services.accountability_close(accountability_id=record.pk, conclusion="x", actor=office)
    with pytest.raises(Forbidden):
        services.accountability_explain(
            accountability_id=record.pk, explanation="原因", actor=people["police_reviewer"]
        )
    with pytest.raises(InvalidInput):
        services.accountability_explain(
            accountability_id=record.pk, explanation=" ", actor=people["food_reviewer"]
        )
    services.accountability_explain(
        accountability_id=record.pk,
        explanation="系统故障两天无法审批",
        actor=people["food_reviewer"],
    )
    with pytest.raises(Forbidden):
        services.accountability_close(
            accountability_id=record.pk, conclusion="免责", actor=people["food_reviewer"]
        )
    closed = services.accountability_close(
        accountability_id=record.pk, conclusion="经核实属系统故障，免责", exempt=True, actor=office
    )
    assert closed.status == AccountabilityStatus.CLOSED and closed.closed_at
    assert Deduction.objects.get(source=f"accountability:{record.pk}").voided_at is not None
    with pytest.raises(Conflict):
        services.accountability_close(accountability_id=record.pk, conclusion="再次", actor=office)
