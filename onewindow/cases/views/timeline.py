"""The case page (/cases/<number>/): what was applied for, materials, reviews, notices and
the audit trail in order — and the panel of what this user may do next. Every action page
posts here-bound forms; on a refusal the page is shown again with the reason and the
status of the error (409 out of order, 403 not allowed, 422 bad input)."""

from pathlib import Path

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.cache import never_cache

from onewindow.audit.selectors import events_for
from onewindow.lib.errors import DomainError

from .. import permissions
from ..choices import UNDECIDED, CaseStatus, NoticeKind, ReviewStatus
from ..forms import (
    ChecklistForm,
    DeliverForm,
    IntakeDecisionForm,
    ReviewDecisionForm,
    SupplementReceiptForm,
    SupplementUploadForm,
    SuspendForm,
    WithdrawForm,
)
from . import intake, queries
from .common import forbidden, login_only, page, person_name, staff_profile, visible_case

S = CaseStatus


def supplement_items(case) -> list[dict]:
    """What the latest one-time notice asked for."""
    notices = [n for n in case.notices.all() if n.kind == NoticeKind.SUPPLEMENT]
    return notices[-1].items if notices else []


def _form_rows(case, target) -> list[tuple[str, str]]:
    labels = {}
    for spec in target.form_specs():
        key = spec["key"] if isinstance(spec, dict) else spec.key
        labels[key] = spec.get("label", key) if isinstance(spec, dict) else spec.label
    return [(labels.get(k, k), v) for k, v in case.form_data.items()]


def is_applicant_side(user, case) -> bool:
    """The applicant (or whoever applied for them online), as opposed to the clerk who
    submitted the case at the window — permissions.is_owner counts both."""
    if case.applicant.user_id is not None and case.applicant.user_id == user.pk:
        return True
    return permissions.is_owner(user, case) and not permissions.is_clerk_for(user, case)


def _panels(request, case, target, bound: dict) -> dict:
    """The forms of the actions this user may take on the case now."""
    user, status = request.user, case.status
    clerk, owner = permissions.is_clerk_for(user, case), is_applicant_side(user, case)
    reviewer = permissions.reviews_case(user, case)
    profile = staff_profile(user)
    department_id = profile.department_id if profile else None
    completed = case.materials_completed_at is not None
    items = supplement_items(case)
    panels: dict = {}
    if clerk and status in (S.SUBMITTED, S.PRE_REVIEWED):
        checks = intake.checklist_items(target, case)
        panels["intake"] = bound.get("checklist") or ChecklistForm(checks)
        panels["intake_decision"] = bound.get("decision") or IntakeDecisionForm()
    if status == S.SUPPLEMENT_REQUESTED and not completed:
        if owner:
            panels["upload"] = bound.get("upload") or SupplementUploadForm(items)
        elif clerk:
            panels["receipt"] = bound.get("receipt") or SupplementReceiptForm(items)
    if clerk and status == S.SUPPLEMENT_REQUESTED and completed:
        panels["accept"] = True
    if reviewer:
        mine = [
            r for r in case.reviews.all()
            if r.status == ReviewStatus.OPEN and (r.department_id == department_id or user.is_superuser)
        ]  # fmt: skip
        panels["reviews"] = [(r, bound.get(f"review{r.pk}") or ReviewDecisionForm()) for r in mine]
        if status in (S.ACCEPTED, S.IN_REVIEW):
            panels["suspend"] = bound.get("suspend") or SuspendForm()
        panels["resume"] = status == S.SUSPENDED
    if clerk and status in (S.APPROVED, S.DENIED):
        panels["deliver"] = bound.get("deliver") or DeliverForm(initial={"address": case.applicant.address})  # fmt: skip
    panels["close"] = clerk and status == S.DELIVERED
    if owner and status in UNDECIDED:
        panels["withdraw"] = bound.get("withdraw") or WithdrawForm()
    panels["any"] = any(v for k, v in panels.items() if k != "intake_decision")
    return panels


def case_page(request, case, *, status: int = 200, error: str = "", bound: dict | None = None):
    queries.with_clock([case], timezone.now())
    target = intake.target_of_case(case)
    events = list(
        events_for(case).select_related("actor__staff_profile", "actor__applicant_account")
    )
    for event in events:
        event.actor_name = person_name(event.actor)
    reviews = case.reviews.all()
    for review in reviews:
        review.reviewer_name = person_name(review.reviewer) if review.reviewer_id else ""
    owner = is_applicant_side(request.user, case)
    context = {
        "case": case,
        "target": target,
        "form_rows": _form_rows(case, target),
        "materials": case.materials.all(),
        "reviews": reviews,
        "suspensions": case.suspensions.all(),
        "notices": case.notices.all(),
        "supplement_items": supplement_items(case),
        "events": events,
        "steps": queries.progress_steps(case, public=False) if owner else [],
        "is_owner": owner,
        "panels": _panels(request, case, target, bound or {}),
        "error": error,
    }
    if owner:
        tab, back = "mine", ("我的办件", "cases:mine")
    elif permissions.is_clerk_for(request.user, case):
        tab, back = "workbench", ("窗口受理", "cases:workbench")
    elif permissions.reviews_case(request.user, case):
        tab, back = "inbox", ("部门待办", "cases:inbox")
    else:
        tab, back = "overdue", ("超期督办", "cases:overdue")
    context["back"] = back
    return page(request, "cases/detail.html", context, status=status, tab=tab)


@login_only
@never_cache
def detail(request, number):
    return case_page(request, visible_case(request, number))


def run_action(request, case, *, allowed: bool, call, success, forms: dict | None = None):
    """The shape of every action: permission (403), forms (422), then the service call in
    one transaction (its own status on refusal), then back to the case page with a message.
    `success` is the message, or a function giving it once the forms are clean."""
    if not allowed:
        return forbidden(request, "您不能对该办件进行此项操作。")
    bound = forms or {}
    if not all([form.is_valid() for form in bound.values()]):  # every form shows its errors
        return case_page(request, case, status=422, bound=bound)
    try:
        with transaction.atomic():
            call()
    except DomainError as exc:
        return case_page(request, case, status=exc.status, error=exc.message, bound=bound)
    messages.success(request, success() if callable(success) else success)
    return redirect("cases:detail", number=case.number)


@login_only
def material_file(request, number, material_id):
    """An uploaded material, only to those who may see the case (never a public media URL)."""
    case = visible_case(request, number)
    found = next((m for m in case.materials.all() if m.pk == material_id and m.file), None)
    if found is None:
        raise Http404("未找到该材料文件")
    response = FileResponse(
        found.file.open("rb"), filename=found.name + Path(found.file.name).suffix
    )
    response["Cache-Control"] = "private, no-store"
    return response
