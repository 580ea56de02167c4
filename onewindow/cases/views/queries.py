"""Reads the case pages need beyond cases.selectors. Every list is one query whatever its
length; the clock figures (signal, days left, days overdue) are computed in Python from
the stored due_at / warn_at, with the same rules as selectors.signal_filter."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from .. import clock, selectors
from ..choices import CaseStatus, NoticeKind, ReviewStatus, Signal
from ..models import Case, Review

S = CaseStatus
DESK_SHOWN = 6  # per group of the workbench's to-do list, oldest first
ONE_TICK = timedelta(microseconds=1)


def signal_of(case: Case, now: datetime) -> str | None:
    return clock.signal_of(case.status, case.due_at, case.warn_at, now)


def with_clock(cases, now: datetime | None = None) -> list[Case]:
    """Sets `signal` (a Signal or None), `days_left`, `days_overdue` and `due_date` (the last
    day of the limit: due_at is the first instant after it) on each case."""
    now = now or timezone.now()
    cases = list(cases)
    for case in cases:
        case.due_date = timezone.localdate(case.due_at - ONE_TICK) if case.due_at else None
        value = signal_of(case, now)
        case.signal = Signal(value) if value else None
        case.days_left = clock.remaining_workdays(case.due_at, now) if value else None
        case.days_overdue = clock.overdue_workdays(case.due_at, now) if value == "RED" else 0
    return cases


def _desk_scope(service_point) -> Q:
    """A clerk's cases: those their service point took, and — at a hall that takes every
    matter — those that came in online with no service point (permissions.is_clerk_for)."""
    scope = Q(service_point=service_point)
    if service_point.accepts_all_matters:
        scope |= Q(service_point__isnull=True)
    return scope


# What a window still has to do with a case, by status.
DESK_GROUPS = (
    ("待预审受理", (S.SUBMITTED, S.PRE_REVIEWED)),
    ("补正已交齐，待受理", (S.SUPPLEMENT_REQUESTED,)),
    ("待出件", (S.APPROVED, S.DENIED)),
    ("已送达，待归档", (S.DELIVERED,)),
)


def desk_todo(service_point) -> list[tuple[str, list[Case], int, int]]:
    """Cases waiting for the window, by group — pre-review and acceptance, supplements handed
    in, results to deliver, delivered cases to close — each with the oldest few and a count.
    One query per group and one for the counts, whatever the backlog."""
    mine = selectors.case_list_base().filter(_desk_scope(service_point))
    groups = [
        (label, Q(status__in=statuses) if statuses != (S.SUPPLEMENT_REQUESTED,)
         else Q(status=S.SUPPLEMENT_REQUESTED, materials_completed_at__isnull=False))
        for label, statuses in DESK_GROUPS
    ]  # fmt: skip
    counts = mine.aggregate(**{f"g{i}": Count("id", filter=q) for i, (_, q) in enumerate(groups)})
    out = []
    for i, (label, q) in enumerate(groups):
        if counts[f"g{i}"]:
            shown = with_clock(mine.filter(q).order_by("submitted_at", "id")[:DESK_SHOWN])
            out.append((label, shown, counts[f"g{i}"], counts[f"g{i}"] - len(shown)))
    return out


def desk_today(service_point, now: datetime | None = None) -> list[Case]:
    """What this service point took today, newest first."""
    now = now or timezone.now()
    start = timezone.make_aware(datetime.combine(timezone.localdate(now), time.min))
    qs = (
        selectors.case_list_base()
        .filter(service_point=service_point, submitted_at__gte=start)
        .prefetch_related("notices")
        .order_by("-submitted_at", "-id")
    )
    return with_clock(qs, now)


SIGNAL_ORDER = {Signal.RED: 0, Signal.YELLOW: 1, Signal.GREEN: 2, None: 3}


def inbox(department_id: int, now: datetime | None = None) -> list[Review]:
    """Red, then yellow, then green; by due date within each. The selector orders by due
    date only, and a long limit can turn yellow before a short one that is due sooner."""
    now = now or timezone.now()
    reviews = list(
        selectors.department_inbox(department_id, now).select_related("case__lead_department")
    )
    with_clock([r.case for r in reviews], now)
    return sorted(reviews, key=lambda r: SIGNAL_ORDER[r.case.signal])


def suspended_for(department_id: int) -> QuerySet[Case]:
    """Cases of this department paused in a special step; a reviewer ends the step here."""
    return (
        selectors.case_list_base()
        .filter(status=S.SUSPENDED)
        .filter(
            Q(lead_department_id=department_id)
            | Q(reviews__department_id=department_id, reviews__status=ReviewStatus.OPEN)
        )
        .prefetch_related(Prefetch("suspensions", to_attr="all_suspensions"))
        .distinct()
        .order_by("due_at")
    )


def my_cases(user) -> list[Case]:
    qs = (
        selectors.case_list_base()
        .filter(Q(applicant__user=user) | Q(submitted_by=user))
        .order_by("-submitted_at", "-id")
    )
    return with_clock(qs)


def overdue_for(user, now: datetime | None = None) -> list[Case]:
    """Overdue running cases this user may see (supervisors: all; reviewers: their
    department's), most overdue first, with the departments whose reviews hold them."""
    now = now or timezone.now()
    open_reviews = Prefetch(
        "reviews",
        queryset=Review.objects.filter(status=ReviewStatus.OPEN).select_related("department"),
        to_attr="open_reviews",
    )
    qs = (
        selectors.cases_visible_to(user)
        .filter(selectors.signal_filter(Signal.RED, now))
        .prefetch_related(open_reviews)
        .order_by("due_at", "id")
    )
    return with_clock(qs, now)


@dataclass
class Step:
    at: datetime
    title: str
    detail: str = ""
    tone: str = ""  # "good", "bad", "wait" or "" — colours the dot on the timeline


def progress_steps(case: Case, *, public: bool) -> list[Step]:
    """The milestones of a case for the applicant and the public progress page.

    Built from the case's own fields, reviews, special steps and notices (prefetched by
    selectors.case_detail) rather than the audit trail, which names staff. On the public
    page opinions and the items of a supplement notice stay out: only what happened when.
    """
    steps = [Step(case.submitted_at, "提交申请", f"{case.get_channel_display()}申请")]
    for notice in case.notices.all():
        if notice.kind == NoticeKind.SUPPLEMENT:
            names = "、".join(i.get("name", "") for i in notice.items)
            detail = f"需补正 {len(notice.items)} 项材料" + ("" if public else f"：{names}")
            steps.append(Step(notice.issued_at, "一次性告知补正", detail, "wait"))
    if case.materials_completed_at:
        steps.append(Step(case.materials_completed_at, "补正材料已提交", "", "good"))
    if case.accepted_at:
        due = timezone.localdate(case.due_at - ONE_TICK)
        steps.append(Step(case.accepted_at, "已受理", f"承诺{case.promised_limit_days}个工作日内办结（{due:%Y年%m月%d日}前）", "good"))  # fmt: skip
    for review in case.reviews.all():
        if review.decided_at and review.status in (ReviewStatus.APPROVED, ReviewStatus.DENIED):
            verdict = "同意" if review.status == ReviewStatus.APPROVED else "不同意"
            opinion = "" if public or not review.opinion else f"：{review.opinion}"
            tone = "good" if review.status == ReviewStatus.APPROVED else "bad"
            title = f"{review.department.display_name}{review.step_name}"
            steps.append(Step(review.decided_at, title, verdict + opinion, tone))
    for s in case.suspensions.all():
        expected = f"，预计{s.expected_workdays}个工作日" if s.expected_workdays else ""
        steps.append(Step(s.started_at, f"特殊环节：{s.reason}", f"暂停计时{expected}", "wait"))
        if s.ended_at:
            steps.append(Step(s.ended_at, f"特殊环节结束：{s.reason}", f"用时{s.workdays}个工作日，不计入办理时限"))  # fmt: skip
    final = {
        S.REFUSED: ("不予受理", "bad"),
        S.WITHDRAWN: ("申请人撤回申请", ""),
        S.APPROVED: ("准予许可", "good"),
        S.DENIED: ("不予许可", "bad"),
    }
    outcome = case.status
    if outcome in (S.DELIVERED, S.CLOSED):  # the decision is behind the delivery
        denied = any(n.kind == NoticeKind.DENIAL for n in case.notices.all())
        outcome = S.DENIED if denied else S.APPROVED
    if case.concluded_at and outcome in final:
        title, tone = final[outcome]
        steps.append(Step(case.concluded_at, title, "", tone))
    if case.delivered_at:
        method = getattr(getattr(case, "delivery", None), "get_method_display", lambda: "")()
        steps.append(Step(case.delivered_at, "结果已送达", method, "good"))
    if case.closed_at:
        steps.append(Step(case.closed_at, "办结归档", ""))
    return sorted(steps, key=lambda s: s.at)
