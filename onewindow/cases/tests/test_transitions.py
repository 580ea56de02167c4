"""Every transition the state machine forbids is refused with 409 and a reason."""

import pytest

from onewindow.cases import services, transitions
from onewindow.cases.choices import CaseStatus
from onewindow.cases.models import Case
from onewindow.lib.errors import Conflict

S = CaseStatus

# Each service and the status it moves a case to.
OPERATIONS = {
    "pre_review": (
        S.PRE_REVIEWED,
        lambda c, p: services.case_pre_review(case_id=c.pk, actor=p["clerk"]),
    ),
    "accept": (S.ACCEPTED, lambda c, p: services.case_accept(case_id=c.pk, actor=p["clerk"])),
    "supplement": (
        S.SUPPLEMENT_REQUESTED,
        lambda c, p: services.case_request_supplement(
            case_id=c.pk, actor=p["clerk"], items=[{"name": "申请书"}]
        ),
    ),
    "refuse": (
        S.REFUSED,
        lambda c, p: services.case_refuse(
            case_id=c.pk, actor=p["clerk"], reason="不属于本机关职权"
        ),
    ),
    "suspend": (
        S.SUSPENDED,
        lambda c, p: services.case_suspend(case_id=c.pk, actor=p["food_reviewer"], reason="听证"),
    ),
    "deliver": (
        S.DELIVERED,
        lambda c, p: services.case_deliver(case_id=c.pk, actor=p["clerk"], method="WINDOW"),
    ),
    "close": (S.CLOSED, lambda c, p: services.case_close(case_id=c.pk, actor=p["clerk"])),
    "withdraw": (
        S.WITHDRAWN,
        lambda c, p: services.case_withdraw(case_id=c.pk, actor=p["citizen"]),
    ),
}

# Reviewing starts by itself when a reviewer acts on an accepted case.
IMPLICIT = {"suspend": {S.ACCEPTED}}

FORBIDDEN = [
    (state, name)
    for state in S.values
    for name, (target, _) in OPERATIONS.items()
    if target not in transitions.ALLOWED[state] and state not in IMPLICIT.get(name, ())
]


def test_the_table_names_a_reason_for_every_state():
    assert set(transitions.WHY_NOT) == set(S.values) == set(transitions.ALLOWED)


@pytest.mark.parametrize(("state", "operation"), FORBIDDEN, ids=[f"{s}-{o}" for s, o in FORBIDDEN])
def test_a_forbidden_transition_is_a_409_with_a_reason(accepted, people, state, operation):
    case = accepted()
    Case.objects.filter(pk=case.pk).update(status=state)
    _, call = OPERATIONS[operation]
    with pytest.raises(Conflict) as caught:
        call(case, people)
    assert caught.value.status == 409
    assert caught.value.code in {
        "case_transition_forbidden",
        "case_not_suspended",
        "case_suspended",
    }
    assert caught.value.message
    assert Case.objects.get(pk=case.pk).status == state  # nothing changed


@pytest.mark.parametrize("state", [s for s in S.values if s != S.SUSPENDED])
def test_resuming_a_case_that_is_not_suspended_is_a_409(accepted, people, state):
    case = accepted()
    Case.objects.filter(pk=case.pk).update(status=state)
    with pytest.raises(Conflict) as caught:
        services.case_resume(case_id=case.pk, actor=people["food_reviewer"])
    assert caught.value.status == 409


@pytest.mark.parametrize("state", [s for s in S.values if s not in (S.ACCEPTED, S.IN_REVIEW)])
def test_a_review_decision_outside_review_is_a_409(accepted, people, state):
    case = accepted()
    review = case.reviews.get(step=1, department__code="SCJG")
    Case.objects.filter(pk=case.pk).update(status=state)
    with pytest.raises(Conflict) as caught:
        services.review_decide(review_id=review.pk, actor=people["food_reviewer"], approve=True)
    assert caught.value.status == 409
