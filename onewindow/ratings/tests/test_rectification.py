"""差评整改: verify → fix or explain → revisit; who may do each; escalation when overdue."""

import pytest
import time_machine

from onewindow.audit.models import AuditEvent
from onewindow.lib.errors import Conflict, Forbidden, InvalidInput
from onewindow.ratings import services
from onewindow.ratings.choices import RectificationStatus as S
from onewindow.ratings.models import Rectification
from onewindow.ratings.tasks import escalate_overdue_rectifications

pytestmark = pytest.mark.django_db


@pytest.fixture
def bad_rating(delivered_at_window, people):
    def _make():
        case = delivered_at_window()
        return services.rating_submit(
            case_id=case.pk,
            level="DISSATISFIED",
            source="WEB",
            comment="态度差",
            actor=people["citizen"],
        )

    return _make


def test_a_rectification_goes_verify_fix_revisit(bad_rating, people):
    rect = bad_rating().rectification
    services.rectification_verify(
        rectification_id=rect.pk, finding="属实，窗口解释不清", actor=people["clerk"]
    )
    services.rectification_rectify(
        rectification_id=rect.pk,
        outcome="FIXED",
        measures="已补充一次性告知并致歉",
        actor=people["clerk"],
    )
    rect = services.rectification_revisit(
        rectification_id=rect.pk, level="SATISFIED", comment="问题解决了", actor=people["citizen"]
    )
    assert rect.status == S.CLOSED and rect.revisit_level == "SATISFIED"
    assert rect.verified_by == people["clerk"] and rect.revisited_by == people["citizen"]
    actions = set(
        AuditEvent.objects.filter(object_id=str(rect.pk)).values_list("action", flat=True)
    )
    assert {"rectification.verify", "rectification.rectify", "rectification.revisit"} <= actions


def test_steps_out_of_order_are_a_conflict(bad_rating, people):
    rect = bad_rating().rectification
    with pytest.raises(Conflict) as err:
        services.rectification_rectify(
            rectification_id=rect.pk, outcome="FIXED", measures="x", actor=people["clerk"]
        )
    assert err.value.code == "rectification_wrong_state"
    with pytest.raises(Conflict):
        services.rectification_revisit(
            rectification_id=rect.pk, level="SATISFIED", actor=people["citizen"]
        )


def test_only_the_responsible_side_or_a_supervisor_handles_it(bad_rating, people):
    rect = bad_rating().rectification  # responsible: the clerk; department: police
    for outsider in (people["food_reviewer"], people["other_citizen"], people["citizen"]):
        with pytest.raises(Forbidden):
            services.rectification_verify(rectification_id=rect.pk, finding="x", actor=outsider)
    # a reviewer of the responsible department may, and so may a supervisor
    services.rectification_verify(
        rectification_id=rect.pk, finding="已核实", actor=people["police_reviewer"]
    )
    services.rectification_rectify(
        rectification_id=rect.pk,
        outcome="EXPLAINED",
        measures="法规规定须本人到场",
        actor=people["supervisor"],
    )
    assert Rectification.objects.get(pk=rect.pk).outcome == "EXPLAINED"


def test_only_the_applicant_or_a_supervisor_records_the_revisit(bad_rating, people):
    rect = bad_rating().rectification
    services.rectification_verify(rectification_id=rect.pk, finding="属实", actor=people["clerk"])
    services.rectification_rectify(
        rectification_id=rect.pk, outcome="FIXED", measures="已整改", actor=people["clerk"]
    )
    with pytest.raises(Forbidden):  # the clerk may not grade their own fix
        services.rectification_revisit(
            rectification_id=rect.pk, level="VERY_SATISFIED", actor=people["clerk"]
        )
    rect = services.rectification_revisit(
        rectification_id=rect.pk, level="BASIC", actor=people["supervisor"]
    )
    assert rect.status == S.CLOSED


def test_verify_and_fix_need_their_text(bad_rating, people):
    rect = bad_rating().rectification
    with pytest.raises(InvalidInput):
        services.rectification_verify(rectification_id=rect.pk, finding="  ", actor=people["clerk"])
    services.rectification_verify(rectification_id=rect.pk, finding="属实", actor=people["clerk"])
    with pytest.raises(InvalidInput):
        services.rectification_rectify(
            rectification_id=rect.pk, outcome="MAYBE", measures="x", actor=people["clerk"]
        )
    with pytest.raises(InvalidInput):
        services.rectification_rectify(
            rectification_id=rect.pk, outcome="FIXED", measures="", actor=people["clerk"]
        )


def test_an_overdue_rectification_escalates_to_the_supervisor_once(bad_rating, people):
    with time_machine.travel("2026-11-16 10:00 +0800", tick=False):  # a Monday
        rect = bad_rating().rectification
        assert escalate_overdue_rectifications.call_local() == 0
    with time_machine.travel("2026-11-17 18:00 +0800", tick=False):  # verify due today: not late
        assert escalate_overdue_rectifications.call_local() == 0
    with time_machine.travel("2026-11-18 09:00 +0800", tick=False):  # not verified in 1 day
        assert escalate_overdue_rectifications.call_local() == 1
        assert escalate_overdue_rectifications.call_local() == 0  # idempotent
    rect.refresh_from_db()
    assert rect.escalated_to == people["supervisor"] and rect.escalated_at is not None
    assert (
        AuditEvent.objects.filter(action="rectification.escalate", object_id=str(rect.pk)).count()
        == 1
    )


def test_a_verified_rectification_escalates_only_past_the_fix_deadline(bad_rating, people):
    with time_machine.travel("2026-11-16 10:00 +0800", tick=False):
        rect = bad_rating().rectification
        services.rectification_verify(
            rectification_id=rect.pk, finding="属实", actor=people["clerk"]
        )
    with time_machine.travel("2026-11-23 17:00 +0800", tick=False):  # 5th working day
        assert services.rectifications_escalate_overdue() == 0
    with time_machine.travel("2026-11-24 09:00 +0800", tick=False):
        assert services.rectifications_escalate_overdue() == 1


def test_a_fixed_rectification_never_escalates(bad_rating, people):
    with time_machine.travel("2026-11-16 10:00 +0800", tick=False):
        rect = bad_rating().rectification
        services.rectification_verify(
            rectification_id=rect.pk, finding="属实", actor=people["clerk"]
        )
        services.rectification_rectify(
            rectification_id=rect.pk, outcome="FIXED", measures="已整改", actor=people["clerk"]
        )
    with time_machine.travel("2026-12-30 09:00 +0800", tick=False):
        assert services.rectifications_escalate_overdue() == 0


def test_the_responsible_person_and_the_applicant_get_an_sms(
    bad_rating, people, django_capture_on_commit_callbacks
):
    from onewindow.notify.models import OutboxMessage

    profile = people["clerk"].staff_profile
    profile.phone = "13900000001"
    profile.save()
    with django_capture_on_commit_callbacks(execute=True):
        rect = bad_rating().rectification
    opened = OutboxMessage.objects.get(dedupe_key=f"ratings-rect-{rect.pk}-open")
    assert opened.phone == "13900000001" and "核实" in opened.body
    services.rectification_verify(rectification_id=rect.pk, finding="属实", actor=people["clerk"])
    with django_capture_on_commit_callbacks(execute=True):
        services.rectification_rectify(
            rectification_id=rect.pk, outcome="FIXED", measures="已致歉", actor=people["clerk"]
        )
    revisit = OutboxMessage.objects.get(dedupe_key=f"ratings-rect-{rect.pk}-revisit")
    assert revisit.phone == "13800000000" and "我的评价" in revisit.body


def test_nobody_with_a_phone_gets_no_sms_and_the_rating_stands(bad_rating):
    from onewindow.notify.models import OutboxMessage

    rect = bad_rating().rectification  # the clerk has no phone
    assert not OutboxMessage.objects.filter(dedupe_key=f"ratings-rect-{rect.pk}-open").exists()
    assert Rectification.objects.filter(pk=rect.pk).exists()
