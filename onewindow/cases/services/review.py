"""Review: parallel department tasks, the lead's decision, and special steps (特殊环节)."""

from django.db import transaction
from django.utils import timezone

from onewindow.audit.services import audit_record
from onewindow.lib.errors import Conflict, Forbidden, InvalidInput, NotFound

from .. import clock
from ..choices import CaseStatus, NoticeKind, ReviewStatus
from ..models import Case, Review, Suspension
from .common import lock, move, notice_issue

ERR_NOT_YOURS = "该审查任务不属于您的部门"
ERR_REVIEW_NOT_OPEN = "该审查任务当前不可办理"
ERR_NEED_OPINION = "不同意时须写明理由"
ERR_NEED_REASON = "请写明特殊环节的名称或理由"


def _start_review_if_accepted(case: Case, actor) -> None:
    if case.status == CaseStatus.ACCEPTED:
        move(case, CaseStatus.IN_REVIEW, actor=actor, summary="进入审查")


def _may_act_for(actor, department_id: int) -> bool:
    if getattr(actor, "is_superuser", False):
        return True
    profile = getattr(actor, "staff_profile", None)
    return profile is not None and profile.department_id == department_id


def _conclude(case: Case, *, approved: bool, reasons: list[str], actor, now) -> None:
    case.concluded_at = now
    if approved:
        move(case, CaseStatus.APPROVED, actor=actor, summary="准予许可", fields=["concluded_at"])
        return
    case.decision_reason = "\n".join(reasons)
    move(
        case,
        CaseStatus.DENIED,
        actor=actor,
        summary="不予许可",
        fields=["concluded_at", "decision_reason"],
    )
    case.reviews.filter(status__in=[ReviewStatus.OPEN, ReviewStatus.WAITING]).update(
        status=ReviewStatus.CANCELLED
    )
    notice_issue(case, NoticeKind.DENIAL, items=reasons, reason=case.decision_reason, at=now)


def _advance(case: Case, *, actor, now) -> None:
    """After a review is decided: wait for the rest of its step, open the next step, or conclude."""
    reviews = list(case.reviews.select_related("department").order_by("step", "id"))
    for step in sorted({r.step for r in reviews}):
        active = [r for r in reviews if r.step == step and r.status != ReviewStatus.CANCELLED]
        if any(r.status == ReviewStatus.OPEN for r in active):
            return  # this step is still being worked on
        waiting = [r.pk for r in active if r.status == ReviewStatus.WAITING]
        if waiting:  # every earlier step approved: this one starts now
            Review.objects.filter(pk__in=waiting).update(status=ReviewStatus.OPEN, opened_at=now)
            return
        denied = [r for r in active if r.status == ReviewStatus.DENIED]
        if denied:
            reasons = [f"{r.department.name}：{r.opinion}" for r in denied]
            _conclude(case, approved=False, reasons=reasons, actor=actor, now=now)
            return
    _conclude(case, approved=True, reasons=[], actor=actor, now=now)


def review_decide(*, review_id: int, actor, approve: bool, opinion: str = "") -> Review:
    opinion = (opinion or "").strip()
    if not approve and not opinion:
        raise InvalidInput(ERR_NEED_OPINION, code="opinion_required")
    now = timezone.now()
    with transaction.atomic():
        found = Review.objects.filter(pk=review_id).values_list("case_id", flat=True).first()
        if found is None:
            raise NotFound("未找到该审查任务", code="review_not_found")
        case = lock(found)  # lock the case first: parallel reviewers serialise here
        review = Review.objects.select_related("department").get(pk=review_id)
        if not _may_act_for(actor, review.department_id):
            raise Forbidden(ERR_NOT_YOURS, code="review_not_yours")
        if case.status == CaseStatus.SUSPENDED:
            raise Conflict("办件处于特殊环节（暂停计时），请先结束特殊环节", code="case_suspended")
        if review.status != ReviewStatus.OPEN or case.status not in (
            CaseStatus.ACCEPTED,
            CaseStatus.IN_REVIEW,
        ):
            raise Conflict(
                ERR_REVIEW_NOT_OPEN,
                code="review_not_open",
                details={"review": review.status, "case": case.status},
            )
        _start_review_if_accepted(case, actor)
        review.status = ReviewStatus.APPROVED if approve else ReviewStatus.DENIED
        review.opinion, review.reviewer, review.decided_at = opinion, actor, now
        review.save(update_fields=["status", "opinion", "reviewer", "decided_at"])
        audit_record(
            actor=actor, action="review.approve" if approve else "review.deny", obj=case,
            summary=f"{review.department.display_name}{review.step_name}：{'同意' if approve else '不同意'}{'，' + opinion if opinion else ''}",
        )  # fmt: skip
        _advance(case, actor=actor, now=now)
    return review


def case_suspend(*, case_id: int, actor, reason: str, expected_workdays: int = 0) -> Suspension:
    """Starts a special step (hearing, inspection, expert review…): the clock stops."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(ERR_NEED_REASON, code="suspension_reason_required")
    now = timezone.now()
    with transaction.atomic():
        case = lock(case_id)
        if (
            not _may_act_for(actor, case.lead_department_id)
            and not case.reviews.filter(department__staff__user=actor).exists()
        ):
            raise Forbidden(ERR_NOT_YOURS, code="case_not_yours")
        _start_review_if_accepted(case, actor)
        move(
            case,
            CaseStatus.SUSPENDED,
            actor=actor,
            summary=f"进入特殊环节：{reason}（预计{expected_workdays}个工作日，不计入办理时限）",
        )
        return Suspension.objects.create(
            case=case,
            reason=reason,
            expected_workdays=expected_workdays,
            started_at=now,
            started_by=actor,
        )


def case_resume(*, case_id: int, actor) -> Case:
    """Ends the special step; its working days extend the due date."""
    now = timezone.now()
    with transaction.atomic():
        case = lock(case_id)
        suspension = case.suspensions.filter(ended_at__isnull=True).first()
        if case.status != CaseStatus.SUSPENDED or suspension is None:
            raise Conflict("办件不在特殊环节中", code="case_not_suspended")
        days = clock.suspension_workdays(suspension.started_at, now)
        suspension.ended_at, suspension.workdays = now, days
        suspension.save(update_fields=["ended_at", "workdays"])
        case.suspended_workdays += days
        c = clock.compute(case.accepted_at, case.promised_limit_days, case.suspended_workdays)
        before = case.due_at
        case.due_at, case.warn_at = c.due_at, c.warn_at
        move(
            case, CaseStatus.IN_REVIEW, actor=actor,
            summary=f"结束特殊环节「{suspension.reason}」，用时{days}个工作日，办结期限顺延至{c.due_date:%Y年%m月%d日}",
            fields=["suspended_workdays", "due_at", "warn_at"],
            changes={"due_at": [before.isoformat(), case.due_at.isoformat()]},
        )  # fmt: skip
    return case
