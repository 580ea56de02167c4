"""Appointments on the web (预约): book a slot, see and cancel one's bookings, and the
kiosk's check-in that turns a booking into a ticket called before walk-ins."""

from datetime import date

from django import forms
from django.contrib import messages
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from onewindow.cases.views.common import login_only, mask_name
from onewindow.catalog.models import Matter, ServicePoint
from onewindow.lib.errors import DomainError

from ..appointments import (
    PHONE_RE,
    appointment_book,
    appointment_cancel,
    appointment_check_in,
    checkin_early,
    normalize_code,
)
from ..choices import AppointmentStatus, QueueKind
from ..models import Appointment, Queue
from ..selectors_prereview import (
    appointment_for_phone,
    appointments_of_user,
    slot_days_open,
    slots_open,
)


class BookingForm(forms.Form):
    slot = forms.ModelChoiceField(
        label="时段", queryset=None, widget=forms.RadioSelect,
        error_messages={"required": "请选择时段", "invalid_choice": "该时段已约满或已过，请重新选择"},
    )  # fmt: skip
    name = forms.CharField(label="姓名", max_length=100)
    phone = forms.RegexField(label="手机号码", regex=PHONE_RE.pattern,
                             error_messages={"invalid": "请填写正确的11位手机号码"})  # fmt: skip
    matter = forms.ModelChoiceField(label="办理事项", queryset=None, required=False,
                                    empty_label="（暂不确定）", help_text="选择后将提示应带的材料")  # fmt: skip

    def __init__(self, *args, queue: Queue, day: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots_open(queue=queue, day=day)
        self.fields["slot"].label_from_instance = lambda s: (
            f"{timezone.localtime(s.starts_at):%H:%M}-{timezone.localtime(s.ends_at):%H:%M}"
            f"（余{s.places_left}个）"
        )
        self.fields["matter"].queryset = _bookable_matters(queue)


def _bookable_matters(queue: Queue):
    matters = Matter.objects.published()
    if queue.kind == QueueKind.DOMAIN and queue.matters.exists():
        return matters.filter(code__in=queue.matters.values("code")).order_by("name")
    point = queue.service_point
    if not point.accepts_all_matters:
        matters = matters.filter(code__in=point.matters.values("code"))
    return matters.order_by("name")


def _pick(queryset, value):
    return queryset.filter(pk=int(value)).first() if str(value or "").isdigit() else None


def book(request):
    """Service point → queue → day → slot, each chosen by a GET parameter, then the form."""
    now = timezone.now()
    open_slots = {"slots__starts_at__gt": now, "slots__booked__lt": F("slots__capacity")}
    queues = Queue.objects.filter(is_active=True, service_point__is_active=True).exclude(
        kind=QueueKind.PRIORITY
    )
    points = ServicePoint.objects.filter(
        pk__in=queues.filter(**open_slots).values("service_point")
    ).order_by("code")
    point = _pick(points, request.GET.get("point"))
    point_queues = queues.filter(service_point=point, **open_slots).distinct() if point else []
    queue = _pick(point_queues, request.GET.get("queue")) if point else None
    days = slot_days_open(queue=queue) if queue else []
    day = None
    if queue and request.GET.get("day"):
        try:
            day = date.fromisoformat(request.GET["day"])
        except ValueError:
            day = None
        day = day if day in days else None
    form = None
    if day is not None:
        form = BookingForm(request.POST or None, queue=queue, day=day)
        if request.method == "POST" and form.is_valid():
            try:
                data = form.cleaned_data
                appointment = appointment_book(
                    slot=data["slot"], name=data["name"], phone=data["phone"],
                    matter=data["matter"], user=request.user, actor=request.user,
                )  # fmt: skip
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                return redirect("hall:appointment_detail", code=appointment.code)
    status = 422 if request.method == "POST" and form is not None and form.errors else 200
    return render(request, "hall/appointment_book.html", {
        "points": points, "point": point, "queues": point_queues, "queue": queue,
        "days": days, "day": day, "form": form,
    }, status=status)  # fmt: skip


def detail(request, code: str):
    """The confirmation: the code, when and where, and the materials to bring. The code
    is the key to this page, so the name and phone are shown masked."""
    appointment = get_object_or_404(
        Appointment.objects.select_related("slot__queue__service_point", "matter"),
        code=normalize_code(code),
    )
    materials = appointment.matter.materials.all() if appointment.matter else []
    return render(request, "hall/appointment_detail.html", {
        "appointment": appointment, "materials": materials,
        "masked_name": mask_name(appointment.name),
        "masked_phone": appointment.phone[:3] + "****" + appointment.phone[-4:],
        "checkin_from": timezone.localtime(appointment.slot.starts_at - checkin_early()),
        "is_mine": request.user.is_authenticated and appointment.user_id == request.user.pk,
        "can_cancel": appointment.status == AppointmentStatus.BOOKED
        and appointment.slot.starts_at > timezone.now(),
    })  # fmt: skip


@login_only
def mine(request):
    return render(request, "hall/appointment_mine.html", {
        "appointments": appointments_of_user(request.user), "now": timezone.now(),
    })  # fmt: skip


@require_POST
def cancel(request, code: str):
    """The owner cancels from "my appointments"; anyone else proves it is theirs with the
    phone number the booking was made with."""
    code = normalize_code(code)
    appointment = Appointment.objects.filter(code=code).first()
    mine = (
        appointment is not None
        and request.user.is_authenticated
        and (appointment.user_id == request.user.pk)
    )
    if appointment is None or (
        not mine and request.POST.get("phone", "").strip() != appointment.phone
    ):
        messages.error(request, "预约码或手机号码不正确，未能取消")
        return (
            redirect("hall:appointment_detail", code=code)
            if appointment
            else redirect("hall:appointment_book")
        )
    try:
        appointment_cancel(code=code, actor=request.user, user=request.user if mine else None)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"预约 {code} 已取消")
    return redirect(
        "hall:appointment_mine" if mine else "hall:appointment_detail",
        **({} if mine else {"code": code}),
    )


def check_in(request, point_code: str):
    """The kiosk: a code or the phone number the booking was made with gives the ticket."""
    point = get_object_or_404(ServicePoint, code=point_code, is_active=True)
    ticket, error, entered = None, "", ""
    if request.method == "POST":
        entered = "".join(request.POST.get("code_or_phone", "").split())[:20]
        code = entered
        if PHONE_RE.match(entered):
            found = appointment_for_phone(phone=entered, service_point=point)
            code = found.code if found else ""
            if not found:
                error = "未找到该手机号今天在本场所的有效预约"
        if not entered:
            error = "请输入预约码或手机号码"
        elif not error:
            try:
                ticket = appointment_check_in(code=code, actor=request.user, service_point=point)
            except DomainError as exc:
                error = exc.message
    return render(request, "hall/appointment_check_in.html", {
        "point": point, "ticket": ticket, "error": error, "entered": "" if ticket else entered,
        "early_minutes": int(checkin_early().total_seconds() // 60),
    }, status=422 if error else 200)  # fmt: skip
