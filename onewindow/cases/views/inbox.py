"""The department inbox (部门待办): open reviews most urgent first, the decision on each,
and the special steps (特殊环节) that stop the clock."""

from django.http import Http404
from django.utils import timezone
from django.views.decorators.http import require_POST

from onewindow.accounts.roles import Role

from .. import permissions, services
from ..choices import Signal
from ..forms import ReviewDecisionForm, SuspendForm
from . import queries
from .common import forbidden, login_only, page, role_required, staff_profile, visible_case
from .timeline import run_action


@role_required(Role.REVIEWER, Role.SECTION_HEAD, Role.ADMIN)
def inbox(request):
    profile = staff_profile(request.user)
    if profile is None or profile.department_id is None:
        return forbidden(request, "您的账号没有设置所属部门，请联系系统管理员。")
    now = timezone.now()
    reviews = queries.inbox(profile.department_id, now)
    counts = {s: 0 for s in Signal}
    for review in reviews:
        if review.case.signal:
            counts[review.case.signal] += 1
    context = {
        "department": profile.department,
        "reviews": reviews,
        "counts": [(s, counts[s]) for s in (Signal.RED, Signal.YELLOW, Signal.GREEN)],
        "suspended": list(queries.suspended_for(profile.department_id)),
    }
    return page(request, "cases/inbox.html", context, tab="inbox")


@require_POST
@login_only
def decide(request, number, review_id):
    case = visible_case(request, number)
    review = next((r for r in case.reviews.all() if r.pk == review_id), None)
    if review is None:
        raise Http404("未找到该审查任务")
    form = ReviewDecisionForm(request.POST)

    def call():
        services.review_decide(
            review_id=review.pk, actor=request.user, opinion=form.cleaned_data["opinion"],
            approve=form.cleaned_data["decision"] == "approve",
        )  # fmt: skip

    return run_action(
        request, case, allowed=permissions.reviews_case(request.user, case),
        forms={f"review{review.pk}": form}, call=call,
        success=lambda: f"已{'同意' if form.cleaned_data['decision'] == 'approve' else '不同意'}（{review.department.display_name}{review.step_name}）。",
    )  # fmt: skip


@require_POST
@login_only
def suspend(request, number):
    case = visible_case(request, number)
    form = SuspendForm(request.POST)
    return run_action(
        request, case, allowed=permissions.can_act(request.user, case, "suspend"),
        forms={"suspend": form},
        call=lambda: services.case_suspend(case_id=case.pk, actor=request.user, **form.cleaned_data),
        success="已进入特殊环节，所需时间不计入办理时限。",
    )  # fmt: skip


@require_POST
@login_only
def resume(request, number):
    case = visible_case(request, number)
    return run_action(
        request, case, allowed=permissions.can_act(request.user, case, "resume"),
        call=lambda: services.case_resume(case_id=case.pk, actor=request.user),
        success="特殊环节已结束，恢复计时，办结期限已相应顺延。",
    )  # fmt: skip
