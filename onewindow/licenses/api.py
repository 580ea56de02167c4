"""The licenses REST API, mounted at /api/v1/licenses/ by onewindow/api.py.

GET  /verify/{number}        public: signature, verdict, the signed holder data (id masked)
GET  /mine                   the caller's licenses (applicant)
GET  /department             the caller's department's licenses (reviewer, section head;
                             supervisors and admins see all)
GET  /{number}               one license the caller may see (holder, issuing department,
                             supervisors); others get 404, so numbers cannot be probed
GET  /{number}/pdf           its PDF
GET  /{number}/revocation    the revocation notice PDF of a revoked license
POST /{number}/revoke        {"reason": "..."}: reviewers of the issuing department
"""

from datetime import date, datetime

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from ninja import Field, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from onewindow.accounts.roles import Role
from onewindow.accounts.services import user_roles
from onewindow.cases.api.schemas import ErrorOut
from onewindow.cases.permissions import is_supervisor
from onewindow.lib.errors import Forbidden, NotFound

from . import documents, permissions, selectors, services
from .choices import LicenseKind, LicenseStatus, Verdict
from .models import License
from .verification import Verification, verify

router = Router(tags=["电子证照"])

ERRORS = {code: ErrorOut for code in (401, 403, 404, 409, 422)}
ERR_NOT_FOUND = "未找到该证照"
ERR_NOT_STAFF = "仅部门审批人员和监督人员可查看部门证照"


class Pages(PageNumberPagination):
    class Input(PageNumberPagination.Input):
        page: int = Field(1, ge=1, le=100_000)


class LicenseRow(Schema):
    number: str
    kind: LicenseKind
    title: str
    holder_name: str
    department: str
    valid_from: date
    valid_to: date
    status: LicenseStatus
    expired: bool
    composite: str | None
    issued_at: datetime

    @staticmethod
    def resolve_department(obj):
        return obj.department.name

    @staticmethod
    def resolve_expired(obj):
        return obj.is_expired()

    @staticmethod
    def resolve_composite(obj):
        return obj.composite.number if obj.composite_id else None


class PermitOut(Schema):
    number: str
    title: str
    department: str
    verdict: Verdict


class LicenseDetail(LicenseRow):
    holder_id_number: str
    scope: str
    case: str
    revoked_at: datetime | None
    revoke_reason: str
    key_id: str
    verdict: Verdict
    permits: list[PermitOut]

    @staticmethod
    def resolve_case(obj):
        return obj.case.number

    @staticmethod
    def resolve_permits(obj):
        return obj.permits_out


class VerificationOut(Schema):
    number: str
    signature_valid: bool
    verdict: Verdict
    verdict_label: str
    key_id: str
    title: str | None = None
    holder_name: str | None = None
    holder_id_masked: str | None = None
    scope: str | None = None
    department: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    revoked_at: datetime | None = None
    revoke_reason: str | None = None
    permits: list[PermitOut] = []


class RevokeIn(Schema):
    reason: str = Field(..., max_length=services.REASON_MAX)


def _permits(result: Verification) -> list[dict]:
    return [
        {"number": p.license.number, "title": p.license.title,
         "department": p.license.department.name, "verdict": p.verdict}
        for p in result.permits
    ]  # fmt: skip


def verification_out(result: Verification) -> dict:
    lic, data = result.license, result.data
    out = {"number": lic.number, "signature_valid": result.signature_ok,
           "verdict": result.verdict, "verdict_label": result.verdict.label,
           "key_id": lic.key_id, "permits": _permits(result)}  # fmt: skip
    if result.signature_ok:  # only signed data is shown
        out.update(
            title=data["title"], holder_name=data["holder"]["name"],
            holder_id_masked=lic.masked_holder_id, scope=data["scope"],
            department=data["department"]["name"], valid_from=data["valid_from"],
            valid_to=data["valid_to"], revoked_at=lic.revoked_at,
            revoke_reason=lic.revoke_reason or None,
        )  # fmt: skip
    return out


def _visible(request, number: str) -> License:
    lic = selectors.license_detail(number)
    if lic is None or not permissions.can_view(request.auth, lic):
        raise NotFound(ERR_NOT_FOUND, code="license_not_found")
    return lic


def _detail(lic: License) -> License:
    result = verify(lic)
    lic.verdict, lic.permits_out = result.verdict, _permits(result)
    return lic


@router.get("/verify/{number}", response={200: VerificationOut, 404: ErrorOut}, auth=None,
            summary="核验电子证照", description="公开：签名、状态（有效、已过期、已撤销）与持证人信息（证件号码脱敏）。")  # fmt: skip
def verify_license(request, number: str):
    lic = selectors.license_detail(number)
    if lic is None:
        raise NotFound(ERR_NOT_FOUND, code="license_not_found")
    return verification_out(verify(lic))


@router.get("/mine", response={200: list[LicenseRow], **ERRORS}, summary="我的证照")
@paginate(Pages, page_size=20, max_page_size=100)
def my_licenses(request):
    return selectors.licenses_of_user(request.auth)


@router.get("/department", response={200: list[LicenseRow], **ERRORS}, summary="部门签发的证照")
@paginate(Pages, page_size=20, max_page_size=100)
def department_licenses(request, status: LicenseStatus | None = None):
    user = request.auth
    if is_supervisor(user) or Role.ADMIN in user_roles(user):
        queryset = selectors.license_list_base()
    else:
        department_id = permissions.staff_department_id(user)
        if department_id is None:
            raise Forbidden(ERR_NOT_STAFF, code="forbidden")
        queryset = selectors.licenses_of_department(department_id)
    return queryset.filter(status=status) if status else queryset


@router.get("/{number}", response={200: LicenseDetail, **ERRORS}, summary="证照详情")
def license_detail(request, number: str):
    return _detail(_visible(request, number))


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    return response


@router.get("/{number}/pdf", response={200: None, **ERRORS}, summary="证照 PDF")
def license_pdf(request, number: str):
    lic = _visible(request, number)
    return _pdf(documents.render_license_pdf(lic), documents.license_filename(lic))


@router.get("/{number}/revocation", response={200: None, **ERRORS}, summary="撤销决定书 PDF")
def revocation_pdf(request, number: str):
    lic = _visible(request, number)
    if lic.revoked_at is None:
        raise NotFound("该证照未被撤销", code="license_not_revoked")
    return _pdf(documents.render_revocation_pdf(lic), documents.revocation_filename(lic))


@router.post("/{number}/revoke", response={200: LicenseDetail, **ERRORS}, summary="撤销证照",
             description="发证部门的审批人员撤销证照，须写明理由；撤销行业综合许可证一并撤销其集成的许可。")  # fmt: skip
def revoke(request, number: str, body: RevokeIn):
    lic = _visible(request, number)
    services.license_revoke(license_id=lic.pk, actor=request.auth, reason=body.reason)
    return _detail(selectors.license_detail(number))
