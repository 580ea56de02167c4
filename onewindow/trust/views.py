"""Trust pages: the pledge (letter, drawn signature), commitments with upload and
verification, the public dishonest list, credit repair and statistics."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from onewindow.accounts.services import user_roles
from onewindow.cases.choices import CaseStatus
from onewindow.cases.models import Case
from onewindow.cases.permissions import is_clerk_for, is_owner, is_reviewer_for, is_supervisor
from onewindow.cases.views.common import login_only
from onewindow.lib.errors import DomainError, NotFound
from onewindow.licenses.models import License

from . import selectors, services
from .access import mask_id, pledge_case, public_name, signature_bytes
from .choices import CommitmentStatus, CreditStatus, ItemStatus
from .letter import letter_content, plan, policy_for, render_letter_pdf, render_revocation_pdf
from .models import TrustPolicy
from .rules import trust_bar


def _render(request, template, context, status=200):
    context.setdefault("nav", "trust")
    context["may_repair"] = bool(user_roles(request.user) & services.REPAIR_ROLES)
    context["is_staff_reader"] = bool(user_roles(request.user) & selectors.STAFF)
    return render(request, template, context, status=status)


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=filename
    )
    return response


def _pledgeable_cases(user):
    """Cases the user may still take on a pledge: not yet accepted, of a trust matter."""
    codes = TrustPolicy.objects.filter(enabled=True).values("matter_code")
    qs = Case.objects.select_related("matter", "applicant", "service_point").filter(
        status__in=(CaseStatus.SUBMITTED, CaseStatus.PRE_REVIEWED), matter__code__in=codes,
        commitment__isnull=True,
    ).order_by("-submitted_at")[:50]  # fmt: skip
    return [c for c in qs if is_owner(user, c) or is_clerk_for(user, c)]


@login_only
def index(request):
    status = request.GET.get("status", "")
    status = status if status in CommitmentStatus.values else ""
    rows = selectors.commitments_for(request.user, status=status)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return _render(request, "trust/index.html", {
        "page": page, "status": status, "statuses": CommitmentStatus.choices,
        "pledgeable": _pledgeable_cases(request.user), "tab": "index",
    })  # fmt: skip


@never_cache
@login_only
def pledge(request, number: str):
    try:
        case = pledge_case(request.user, number)
    except NotFound:
        raise Http404("未找到该办件") from None
    if hasattr(case, "commitment"):
        return redirect("trust:commitment", commitment_id=case.commitment.pk)
    policy = policy_for(case)
    if policy is None:
        raise Http404(services.ERR_NOT_TRUST_MATTER)
    the_plan = plan(case, policy)
    barred = trust_bar(case.applicant)
    error, status = "", 200
    chosen = [m["name"] for m in the_plan["materials"] if m["suggest"]]
    signer = case.applicant.legal_representative or case.applicant.name
    if request.method == "POST" and barred is None:
        chosen = request.POST.getlist("deferred")
        signer = request.POST.get("signer_name", "")
        try:
            c = services.commitment_sign(
                case_id=case.pk, actor=request.user, signer_name=signer, deferred=chosen,
                confirmed=request.POST.get("confirmed") == "1",
                signature_png=signature_bytes(request.POST.get("signature", "")),
            )  # fmt: skip
        except DomainError as exc:
            error, status = exc.message, exc.status
        else:
            messages.success(request, f"已签署告知承诺书，办件 {case.number} 已受理。请于 {c.due_date:%Y年%m月%d日} 前补交承诺的材料。" if c.due_date else f"已签署告知承诺书，办件 {case.number} 已受理。")  # fmt: skip
            return redirect("trust:commitment", commitment_id=c.pk)
    letter = letter_content(case, policy, deferred=chosen, due=the_plan["due_date"])
    return _render(request, "trust/pledge.html", {
        "case": case, "plan": the_plan, "letter": letter, "barred": barred, "chosen": chosen,
        "signer": signer, "error": error, "tab": "index",
    }, status=403 if barred else status)  # fmt: skip


@never_cache
@login_only
def pledge_sample_pdf(request, number: str):
    try:
        case = pledge_case(request.user, number)
    except NotFound:
        raise Http404("未找到该办件") from None
    policy = policy_for(case)
    if policy is None:
        raise Http404(services.ERR_NOT_TRUST_MATTER)
    the_plan = plan(case, policy)
    chosen = request.GET.getlist("deferred") or [
        m["name"] for m in the_plan["materials"] if m["suggest"]
    ]
    letter = letter_content(case, policy, deferred=chosen, due=the_plan["due_date"])
    return _pdf(render_letter_pdf(letter), f"告知承诺书（样本）{case.number}.pdf")


def _visible(request, commitment_id: int):
    c = selectors.commitment_detail(commitment_id)
    if c is None or not selectors.can_see(request.user, c):
        raise Http404("未找到该告知承诺")
    return c


@never_cache
@login_only
def commitment(request, commitment_id: int):
    c = _visible(request, commitment_id)
    user = request.user
    owner = is_owner(user, c.case)
    context = {
        "c": c, "case": c.case, "items": list(c.items.all()), "owner": owner,
        "reviewer": is_reviewer_for(user, c.case.lead_department_id),
        "licenses": list(License.objects.filter(case=c.case).order_by("id")),
        "reminders": list(c.reminders.all()),
        "records": list(c.credit_records.all()),
        "may_upload_statuses": (ItemStatus.PLEDGED, ItemStatus.REJECTED), "tab": "index",
    }  # fmt: skip
    return _render(request, "trust/commitment.html", context)


@never_cache
@login_only
def commitment_letter_pdf(request, commitment_id: int):
    c = _visible(request, commitment_id)
    return _pdf(render_letter_pdf(c.letter, commitment=c), f"告知承诺书 {c.case.number}.pdf")


@never_cache
@login_only
def revocation_pdf(request, commitment_id: int):
    c = _visible(request, commitment_id)
    if c.status != CommitmentStatus.BREACHED:
        raise Http404("该承诺没有撤销决定")
    return _pdf(render_revocation_pdf(c), f"撤销行政许可决定书 {c.case.number}.pdf")


def _act(request, commitment_id: int, action) -> HttpResponse:
    _visible(request, commitment_id)
    try:
        action()
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("trust:commitment", commitment_id=commitment_id)


@require_POST
@login_only
def item_upload(request, commitment_id: int, item_id: int):
    def run():
        services.commitment_item_upload(
            item_id=item_id, actor=request.user, file=request.FILES.get("file")
        )
        messages.success(request, "材料已补交，等待审批人员核验。")

    return _act(request, commitment_id, run)


@require_POST
@login_only
def item_verify(request, commitment_id: int, item_id: int):
    def run():
        approve = request.POST.get("approve") == "1"
        services.commitment_item_verify(item_id=item_id, actor=request.user, approve=approve,
                                        note=request.POST.get("note", ""))  # fmt: skip
        messages.success(request, "已核验。" if approve else "已退回申请人重新补交。")

    return _act(request, commitment_id, run)


@require_POST
@login_only
def rectification(request, commitment_id: int):
    def run():
        services.commitment_order_rectification(commitment_id=commitment_id, actor=request.user,
                                                reason=request.POST.get("reason", ""))  # fmt: skip
        messages.success(request, "已责令限期整改，并通知申请人。")

    return _act(request, commitment_id, run)


@never_cache
@login_only
def item_file(request, commitment_id: int, item_id: int):
    c = _visible(request, commitment_id)
    item = next((i for i in c.items.all() if i.pk == item_id and i.file), None)
    if item is None:
        raise Http404("没有该文件")
    return FileResponse(item.file.open("rb"), filename=item.file.name.rsplit("/", 1)[-1])


def dishonest(request):
    """The public list (失信名单): unrepaired records, names of persons masked."""
    page = Paginator(selectors.dishonest_list(), 30).get_page(request.GET.get("page"))
    rows = [{"r": r, "name": public_name(r.applicant), "id_number": mask_id(r.applicant.id_number)}
            for r in page.object_list]  # fmt: skip
    return _render(
        request,
        "trust/dishonest.html",
        {"page": page, "rows": rows, "nav": "dishonest", "tab": "dishonest"},
    )


@login_only
def credit(request):
    if not user_roles(request.user) & services.REPAIR_ROLES and not is_supervisor(request.user):
        return _render(
            request, "trust/forbidden.html", {"message": services.ERR_REPAIR_ROLE}, status=403
        )
    status = request.GET.get("status", "")
    status = status if status in CreditStatus.values else ""
    page = Paginator(selectors.credit_records(status=status), 30).get_page(request.GET.get("page"))
    return _render(request, "trust/credit.html", {"page": page, "status": status,
                                                  "statuses": CreditStatus.choices, "tab": "credit"})  # fmt: skip


@require_POST
@login_only
def credit_repair(request, record_id: int):
    try:
        services.credit_repair(
            record_id=record_id, actor=request.user, note=request.POST.get("note", "")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "信用修复已完成，该记录不再公示。")
    return redirect("trust:credit")


@login_only
def stats(request):
    if not user_roles(request.user) & selectors.STAFF:
        return _render(
            request, "trust/forbidden.html", {"message": "只有工作人员可以查看统计"}, status=403
        )
    return _render(request, "trust/stats.html", {"s": selectors.trust_stats(), "tab": "stats"})
