"""Appointments (预约): a queue's open slots, booking, looking up and cancelling a booking,
checking in at the hall, and the caller's own bookings.

Booking, looking up and cancelling are public: the phone number given when booking is the
key, and a code with the wrong phone answers 404 as an unknown code does. A logged-in
caller's booking is linked to them, so they can also cancel it without the phone."""

from datetime import date

from django.contrib.auth.models import AnonymousUser
from ninja import Query, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.utils import check_csrf

from onewindow.accounts.auth import ApiTokenAuth
from onewindow.accounts.roles import Role
from onewindow.accounts.services import user_has_role
from onewindow.catalog.models import Matter
from onewindow.lib.errors import Forbidden, NotFound
from onewindow.lib.pagination import Pages

from .. import appointments as booking
from ..models import Appointment, AppointmentSlot, Ticket
from ..selectors_prereview import appointments_of_user, slots_open
from .base import (
    ERR_NOT_CLERK,
    ERRORS,
    ISSUERS,
    point_or_404,
    queue_or_404,
    require_role,
    router,
    ticket_out,
)
from .schemas import TicketOut
from .schemas_bookings import AppointmentOut, BookIn, CancelIn, SlotOut

ERR_MATTER_NOT_FOUND = "未找到该事项"
ERR_NO_POINT = "您的工作人员档案未指定服务场所"


def _optional_session(request):
    """The logged-in session user (CSRF checked on writes, as SessionAuth does), else an
    anonymous caller: never None, so the endpoint stays open to everyone."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        if check_csrf(request) is not None:
            raise HttpError(403, "CSRF check Failed")
        return user
    return AnonymousUser()


# Public, but a bearer token or a session still says who is calling.
PUBLIC = [ApiTokenAuth(), _optional_session]


def _caller(request):
    user = request.auth
    return user if getattr(user, "is_authenticated", False) else None


class _Rows:
    """A queryset the paginator counts and slices, each row shown through `show`."""

    def __init__(self, qs, show):
        self.qs, self.show = qs, show

    def __len__(self):
        return self.qs.count()

    def __getitem__(self, item):
        return [self.show(row) for row in self.qs[item]]


def appointment_out(appointment: Appointment) -> dict:
    """slot__queue__service_point and matter must be loaded."""
    slot = appointment.slot
    queue = slot.queue
    return {
        "code": appointment.code,
        "status": appointment.status,
        "status_label": appointment.get_status_display(),
        "name": appointment.name,
        "service_point_code": queue.service_point.code,
        "service_point_name": queue.service_point.name,
        "queue_letter": queue.letter,
        "queue_name": queue.name,
        "starts_at": slot.starts_at,
        "ends_at": slot.ends_at,
        "matter_code": appointment.matter.code if appointment.matter_id else None,
        "matter_name": appointment.matter.name if appointment.matter_id else None,
        "booked_at": appointment.booked_at,
        "checked_in_at": appointment.checked_in_at,
    }


def _loaded(code: str) -> Appointment | None:
    return (
        Appointment.objects.select_related("slot__queue__service_point", "matter")
        .filter(code=booking.normalize_code(code))
        .first()
    )


def _not_found() -> NotFound:
    return NotFound(booking.ERR_NOT_FOUND, code="appointment_not_found")


@router.get(
    "/points/{code}/slots",
    auth=PUBLIC,
    response={200: list[SlotOut], **ERRORS},
    summary="可预约时段（公开）",
    description="队列尚未开始且有余量的预约时段，按时间先后；可按日期筛选。",
)
@paginate(Pages, page_size=50, max_page_size=200)
def list_slots(
    request,
    code: str,
    queue_letter: str = Query(..., min_length=1, max_length=2, description="队列字母"),
    day: date | None = None,
):
    point = point_or_404(code)
    queue = queue_or_404(point.pk, queue_letter)
    slots = slots_open(queue=queue, day=day)

    def show(slot: AppointmentSlot) -> dict:
        return {
            "id": slot.pk,
            "queue_letter": queue.letter,
            "queue_name": queue.name,
            "starts_at": slot.starts_at,
            "ends_at": slot.ends_at,
            "capacity": slot.capacity,
            "places_left": slot.places_left,
        }

    return _Rows(slots, show)


@router.post(
    "/appointments",
    auth=PUBLIC,
    response={201: AppointmentOut, **ERRORS},
    summary="预约（公开）",
    description="预约一个时段；已登录时预约记在本人名下。返回的预约码用于签到、查询和取消。",
)
def book(request, data: BookIn):
    slot = AppointmentSlot.objects.filter(pk=data.slot_id).first()
    if slot is None:
        raise NotFound(booking.ERR_SLOT_NOT_FOUND, code="slot_not_found")
    matter = None
    if data.matter_code:
        matter = Matter.objects.current().filter(code=data.matter_code.strip()).first()
        if matter is None:
            raise NotFound(ERR_MATTER_NOT_FOUND, code="matter_not_found")
    user = _caller(request)
    appointment = booking.appointment_book(
        slot=slot, name=data.name, phone=data.phone, matter=matter, user=user, actor=user
    )
    return Status(201, appointment_out(_loaded(appointment.code)))


@router.get(
    "/appointments/{code}",
    auth=PUBLIC,
    response={200: AppointmentOut, **ERRORS},
    summary="查询预约（公开）",
    description="凭预约码和预约时填写的手机号码查询。",
)
def get_appointment(
    request, code: str, phone: str = Query("", max_length=20, description="预约手机号码")
):
    appointment = _loaded(code)
    if appointment is None or not phone.strip() or appointment.phone != phone.strip():
        raise _not_found()
    return appointment_out(appointment)


@router.post(
    "/appointments/{code}/cancel",
    auth=PUBLIC,
    response={200: AppointmentOut, **ERRORS},
    summary="取消预约（公开）",
    description="凭预约手机号码取消，或本人登录后取消；时段开始后不能取消。",
)
def cancel(request, code: str, data: CancelIn):
    appointment = _loaded(code)
    if appointment is None:
        raise _not_found()
    user = _caller(request)
    owner = user is not None and appointment.user_id == user.pk
    phone = data.phone.strip()
    if not owner and (not phone or appointment.phone != phone):
        raise _not_found()
    booking.appointment_cancel(code=appointment.code, actor=user, user=user if owner else None)
    return appointment_out(_loaded(appointment.code))


@router.post(
    "/appointments/{code}/check-in",
    response={201: TicketOut, **ERRORS},
    summary="预约签到",
    description="自助取号机以本场所窗口工作人员（或系统管理员）账号的接口令牌调用；"
    "在预约当天、时段开始前一段时间至时段结束签到，得到预约优先的排队票。",
)
def check_in(request, code: str):
    require_role(request.auth, ISSUERS, ERR_NOT_CLERK)
    point = None
    if not user_has_role(request.auth, Role.ADMIN):
        profile = getattr(request.auth, "staff_profile", None)
        if profile is None or profile.service_point_id is None:
            raise Forbidden(ERR_NO_POINT, code="no_service_point")
        point = profile.service_point
    ticket = booking.appointment_check_in(code=code, actor=request.auth, service_point=point)
    ticket = Ticket.objects.select_related("queue", "window", "case").get(pk=ticket.pk)
    return Status(201, ticket_out(ticket, with_position=True))


@router.get(
    "/me/appointments",
    response={200: list[AppointmentOut], **ERRORS},
    summary="我的预约",
    description="登录用户名下的预约，时段最近的在前。",
)
@paginate(Pages, page_size=20, max_page_size=100)
def my_appointments(request):
    return _Rows(appointments_of_user(request.auth), appointment_out)


__all__ = ["PUBLIC", "appointment_out"]
