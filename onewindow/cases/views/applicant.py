"""The applicant's pages: apply online with the form and an upload per material, my cases,
the supplement handed in online, and withdrawal before a decision."""

import secrets

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from onewindow.accounts.roles import Role
from onewindow.lib.errors import DomainError

from .. import permissions, services
from ..choices import CaseChannel, CaseStatus
from ..forms import CaseFieldsForm, MaterialUploadForm, SupplementUploadForm, WithdrawForm
from ..models import Applicant
from . import intake, queries
from .common import forbidden, login_only, page, role_required, visible_case
from .timeline import run_action, supplement_items
from .workbench import APPLICANT_KEYS

ERR_NO_IDENTITY = "您的账号还没有实名信息（姓名、证件号码），暂不能网上申请。请携带证件到政务服务中心窗口办理，或联系 12345 完善账号信息。"  # fmt: skip


def _identity(user):
    """The applicant record of this account, or its account details to register it from."""
    return Applicant.objects.filter(user=user).first() or getattr(user, "applicant_account", None)


def _applicant_for(user) -> Applicant:
    """The account's Applicant, registered from its ApplicantAccount the first time."""
    found = Applicant.objects.filter(user=user).first()
    if found is not None:
        return found
    account = user.applicant_account
    return services.applicant_register(
        kind=account.kind, name=account.name, id_number=account.id_number,
        phone=account.phone, user=user, actor=user,
    )  # fmt: skip


@role_required(Role.APPLICANT)
def apply(request, kind, code):
    target = intake.target_from(f"{kind}:{code}")
    if target is None:
        raise Http404("未找到可申请的事项")
    identity = _identity(request.user)
    online = target.offered_by("ONLINE")
    items = intake.checklist_items(target)
    error, status = "", 200
    if request.method == "POST":
        if identity is None:
            return forbidden(request, ERR_NO_IDENTITY)
        fields = CaseFieldsForm(target.form_specs(), request.POST)
        uploads = MaterialUploadForm(items, request.POST, request.FILES)
        key = request.POST.get("key", "")[:80]
        status = 422
        if fields.is_valid() and uploads.is_valid():
            try:
                with transaction.atomic():
                    case, created = services.case_submit(
                        actor=request.user, applicant=_applicant_for(request.user),
                        channel=CaseChannel.ONLINE, form_data=fields.form_data(),
                        matter_code=target.code if target.matter else None,
                        bundle_code=target.code if target.bundle else None,
                        materials=uploads.materials(), idempotency_key=key or None,
                    )  # fmt: skip
            except DomainError as exc:
                fields.add_domain_errors(exc.details if exc.code == "form_invalid" else None)
                error, status = exc.message, exc.status
            else:
                if created:
                    messages.success(request, f"申请已提交，办件编号 {case.number}。窗口工作人员预审后会告知受理结果。")  # fmt: skip
                else:
                    messages.info(request, f"该申请已经提交过（办件编号 {case.number}），未重复提交。")  # fmt: skip
                return redirect("cases:detail", number=case.number)
    else:
        initial = (
            {k: getattr(identity, a, "") for k, a in APPLICANT_KEYS.items()} if identity else {}
        )
        fields = CaseFieldsForm(target.form_specs(), initial=initial)
        uploads = MaterialUploadForm(items)
        key = secrets.token_urlsafe(16)
    context = {
        "target": target, "online": online, "identity": identity, "fields": fields,
        "uploads": uploads, "key": key, "error": error, "no_identity": ERR_NO_IDENTITY,
    }  # fmt: skip
    return page(request, "cases/apply.html", context, status=status, tab="mine")


# What the applicant reads under each case: where it stands and what happens next.
NEXT_STEP = {
    CaseStatus.SUBMITTED: "已提交，等待窗口工作人员预审。",
    CaseStatus.PRE_REVIEWED: "已预审，等待受理。",
    CaseStatus.SUPPLEMENT_REQUESTED: "需要您补正材料。",
    CaseStatus.ACCEPTED: "已受理，部门正在审查。",
    CaseStatus.IN_REVIEW: "部门正在审查。",
    CaseStatus.SUSPENDED: "处于特殊环节（如现场核查、专家评审），这段时间不计入办理时限。",
    CaseStatus.APPROVED: "已准予许可，等待出件。",
    CaseStatus.DENIED: "已作出不予许可决定，请查看决定书。",
    CaseStatus.REFUSED: "不予受理，请查看不予受理通知书。",
    CaseStatus.DELIVERED: "办理结果已送达。",
    CaseStatus.CLOSED: "已办结。",
    CaseStatus.WITHDRAWN: "您已撤回申请。",
}


@role_required(Role.APPLICANT)
def mine(request):
    cases = queries.my_cases(request.user)
    for case in cases:
        case.next_step = NEXT_STEP[case.status]
        if case.status == CaseStatus.SUPPLEMENT_REQUESTED and case.materials_completed_at:
            case.next_step = "补正材料已提交，等待受理。"
    return page(request, "cases/mine.html", {"cases": cases}, tab="mine")


@require_POST
@login_only
def upload_supplement(request, number):
    case = visible_case(request, number)
    form = SupplementUploadForm(supplement_items(case), request.POST, request.FILES)
    return run_action(
        request, case, allowed=permissions.is_owner(request.user, case),
        forms={"upload": form},
        call=lambda: services.case_complete_supplement(case_id=case.pk, actor=request.user, materials=form.materials()),
        success="补正材料已提交，窗口工作人员核对后即予受理。",
    )  # fmt: skip


@require_POST
@login_only
def withdraw(request, number):
    case = visible_case(request, number)
    form = WithdrawForm(request.POST)
    return run_action(
        request, case, allowed=permissions.can_act(request.user, case, "withdraw"),
        forms={"withdraw": form},
        call=lambda: services.case_withdraw(case_id=case.pk, actor=request.user, **form.cleaned_data),
        success="申请已撤回。",
    )  # fmt: skip
