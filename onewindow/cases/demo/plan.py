"""What happened to each history case, decided in memory before anything is written.

A Plan is one case's life: when it was submitted, pre-reviewed, accepted, suspended,
decided, delivered and archived, as far as `now` has got. Every time is drawn from
office hours on working days of the real holiday calendar (onewindow.lib.workdays),
and the clock comes from onewindow.cases.clock, exactly as the services compute it.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone

from onewindow.lib import workdays

from .. import clock
from ..choices import CaseChannel, CaseStatus, DeliveryMethod

S = CaseStatus
ONLINE_CHANNELS = (CaseChannel.ONLINE, CaseChannel.MOBILE)

# Shares of outcomes; tuned so that a year of history shows a realistic hall.
P_WITHDRAW_EARLY = 0.015  # withdrawn before acceptance
P_REFUSE = 0.025  # 不予受理
P_SUPPLEMENT = 0.09  # one-time supplement notice first
P_SUPPLEMENT_ABANDONED = 0.08  # of those: the applicant never came back
P_WITHDRAW_LATE = 0.01  # withdrawn during review
P_DENY = 0.045  # 不予许可
P_LATE = 0.05  # concluded after due_at (immediate matters never are: ~3% overall)
P_STUCK = 0.05  # of cases due in the last few weeks: still open, so overdue (red)
P_LINGER = 0.4  # of cases past their warning but not yet due: still open (yellow)
P_HISTORIC_SUSPENSION = 0.04
P_OPEN_SUSPENSION = 0.12  # of running cases with a limit of 3 days or more
P_NEVER_COLLECTED = 0.015
P_DENIAL_DELIVERED = 0.4

REFUSAL_REASONS = (
    "申请事项不属于本机关职权范围，请向有权机关申请",
    "申请人不具备申请资格",
    "申请事项依法不需要取得行政许可",
    "申请人隐瞒有关情况、提供虚假材料，一年内不得再次申请",
)
DENIAL_OPINIONS = (
    "现场核查，经营场所布局和设施设备不符合规定条件",
    "申请人不符合法定条件",
    "技术审查未通过，相关指标不符合标准要求",
    "经核实，申请材料反映的情况与实际不符",
    "经公示期间核查，存在不符合规定的情形",
)
SUPPLEMENT_PROBLEMS = ("缺少", "复印件不清晰", "未签字盖章", "已过有效期", "与申请表信息不一致")
GENERIC_SPECIALS = ("现场核查", "专家评审", "检验检测", "听证", "公示")
WITHDRAW_REASONS = ("申请人不再办理", "申请信息填写有误，重新申请", "经营计划调整", "")


@dataclass
class Target:
    """A matter or a bundle as history needs it, read once from the catalog."""

    matter_id: int | None
    bundle_id: int | None
    matter_ids: list[int]
    title: str
    lead_id: int
    lead_name: str
    lead_region: object
    departments: list[int]  # step-1 reviewers, lead first
    limit: int
    immediate: bool
    channels: frozenset[str]
    audience: str  # PERSON, ORGANISATION or BOTH
    materials: list[tuple[int | None, str]]
    specials: list[str]
    fields: list
    weight: float
    town_points: list = field(default_factory=list)
    outlets: list = field(default_factory=list)


@dataclass
class Plan:
    target: Target
    channel: str
    submitted_at: datetime
    status: str = S.SUBMITTED
    pre_reviewed_at: datetime | None = None
    supplement_at: datetime | None = None
    supplement_items: list = field(default_factory=list)
    completed_at: datetime | None = None
    refusal: str = ""
    accepted_at: datetime | None = None
    first_due: date | None = None
    due_at: datetime | None = None
    warn_at: datetime | None = None
    suspension: tuple | None = None  # (reason, expected, started, ended or None, workdays)
    progress: int = 0  # step-1 reviews approved, for running cases
    concluded_at: datetime | None = None
    denial: str = ""  # the lead department's opinion when denied
    withdrawn_at: datetime | None = None
    withdraw_reason: str = ""
    delivery: tuple | None = None  # (method, delivered_at)
    closed_at: datetime | None = None
    # Where and who, chosen by history.py
    applicant: object = None
    region: object = None
    point_id: int | None = None
    window_id: int | None = None
    clerk_id: int | None = None
    number: str = ""
    # Set when the rows are made
    first_decided: datetime | None = None
    decider_id: int | None = None


class Simulator:
    def __init__(self, rng: random.Random, now: datetime):
        self.rng, self.now = rng, now
        self.today = timezone.localdate(now)
        self.tz = timezone.get_current_timezone()

    # ------------------------------------------------------------------ time

    def at(self, day: date, minute: int, second: int = 0) -> datetime:
        return datetime(day.year, day.month, day.day, tzinfo=self.tz) + timedelta(
            minutes=minute, seconds=second
        )

    def office_minute(self) -> int:
        """Halls open 9:00–12:00 and 13:30–17:00; mid-morning and mid-afternoon are busiest."""
        hour = self.rng.choices((9, 10, 11, 12, 13, 14, 15, 16), (14, 18, 12, 2, 4, 14, 15, 10))[0]
        return hour * 60 + self.rng.randrange(60)

    def online_minute(self) -> int:
        hour = self.rng.choices(range(7, 24), (1, 3, 6, 8, 8, 5, 4, 6, 7, 7, 6, 5, 5, 6, 6, 5, 3))[
            0
        ]
        return hour * 60 + self.rng.randrange(60)

    def office(self, day: date) -> datetime:
        return self.at(day, self.office_minute(), self.rng.randrange(60))

    def after(self, t: datetime, workdays_later: int) -> datetime:
        """An office-hours moment `workdays_later` working days after t (0: later that day)."""
        if workdays_later <= 0:
            return t + timedelta(minutes=self.rng.randint(20, 150))
        moment = self.office(workdays.add_workdays(timezone.localdate(t), workdays_later))
        return max(moment, t + timedelta(minutes=5))

    def between(self, a: datetime, b: datetime) -> datetime:
        """An office-hours moment on a working day in [a, b], or a plain point between them."""
        days = workdays.calendar().workdays_in_range(timezone.localdate(a), timezone.localdate(b))
        if days:
            moment = self.office(self.rng.choice(days))
            if a <= moment <= b:
                return moment
        return a + (b - a) * self.rng.random()

    # -------------------------------------------------------------- a life

    def live(self, target: Target, channel: str, t0: datetime) -> Plan:
        rng, now = self.rng, self.now
        p = Plan(target=target, channel=channel, submitted_at=t0)
        if target.immediate:
            return self._immediate(p)
        if channel in ONLINE_CHANNELS:  # a clerk picks online applications up in office hours
            tp = self.after(t0, rng.choice((0, 1)) if t0.hour < 16 else 1)
        else:  # checked at the window during the visit
            tp = t0 + timedelta(minutes=rng.randint(2, 12))
        if tp > now:
            return p
        p.pre_reviewed_at, p.status = tp, S.PRE_REVIEWED
        r = rng.random()
        if r < P_WITHDRAW_EARLY:
            tw = self.after(tp, rng.randint(0, 3))
            if tw <= now:
                p.withdrawn_at, p.status = tw, S.WITHDRAWN
                p.withdraw_reason = rng.choice(WITHDRAW_REASONS)
            return p
        if r < P_WITHDRAW_EARLY + P_REFUSE:
            p.refusal, p.concluded_at, p.status = rng.choice(REFUSAL_REASONS), tp, S.REFUSED
            return p
        ta = tp + timedelta(minutes=rng.randint(1, 4))
        if r < P_WITHDRAW_EARLY + P_REFUSE + P_SUPPLEMENT:
            chosen = rng.sample(target.materials, min(len(target.materials), rng.choice((1, 1, 2))))
            p.supplement_at, p.status = tp, S.SUPPLEMENT_REQUESTED
            p.supplement_items = [
                {"name": name, "problem": rng.choice(SUPPLEMENT_PROBLEMS)} for _, name in chosen
            ]
            tc = self.after(tp, rng.randint(1, 8))
            if tc > now or rng.random() < P_SUPPLEMENT_ABANDONED:
                return p
            p.completed_at = ta = tc  # accepted as of the day the materials were complete
        if ta > now:
            return p
        return self._review(p, ta)

    def _immediate(self, p: Plan) -> Plan:
        """即办件: checked, accepted, decided and handed over within the same minute."""
        t0 = p.submitted_at.replace(second=self.rng.randrange(10))
        p.submitted_at = t0
        tp = t0 + timedelta(seconds=10)
        if tp > self.now:
            return p
        p.pre_reviewed_at = tp
        if self.rng.random() < 0.015:
            p.refusal, p.concluded_at, p.status = self.rng.choice(REFUSAL_REASONS), tp, S.REFUSED
            return p
        p.accepted_at = p.concluded_at = tp + timedelta(seconds=15)
        c = clock.compute(p.accepted_at, 0)
        p.due_at, p.warn_at, p.first_due = c.due_at, c.warn_at, c.due_date
        method = (
            DeliveryMethod.ELECTRONIC if p.channel in ONLINE_CHANNELS else DeliveryMethod.WINDOW
        )
        p.delivery = (method, p.accepted_at + timedelta(seconds=20))
        p.status = S.DELIVERED
        return self._archive(p)

    def _review(self, p: Plan, ta: datetime) -> Plan:
        rng, now, limit = self.rng, self.now, p.target.limit
        p.accepted_at, p.status = ta, S.ACCEPTED
        first = clock.compute(ta, limit)
        p.first_due = first.due_date
        accept_day = timezone.localdate(ta)

        suspended_days, ended = 0, None
        if limit >= 3 and rng.random() < P_HISTORIC_SUSPENSION:
            started = self.after(ta, rng.randint(1, max(1, limit // 2)))
            ended = self.after(started, rng.randint(3, 15))
            if started > now:
                ended = None
            elif ended > now:
                p.suspension = (self._special(p), rng.randint(5, 20), started, None, 0)
                ended = None
            else:
                suspended_days = clock.suspension_workdays(started, ended)
                p.suspension = (
                    self._special(p),
                    rng.randint(3, 15),
                    started,
                    ended,
                    suspended_days,
                )
        c = clock.compute(ta, limit, suspended_days)
        p.due_at, p.warn_at = c.due_at, c.warn_at

        if rng.random() < P_LATE:
            d = limit + rng.randint(1, 4)
        else:
            d = round(rng.triangular(0.15 * limit, limit, 0.45 * limit))
            d = 0 if limit <= 2 and rng.random() < 0.3 else max(1, d)
        concluded = (
            self.after(ta, 0) if d == 0 else self.office(workdays.add_workdays(accept_day, d + suspended_days))
        )  # fmt: skip
        if ended is not None and concluded <= ended:
            concluded = self.after(ended, 1)
        stuck = now - timedelta(days=25) < c.due_at <= now and rng.random() < P_STUCK
        stuck = stuck or (c.warn_at <= now < c.due_at and rng.random() < P_LINGER)
        if concluded > now or stuck or (p.suspension and p.suspension[3] is None):
            return self._running(p)

        if rng.random() < P_WITHDRAW_LATE:
            p.withdrawn_at, p.status = self.between(ta, concluded), S.WITHDRAWN
            p.withdraw_reason = rng.choice(WITHDRAW_REASONS)
            p.progress = rng.randint(0, len(p.target.departments) - 1)
            if p.suspension and p.suspension[3] > p.withdrawn_at:  # keep only a finished one
                p.suspension = None
                c = clock.compute(ta, limit)
                p.due_at, p.warn_at = c.due_at, c.warn_at
            return p
        p.concluded_at = concluded
        if rng.random() < P_DENY:
            p.denial, p.status = rng.choice(DENIAL_OPINIONS), S.DENIED
            if rng.random() > P_DENIAL_DELIVERED:
                return p
        else:
            p.status = S.APPROVED
            if rng.random() < P_NEVER_COLLECTED:
                return p
        p.delivery = self._delivery(p)
        if p.delivery[1] > now:
            p.delivery = None
            return p
        p.status = S.DELIVERED
        return self._archive(p)

    def _running(self, p: Plan) -> Plan:
        rng, now = self.rng, self.now
        n = len(p.target.departments)
        if p.suspension is None and p.target.limit >= 3 and rng.random() < P_OPEN_SUSPENSION:
            started = self.between(p.accepted_at, now)
            p.suspension = (self._special(p), rng.randint(5, 20), started, None, 0)
        if p.suspension and p.suspension[3] is None:
            # An open special step has not moved the due date yet: resuming does that.
            c = clock.compute(p.accepted_at, p.target.limit)
            p.due_at, p.warn_at = c.due_at, c.warn_at
            p.status, p.progress = S.SUSPENDED, rng.randint(0, n - 1)
            return p
        fresh = workdays.workdays_between(timezone.localdate(p.accepted_at), self.today) <= 1
        if p.suspension is None and rng.random() < (0.6 if fresh else 0.15):
            p.status = S.ACCEPTED  # nobody has opened it yet
        else:
            p.status, p.progress = S.IN_REVIEW, rng.randint(1, n)
        return p

    def _special(self, p: Plan) -> str:
        return self.rng.choice(p.target.specials or GENERIC_SPECIALS)

    def _delivery(self, p: Plan) -> tuple[str, datetime]:
        M = DeliveryMethod
        online = p.channel in ONLINE_CHANNELS
        method = self.rng.choices(
            (M.ELECTRONIC, M.MAIL, M.WINDOW), (55, 30, 15) if online else (20, 20, 60)
        )[0]
        if method == M.ELECTRONIC:
            return method, p.concluded_at + timedelta(minutes=self.rng.randint(1, 30))
        return method, self.after(
            p.concluded_at, self.rng.randint(0 if method == M.WINDOW else 1, 3)
        )

    def _archive(self, p: Plan) -> Plan:
        """Delivered cases are archived within a week, most of them."""
        closed = self.after(p.delivery[1], self.rng.randint(0, 5))
        if closed <= self.now and self.rng.random() > 0.03:
            p.closed_at, p.status = closed, S.CLOSED
        return p


def workday_weights(days: list[date], off_day: float) -> list[float]:
    """Cumulative weights over `days`: working days 1, weekends and holidays `off_day`."""
    total, out = 0.0, []
    for day in days:
        total += 1.0 if workdays.is_workday(day) else off_day
        out.append(total)
    return out
