"""A case's detail answer is filled without ninja's validation (lib.answers.build): in every
state it must be exactly what ninja's validation of the same case gives."""

import warnings
from types import SimpleNamespace

import pytest

from onewindow.cases import selectors, services
from onewindow.cases.api.base import present
from onewindow.cases.api.schemas import CaseDetail
from onewindow.cases.choices import CaseStatus
from onewindow.cases.models import Review
from onewindow.lib.answers import label

pytestmark = pytest.mark.django_db


def _decide_all(case, people):
    for review in Review.objects.filter(case=case).order_by("step", "pk"):
        reviewer = (
            people["fire_reviewer"] if review.department.code == "XF" else people["food_reviewer"]
        )
        services.review_decide(review_id=review.pk, actor=reviewer, approve=True, opinion="同意")


def _cases(submit, accepted, people):
    clerk = people["clerk"]
    yield "submitted with materials", submit(materials=[{"name": "申请书"}])
    yield "a bundle online", submit(bundle="open-shop", channel="ONLINE")
    case = submit()
    services.case_pre_review(
        case_id=case.pk, actor=clerk, checks=[{"name": "营业执照", "result": "MISSING"}]
    )
    services.case_request_supplement(case_id=case.pk, actor=clerk, items=[{"name": "营业执照", "problem": "缺少"}])  # fmt: skip
    yield "supplement requested", case
    yield "accepted", accepted()
    case = accepted()
    services.case_suspend(case_id=case.pk, actor=people["food_reviewer"], reason="现场核查", expected_workdays=2)  # fmt: skip
    yield "suspended", case
    case = submit()
    services.case_pre_review(case_id=case.pk, actor=clerk)
    services.case_refuse(case_id=case.pk, actor=clerk, reason="不属于本机关职权范围")
    yield "refused", case
    case = accepted()
    _decide_all(case, people)
    services.case_deliver(case_id=case.pk, actor=clerk, method="MAIL", address="清江区滨江路1号", tracking_number="SF1")  # fmt: skip
    yield "delivered by mail", case


def test_the_detail_answer_is_what_ninjas_validation_gives(submit, accepted, people):
    seen = []
    for state, case in _cases(submit, accepted, people):
        for user in (people["clerk"], people["food_reviewer"], people["supervisor"]):
            request = SimpleNamespace(auth=user)
            decorated = selectors.case_detail(case.number)
            with warnings.catch_warnings():
                warnings.simplefilter("error")  # pydantic warns of a value of another type
                built = present(request, decorated).model_dump(mode="json")
            validated = CaseDetail.model_validate(decorated).model_dump(mode="json")
            assert built == validated, f"{state}, seen by {user.username}"
            seen.append((state, validated["status"], len(validated["reviews"])))
    states = {status for _, status, _ in seen}
    assert states >= {"SUBMITTED", "SUPPLEMENT_REQUESTED", "ACCEPTED", "SUSPENDED", "REFUSED",
                      "DELIVERED"}  # fmt: skip
    assert any(reviews for _, _, reviews in seen)


def test_a_label_is_what_django_displays(submit):
    case = submit()
    for status in [*CaseStatus.values, "NO_SUCH_STATUS"]:
        case.status = status
        assert label(case, "status") == case.get_status_display()
    assert label(case, "channel") == "窗口"
