"""Reads for pre-review and appointments: time per matter for the statistics, open slots."""

from datetime import date, datetime
from statistics import median

from django.db.models import F, QuerySet
from django.utils import timezone

from .appointments import checkin_late
from .choices import AppointmentStatus
from .models import Appointment, AppointmentSlot, PreReview, Queue


def prereview_time_by_matter(
    *, since: datetime | None = None, until: datetime | None = None, service_point=None
) -> list[dict]:
    """Per matter code (all versions together): count, average and median seconds, pass rate.
    One query; the median needs the values, and a hall's pre-reviews fit in memory."""
    rows = PreReview.objects.all()
    if since is not None:
        rows = rows.filter(finished_at__gte=since)
    if until is not None:
        rows = rows.filter(finished_at__lt=until)
    if service_point is not None:
        rows = rows.filter(service_point=service_point)
    groups: dict[str, dict] = {}
    for code, name, started, finished, passed in rows.values_list(
        "matter__code", "matter__name", "started_at", "finished_at", "passed"
    ).order_by("matter__code", "finished_at"):
        group = groups.setdefault(code, {"code": code, "name": name, "seconds": [], "passed": 0})
        group["name"] = name  # the latest version's name
        group["seconds"].append((finished - started).total_seconds())
        group["passed"] += bool(passed)
    out = []
    for group in groups.values():
        seconds = group.pop("seconds")
        count = len(seconds)
        out.append({**group, "count": count, "avg_seconds": sum(seconds) / count,
                    "median_seconds": median(seconds), "pass_rate": group["passed"] / count})  # fmt: skip
    return sorted(out, key=lambda g: (-g["count"], g["code"]))


def slots_open(*, queue: Queue, day: date | None = None, now: datetime | None = None) -> QuerySet:
    """The queue's slots that can still be booked (not started, places left), in time order,
    each with `places_left`."""
    now = now or timezone.now()
    slots = AppointmentSlot.objects.filter(queue=queue, starts_at__gt=now, booked__lt=F("capacity"))
    if day is not None:
        slots = slots.filter(starts_at__date=day)
    return slots.annotate(places_left=F("capacity") - F("booked")).order_by("starts_at")


def slot_days_open(*, queue: Queue, now: datetime | None = None, limit: int = 14) -> list[date]:
    """The days on which the queue still has a bookable slot."""
    days = slots_open(queue=queue, now=now).dates("starts_at", "day")
    return list(days[:limit])


def appointments_of_user(user) -> QuerySet:
    return (
        Appointment.objects.filter(user=user)
        .select_related("slot__queue__service_point", "matter")
        .order_by("-slot__starts_at", "-id")
    )


def appointment_for_phone(*, phone: str, service_point, now: datetime | None = None):
    """The booking a kiosk can check in for this phone now: today's, at this place, still
    booked and not yet over; the earliest first."""
    now = now or timezone.now()
    return (
        Appointment.objects.filter(
            phone=phone.strip(),
            status=AppointmentStatus.BOOKED,
            slot__queue__service_point=service_point,
            slot__starts_at__date=timezone.localdate(now),
            slot__ends_at__gte=now - checkin_late(),
        )
        .select_related("slot__queue")
        .order_by("slot__starts_at")
        .first()
    )
