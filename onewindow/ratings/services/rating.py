"""Giving a rating: of a delivered case (from the web, the window's device or a notice's QR)
or of a later app's subject; a bad rating opens its rectification in the same transaction."""

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from onewindow.accounts.services import user_roles
from onewindow.audit.services import audit_record
from onewindow.cases.choices import CaseChannel
from onewindow.cases.models import Case
from onewindow.lib import workdays
from onewindow.lib.errors import Conflict, Forbidden, InvalidInput, NotFound

from .. import conf, messages
from ..choices import (
    DIMENSIONS,
    RatingChannel,
    RatingLevel,
    RatingSource,
    RectificationStatus,
)
from ..models import Rating, RatingDevice, Rectification
from ..signals import rating_submitted

ERR_NOT_DELIVERED = "办件送达后才能评价"
ERR_ALREADY_RATED = "该办件已评价，每次服务只能评价一次"
ERR_NOT_APPLICANT = "只有申请人本人可以评价该办件"
ERR_DEVICE_WINDOW = "该评价器不属于办理该办件的窗口"
ERR_QR = "评价二维码无效"
ERR_COMMENT_LONG = "评价内容不能超过 500 字"
COMMENT_MAX = 500

# A case taken at a place is rated for that service (一次一评); one handled online is rated
# for the whole matter (一事一评).
ONLINE_CASE_CHANNELS = (CaseChannel.ONLINE, CaseChannel.MOBILE)


def case_rating_channel(case: Case) -> str:
    if case.channel in ONLINE_CASE_CHANNELS:
        return RatingChannel.ONLINE
    return RatingChannel.ON_SITE


def qr_token(case_number: str) -> str:
    """The token printed with a case's rating QR: whoever holds the notice may rate."""
    return salted_hmac("onewindow.ratings.qr", case_number).hexdigest()[:20]


def _clean_scores(channel: str, level: str, scores: dict | None) -> dict:
    allowed = DIMENSIONS[RatingChannel(channel)]
    cleaned = {}
    for key, value in (scores or {}).items():
        if key not in allowed:
            raise InvalidInput(f"评价维度无效：{key}", code="rating_dimension_invalid")
        if value in (None, ""):
            continue
        try:
            value = int(value)
        except (TypeError, ValueError):
            value = 0
        if not 1 <= value <= 5:
            raise InvalidInput(f"{allowed[key]}的评分须为 1-5 分", code="rating_score_invalid")
        cleaned[key] = value
    cleaned.setdefault("overall", RatingLevel(level).score)
    return cleaned


def _staff_of(case: Case):
    """谁办理谁负责: the staff member who delivered the result, else the clerk who took it."""
    delivery = getattr(case, "delivery", None)
    for user in (getattr(delivery, "delivered_by", None), case.submitted_by):
        if user is not None and user_roles(user) - {"APPLICANT"}:
            return user
    return None


def _authorize_case(*, case: Case, source: str, actor, device, token: str) -> None:
    if source == RatingSource.DEVICE:
        if device is None or not device.is_active or device.window_id != case.window_id:
            raise Forbidden(ERR_DEVICE_WINDOW, code="rating_device_window")
        return
    if source == RatingSource.QR:
        if not token or not constant_time_compare(token, qr_token(case.number)):
            raise Forbidden(ERR_QR, code="rating_qr_invalid")
        return
    if not (
        getattr(actor, "is_authenticated", False)
        and case.applicant.user_id is not None
        and case.applicant.user_id == actor.pk
    ):
        raise Forbidden(ERR_NOT_APPLICANT, code="rating_not_applicant")


def rating_submit(
    *,
    level: str,
    source: str,
    actor,
    case_id: int | None = None,
    subject=None,
    channel: str | None = None,
    scores: dict | None = None,
    comment: str = "",
    device: RatingDevice | None = None,
    token: str = "",
    applicant=None,
    staff=None,
    window=None,
    department=None,
    service_point=None,
    matter=None,
) -> Rating:
    """Records one rating. For a case (`case_id`) the rater is checked (the applicant's
    account on the web, the device of the window that handled it, or the notice's QR token),
    the case must be delivered and who/where is taken from the case. For another `subject`
    (a model instance) the calling app has checked the rater and passes who/where itself.

    One rating per case (or subject) and channel is a database constraint: a second one,
    even a concurrent one, is a 409 `already_rated`."""
    if level not in RatingLevel.values:
        raise InvalidInput("请选择评价等级", code="rating_level_invalid")
    if source not in RatingSource.values:
        raise InvalidInput("评价方式无效", code="rating_source_invalid")
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise InvalidInput(ERR_COMMENT_LONG, code="rating_comment_too_long")
    if (case_id is None) == (subject is None):
        raise InvalidInput("须指定评价的办件或对象", code="rating_subject_required")
    now = timezone.now()
    with transaction.atomic():
        if case_id is not None:
            case = (
                Case.objects.select_related("applicant", "submitted_by", "delivery__delivered_by")
                .filter(pk=case_id)
                .first()
            )
            if case is None:
                raise NotFound("未找到该办件", code="case_not_found")
            _authorize_case(case=case, source=source, actor=actor, device=device, token=token)
            if case.delivered_at is None:
                raise Conflict(ERR_NOT_DELIVERED, code="rating_not_delivered")
            channel = case_rating_channel(case)
            if source == RatingSource.DEVICE and channel != RatingChannel.ON_SITE:
                raise Conflict("网上办理的办件请在网上评价", code="rating_channel_mismatch")
            rating = Rating(
                case=case,
                applicant=case.applicant,
                staff=_staff_of(case),
                window_id=case.window_id,
                department_id=case.lead_department_id,
                service_point_id=case.service_point_id,
                matter_id=case.matter_id,
            )
        else:
            if channel not in RatingChannel.values:
                raise InvalidInput("评价渠道无效", code="rating_channel_invalid")
            rating = Rating(
                subject_type=ContentType.objects.get_for_model(subject),
                subject_id=subject.pk,
                applicant=applicant,
                staff=staff,
                window=window,
                department=department,
                service_point=service_point,
                matter=matter,
            )
        rating.channel = channel
        rating.level = level
        rating.is_bad = RatingLevel(level).is_bad
        rating.scores = _clean_scores(channel, level, scores)
        rating.comment = comment
        rating.source = source
        rating.created_at = now
        rating.rated_by = actor if getattr(actor, "is_authenticated", False) else None
        try:
            with transaction.atomic():
                rating.save(force_insert=True)
        except IntegrityError as exc:
            raise Conflict(ERR_ALREADY_RATED, code="already_rated") from exc
        summary = f"评价：{rating.get_level_display()}（{rating.get_source_display()}）"
        if rating.is_bad:
            _open_rectification(rating, now)
            summary += "，已转差评整改"
        audit_record(actor=actor, action="rating.submit", obj=rating, summary=summary)
        rating_submitted.send(sender=Rating, rating=rating, actor=actor)
    return rating


def _open_rectification(rating: Rating, now) -> Rectification:
    today = timezone.localdate(now)
    rectification = Rectification.objects.create(
        rating=rating,
        status=RectificationStatus.VERIFYING,
        department_id=rating.department_id,
        responsible=rating.staff,
        created_at=now,
        verify_due_date=workdays.add_workdays(today, conf.verify_workdays()),
        rectify_due_date=workdays.add_workdays(today, conf.rectify_workdays()),
    )
    messages.tell_responsible(rectification)
    return rectification
