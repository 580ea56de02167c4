"""Every move the state machine forbids answers 409 over the API, with the reason in Chinese
and the two states in the details; nothing changes."""

import re

import pytest

from onewindow.cases import services
from onewindow.cases.models import Case

from .test_api_support import Api

MAIL = {"method": "MAIL", "address": "清江区滨江路1号", "tracking_number": "SF1"}


def _submitted(people, submit):
    return submit()


def _pre_reviewed(people, submit):
    case = submit()
    return services.case_pre_review(case_id=case.pk, actor=people["clerk"])


def _accepted(people, submit):
    case = _pre_reviewed(people, submit)
    return services.case_accept(case_id=case.pk, actor=people["clerk"])


def _approved(people, submit):
    case = _accepted(people, submit)
    for review in case.reviews.filter(step=1):
        who = "fire_reviewer" if review.department.code == "XF" else "food_reviewer"
        services.review_decide(review_id=review.pk, actor=people[who], approve=True)
    decision = case.reviews.get(step=2)
    services.review_decide(review_id=decision.pk, actor=people["food_reviewer"], approve=True)
    return Case.objects.get(pk=case.pk)


def _closed(people, submit):
    case = _approved(people, submit)
    services.case_deliver(case_id=case.pk, actor=people["clerk"], **MAIL)
    return services.case_close(case_id=case.pk, actor=people["clerk"])


def _withdrawn(people, submit):
    case = submit()
    return services.case_withdraw(case_id=case.pk, actor=people["citizen"])


STATES = {
    "SUBMITTED": _submitted,
    "PRE_REVIEWED": _pre_reviewed,
    "ACCEPTED": _accepted,
    "APPROVED": _approved,
    "CLOSED": _closed,
    "WITHDRAWN": _withdrawn,
}

# state the case is in, who asks, the endpoint, its body
FORBIDDEN = [
    ("SUBMITTED", "clerk", "accept", None),
    ("SUBMITTED", "clerk", "refuse", {"reason": "不符合条件"}),
    ("SUBMITTED", "clerk", "supplement-request", {"items": [{"name": "营业执照"}]}),
    ("SUBMITTED", "clerk", "deliver", MAIL),
    ("SUBMITTED", "clerk", "close", None),
    ("PRE_REVIEWED", "clerk", "pre-review", {"checks": []}),
    ("PRE_REVIEWED", "food_reviewer", "suspend", {"reason": "现场核查"}),
    ("ACCEPTED", "clerk", "accept", None),
    ("ACCEPTED", "clerk", "refuse", {"reason": "不符合条件"}),
    ("ACCEPTED", "clerk", "deliver", MAIL),
    ("APPROVED", "citizen", "withdraw", {"reason": "不想要了"}),
    ("APPROVED", "clerk", "close", None),
    ("APPROVED", "food_reviewer", "suspend", {"reason": "专家评审"}),
    ("CLOSED", "clerk", "deliver", MAIL),
    ("CLOSED", "citizen", "withdraw", {}),
    ("WITHDRAWN", "clerk", "pre-review", {"checks": []}),
    ("WITHDRAWN", "clerk", "accept", None),
]


@pytest.mark.parametrize(
    "state, who, endpoint, body",
    FORBIDDEN,
    ids=[f"{state}-{endpoint}" for state, _, endpoint, _ in FORBIDDEN],
)
def test_a_forbidden_move_answers_409_with_the_reason(
    client, people, submit, state, who, endpoint, body
):
    case = STATES[state](people, submit)
    assert case.status == state
    answer = Api(client).post(f"/{case.number}/{endpoint}", body, user=people[who], expect=409)
    assert answer["code"] == "case_transition_forbidden"
    assert re.search(r"[\u4e00-\u9fff]", answer["message"]), answer["message"]
    assert answer["details"]["from"] == state
    assert Case.objects.get(pk=case.pk).version == case.version  # nothing was written
