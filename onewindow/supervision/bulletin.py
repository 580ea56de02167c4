"""周通报: what the office publishes every week — the patrols and what they found, the
deductions, the overdue cases and their accountability, the bad ratings, and the week's
cases in figures. One page and the same content as a PDF."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q
from django.utils import timezone

from onewindow.cases.choices import CONCLUDED
from onewindow.cases.models import Case
from onewindow.ratings.models import Rating

from . import selectors
from .models import Accountability, Deduction, PatrolFinding


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass
class Bulletin:
    start: date
    end: date
    figures: dict
    findings: list
    deductions: list
    opened: list
    closed_count: int
    still_open: int
    bad_ratings: list

    @property
    def title(self) -> str:
        return f"{self.start:%Y年%m月%d日}—{self.end:%m月%d日}政务服务效能周通报"


def weekly(start: date) -> Bulletin:
    start = week_of(start)
    end = start + timedelta(days=6)
    since = timezone.make_aware(datetime.combine(start, time.min))
    until = since + timedelta(days=7)
    concluded = Q(status__in=CONCLUDED, concluded_at__gte=since, concluded_at__lt=until)
    figures = Case.objects.aggregate(
        accepted=Count("id", filter=Q(accepted_at__gte=since, accepted_at__lt=until)),
        concluded=Count("id", filter=concluded),
        late=Count("id", filter=concluded & Q(concluded_at__gt=F("due_at"))),
    )
    figures["on_time_rate"] = (
        1 - figures["late"] / figures["concluded"] if figures["concluded"] else None
    )
    findings = list(
        PatrolFinding.objects.filter(log__day__gte=start, log__day__lte=end)
        .select_related("log__service_point", "item", "staff__staff_profile", "window")
        .order_by("log__day", "seen_at", "id")
    )
    deductions = selectors.deductions_by_staff(
        Deduction.objects.filter(occurred_at__gte=since, occurred_at__lt=until)
    )
    opened = list(
        Accountability.objects.filter(found_at__gte=since, found_at__lt=until)
        .select_related(
            "case", "case__matter", "case__bundle", "department", "reviewer__staff_profile"
        )
        .order_by("department__name", "due_at")
    )
    closed_count = Accountability.objects.filter(closed_at__gte=since, closed_at__lt=until).count()
    still_open = Accountability.objects.exclude(status="CLOSED").count()
    bad = list(
        Rating.objects.filter(
            is_bad=True, excluded=False, created_at__gte=since, created_at__lt=until
        )
        .select_related("department", "window", "staff__staff_profile", "case")
        .order_by("created_at")
    )
    return Bulletin(
        start, end, figures, findings, deductions, opened, closed_count, still_open, bad
    )
