"""A year of ratings over the delivered history cases, written in bulk (no service per
rating and no audit row: the history has ~15,000 deliveries, and its cases have none either). Bad ratings get rectifications in the state
their age suggests, a few appeals, and the windows of the main hall get rating devices."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from onewindow.accounts.models import StaffProfile
from onewindow.cases.choices import CaseChannel
from onewindow.cases.demo.bulk import insert
from onewindow.cases.models import Case
from onewindow.catalog.models import ServicePoint
from onewindow.lib import workdays

from .. import conf
from ..choices import (
    BAD_LEVELS,
    DIMENSIONS,
    LEVEL_SCORES,
    AppealStatus,
    RatingChannel,
    RatingSource,
    RectificationStatus,
)
from ..models import Appeal, Rating, RatingDevice, Rectification

HISTORY = "demo-history-"
RATED_SHARE = 0.8  # most applicants rate; the rest never do
LEVELS = (
    ("VERY_SATISFIED", 68),
    ("SATISFIED", 22),
    ("BASIC", 6.5),
    ("DISSATISFIED", 2.3),
    ("VERY_DISSATISFIED", 1.2),
)
GOOD_WORDS = (
    "办事效率高",
    "工作人员很耐心",
    "一次就办好了",
    "指南写得清楚",
    "不用跑腿，很方便",
    "",
)
BAD_WORDS = (
    "排队等了一个多小时",
    "材料要求前后说法不一致，跑了两趟",
    "窗口人员态度生硬",
    "网上申报系统老是卡，提交不了",
    "办事指南和窗口要求的材料不一样",
    "电话一直打不通",
)
FINDINGS = ("经调取录像核实属实", "与申请人电话核实，情况属实", "核实为系统故障导致")
MEASURES = (
    ("FIXED", "已向申请人致歉，对窗口人员批评教育并纳入月度考核"),
    ("FIXED", "已更新办事指南的材料清单并通知窗口统一口径"),
    ("EXPLAINED", "该事项依法须本人到场核验，已向申请人解释说明"),
)
DEVICE_WINDOWS = ("1", "2", "11", "12")


def device_token(window) -> str:
    """Fixed demo tokens so the README can name the page (real devices get random ones)."""
    return f"demo-{window.service_point.code.lower()}-{window.number}"


def _devices() -> int:
    hall = ServicePoint.objects.filter(code="QJ-HALL").first()
    if hall is None:
        return 0
    made = 0
    for window in hall.windows.filter(number__in=DEVICE_WINDOWS).select_related("service_point"):
        _, created = RatingDevice.objects.get_or_create(
            window=window, defaults={"token": device_token(window)}
        )
        made += created
    return made


def _scores(rng, channel: str, level: str) -> dict:
    base = LEVEL_SCORES[level]
    return {
        key: max(1, min(5, base + rng.choice((-1, 0, 0, 0, 1))))
        for key in DIMENSIONS[RatingChannel(channel)]
    } | {"overall": base}


def load_ratings(*, seed: int = 2026) -> dict | None:
    """Returns what was made, or None when the history ratings exist already."""
    if Rating.objects.filter(case__idempotency_key__startswith=HISTORY).exists():
        return None
    rng, now = random.Random(seed), timezone.now()
    staff_ids = set(StaffProfile.objects.values_list("user_id", flat=True))
    cases = list(
        Case.objects.filter(idempotency_key__startswith=HISTORY, delivered_at__isnull=False)
        .order_by("pk")
        .values_list(
            "pk", "channel", "window_id", "lead_department_id", "service_point_id", "matter_id",
            "applicant_id", "delivered_at", "submitted_by_id", "delivery__delivered_by_id",
        )
    )  # fmt: skip
    levels, weights = zip(*LEVELS, strict=True)
    ratings = []
    for pk, channel, window, dept, point, matter, applicant, delivered, by, deliverer in cases:
        if rng.random() > RATED_SHARE:
            continue
        online = channel in (CaseChannel.ONLINE, CaseChannel.MOBILE)
        rating_channel = RatingChannel.ONLINE if online else RatingChannel.ON_SITE
        level = rng.choices(levels, weights)[0]
        bad = level in BAD_LEVELS
        if online:
            source = rng.choices((RatingSource.WEB, RatingSource.QR), (8, 2))[0]
            later = timedelta(hours=rng.uniform(1, 72))
        else:
            source = rng.choices((RatingSource.DEVICE, RatingSource.QR, RatingSource.WEB), (7, 1.5, 1.5))[0]  # fmt: skip
            later = timedelta(minutes=rng.uniform(1, 30 if source == RatingSource.DEVICE else 2000))
        staff = next((u for u in (deliverer, by) if u in staff_ids), None)
        comment = (
            rng.choice(BAD_WORDS) if bad else (rng.choice(GOOD_WORDS) if rng.random() < 0.2 else "")
        )
        ratings.append(
            dict(
                case_id=pk, channel=rating_channel, level=level, is_bad=bad,
                scores=_scores(rng, rating_channel, level), comment=comment, source=source,
                applicant_id=applicant, staff_id=staff, window_id=window, department_id=dept,
                service_point_id=point, matter_id=matter, created_at=min(delivered + later, now),
            )
        )  # fmt: skip
    with transaction.atomic():
        insert(Rating, ratings)  # ~15,000 rows: plain INSERTs, as the case history does
        bad = list(
            Rating.objects.filter(is_bad=True, case__idempotency_key__startswith=HISTORY)
            .order_by("created_at")
            .only("pk", "created_at", "department_id", "staff_id")
        )
        rectifications, appeals = _rectifications(rng, bad, now)
        devices = _devices()
    return {"ratings": len(ratings), "bad": len(bad), "rectifications": rectifications,
            "appeals": appeals, "devices": devices}  # fmt: skip


def _rectifications(rng, bad: list[Rating], now) -> tuple[int, int]:
    """Old bad ratings are closed (a few excluded after an appeal); the last two weeks' are
    still open, in each state, one of them overdue and escalated."""
    today = timezone.localdate(now)
    verify_days, rectify_days = conf.verify_workdays(), conf.rectify_workdays()
    supervisor = StaffProfile.objects.filter(user__groups__name="SUPERVISOR").values_list("user_id", flat=True).first()  # fmt: skip
    recent = [r for r in bad if (now - r.created_at).days <= 14]
    older = [r for r in bad if (now - r.created_at).days > 14]
    older_ids = {r.pk for r in older}
    excluded = {r.pk for r in rng.sample(older, min(3, len(older)))}
    rows, appeals = [], []
    for r in bad:
        day = timezone.localdate(r.created_at)
        row = Rectification(
            rating_id=r.pk, department_id=r.department_id, responsible_id=r.staff_id,
            created_at=r.created_at, verify_due_date=workdays.add_workdays(day, verify_days),
            rectify_due_date=workdays.add_workdays(day, rectify_days),
        )  # fmt: skip
        stage = 4 if r.pk in older_ids else rng.choice((0, 1, 1, 2, 2, 3))
        if r.pk in excluded:
            stage = -1
        _advance(rng, row, stage, r.created_at)
        if (
            row.status in (RectificationStatus.VERIFYING, RectificationStatus.RECTIFYING)
            and row.rectify_due_date < today
        ):
            row.escalated_at, row.escalated_to_id = now - timedelta(hours=2), supervisor
        rows.append(row)
        if r.pk in excluded:
            appeals.append(_appeal(r, AppealStatus.UPHELD, supervisor))
    if recent:  # one pending appeal, on the newest bad rating
        appeals.append(_appeal(recent[-1], AppealStatus.PENDING, None))
    if len(older) > 3:
        kept = next(r for r in older if r.pk not in excluded)
        appeals.append(_appeal(kept, AppealStatus.REJECTED, supervisor))
    Rectification.objects.bulk_create(rows)
    Appeal.objects.bulk_create(appeals)
    for r in bad:
        if r.pk in excluded:
            r.excluded, r.excluded_at = True, r.created_at + timedelta(days=3)
            r.excluded_reason = "申诉理由：申请人误操作选择了差评，电话中已确认\n复核意见：经电话录音核实为误评，予以核销"
    Rating.objects.bulk_update([r for r in bad if r.pk in excluded], ["excluded", "excluded_at", "excluded_reason"])  # fmt: skip
    return len(rows), len(appeals)


def _advance(rng, row: Rectification, stage: int, at) -> None:
    """Moves an unsaved rectification through `stage` steps (4 = revisited and closed;
    -1 = excluded after an appeal)."""
    row.status = RectificationStatus.VERIFYING
    if stage == -1:
        row.status = RectificationStatus.EXCLUDED
        return
    if stage >= 1:
        row.status, row.finding, row.verified_at = RectificationStatus.RECTIFYING, rng.choice(FINDINGS), at + timedelta(hours=20)  # fmt: skip
    if stage >= 2:
        outcome, measures = rng.choice(MEASURES)
        row.status, row.outcome, row.measures = RectificationStatus.REVISITING, outcome, measures
        row.rectified_at = at + timedelta(days=3)
    if stage >= 3:
        row.status = RectificationStatus.CLOSED
        row.revisit_level = rng.choices(("SATISFIED", "VERY_SATISFIED", "BASIC", "DISSATISFIED"), (5, 3, 2, 0.5))[0]  # fmt: skip
        row.revisit_comment = (
            "问题已解决" if row.revisit_level != "DISSATISFIED" else "还是不太满意"
        )
        row.revisited_at = at + timedelta(days=5)


def _appeal(rating: Rating, status: str, reviewer) -> Appeal:
    reviewed = status != AppealStatus.PENDING
    return Appeal(
        rating_id=rating.pk,
        reason="申请人误操作选择了差评，电话中已确认"
        if status != AppealStatus.REJECTED
        else "认为差评与本窗口无关",
        evidence="电话回访录音",
        filed_by_id=rating.staff_id,
        filed_at=rating.created_at + timedelta(days=1),
        status=status,
        reviewed_by_id=reviewer if reviewed else None,
        reviewed_at=rating.created_at + timedelta(days=3) if reviewed else None,
        review_note={
            "UPHELD": "经电话录音核实为误评，予以核销",
            "REJECTED": "差评有事实依据，不予核销",
        }.get(status, ""),
    )
