"""The window workbench (综合窗口): find or register the applicant, pick any matter or bundle
the service point may take (无差别受理), tick the materials, and decide — accept, one-time
supplement notice, refusal, or an immediate matter done on the spot."""

import secrets

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from onewindow.accounts.roles import Role
from onewindow.catalog import search as catalog_search
from onewindow.catalog.choices import ServicePointKind
from onewindow.lib.errors import Conflict, DomainError

from .. import services
from ..choices import CaseChannel
from ..forms import (
    ApplicantForm,
    ApplicantSearchForm,
    CaseFieldsForm,
    ChecklistForm,
    IntakeDecisionForm,
)
from ..models import Applicant, Case
from ..services.conclusion import ERR_NOT_IMMEDIATE
from . import intake, queries
from .common import forbidden, page, role_required, staff_profile

OUTLETS = (ServicePointKind.POST_OUTLET, ServicePointKind.MOBILE_OUTLET)
# Form fields filled from the applicant's record when the form opens.
APPLICANT_KEYS = {
    "applicant_name": "name", "company_name": "name", "id_number": "id_number",
    "uscc": "id_number", "phone": "phone", "address": "address", "legal_rep": "legal_representative",
}  # fmt: skip
ERR_IMMEDIATE_INCOMPLETE = "即办件须材料齐全、符合要求才能当场办结；材料有问题时请一次性告知补正"


def _desk(request):
    """(service point, window, channel) of the clerk, or None when the account has no desk."""
    profile = staff_profile(request.user)
    if profile is None or profile.service_point is None:
        return None
    point = profile.service_point
    channel = CaseChannel.OUTLET if point.kind in OUTLETS else CaseChannel.WINDOW
    return point, profile.window, channel


def _no_desk(request):
    return forbidden(request, "您的账号没有设置所在的服务场所和窗口，请联系系统管理员。")


def _entrusted(point) -> set[str]:
    if point.accepts_all_matters:
        return set()
    return set(point.matters.values_list("code", flat=True))


def _hits(query: str, point, channel: str) -> list:
    """Catalog search hits with why this desk cannot take them, if it cannot."""
    entrusted = _entrusted(point)
    out = []
    for hit in catalog_search.search(query, limit=20, kinds=("matter", "bundle")):
        target = intake.target_from(f"{hit.kind}:{hit.object.code}")
        if target is not None:
            out.append((hit, target, intake.accepts(point, target, channel, entrusted)))
    return out


def _workbench(request, *, register_form=None, status=200):
    desk = _desk(request)
    if desk is None:
        return _no_desk(request)
    point, window, channel = desk
    search_form = ApplicantSearchForm(request.GET if "id_number" in request.GET else None)
    applicant = None
    if request.GET.get("applicant", "").isdigit():
        applicant = Applicant.objects.filter(pk=request.GET["applicant"]).first()
    elif search_form.is_valid():
        if search_form.case_number():
            return redirect("cases:detail", number=search_form.case_number())
        id_number = search_form.cleaned_data["id_number"].strip().upper()
        applicant = Applicant.objects.filter(id_number=id_number).first()
        if applicant is None and register_form is None:
            register_form = ApplicantForm(initial={"id_number": id_number})
    query = request.GET.get("q", "").strip()[:100]
    context = {
        "point": point,
        "window": window,
        "applicant": applicant,
        "search_form": search_form,
        "register_form": register_form or ApplicantForm(),
        "show_register": register_form is not None,
        "query": query,
        "todo": queries.desk_todo(point),
        "today": queries.desk_today(point),
    }
    if applicant is not None:
        context["hits"] = _hits(query, point, channel) if query else []
        context["choices"] = intake.catalog_choices(point, channel)
    return page(request, "cases/workbench.html", context, status=status, tab="workbench")


@role_required(Role.CLERK, Role.ADMIN)
def workbench(request):
    return _workbench(request)


@require_POST
@role_required(Role.CLERK, Role.ADMIN)
def register_applicant(request):
    form = ApplicantForm(request.POST)
    status = 422
    if form.is_valid():
        try:
            applicant = services.applicant_register(**form.cleaned_data, actor=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = exc.status
        else:
            messages.success(request, f"申请人「{applicant.name}」已登记，请选择要办理的事项。")
            return redirect(f"{reverse('cases:workbench')}?applicant={applicant.pk}")
    return _workbench(request, register_form=form, status=status)


@role_required(Role.CLERK, Role.ADMIN)
def new_case(request):
    """The intake form for one applicant and one matter or bundle."""
    desk = _desk(request)
    if desk is None:
        return _no_desk(request)
    point, window, channel = desk
    source = request.POST if request.method == "POST" else request.GET
    applicant = Applicant.objects.filter(pk=source.get("applicant") or 0).first()
    target = intake.target_from(source.get("target", ""))
    if applicant is None or target is None:
        raise Http404("未找到申请人或事项")
    blocked = intake.accepts(point, target, channel, _entrusted(point))
    items = intake.checklist_items(target)
    error, status = "", 200
    if request.method == "POST":
        fields = CaseFieldsForm(target.form_specs(), request.POST)
        checklist = ChecklistForm(items, request.POST)
        decision = IntakeDecisionForm(request.POST)
        key = request.POST.get("key", "")[:80]
        done = Case.objects.filter(submitted_by=request.user, idempotency_key=key).first()
        if key and done is not None:  # a second click on the same form
            messages.info(request, f"该申请已经提交过（办件编号 {done.number}），未重复提交。")
            return redirect("cases:detail", number=done.number)
        status = 422
        if fields.is_valid() and checklist.is_valid() and decision.is_valid():
            action = decision.cleaned_data["action"]
            args = dict(actor=request.user, applicant=applicant, service_point=point, window=window,
                        form_data=fields.form_data(), idempotency_key=key or None,
                        materials=[{"name": c["name"], "material_id": c["material_id"]} for c in checklist.checks()])  # fmt: skip
            try:
                with transaction.atomic():
                    case = _take(target, action, checklist, decision, channel, args)
            except DomainError as exc:
                fields.add_domain_errors(exc.details if exc.code == "form_invalid" else None)
                error, status = exc.message, exc.status
            else:
                messages.success(request, intake.DONE_MESSAGES[action].format(n=case.number))
                return redirect("cases:detail", number=case.number)
    else:
        initial = {key: getattr(applicant, attr, "") for key, attr in APPLICANT_KEYS.items()}
        fields = CaseFieldsForm(target.form_specs(), initial=initial)
        checklist = ChecklistForm(items)
        decision = IntakeDecisionForm()
        key = secrets.token_urlsafe(16)
    context = {
        "point": point, "applicant": applicant, "target": target, "blocked": blocked,
        "fields": fields, "checklist": checklist, "decision": decision, "key": key, "error": error,
    }  # fmt: skip
    return page(request, "cases/new_case.html", context, status=status, tab="workbench")


def _take(target, action, checklist, decision, channel, args):
    if action == "immediate":
        if not target.is_immediate:
            raise Conflict(ERR_NOT_IMMEDIATE, code="matter_not_immediate")
        if checklist.problems():
            raise Conflict(ERR_IMMEDIATE_INCOMPLETE, code="immediate_materials_incomplete")
        return services.case_handle_immediately(matter_code=target.code, **args)
    case, _ = services.case_submit(
        channel=channel,
        matter_code=target.code if target.matter else None,
        bundle_code=target.code if target.bundle else None,
        **args,
    )
    return intake.decide(
        case=case, actor=args["actor"], action=action, checklist=checklist,
        reason=decision.cleaned_data.get("reason", ""),
    )  # fmt: skip
