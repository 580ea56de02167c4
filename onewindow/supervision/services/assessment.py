"""月度考核: deductions, the monthly score, the thresholds' actions and the awards."""

from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from onewindow.accounts.models import StaffProfile
from onewindow.accounts.roles import Role
from onewindow.audit.services import audit_record
from onewindow.catalog.models import Window
from onewindow.lib.errors import Conflict, InvalidInput, NotFound

from .. import permissions
from ..choices import ActionKind, ActionStatus, AwardKind
from ..models import (
    Assessment,
    AssessmentAction,
    AssessmentPolicy,
    Award,
    Deduction,
    DeductionItem,
)

ERR_ITEM = "未找到该扣分项目或已停用"
ERR_NOT_STAFF = "只能对有工作人员档案的人员扣分"
ERR_NOTE = "请写明扣分事由"
ERR_DEDUCTION = "未找到该扣分记录"
ERR_VOIDED = "该扣分已撤销"
ERR_REASON = "请写明撤销理由"
ERR_ACTION = "未找到该考核处理"
ERR_ACTION_DONE = "该考核处理已落实"
ERR_AWARD_WINNER = "优质服务窗口须指定窗口，优质服务标兵须指定工作人员"
ERR_AWARD_TWICE = "该窗口或人员本月已获此荣誉"
ERR_FUTURE_MONTH = "不能考核尚未开始的月份"


def month_start(day: date) -> date:
    return day.replace(day=1)


def months_before(month: date, n: int) -> list[date]:
    """The n months before `month`, newest first."""
    out, y, m = [], month.year, month.month
    for _ in range(n):
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
        out.append(date(y, m, 1))
    return out


def _item(code: str) -> DeductionItem:
    item = DeductionItem.objects.filter(code=code, is_active=True).first()
    if item is None:
        raise InvalidInput(ERR_ITEM, code="deduction_item_not_found")
    return item


def _require_staff(user) -> None:
    if user is None or not StaffProfile.objects.filter(user=user).exists():
        raise InvalidInput(ERR_NOT_STAFF, code="not_staff")


def deduction_record(
    *,
    staff,
    item_code: str,
    occurred_at: datetime,
    note: str,
    actor,
    points: int | None = None,
    case=None,
    source: str = "",
) -> Deduction:
    """A deduction the office records by hand (late, away from the post, chatting, a complaint)
    or the platform from its data (`source` set: recorded once only)."""
    permissions.require_office(actor)
    item = _item(item_code)
    _require_staff(staff)
    note = (note or "").strip()
    if not note:
        raise InvalidInput(ERR_NOTE, code="note_required")
    if points is not None and not 0 < points <= 100:
        raise InvalidInput("扣分须在1至100分之间", code="points_out_of_range")
    with transaction.atomic():
        if source and Deduction.objects.filter(source=source).exists():
            raise Conflict("该事项已扣过分", code="already_deducted")
        deduction = Deduction.objects.create(
            staff=staff,
            item=item,
            month=month_start(timezone.localdate(occurred_at)),
            occurred_at=occurred_at,
            points=points if points is not None else item.points,
            note=note[:300],
            case=case,
            source=source,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="deduction.record",
            obj=deduction,
            summary=f"{item.name}扣{deduction.points}分：{note[:100]}",
        )
    return deduction


def deduction_void(*, deduction_id: int, reason: str, actor) -> Deduction:
    permissions.require_office(actor)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(ERR_REASON, code="reason_required")
    with transaction.atomic():
        deduction = Deduction.objects.select_for_update().filter(pk=deduction_id).first()
        if deduction is None:
            raise NotFound(ERR_DEDUCTION, code="deduction_not_found")
        if deduction.voided_at:
            raise Conflict(ERR_VOIDED, code="deduction_voided")
        deduction.voided_at, deduction.void_reason = timezone.now(), reason[:200]
        deduction.save(update_fields=["voided_at", "void_reason"])
        audit_record(actor=actor, action="deduction.void", obj=deduction, summary=reason[:200])
    return deduction


def assessed_staff_ids() -> set[int]:
    """Window staff: everyone whose profile names a window, and the window clerks. (Others,
    such as a department's reviewer, are scored in a month they were deducted points.)"""
    return set(
        StaffProfile.objects.filter(Q(window__isnull=False) | Q(user__groups__name=Role.CLERK))
        .filter(user__is_active=True)
        .values_list("user_id", flat=True)
    )


def assessment_compute(*, month: date, actor, now: datetime | None = None) -> list[Assessment]:
    """Scores of one month for every window staff member and everyone with a deduction, then
    the actions the thresholds call for: a talk when the month's deductions reach the talk
    line; a return to the home unit when they reach the return line in this month and each
    of the months before it (return_months in all). Pending actions that a voided deduction
    no longer justifies are withdrawn. Recomputing a month is safe."""
    permissions.require_office(actor)
    now = now or timezone.now()
    month = month_start(month)
    if month > month_start(timezone.localdate(now)):
        raise InvalidInput(ERR_FUTURE_MONTH, code="future_month")
    policy = AssessmentPolicy.current()
    with transaction.atomic():
        from .ratings import bad_rating_deductions_sync  # ratings.py imports this module

        bad_rating_deductions_sync(month)
        totals = {
            row["staff_id"]: (row["total"], row["n"])
            for row in Deduction.objects.filter(month=month, voided_at__isnull=True)
            .values("staff_id")
            .annotate(total=Sum("points"), n=Count("id"))
        }
        staff_ids = assessed_staff_ids() | set(totals)
        rows = []
        for staff_id in sorted(staff_ids):
            total, n = totals.get(staff_id, (0, 0))
            rows.append(
                Assessment(
                    staff_id=staff_id,
                    month=month,
                    deducted=min(total, 32767),
                    deduction_count=n,
                    score=policy.base_score - total,
                    computed_at=now,
                )
            )
        Assessment.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["staff", "month"],
            update_fields=["deducted", "deduction_count", "score", "computed_at"],
            batch_size=500,
        )
        wanted = _actions_due(month, policy, totals)
        AssessmentAction.objects.filter(month=month, status=ActionStatus.PENDING).exclude(
            _any_of(wanted)
        ).delete()
        AssessmentAction.objects.bulk_create(
            [
                AssessmentAction(staff_id=s, month=month, kind=k, reason=r)
                for (s, k), r in wanted.items()
            ],
            ignore_conflicts=True,
        )
        audit_record(
            actor=actor,
            action="assessment.compute",
            summary=f"{month:%Y年%m月}考核：{len(rows)}人，约谈{sum(k == ActionKind.TALK for _, k in wanted)}人，"
            f"退回{sum(k == ActionKind.RETURN for _, k in wanted)}人",
        )
    return list(
        Assessment.objects.filter(month=month).select_related("staff__staff_profile__window")
    )


def _any_of(wanted: dict) -> Q:
    q = Q(pk__in=[])
    for staff_id, kind in wanted:
        q |= Q(staff_id=staff_id, kind=kind)
    return q


def _actions_due(month: date, policy: AssessmentPolicy, totals: dict) -> dict:
    wanted = {}
    for staff_id, (total, _) in totals.items():
        if total >= policy.talk_threshold:
            wanted[(staff_id, ActionKind.TALK)] = (
                f"{month:%Y年%m月}累计扣{total}分，达到约谈扣分线{policy.talk_threshold}分"
            )
    earlier = months_before(month, policy.return_months - 1)
    heavy_now = {s for s, (t, _) in totals.items() if t >= policy.return_threshold}
    if heavy_now and earlier:
        runs = (
            Assessment.objects.filter(
                staff_id__in=heavy_now, month__in=earlier, deducted__gte=policy.return_threshold
            )
            .values("staff_id")
            .annotate(n=Count("id"))
        )
        heavy_now = {row["staff_id"] for row in runs if row["n"] == len(earlier)}
    for staff_id in heavy_now:
        wanted[(staff_id, ActionKind.RETURN)] = (
            f"连续{policy.return_months}个月每月扣分均达到{policy.return_threshold}分"
        )
    return wanted


def assessment_action_done(*, action_id: int, note: str, actor) -> AssessmentAction:
    permissions.require_office(actor)
    note = (note or "").strip()
    if not note:
        raise InvalidInput("请填写落实情况", code="note_required")
    with transaction.atomic():
        action = AssessmentAction.objects.select_for_update().filter(pk=action_id).first()
        if action is None:
            raise NotFound(ERR_ACTION, code="action_not_found")
        if action.status == ActionStatus.DONE:
            raise Conflict(ERR_ACTION_DONE, code="action_done")
        action.status, action.note = ActionStatus.DONE, note[:2000]
        action.done_at, action.done_by = timezone.now(), actor
        action.save(update_fields=["status", "note", "done_at", "done_by"])
        audit_record(actor=actor, action="assessment_action.done", obj=action, summary=note[:200])
    return action


def award_grant(
    *, month: date, kind: str, actor, window=None, staff=None, reason: str = ""
) -> Award:
    permissions.require_office(actor)
    month = month_start(month)
    if (
        kind not in AwardKind.values
        or (kind == AwardKind.WINDOW) != (window is not None)
        or (kind == AwardKind.STAFF) != (staff is not None)
    ):
        raise InvalidInput(ERR_AWARD_WINNER, code="award_winner")
    with transaction.atomic():
        taken = Award.objects.filter(month=month)
        taken = taken.filter(window=window) if window else taken.filter(staff=staff)
        if taken.exists():
            raise Conflict(ERR_AWARD_TWICE, code="award_twice")
        award = Award.objects.create(
            month=month,
            kind=kind,
            window=window,
            staff=staff,
            reason=(reason or "").strip()[:300],
            granted_by=actor,
            granted_at=timezone.now(),
        )
        audit_record(actor=actor, action="award.grant", obj=award, summary=str(award))
    return award


def award_candidates(month: date) -> tuple[list[Assessment], list[tuple[Window, float]]]:
    """Window staff: the month's full scores, fewest deductions first; windows: the best
    average score of the people posted at them. Two queries."""
    month = month_start(month)
    assessments = list(
        Assessment.objects.filter(month=month, staff_id__in=assessed_staff_ids())
        .select_related("staff__staff_profile__window__service_point")
        .order_by("-score", "deduction_count", "staff_id")
    )
    by_window: dict[int, list[int]] = {}
    windows: dict[int, Window] = {}
    for a in assessments:
        profile = getattr(a.staff, "staff_profile", None)
        if profile is not None and profile.window_id:
            by_window.setdefault(profile.window_id, []).append(a.score)
            windows[profile.window_id] = profile.window
    ranked = sorted(
        ((windows[w], sum(s) / len(s)) for w, s in by_window.items()),
        key=lambda pair: (-pair[1], pair[0].pk),
    )
    return assessments, ranked


def awards_grant_proposed(*, month: date, actor) -> list[Award]:
    """Grants the month's awards to the top candidates (AssessmentPolicy quotas), skipping
    those already granted; only people and windows without a deduction qualify."""
    permissions.require_office(actor)
    policy = AssessmentPolicy.current()
    month = month_start(month)
    staff, windows = award_candidates(month)
    granted = []
    User = get_user_model()
    already = set(Award.objects.filter(month=month).values_list("kind", "staff_id", "window_id"))
    have_staff = sum(1 for k, _, _ in already if k == AwardKind.STAFF)
    have_windows = sum(1 for k, _, _ in already if k == AwardKind.WINDOW)
    for a in staff[: max(0, policy.staff_awards - have_staff)]:
        if a.deducted == 0 and (AwardKind.STAFF, a.staff_id, None) not in already:
            granted.append(
                award_grant(
                    month=month,
                    kind=AwardKind.STAFF,
                    staff=User(pk=a.staff_id),
                    reason="当月考核满分，无扣分记录",
                    actor=actor,
                )
            )
    for window, average in windows[: max(0, policy.window_awards - have_windows)]:
        if average >= policy.base_score and (AwardKind.WINDOW, None, window.pk) not in already:
            granted.append(
                award_grant(
                    month=month,
                    kind=AwardKind.WINDOW,
                    window=window,
                    reason=f"窗口人员当月平均得分{average:.0f}分",
                    actor=actor,
                )
            )
    return granted
