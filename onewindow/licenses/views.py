"""The license pages: the public verify page (what a license's QR code opens), the
applicant's licenses, the department's licenses, a license's detail with revocation,
and the PDFs. A license the user may not see answers 404, like a number that does not
exist; the verify page is public and masks the holder's id number."""

from urllib.parse import quote

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from onewindow.accounts.roles import Role
from onewindow.accounts.services import user_roles
from onewindow.cases.permissions import is_supervisor
from onewindow.cases.views.common import login_only, role_required
from onewindow.lib.errors import DomainError

from . import documents, permissions, selectors, services
from .verification import verify

PAGE_SIZE = 30
STAFF = (Role.REVIEWER, Role.SECTION_HEAD, Role.SUPERVISOR, Role.ADMIN)


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(filename)}"
    return response


def verify_page(request, number: str):
    """Public: scanned from a license's QR code on a phone."""
    lic = selectors.license_detail(number)
    if lic is None:
        return render(
            request,
            "licenses/verify.html",
            {"number": number, "nav": "licenses_verify"},
            status=404,
        )
    result = verify(lic)
    context = {
        "number": number,
        "result": result,
        "license": lic,
        "data": result.data,
        "nav": "licenses_verify",
    }
    return render(request, "licenses/verify.html", context)


def verify_lookup(request):
    """The verify form: a number typed in goes to its verify page."""
    number = (request.GET.get("number") or "").strip()
    if number:
        return redirect("licenses:verify", number=number[:40])
    return render(request, "licenses/verify_lookup.html", {"nav": "licenses_verify"})


def _page_of(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@role_required(Role.APPLICANT)
def mine(request):
    page = _page_of(request, selectors.licenses_of_user(request.user))
    return render(
        request,
        "licenses/mine.html",
        {"page": page, "today": timezone.localdate(), "nav": "my_licenses"},
    )


@role_required(*STAFF)
def department(request):
    """A reviewer's or section head's department; supervisors and admins see every license."""
    department_id = permissions.staff_department_id(request.user)
    if is_supervisor(request.user) or Role.ADMIN in user_roles(request.user):
        queryset = selectors.license_list_base()
    elif department_id is None:
        raise Http404("您的账号未关联部门")
    else:
        queryset = selectors.licenses_of_department(department_id)
    status = request.GET.get("status", "")
    if status in ("VALID", "REVOKED"):
        queryset = queryset.filter(status=status)
    page = _page_of(request, queryset)
    context = {"page": page, "status": status, "today": timezone.localdate(),
               "nav": "department_licenses"}  # fmt: skip
    return render(request, "licenses/department.html", context)


def _visible(request, number: str):
    lic = selectors.license_detail(number)
    if lic is None or not permissions.can_view(request.user, lic):
        raise Http404("未找到该证照")
    return lic


@login_only
def detail(request, number: str, *, error: str = "", status: int = 200):
    lic = _visible(request, number)
    context = {
        "license": lic,
        "result": verify(lic),
        "may_revoke": lic.status == "VALID" and permissions.may_revoke(request.user, lic),
        "error": error,
        "verify_url": documents.verify_url(lic),
    }
    return render(request, "licenses/detail.html", context, status=status)


@login_only
def license_pdf(request, number: str):
    lic = _visible(request, number)
    return _pdf(documents.render_license_pdf(lic), documents.license_filename(lic))


@login_only
def revocation_pdf(request, number: str):
    lic = _visible(request, number)
    if lic.revoked_at is None:
        raise Http404("该证照未被撤销")
    return _pdf(documents.render_revocation_pdf(lic), documents.revocation_filename(lic))


@require_POST
@login_only
def revoke(request, number: str):
    lic = _visible(request, number)
    if not permissions.may_revoke(request.user, lic):
        return render(
            request, "licenses/forbidden.html", {"message": services.ERR_NOT_YOURS}, status=403
        )
    try:
        services.license_revoke(
            license_id=lic.pk, actor=request.user, reason=request.POST.get("reason", "")
        )
    except DomainError as exc:
        return detail(request, number, error=exc.message, status=exc.status)
    messages.success(request, f"证照 {lic.number} 已撤销，撤销决定书可在本页下载。")
    return redirect("licenses:detail", number=lic.number)
