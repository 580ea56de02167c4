"""A case from submission to closing, through the services."""

import pytest

from onewindow.audit.models import AuditEvent
from onewindow.cases import services
from onewindow.cases.choices import CaseStatus, NoticeKind, ReviewStatus
from onewindow.lib.errors import Conflict, Forbidden, InvalidInput

from .conftest import GOOD_FORM

S = CaseStatus


def test_a_case_goes_from_submission_to_closing(accepted, people):
    case = accepted()
    assert case.status == S.ACCEPTED
    assert list(case.notices.values_list("kind", flat=True)) == [NoticeKind.ACCEPTANCE]
    first = {r.department.code: r for r in case.reviews.filter(step=1)}
    assert set(first) == {"SCJG", "XF"}  # the lead and the co-reviewing department, at once
    assert all(r.status == ReviewStatus.OPEN for r in first.values())
    decision = case.reviews.get(step=2)
    assert decision.status == ReviewStatus.WAITING and decision.is_decision

    services.review_decide(review_id=first["XF"].pk, actor=people["fire_reviewer"], approve=True)
    case.refresh_from_db()
    assert case.status == S.IN_REVIEW
    decision.refresh_from_db()
    assert decision.status == ReviewStatus.WAITING  # the lead's own review is still open

    services.review_decide(review_id=first["SCJG"].pk, actor=people["food_reviewer"], approve=True)
    decision.refresh_from_db()
    assert decision.status == ReviewStatus.OPEN

    services.review_decide(
        review_id=decision.pk, actor=people["food_reviewer"], approve=True, opinion="符合条件"
    )
    case.refresh_from_db()
    assert case.status == S.APPROVED and case.concluded_at

    services.case_deliver(
        case_id=case.pk,
        actor=people["clerk"],
        method="MAIL",
        tracking_number="SF123",
        address="清江区",
    )
    services.case_close(case_id=case.pk, actor=people["clerk"])
    case.refresh_from_db()
    assert case.status == S.CLOSED and case.delivery.tracking_number == "SF123"
    actions = list(
        AuditEvent.objects.filter(object_id=str(case.pk), content_type__model="case")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions[:3] == ["case.submitted", "case.pre_reviewed", "case.accepted"]
    assert actions[-2:] == ["case.delivered", "case.closed"]


def test_any_denial_denies_the_case_with_the_reasons_gathered(accepted, people):
    case = accepted()
    first = {r.department.code: r for r in case.reviews.filter(step=1)}
    services.review_decide(
        review_id=first["XF"].pk,
        actor=people["fire_reviewer"],
        approve=False,
        opinion="疏散通道不足",
    )
    case.refresh_from_db()
    assert case.status == S.IN_REVIEW  # the lead's review still runs
    services.review_decide(
        review_id=first["SCJG"].pk,
        actor=people["food_reviewer"],
        approve=False,
        opinion="布局不合理",
    )
    case.refresh_from_db()
    assert case.status == S.DENIED
    assert "区消防救援大队：疏散通道不足" in case.decision_reason
    assert "区市场监督管理局：布局不合理" in case.decision_reason
    denial = case.notices.get(kind=NoticeKind.DENIAL)
    assert len(denial.items) == 2
    assert case.reviews.get(step=2).status == ReviewStatus.CANCELLED


def test_a_denial_needs_a_reason(accepted, people):
    case = accepted()
    review = case.reviews.get(step=1, department__code="XF")
    with pytest.raises(InvalidInput):
        services.review_decide(review_id=review.pk, actor=people["fire_reviewer"], approve=False)


def test_a_reviewer_acts_only_for_their_department(accepted, people):
    case = accepted()
    review = case.reviews.get(step=1, department__code="XF")
    with pytest.raises(Forbidden):
        services.review_decide(review_id=review.pk, actor=people["food_reviewer"], approve=True)


def test_a_bundle_opens_one_review_per_department(submit, people):
    case = submit(bundle="open-shop")
    services.case_pre_review(case_id=case.pk, actor=people["clerk"])
    services.case_accept(case_id=case.pk, actor=people["clerk"])
    assert sorted(case.reviews.filter(step=1).values_list("department__code", flat=True)) == [
        "GA",
        "SCJG",
    ]
    assert case.lead_department.code == "SCJG"
    assert case.bundle_matters.count() == 2


def test_supplement_names_every_item_at_once_and_the_clock_waits(submit, people):
    case = submit()
    services.case_pre_review(case_id=case.pk, actor=people["clerk"], checks=[
        {"name": "营业执照", "result": "MISSING"}, {"name": "卫生检测报告", "result": "INVALID", "note": "已过期"},
    ])  # fmt: skip
    with pytest.raises(Conflict, match="一次性告知"):
        services.case_accept(case_id=case.pk, actor=people["clerk"])
    services.case_request_supplement(case_id=case.pk, actor=people["clerk"], items=[
        {"name": "营业执照", "problem": "缺少"}, {"name": "卫生检测报告", "problem": "已过期"},
    ])  # fmt: skip
    case.refresh_from_db()
    assert (
        case.status == S.SUPPLEMENT_REQUESTED and case.accepted_at is None and case.due_at is None
    )
    notice = case.notices.get(kind=NoticeKind.SUPPLEMENT)
    assert [i["name"] for i in notice.items] == ["营业执照", "卫生检测报告"]
    with pytest.raises(Conflict, match="尚未补正"):
        services.case_accept(case_id=case.pk, actor=people["clerk"])
    with pytest.raises(InvalidInput, match="卫生检测报告"):
        services.case_complete_supplement(
            case_id=case.pk, actor=people["citizen"], materials=[{"name": "营业执照"}]
        )
    services.case_complete_supplement(
        case_id=case.pk,
        actor=people["citizen"],
        materials=[{"name": "营业执照"}, {"name": "卫生检测报告"}],
    )
    case = services.case_accept(case_id=case.pk, actor=people["clerk"])
    assert case.accepted_at == case.materials_completed_at


def test_a_supplement_notice_must_list_items(submit, people):
    case = submit()
    services.case_pre_review(case_id=case.pk, actor=people["clerk"])
    with pytest.raises(InvalidInput):
        services.case_request_supplement(case_id=case.pk, actor=people["clerk"], items=[])


def test_a_refusal_gives_its_reason_and_the_applicants_rights(submit, people):
    case = submit()
    services.case_pre_review(case_id=case.pk, actor=people["clerk"])
    with pytest.raises(InvalidInput):
        services.case_refuse(case_id=case.pk, actor=people["clerk"], reason=" ")
    case = services.case_refuse(
        case_id=case.pk, actor=people["clerk"], reason="申请事项依法不需要取得行政许可"
    )
    assert case.status == S.REFUSED
    assert case.notices.get(kind=NoticeKind.REFUSAL).reason == "申请事项依法不需要取得行政许可"


def test_an_immediate_matter_is_done_in_one_step(district, people, applicant):
    case = services.case_handle_immediately(
        actor=people["clerk"], applicant=applicant, matter_code="QR-002", service_point=district["hall"],
        form_data={"applicant_name": "张三", "phone": "13800000000"},
    )  # fmt: skip
    assert case.status == S.DELIVERED
    assert case.accepted_at == case.concluded_at == case.delivered_at
    assert case.delivery.method == "WINDOW"


def test_a_promised_matter_is_not_done_immediately(district, people, applicant):
    with pytest.raises(Conflict, match="不是即办件"):
        services.case_handle_immediately(
            actor=people["clerk"], applicant=applicant, matter_code="XK-001", service_point=district["hall"],
            form_data=GOOD_FORM,
        )  # fmt: skip
    from onewindow.cases.models import Case

    assert not Case.objects.exists()  # nothing half-written


def test_the_applicant_withdraws_before_a_decision(accepted, people):
    case = accepted()
    services.case_withdraw(case_id=case.pk, actor=people["citizen"], reason="不再需要")
    case.refresh_from_db()
    assert case.status == S.WITHDRAWN
    assert not case.reviews.filter(status=ReviewStatus.OPEN).exists()


def test_nobody_withdraws_after_a_decision(accepted, people):
    case = accepted()
    for review in case.reviews.filter(step=1):
        actor = (
            people["fire_reviewer"] if review.department.code == "XF" else people["food_reviewer"]
        )
        services.review_decide(review_id=review.pk, actor=actor, approve=True)
    services.review_decide(
        review_id=case.reviews.get(step=2).pk, actor=people["food_reviewer"], approve=True
    )
    with pytest.raises(Conflict) as caught:
        services.case_withdraw(case_id=case.pk, actor=people["citizen"])
    assert caught.value.status == 409
    assert "已作出准予许可决定" in caught.value.message


def test_reviews_wait_while_suspended(accepted, people):
    case = accepted()
    services.case_suspend(
        case_id=case.pk, actor=people["food_reviewer"], reason="现场核查", expected_workdays=5
    )
    review = case.reviews.get(step=1, department__code="SCJG")
    with pytest.raises(Conflict, match="特殊环节"):
        services.review_decide(review_id=review.pk, actor=people["food_reviewer"], approve=True)
    services.case_resume(case_id=case.pk, actor=people["food_reviewer"])
    services.review_decide(review_id=review.pk, actor=people["food_reviewer"], approve=True)
