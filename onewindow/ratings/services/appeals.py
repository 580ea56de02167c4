"""申诉复核: the responsible side appeals a bad rating as malicious or mistaken; a supervisor
other than the one who filed it reviews; an upheld appeal excludes the rating, reason kept."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from onewindow.audit.services import audit_record
from onewindow.lib.errors import Conflict, Forbidden, InvalidInput, NotFound

from .. import permissions
from ..choices import AppealStatus, RectificationStatus
from ..models import Appeal, Rating, Rectification
from ..signals import rating_excluded

ERR_NOT_BAD = "只有差评可以申诉"
ERR_PENDING = "该评价已有待复核的申诉"
ERR_SELF_REVIEW = "申诉人不能复核自己的申诉"


def appeal_file(*, rating_id: int, reason: str, evidence: str = "", actor) -> Appeal:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("请填写申诉理由", code="reason_required")
    with transaction.atomic():
        rating = Rating.objects.select_for_update().filter(pk=rating_id).first()
        if rating is None:
            raise NotFound("未找到该评价", code="rating_not_found")
        rectification = Rectification.objects.filter(rating=rating).first()
        if not rating.is_bad or rectification is None:
            raise Conflict(ERR_NOT_BAD, code="appeal_not_bad")
        if not permissions.may_handle(actor, rectification):
            raise Forbidden("只有责任人、责任部门或监督人员可以申诉", code="forbidden")
        if rating.excluded:
            raise Conflict("该差评已核销", code="rating_already_excluded")
        appeal = Appeal(
            rating=rating,
            reason=reason,
            evidence=(evidence or "").strip(),
            filed_by=actor,
            filed_at=timezone.now(),
        )
        try:
            with transaction.atomic():
                appeal.save(force_insert=True)
        except IntegrityError as exc:
            raise Conflict(ERR_PENDING, code="appeal_pending") from exc
        audit_record(actor=actor, action="appeal.file", obj=appeal, summary="提出差评申诉")
    return appeal


def appeal_review(*, appeal_id: int, upheld: bool, note: str, actor) -> Appeal:
    note = (note or "").strip()
    if not note:
        raise InvalidInput("请填写复核意见", code="note_required")
    if not permissions.is_supervisor(actor):
        raise Forbidden("只有监督人员可以复核申诉", code="forbidden")
    with transaction.atomic():
        appeal = (
            Appeal.objects.select_for_update(of=("self",))
            .select_related("rating")
            .filter(pk=appeal_id)
            .first()
        )
        if appeal is None:
            raise NotFound("未找到该申诉", code="appeal_not_found")
        if appeal.status != AppealStatus.PENDING:
            raise Conflict("该申诉已复核", code="appeal_reviewed")
        if appeal.filed_by_id == actor.pk:
            raise Forbidden(ERR_SELF_REVIEW, code="appeal_self_review")
        now = timezone.now()
        appeal.status = AppealStatus.UPHELD if upheld else AppealStatus.REJECTED
        appeal.reviewed_by = actor
        appeal.reviewed_at = now
        appeal.review_note = note
        appeal.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
        if upheld:
            rating = appeal.rating
            rating.excluded = True
            rating.excluded_reason = f"申诉理由：{appeal.reason}\n复核意见：{note}"
            rating.excluded_at = now
            rating.save(update_fields=["excluded", "excluded_reason", "excluded_at"])
            Rectification.objects.filter(rating=rating).update(status=RectificationStatus.EXCLUDED)
            rating_excluded.send(sender=Rating, rating=rating, actor=actor)
        audit_record(
            actor=actor,
            action="appeal.review",
            obj=appeal,
            summary=f"申诉复核：{appeal.get_status_display()}",
        )
    return appeal
