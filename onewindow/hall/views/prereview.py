"""The pre-review desk (预审台): a clerk picks the matter, ticks each material, and the
applicant leaves with a queue ticket or with the one-time notice of what is missing."""

from datetime import datetime, timedelta

from django import forms
from django.core import signing
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone

from onewindow.accounts.roles import Role
from onewindow.cases.forms import ChecklistForm, ChecklistItem
from onewindow.cases.views.common import forbidden, page, role_required, staff_profile
from onewindow.catalog.models import Matter
from onewindow.lib.errors import DomainError

from ..models import PreReview
from ..prereview import max_pre_review, pre_review_record
from ..selectors_prereview import prereview_time_by_matter

SALT = "hall.prereview"
ERR_STALE = "核验单已失效（超时或被改动），请重新打开核验单后再核验"
NO_POINT = "您的账号未设置所在服务场所，不能使用预审台。请联系系统管理员。"
DESK_ROLES = (Role.CLERK, Role.ADMIN)


class ApplicantForm(forms.Form):
    applicant_name = forms.CharField(label="申请人", max_length=100, required=False)
    applicant_phone = forms.RegexField(
        label="手机号码", regex=r"^1[3-9]\d{9}$", required=False,
        error_messages={"invalid": "请填写正确的11位手机号码"},
        help_text="选填，用于叫号提醒",
    )  # fmt: skip
    ticket_number = forms.CharField(
        label="已有排队号", max_length=8, required=False,
        help_text="已预约签到或已取号的，填写号码（如 A002），预审结果随该号，不再另取新号",
    )  # fmt: skip


def _point_or_none(request):
    profile = staff_profile(request.user)
    return getattr(profile, "service_point", None)


def _matters(point):
    matters = Matter.objects.published().select_related("department")
    if not point.accepts_all_matters:
        matters = matters.filter(code__in=point.matters.values("code"))
    return matters.order_by("name")


def sign_start(matter: Matter, at: datetime) -> str:
    """started_at travels in the form signed with the matter, so a clerk cannot shorten a
    pre-review's recorded time nor reuse one matter's checklist for another."""
    return signing.dumps({"m": matter.pk, "t": at.isoformat()}, salt=SALT)


def read_start(value: str, matter: Matter) -> datetime | None:
    try:
        data = signing.loads(value or "", salt=SALT, max_age=max_pre_review())
        started = datetime.fromisoformat(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return started if data.get("m") == matter.pk else None


@role_required(*DESK_ROLES)
def desk(request):
    point = _point_or_none(request)
    if point is None:
        return forbidden(request, NO_POINT)
    q = request.GET.get("q", "").strip()[:50]
    matters = _matters(point)
    if q:
        matters = matters.filter(
            Q(name__icontains=q) | Q(code__icontains=q) | Q(keywords__icontains=q)
        )
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    recent = (
        PreReview.objects.filter(service_point=point, finished_at__gte=today)
        .select_related("matter")
        .order_by("-finished_at")[:20]
    )
    stats = prereview_time_by_matter(since=today - timedelta(days=30), service_point=point)[:10]
    return page(request, "hall/prereview_desk.html", {
        "point": point, "q": q, "matters": matters[:30], "recent": recent, "stats": stats,
    })  # fmt: skip


@role_required(*DESK_ROLES)
def check(request, matter_id: int):
    point = _point_or_none(request)
    if point is None:
        return forbidden(request, NO_POINT)
    matter = get_object_or_404(_matters(point).prefetch_related("materials"), pk=matter_id)
    items = [ChecklistItem(m.name, m.required, m.is_core, m.notes, material_id=m.pk)
             for m in matter.materials.all()]  # fmt: skip
    error = ""
    if request.method == "POST":
        checklist, applicant = ChecklistForm(items, request.POST), ApplicantForm(request.POST)
        started_token = request.POST.get("started", "")
        started_at = read_start(started_token, matter)
        if started_at is None:
            error = ERR_STALE
        elif checklist.is_valid() and applicant.is_valid():
            try:
                review, _ = pre_review_record(
                    service_point=point, matter=matter, checks=checklist.checks(),
                    started_at=started_at, actor=request.user, **applicant.cleaned_data,
                )  # fmt: skip
            except DomainError as exc:
                error = exc.message
            else:
                return redirect("hall:prereview_result", review_id=review.pk)
    else:
        checklist, applicant = ChecklistForm(items), ApplicantForm()
        started_token = sign_start(matter, timezone.now())
    return page(request, "hall/prereview_check.html", {
        "point": point, "matter": matter, "checklist": checklist, "applicant": applicant,
        "started": started_token, "error": error,
    }, status=422 if request.method == "POST" else 200)  # fmt: skip


@role_required(*DESK_ROLES)
def result(request, review_id: int):
    point = _point_or_none(request)
    review = get_object_or_404(
        PreReview.objects.select_related("matter__department", "service_point", "clerk__staff_profile"),
        pk=review_id,
    )  # fmt: skip
    if point is None or review.service_point_id != point.pk:
        return forbidden(request, "只能查看本场所的预审结果。")
    ticket = review.ticket_set.select_related("queue").first()
    return page(request, "hall/prereview_result.html", {
        "review": review, "ticket": ticket, "problems": review.problems,
        "clerk_name": getattr(getattr(review.clerk, "staff_profile", None), "full_name", ""),
    })  # fmt: skip
