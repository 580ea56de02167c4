"""The applicant's side: cases to rate, the rating form (web and the notice's QR), the
ratings given, and the revisit of a fixed bad rating."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.crypto import constant_time_compare
from django.views.decorators.http import require_POST

from onewindow.cases.models import Case
from onewindow.lib.errors import DomainError

from .. import selectors, services
from ..models import Rating
from .common import form_context, login_only, page, rating_input


@login_only
def mine(request):
    return page(
        request,
        "ratings/mine.html",
        {
            "rateable": list(selectors.rateable_cases(request.user)[:50]),
            "revisits": list(selectors.revisits_for_applicant(request.user)),
            "given": list(selectors.ratings_base().filter(applicant__user=request.user)[:50]),
            "form": form_context("ON_SITE"),
        },
        tab="mine",
    )


def _case(number: str) -> Case:
    case = (
        Case.objects.select_related("matter", "bundle", "applicant", "window", "service_point")
        .filter(number=number)
        .first()
    )
    if case is None:
        raise Http404("未找到该办件")
    return case


def _rate(request, case: Case, *, source: str, token: str = "", template_extra=None):
    channel = services.case_rating_channel(case)
    context = {
        "case": case,
        "form": form_context(channel),
        "source": source,
        **(template_extra or {}),
    }
    existing = Rating.objects.filter(case=case, channel=channel).first()
    if existing is not None:
        context["existing"] = existing
        return page(request, "ratings/rate.html", context, tab="mine")
    status = 200
    if request.method == "POST":
        data = rating_input(request.POST, channel)
        try:
            rating = services.rating_submit(
                case_id=case.pk, source=source, token=token, actor=request.user, **data
            )
        except DomainError as exc:
            context.update(error=exc.message, posted=data)
            status = exc.status
        else:
            context["existing"] = rating
            context["just_rated"] = True
            return page(request, "ratings/rate.html", context, tab="mine")
    elif case.delivered_at is None:
        context["error"] = services.rating.ERR_NOT_DELIVERED
    return page(request, "ratings/rate.html", context, status=status, tab="mine")


@login_only
def rate_case(request, number: str):
    case = _case(number)
    if case.applicant.user_id != request.user.pk:
        raise Http404("未找到该办件")
    return _rate(request, case, source="WEB")


def rate_by_qr(request, number: str, token: str):
    """The QR on a notice: whoever holds the notice rates, without logging in."""
    case = _case(number)
    if not constant_time_compare(token, services.qr_token(number)):
        raise Http404("评价二维码无效")
    return _rate(request, case, source="QR", token=token, template_extra={"qr": True})


@require_POST
@login_only
def revisit(request, pk: int):
    try:
        services.rectification_revisit(
            rectification_id=pk,
            level=request.POST.get("level", ""),
            comment=request.POST.get("comment", ""),
            actor=request.user,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "感谢您对整改结果的评价。")
    return redirect("ratings:mine")
