"""效能监督 pages: overdue accountability, monthly assessment, honour board, daily patrols and
the weekly bulletin. Forms post to the services; a refused action comes back as a message
that says why."""

from datetime import date, datetime, timedelta
from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from onewindow.accounts.models import StaffProfile
from onewindow.accounts.services import user_has_role
from onewindow.catalog.models import ServicePoint, Window
from onewindow.lib.errors import DomainError, InvalidInput
from onewindow.lib.pdf import CJK_SANS, html_to_pdf

from . import bulletin, permissions, selectors, services
from .choices import AccountabilityStatus
from .models import AssessmentPolicy, DeductionItem

SEE = (*permissions.OFFICE, *permissions.DEPARTMENT)


def _gate(*roles):
    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user_has_role(request.user, *roles):
                context = {"message": "您的账号没有效能监督的权限。"}
                return render(request, "supervision/message.html", context, status=403)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


office_only = _gate(*permissions.OFFICE)


def _render(request, template, context, tab):
    context.update(tab=tab, nav="supervision", is_office=permissions.is_office(request.user))
    return render(request, template, context)


def _month(value: str | None) -> date:
    try:
        return datetime.strptime(value or "", "%Y-%m").date()
    except ValueError:
        return timezone.localdate().replace(day=1)


def _day(value: str | None, default: date) -> date:
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        return default


def _act(request, call, success: str):
    try:
        call()
    except DomainError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, success)
    return True


@_gate(*SEE)
def accountability_list(request):
    """The office sees every department; a reviewer or section head their own."""
    department_id = (
        None if permissions.is_office(request.user) else permissions.department_of(request.user)
    )
    if department_id is None and not permissions.is_office(request.user):
        return render(
            request, "supervision/message.html", {"message": "您的档案未指定部门。"}, status=403
        )
    status = request.GET.get("status", "")
    status = status if status in AccountabilityStatus.values else ""
    qs = selectors.accountabilities(status=status, department_id=department_id)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "statuses": AccountabilityStatus.choices,
        "counts": selectors.accountability_counts(department_id),
    }
    return _render(request, "supervision/accountability_list.html", context, "accountability")


@_gate(*SEE)
def accountability_detail(request, pk: int):
    record = selectors.accountabilities().filter(pk=pk).first()
    if record is None or not permissions.can_explain(request.user, record):
        raise Http404("未找到该超期问责记录")
    if request.method == "POST":
        if request.POST.get("action") == "close":
            _act(request, lambda: services.accountability_close(
                accountability_id=pk, conclusion=request.POST.get("conclusion", ""),
                exempt=bool(request.POST.get("exempt")), actor=request.user), "已办结")  # fmt: skip
        else:
            _act(request, lambda: services.accountability_explain(
                accountability_id=pk, explanation=request.POST.get("explanation", ""),
                actor=request.user), "情况说明已提交")  # fmt: skip
        return redirect("supervision:accountability", pk=pk)
    return _render(
        request, "supervision/accountability_detail.html", {"r": record}, "accountability"
    )


@office_only
def assessments(request):
    month = _month(request.GET.get("month") or request.POST.get("month"))
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "compute":
            _act(request, lambda: services.assessment_compute(month=month, actor=request.user),
                 f"已计算{month:%Y年%m月}考核")  # fmt: skip
        elif action == "deduct":
            staff = get_user_model().objects.filter(pk=request.POST.get("staff") or 0).first()
            when = timezone.make_aware(datetime.combine(
                _day(request.POST.get("day"), timezone.localdate()), datetime.min.time().replace(hour=9)))  # fmt: skip
            _act(request, lambda: services.deduction_record(
                staff=staff, item_code=request.POST.get("item", ""), occurred_at=when,
                note=request.POST.get("note", ""), actor=request.user), "已记录扣分")  # fmt: skip
        elif action == "done":
            _act(request, lambda: services.assessment_action_done(
                action_id=int(request.POST.get("action_id") or 0), note=request.POST.get("note", ""),
                actor=request.user), "已记录落实情况")  # fmt: skip
        return redirect(reverse("supervision:assessments") + f"?month={month:%Y-%m}")
    context = {
        "month": month,
        "rows": selectors.month_assessments(month),
        "deductions": selectors.month_deductions(month)[:100],
        "actions": selectors.month_actions(month),
        "policy": AssessmentPolicy.current(),
        "items": DeductionItem.objects.filter(is_active=True),
        "staff": StaffProfile.objects.filter(user__is_active=True).order_by("full_name"),
    }
    return _render(request, "supervision/assessments.html", context, "assessments")


def honours(request):
    """The honour board is public: the hall shows who served best."""
    if request.method == "POST":
        if not permissions.is_office(request.user):
            return render(
                request,
                "supervision/message.html",
                {"message": permissions.ERR_NOT_OFFICE},
                status=403,
            )
        month = _month(request.POST.get("month"))
        _act(request, lambda: services.awards_grant_proposed(month=month, actor=request.user),
             f"已按{month:%Y年%m月}考核结果评选")  # fmt: skip
        return redirect("supervision:honours")
    by_month: dict = {}
    for award in selectors.awards():
        by_month.setdefault(award.month, []).append(award)
    context = {"by_month": sorted(by_month.items(), reverse=True), "last_month": _last_month()}
    return _render(request, "supervision/honours.html", context, "honours")


def _last_month() -> date:
    first = timezone.localdate().replace(day=1)
    return (first - timedelta(days=1)).replace(day=1)


@office_only
def patrols(request):
    if request.method == "POST":
        point = ServicePoint.objects.filter(pk=request.POST.get("service_point") or 0).first()
        day = _day(request.POST.get("day"), timezone.localdate())
        log = None

        def open_log():
            nonlocal log
            if point is None:
                raise InvalidInput("请选择服务场所", code="service_point_required")
            log = services.patrol_log_open(
                service_point=point,
                day=day,
                summary=request.POST.get("summary", ""),
                actor=request.user,
            )

        if _act(request, open_log, "已新建巡查记录"):
            return redirect("supervision:patrol", pk=log.pk)
        return redirect("supervision:patrols")
    context = {
        "logs": selectors.patrol_logs(),
        "points": ServicePoint.objects.filter(is_active=True).order_by("kind", "code"),
        "today": timezone.localdate(),
    }
    return _render(request, "supervision/patrols.html", context, "patrols")


@office_only
def patrol(request, pk: int):
    log = selectors.patrol_log(pk)
    if log is None:
        raise Http404("未找到该巡查记录")
    if request.method == "POST":
        staff = get_user_model().objects.filter(pk=request.POST.get("staff") or 0).first()
        window = Window.objects.filter(pk=request.POST.get("window") or 0).first()
        _act(request, lambda: services.patrol_finding_add(
            log_id=pk, item_code=request.POST.get("item", ""), description=request.POST.get("description", ""),
            staff=staff, window=window, deduct=bool(request.POST.get("deduct")), actor=request.user,
        ), "已记录发现的问题")  # fmt: skip
        return redirect("supervision:patrol", pk=pk)
    context = {
        "log": log,
        "items": DeductionItem.objects.filter(is_active=True),
        "staff": StaffProfile.objects.filter(service_point=log.service_point_id).order_by(
            "full_name"
        ),
        "windows": Window.objects.filter(service_point=log.service_point_id).order_by("number"),
    }
    return _render(request, "supervision/patrol.html", context, "patrols")


def _week(request) -> date:
    default = bulletin.week_of(timezone.localdate())
    return bulletin.week_of(_day(request.GET.get("week"), default))


@office_only
def weekly_bulletin(request):
    week = _week(request)
    context = {
        "b": bulletin.weekly(week),
        "previous": week - timedelta(days=7),
        "next": week + timedelta(days=7),
    }
    return _render(request, "supervision/bulletin.html", context, "bulletin")


@office_only
def weekly_bulletin_pdf(request):
    b = bulletin.weekly(_week(request))
    html = render_to_string(
        "supervision/bulletin_pdf.html", {"b": b, "font": CJK_SANS, "now": timezone.now()}
    )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bulletin-{b.start:%Y%m%d}.pdf"'
    return response
