"""The window's actions on a case that already exists: pre-review of an online application,
a supplement handed in on paper, acceptance once the supplement is complete, delivery of
the result, and closing the file."""

from django.views.decorators.http import require_POST

from .. import permissions, services
from ..forms import ChecklistForm, DeliverForm, IntakeDecisionForm, SupplementReceiptForm
from . import intake
from .common import login_only, visible_case
from .timeline import run_action, supplement_items


@require_POST
@login_only
def pre_review(request, number):
    """Accept, supplement or refuse a case that came in online, with the ticked checklist."""
    case = visible_case(request, number)
    items = intake.checklist_items(intake.target_of_case(case), case)
    checklist, decision = ChecklistForm(items, request.POST), IntakeDecisionForm(request.POST)

    def action() -> str:  # an online case is accepted into review, never done on the spot
        chosen = decision.cleaned_data["action"]
        return "accept" if chosen == "immediate" else chosen

    return run_action(
        request, case, allowed=permissions.can_act(request.user, case, "accept"),
        forms={"checklist": checklist, "decision": decision},
        call=lambda: intake.decide(case=case, actor=request.user, action=action(), checklist=checklist,
                                   reason=decision.cleaned_data.get("reason", "")),
        success=lambda: intake.DONE_MESSAGES[action()].format(n=case.number),
    )  # fmt: skip


@require_POST
@login_only
def accept(request, number):
    case = visible_case(request, number)
    return run_action(
        request, case, allowed=permissions.can_act(request.user, case, "accept"),
        call=lambda: services.case_accept(case_id=case.pk, actor=request.user),
        success=intake.DONE_MESSAGES["accept"].format(n=case.number),
    )  # fmt: skip


@require_POST
@login_only
def receive_supplement(request, number):
    """The clerk ticks off, at the window, what the one-time notice asked for."""
    case = visible_case(request, number)
    form = SupplementReceiptForm(supplement_items(case), request.POST)
    return run_action(
        request, case, allowed=permissions.is_clerk_for(request.user, case),
        forms={"receipt": form},
        call=lambda: services.case_complete_supplement(case_id=case.pk, actor=request.user, materials=form.materials()),
        success="补正材料已收齐，可以受理。",
    )  # fmt: skip


@require_POST
@login_only
def deliver(request, number):
    case = visible_case(request, number)
    form = DeliverForm(request.POST)
    return run_action(
        request, case, allowed=permissions.can_act(request.user, case, "deliver"),
        forms={"deliver": form},
        call=lambda: services.case_deliver(case_id=case.pk, actor=request.user, **form.cleaned_data),
        success="办理结果已送达。",
    )  # fmt: skip


@require_POST
@login_only
def close(request, number):
    case = visible_case(request, number)
    return run_action(
        request, case, allowed=permissions.can_act(request.user, case, "close"),
        call=lambda: services.case_close(case_id=case.pk, actor=request.user),
        success="办件已办结归档。",
    )  # fmt: skip
