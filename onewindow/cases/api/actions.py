"""Moving a case along: pre-review, the acceptance decision, supplement, review and special
steps, delivery, closing and withdrawal. Each answers with the case as it now stands.

Every handler does the same three things: find the case (404 when the caller may not see
it), check the caller may perform the action (403), and call the one service that checks
the state machine (409 with the reason when the case is not in a state that allows it)."""

from onewindow.lib.errors import NotFound

from .. import permissions, services
from .base import (
    ERRORS,
    acting_on,
    detail_of,
    may,
    present_accepted,
    require,
    router,
    visible_case,
)
from .schemas import (
    CaseDetail,
    DecideIn,
    DeliverIn,
    PreReviewIn,
    RefuseIn,
    SupplementIn,
    SupplementRequestIn,
    SuspendIn,
    WithdrawIn,
)

RESPONSES = {200: CaseDetail, **ERRORS}
ERR_NOT_YOUR_REVIEW = "该审查任务不属于您的部门"


@router.post("/{number}/pre-review", response=RESPONSES, summary="预审：核验材料")
def pre_review(request, number: str, payload: PreReviewIn):
    case = acting_on(request, number, "pre_review")
    checks = [c.model_dump(exclude_none=True) for c in payload.checks]
    services.case_pre_review(case_id=case.pk, actor=request.auth, checks=checks)
    return detail_of(request, number)


@router.post("/{number}/accept", response=RESPONSES, summary="受理（出具受理通知单）")
def accept(request, number: str):
    # The permission check runs on the case the service locks (one read, not two), and the
    # answer is built from what the service loaded and wrote.
    case = services.case_accept(number=number, actor=request.auth, check=may(request, "accept"))
    return present_accepted(request, case)


@router.post(
    "/{number}/supplement-request",
    response=RESPONSES,
    summary="一次性告知补正（出具一次性告知书）",
)
def request_supplement(request, number: str, payload: SupplementRequestIn):
    case = acting_on(request, number, "request_supplement")
    items = [i.model_dump() for i in payload.items]
    services.case_request_supplement(case_id=case.pk, actor=request.auth, items=items)
    return detail_of(request, number)


@router.post("/{number}/supplement", response=RESPONSES, summary="提交补正材料")
def complete_supplement(request, number: str, payload: SupplementIn):
    case = acting_on(request, number, "complete_supplement")
    materials = [m.model_dump() for m in payload.materials]
    services.case_complete_supplement(case_id=case.pk, actor=request.auth, materials=materials)
    return detail_of(request, number)


@router.post("/{number}/refuse", response=RESPONSES, summary="不予受理（出具不予受理通知书）")
def refuse(request, number: str, payload: RefuseIn):
    case = acting_on(request, number, "refuse")
    services.case_refuse(case_id=case.pk, actor=request.auth, reason=payload.reason)
    return detail_of(request, number)


@router.post("/{number}/suspend", response=RESPONSES, summary="进入特殊环节（暂停计时）")
def suspend(request, number: str, payload: SuspendIn):
    case = acting_on(request, number, "suspend")
    services.case_suspend(
        case_id=case.pk,
        actor=request.auth,
        reason=payload.reason,
        expected_workdays=payload.expected_workdays,
    )
    return detail_of(request, number)


@router.post("/{number}/resume", response=RESPONSES, summary="结束特殊环节（恢复计时）")
def resume(request, number: str):
    case = acting_on(request, number, "resume")
    services.case_resume(case_id=case.pk, actor=request.auth)
    return detail_of(request, number)


@router.post(
    "/{number}/reviews/{review_id}/decide",
    response=RESPONSES,
    summary="办理审查任务（同意/不同意）",
    description="部门审批人员办理本部门的审查任务；并联审查全部同意后进入牵头部门决定环节。",
)
def decide(request, number: str, review_id: int, payload: DecideIn):
    case = visible_case(request, number)
    review = case.reviews.filter(pk=review_id).first()
    if review is None:
        raise NotFound("未找到该审查任务", code="review_not_found")
    require(permissions.is_reviewer_for(request.auth, review.department_id), ERR_NOT_YOUR_REVIEW)
    services.review_decide(
        review_id=review.pk, actor=request.auth, approve=payload.approve, opinion=payload.opinion
    )
    return detail_of(request, number)


@router.post("/{number}/deliver", response=RESPONSES, summary="送达办理结果")
def deliver(request, number: str, payload: DeliverIn):
    case = acting_on(request, number, "deliver")
    services.case_deliver(
        case_id=case.pk,
        actor=request.auth,
        method=payload.method,
        address=payload.address,
        tracking_number=payload.tracking_number,
    )
    return detail_of(request, number)


@router.post("/{number}/close", response=RESPONSES, summary="办结归档")
def close(request, number: str):
    case = acting_on(request, number, "close")
    services.case_close(case_id=case.pk, actor=request.auth)
    return detail_of(request, number)


@router.post("/{number}/withdraw", response=RESPONSES, summary="撤回申请")
def withdraw(request, number: str, payload: WithdrawIn | None = None):
    case = acting_on(request, number, "withdraw")
    reason = payload.reason.strip() if payload else ""
    services.case_withdraw(case_id=case.pk, actor=request.auth, reason=reason)
    return detail_of(request, number)
