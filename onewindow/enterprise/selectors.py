"""Reads of the enterprise app. Signals come from stored due_at / warn_at by range
conditions the (status, due_at) and (status, warn_at) indexes answer, as for cases."""

from datetime import date, datetime

from django.db.models import Case as When_
from django.db.models import CharField, Count, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from onewindow.accounts.roles import STAFF_ROLES
from onewindow.accounts.services import user_roles
from onewindow.catalog.models import Department

from .choices import DEMAND_OPEN, DemandStatus, MilestoneStatus, Signal
from .models import Demand, Milestone, ProjectCard

MILESTONE_RUNNING = (MilestoneStatus.PENDING, MilestoneStatus.IN_PROGRESS)
DEMAND_RUNNING = (DemandStatus.ASSIGNED,)


def signal_filter(signal: str, running, now: datetime, prefix: str = "") -> Q:
    def q(**kw):
        return Q(**{prefix + k: v for k, v in kw.items()})

    base = q(status__in=running)
    if signal == Signal.RED:
        return base & q(due_at__lte=now)
    if signal == Signal.YELLOW:
        return base & q(warn_at__lte=now, due_at__gt=now)
    return base & q(warn_at__gt=now)


def with_signal(qs: QuerySet, running, now: datetime | None = None) -> QuerySet:
    """Annotates `signal` (GREEN / YELLOW / RED, or null when nothing is running)."""
    now = now or timezone.now()
    return qs.annotate(
        signal=When_(
            *(When(signal_filter(s, running, now), then=Value(s)) for s in Signal.values),
            default=Value(None),
            output_field=CharField(),
        )
    )


def signal_of(status, running, due_at, warn_at, now: datetime) -> str | None:
    """The same rule in memory."""
    if status not in running or due_at is None:
        return None
    if due_at <= now:
        return Signal.RED
    return Signal.YELLOW if warn_at <= now else Signal.GREEN


# ---- project cards --------------------------------------------------------------------


def is_staff(user) -> bool:
    return bool(user_roles(user) & STAFF_ROLES)


def cards_visible_to(user) -> QuerySet[ProjectCard]:
    """Staff see every card (the team spans departments); an enterprise its own."""
    qs = ProjectCard.objects.select_related("enterprise", "steward", "lead_department")
    if not user.is_authenticated:
        return qs.none()
    if is_staff(user):
        return qs
    return qs.filter(enterprise__user=user)


def card_list(user, now: datetime | None = None) -> list[ProjectCard]:
    """Cards with their progress and signal counts, in one query."""
    now = now or timezone.now()
    counts = {
        "total": Count("milestones"),
        "done": Count("milestones", filter=Q(milestones__status=MilestoneStatus.DONE)),
        **{
            s.lower(): Count(
                "milestones", filter=signal_filter(s, MILESTONE_RUNNING, now, "milestones__")
            )
            for s in Signal.values
        },
    }
    cards = list(cards_visible_to(user).annotate(**counts).order_by("target_start_date", "id"))
    for card in cards:
        card.percent = round(100 * card.done / card.total) if card.total else 0
    return cards


def card_detail(user, code: str, now: datetime | None = None) -> ProjectCard | None:
    now = now or timezone.now()
    milestones = with_signal(
        Milestone.objects.select_related("department", "case").order_by("order"),
        MILESTONE_RUNNING,
        now,
    )
    card = (
        cards_visible_to(user)
        .prefetch_related(
            Prefetch("milestones", queryset=milestones),
            "members__department",
        )
        .filter(code=code)
        .first()
    )
    if card is not None:
        ms = list(card.milestones.all())
        card.total, card.done = len(ms), sum(m.is_done for m in ms)
        card.percent = round(100 * card.done / card.total) if card.total else 0
    return card


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return start, end  # [start, end)


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarterly_report(user, year: int, quarter: int, now: datetime | None = None) -> dict:
    """Per card: milestones planned to end in the quarter, done in it (on time / late),
    and those overdue now. Two queries, whatever the number of cards."""
    now = now or timezone.now()
    start, end = quarter_bounds(year, quarter)
    cards = list(cards_visible_to(user).order_by("target_start_date", "id"))
    milestones = with_signal(
        Milestone.objects.filter(card__in=[c.pk for c in cards])
        .select_related("department")
        .order_by("card_id", "order"),
        MILESTONE_RUNNING,
        now,
    )
    by_card: dict[int, list[Milestone]] = {c.pk: [] for c in cards}
    for m in milestones:
        by_card[m.card_id].append(m)
    rows, totals = [], {"planned": 0, "done": 0, "late": 0, "overdue": 0}
    for card in cards:
        ms = by_card[card.pk]
        in_q = [m for m in ms if start <= m.planned_end_date < end]
        done_q = [m for m in ms if m.done_at and start <= timezone.localdate(m.done_at) < end]
        row = {
            "card": card,
            "milestones": ms,
            "planned": in_q,
            "done": done_q,
            "late": [m for m in done_q if m.done_late],
            "overdue": [m for m in ms if m.signal == Signal.RED],
            "percent": round(100 * sum(m.is_done for m in ms) / len(ms)) if ms else 0,
            "next": next((m for m in ms if not m.is_done), None),
        }
        for key in totals:
            totals[key] += len(row[key])
        rows.append(row)
    return {"year": year, "quarter": quarter, "start": start, "end": end, "rows": rows,
            "totals": totals, "now": now}  # fmt: skip


# ---- demands --------------------------------------------------------------------------


def demand_base() -> QuerySet[Demand]:
    return Demand.objects.select_related("service", "enterprise", "department", "project")


def demands_visible_to(user) -> QuerySet[Demand]:
    """Staff see every demand (the hotline dispatches across departments); an enterprise
    its own."""
    qs = demand_base()
    if not user.is_authenticated:
        return qs.none()
    if is_staff(user):
        return qs
    return qs.filter(enterprise__user=user)


def demand_list(user, *, status: str = "", department_id: int | None = None, now=None):
    qs = with_signal(demands_visible_to(user), DEMAND_RUNNING, now)
    if status:
        qs = qs.filter(status=status)
    if department_id:
        qs = qs.filter(department_id=department_id)
    return qs.order_by("-created_at", "-id")


def demand_detail(user, number: str, now=None) -> Demand | None:
    return (
        with_signal(demands_visible_to(user), DEMAND_RUNNING, now)
        .prefetch_related("ratings")
        .filter(number=number)
        .first()
    )


def clearance_board(now: datetime | None = None) -> dict:
    """动态清零: per department, demands not cleared yet, by state and signal; a department
    drops off the board when it has none. One query for the counts, one for the names."""
    now = now or timezone.now()
    counts = {
        "open": Count("pk"),
        "assigned": Count("pk", filter=Q(status=DemandStatus.ASSIGNED)),
        "resolved": Count("pk", filter=Q(status=DemandStatus.RESOLVED)),
        "reopened": Count("pk", filter=Q(status=DemandStatus.ASSIGNED, reopen_count__gt=0)),
        **{s.lower(): Count("pk", filter=signal_filter(s, DEMAND_RUNNING, now)) for s in Signal},
    }
    rows = list(
        Demand.objects.filter(status__in=DEMAND_OPEN, department__isnull=False)
        .values("department_id")
        .annotate(**counts)
        .order_by("-red", "-open", "department_id")
    )
    names = Department.objects.in_bulk([r["department_id"] for r in rows])
    for r in rows:
        r["department"] = names[r["department_id"]]
    unassigned = Demand.objects.filter(status=DemandStatus.SUBMITTED).count()
    cleared_total = Demand.objects.filter(status=DemandStatus.CLOSED).count()
    return {"rows": rows, "unassigned": unassigned, "cleared": cleared_total, "now": now}
