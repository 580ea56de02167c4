"""Project card pages: list, create, card (schedule, team, actions), quarterly report."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from onewindow.accounts.services import user_roles
from onewindow.lib.errors import DomainError
from onewindow.lib.pdf import html_to_pdf

from .. import selectors
from ..forms import CardForm, MemberForm, RescheduleForm
from ..lookups import enterprise_by_id_number
from ..services import projects as services
from .common import CARD_CREATORS, login_only, page, staff_only


@login_only
def project_list(request):
    can_create = bool(user_roles(request.user) & CARD_CREATORS)
    return page(
        request,
        "enterprise/project_list.html",
        {"cards": selectors.card_list(request.user), "can_create": can_create},
        tab="projects",
    )


@login_only
def project_new(request):
    if not user_roles(request.user) & CARD_CREATORS:
        return page(request, "enterprise/forbidden.html", {}, status=403)
    form = CardForm(request.POST or None, initial={"steward": request.user.pk})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            card = services.card_create(
                data=services.CardInput(
                    code=d["code"], name=d["name"],
                    enterprise=enterprise_by_id_number(d["enterprise_id_number"]),
                    steward=d["steward"], lead_department=d["lead_department"],
                    lead_person=d["lead_person"], target_start_date=d["target_start_date"],
                    investment=d["investment"], address=d["address"],
                ),
                actor=request.user,
            )  # fmt: skip
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已建立项目一卡通 {card.code}，节点已按计划开工日期倒排")
            return redirect("enterprise:project", code=card.code)
    status = 422 if request.method == "POST" else 200
    return page(
        request, "enterprise/project_new.html", {"form": form}, status=status, tab="projects"
    )


def _card(request, code):
    card = selectors.card_detail(request.user, code)
    if card is None:
        raise Http404("未找到该项目")
    return card


@login_only
def project_detail(request, code: str):
    card = _card(request, code)
    user = request.user
    for m in card.milestones.all():
        m.can_manage = services.can_manage_milestone(user, m)
    return page(
        request,
        "enterprise/project_detail.html",
        {
            "card": card,
            "can_edit": services.can_edit_card(user, card),
            "member_form": MemberForm(),
            "reschedule_form": RescheduleForm(
                initial={"target_start_date": card.target_start_date}
            ),
            "today": timezone.localdate(),
        },
        tab="projects",
    )


@require_POST
@login_only
def milestone_action(request, code: str, milestone_id: int, action: str):
    card = _card(request, code)
    if not any(m.pk == milestone_id for m in card.milestones.all()):
        raise Http404("未找到该节点")
    try:
        if action == "start":
            services.milestone_start(milestone_id=milestone_id, actor=request.user)
        elif action == "complete":
            services.milestone_complete(
                milestone_id=milestone_id, note=request.POST.get("note", ""), actor=request.user
            )
        elif action == "link":
            services.milestone_link_case(
                milestone_id=milestone_id, case_number=request.POST.get("case_number", ""),
                actor=request.user,
            )  # fmt: skip
        else:
            raise Http404("未知操作")
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "节点已更新")
    return redirect("enterprise:project", code=code)


@require_POST
@login_only
def project_member_add(request, code: str):
    card = _card(request, code)
    form = MemberForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写成员姓名和职责")
        return redirect("enterprise:project", code=code)
    try:
        services.member_add(card=card, actor=request.user, **form.cleaned_data)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已添加专班成员 {form.cleaned_data['name']}")
    return redirect("enterprise:project", code=code)


@require_POST
@login_only
def project_reschedule(request, code: str):
    card = _card(request, code)
    form = RescheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写有效的日期")
        return redirect("enterprise:project", code=code)
    try:
        services.card_reschedule(
            card_id=card.pk, target_start_date=form.cleaned_data["target_start_date"],
            actor=request.user,
        )  # fmt: skip
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已按新的计划开工日期重排未完成节点")
    return redirect("enterprise:project", code=code)


def _period(request) -> tuple[int, int]:
    year, quarter = selectors.quarter_of(timezone.localdate())
    try:
        year = int(request.GET.get("year") or year)
        quarter = int(request.GET.get("quarter") or quarter)
    except ValueError:
        raise Http404("年份或季度不正确") from None
    if not (2000 <= year <= 2100 and 1 <= quarter <= 4):
        raise Http404("年份或季度不正确")
    return year, quarter


@staff_only
def report(request):
    year, quarter = _period(request)
    context = {"r": selectors.quarterly_report(request.user, year, quarter)}
    if request.GET.get("format") == "pdf":
        html = render_to_string("enterprise/report_pdf.html", context, request=request)
        response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
        name = f"project-report-{year}Q{quarter}.pdf"
        response["Content-Disposition"] = f'inline; filename="{name}"'
        return response
    prev_q = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    next_q = (year, quarter + 1) if quarter < 4 else (year + 1, 1)
    context.update(prev_q=prev_q, next_q=next_q)
    return page(request, "enterprise/report.html", context, tab="report")
