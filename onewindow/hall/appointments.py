"""Appointments (预约): bookable slots per queue, booking, cancelling, check-in, no-shows.

A slot's places are taken with one conditional UPDATE (booked = booked + 1 WHERE booked <
capacity) that must change exactly one row, so concurrent bookings never overbook it; a
CHECK constraint says the same. Checking in on the slot's day turns the booking into a
ticket of rank APPOINTMENT, which the window calls before the walk-ins of its queue.
"""

import re
import secrets
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from onewindow.audit.services import audit_record
from onewindow.catalog.choices import MatterStatus
from onewindow.catalog.models import Matter
from onewindow.lib.errors import Conflict, InvalidInput, NotFound
from onewindow.lib.workdays import is_workday

from .choices import AppointmentStatus, TicketSource
from .models import Appointment, AppointmentSlot, Queue, Ticket
from .services import ticket_issue

ERR_SLOT_FULL = "该时段已约满，请选择其他时段"
ERR_SLOT_PAST = "该时段已开始或已过，不能预约"
ERR_SLOT_NOT_FOUND = "未找到该预约时段"
ERR_DUPLICATE = "该手机号已预约此时段，无需重复预约"
ERR_NAME = "请填写姓名"
ERR_PHONE = "请填写正确的11位手机号码"
ERR_MATTER = "所选事项未发布或已停用"
ERR_NOT_FOUND = "未找到该预约，请核对预约码"
ERR_NOT_BOOKED = "该预约{status}，不能{verb}"
ERR_TOO_EARLY = "还未到签到时间：请于 {at:%H:%M} 后签到"
ERR_TOO_LATE = "该预约时段已结束，请现场取号"
ERR_OTHER_POINT = "该预约不在本场所，请前往预约的服务场所签到"
ERR_SLOT_RANGE = "时段设置无效：结束时间须晚于开始时间，时长和人数须大于零"

PHONE_RE = re.compile(r"^1[3-9]\d{9}$")
# No 0/O, 1/I/L: the code is read aloud at a counter and typed on a kiosk.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
# The statuses the one-booking-per-phone-per-slot index covers.
ACTIVE = (AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN)


def checkin_early() -> timedelta:
    return timedelta(minutes=getattr(settings, "HALL_CHECKIN_EARLY_MINUTES", 30))


def checkin_late() -> timedelta:
    """Grace after the slot ends; 0 by default, so check-in closes when the slot does."""
    return timedelta(minutes=getattr(settings, "HALL_CHECKIN_LATE_MINUTES", 0))


def normalize_code(code: str) -> str:
    return "".join((code or "").split()).upper()


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def slot_generate(
    *,
    queue: Queue,
    day: date,
    start: time,
    end: time,
    minutes: int,
    capacity: int,
    actor,
) -> list[AppointmentSlot]:
    """Bookable slots of `minutes` each from `start` to `end` on a working day; none on a
    holiday or weekend (the holiday calendar decides). Slots that already exist are kept
    as they are, so running it twice is harmless."""
    if minutes <= 0 or capacity <= 0 or end <= start:
        raise InvalidInput(ERR_SLOT_RANGE, code="slot_range_invalid")
    if not is_workday(day):
        return []
    tz = timezone.get_current_timezone()
    first = datetime.combine(day, start, tzinfo=tz)
    last = datetime.combine(day, end, tzinfo=tz)
    step = timedelta(minutes=minutes)
    wanted = []
    at = first
    while at + step <= last:
        wanted.append(at)
        at += step
    with transaction.atomic():
        existing = set(
            AppointmentSlot.objects.filter(queue=queue, starts_at__in=wanted).values_list(
                "starts_at", flat=True
            )
        )
        created = [
            AppointmentSlot.objects.create(
                queue=queue, starts_at=at, ends_at=at + step, capacity=capacity
            )
            for at in wanted
            if at not in existing
        ]
        audit_record(
            actor=actor,
            action="slot.generate",
            obj=queue,
            summary=f"生成预约时段 {day:%Y-%m-%d} {start:%H:%M}-{end:%H:%M}，"
            f"每段{minutes}分钟{capacity}人，新增{len(created)}个",
        )
    return created


def appointment_book(
    *, slot: AppointmentSlot, name: str, phone: str, matter: Matter | None = None, user=None, actor
) -> Appointment:
    name, phone = (name or "").strip(), (phone or "").strip()
    if not name:
        raise InvalidInput(ERR_NAME, code="appointment_name_required")
    if not PHONE_RE.match(phone):
        raise InvalidInput(ERR_PHONE, code="appointment_phone_invalid")
    if matter is not None and (matter.status != MatterStatus.PUBLISHED or not matter.is_current):
        raise InvalidInput(ERR_MATTER, code="matter_not_published")
    now = timezone.now()
    try:
        with transaction.atomic():
            current = AppointmentSlot.objects.select_related("queue").filter(pk=slot.pk).first()
            if current is None:
                raise NotFound(ERR_SLOT_NOT_FOUND, code="slot_not_found")
            if current.starts_at <= now or not current.queue.is_active:
                raise Conflict(ERR_SLOT_PAST, code="slot_past")
            if Appointment.objects.filter(slot=current, phone=phone, status__in=ACTIVE).exists():
                raise Conflict(ERR_DUPLICATE, code="appointment_duplicate")
            # The place is taken here, in one statement; the row lock it holds until commit
            # serialises bookings of this slot, and the WHERE is re-checked after the wait.
            taken = AppointmentSlot.objects.filter(pk=slot.pk, booked__lt=F("capacity")).update(
                booked=F("booked") + 1
            )
            if taken != 1:
                raise Conflict(ERR_SLOT_FULL, code="slot_full")
            appointment = _create_with_code(current, name, phone, matter, user)
            audit_record(
                actor=actor,
                action="appointment.book",
                obj=appointment,
                summary=f"预约 {current.queue.name} {current.starts_at:%m-%d %H:%M}，预约码 {appointment.code}",
            )
    except IntegrityError as exc:
        # The partial unique index caught a booking of the same phone committed meanwhile.
        raise Conflict(ERR_DUPLICATE, code="appointment_duplicate") from exc
    return appointment


def _create_with_code(slot, name, phone, matter, user) -> Appointment:
    """A new code until one is free; a clash is rare (31^6 ≈ 887 million codes)."""
    for _ in range(5):
        code = _new_code()
        if Appointment.objects.filter(code=code).exists():
            continue
        return Appointment.objects.create(
            slot=slot, code=code, name=name[:100], phone=phone, matter=matter,
            user=user if getattr(user, "is_authenticated", False) else None,
        )  # fmt: skip
    raise Conflict("预约码生成失败，请重试", code="appointment_code_exhausted")


def _locked(code: str) -> Appointment:
    appointment = (
        Appointment.objects.select_for_update()
        .select_related("slot__queue__service_point")
        .filter(code=normalize_code(code))
        .first()
    )
    if appointment is None:
        raise NotFound(ERR_NOT_FOUND, code="appointment_not_found")
    return appointment


def _require_booked(appointment: Appointment, verb: str) -> None:
    if appointment.status != AppointmentStatus.BOOKED:
        raise Conflict(
            ERR_NOT_BOOKED.format(status=appointment.get_status_display(), verb=verb),
            code="appointment_not_booked",
        )


def appointment_cancel(*, code: str, actor, user=None) -> Appointment:
    """Cancels a booking before its slot starts and gives the place back. With `user`, only
    that user's own booking is found, so one person cannot cancel another's."""
    with transaction.atomic():
        appointment = _locked(code)
        if user is not None and appointment.user_id != user.pk:
            raise NotFound(ERR_NOT_FOUND, code="appointment_not_found")
        _require_booked(appointment, "取消")
        if appointment.slot.starts_at <= timezone.now():
            raise Conflict("预约时段已开始，不能取消", code="appointment_started")
        appointment.status = AppointmentStatus.CANCELLED
        appointment.save(update_fields=["status"])
        AppointmentSlot.objects.filter(pk=appointment.slot_id, booked__gt=0).update(
            booked=F("booked") - 1
        )
        audit_record(actor=actor, action="appointment.cancel", obj=appointment,
                     summary=f"取消预约 {appointment.code}")  # fmt: skip
    return appointment


def appointment_check_in(*, code: str, actor, service_point=None) -> Ticket:
    """Turns a booking into a ticket of rank APPOINTMENT: on the slot's day, from
    HALL_CHECKIN_EARLY_MINUTES before it starts until it ends (plus HALL_CHECKIN_LATE_MINUTES).
    With `service_point` (the kiosk's), a booking made for another place is refused."""
    now = timezone.now()
    with transaction.atomic():
        appointment = _locked(code)
        slot = appointment.slot
        if service_point is not None and slot.queue.service_point_id != service_point.pk:
            raise Conflict(ERR_OTHER_POINT, code="appointment_other_point")
        _require_booked(appointment, "签到")
        opens = max(slot.starts_at - checkin_early(), _day_start(slot.starts_at))
        if now < opens:
            raise Conflict(ERR_TOO_EARLY.format(at=timezone.localtime(opens)), code="checkin_too_early")  # fmt: skip
        if now > slot.ends_at + checkin_late():
            raise Conflict(ERR_TOO_LATE, code="checkin_too_late")
        appointment.status, appointment.checked_in_at = AppointmentStatus.CHECKED_IN, now
        appointment.save(update_fields=["status", "checked_in_at"])
        ticket = ticket_issue(queue=slot.queue, actor=actor, source=TicketSource.APPOINTMENT,
                              phone=appointment.phone, appointment=appointment)  # fmt: skip
        audit_record(actor=actor, action="appointment.check_in", obj=appointment,
                     summary=f"预约签到 {appointment.code}，取号 {ticket.number}")  # fmt: skip
    return ticket


def _day_start(at: datetime) -> datetime:
    """Midnight of the slot's local day: check-in is only ever on that day."""
    local = timezone.localtime(at)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def appointments_mark_no_shows(*, now: datetime | None = None, actor=None) -> int:
    """Bookings never checked in whose check-in time is over become NO_SHOW (爽约)."""
    now = now or timezone.now()
    with transaction.atomic():
        count = Appointment.objects.filter(
            status=AppointmentStatus.BOOKED, slot__ends_at__lt=now - checkin_late()
        ).update(status=AppointmentStatus.NO_SHOW)
        if count:  # a sweep every ten minutes would otherwise leave a trail of empty rows
            audit_record(actor=actor, action="appointment.no_show",
                         summary=f"{count} 个预约逾期未签到，记为爽约")  # fmt: skip
    return count
