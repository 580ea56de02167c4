"""跨省通办 endpoints: this platform's public key, sending a package, receiving one, and
the signed status updates that come back."""

import base64
from datetime import datetime

from ninja import Field, Schema, Status
from ninja.pagination import paginate

from onewindow.accounts.roles import Role
from onewindow.cases import services as case_services
from onewindow.cases.api.base import Pages
from onewindow.cases.api.schemas import ApplicantIn
from onewindow.lib.errors import InvalidInput, NotFound

from .. import selectors
from ..models import Partner
from ..services import transfer as services
from .base import DESK, ERRORS, require_role, router


class PlatformOut(Schema):
    code: str
    name: str
    key_id: str
    public_key: str


@router.get("/platform", response=PlatformOut, summary="本平台编码与签名公钥", auth=None)
def platform(request):
    return services.platform_key()


class MaterialUpload(Schema):
    name: str = Field(..., min_length=1, max_length=150)
    filename: str = Field(..., min_length=1, max_length=100)
    content_b64: str


class TransferIn(Schema):
    partner_code: str
    matter_code: str = Field(..., min_length=1, max_length=64)
    matter_name: str = Field(..., min_length=1, max_length=200)
    applicant: ApplicantIn
    form_data: dict = Field(default_factory=dict)
    materials: list[MaterialUpload] = Field(default_factory=list, max_length=30)


class TransferOutSchema(Schema):
    id: int
    package_id: str
    partner: str = Field(..., alias="partner.name")
    applicant: str = Field(..., alias="applicant.name")
    matter_code: str
    matter_name: str
    status: str
    status_label: str = Field(..., alias="get_status_display")
    last_error: str
    remote_case_number: str
    remote_status: str
    remote_status_label: str
    created_at: datetime
    sent_at: datetime | None
    remote_updated_at: datetime | None

    @staticmethod
    def resolve_package_id(obj):
        return str(obj.package_id)


def _files(materials: list[MaterialUpload]) -> list[tuple[str, str, bytes]]:
    out = []
    for m in materials:
        try:
            out.append((m.name, m.filename, base64.b64decode(m.content_b64, validate=True)))
        except ValueError:
            raise InvalidInput(
                f"材料「{m.name}」不是有效的 Base64", code="material_invalid"
            ) from None
    return out


@router.post(
    "/transfers",
    response={201: TransferOutSchema, **ERRORS},
    summary="异地代收并转办（发送签名转办包）",
)
def transfer_create(request, payload: TransferIn):
    require_role(request.auth, *DESK)
    partner = Partner.objects.filter(code=payload.partner_code, is_active=True).first()
    if partner is None:
        raise NotFound("未找到该合作平台", code="partner_not_found")
    files = _files(payload.materials)
    data = payload.applicant
    applicant = case_services.applicant_register(
        kind=data.kind, name=data.name, id_number=data.id_number, phone=data.phone,
        address=data.address, legal_representative=data.legal_representative, actor=request.auth,
    )  # fmt: skip
    profile = getattr(request.auth, "staff_profile", None)
    transfer = services.transfer_prepare(
        partner=partner, applicant=applicant, matter_code=payload.matter_code,
        matter_name=payload.matter_name, form_data=payload.form_data, materials=files,
        service_point=profile.service_point if profile and profile.service_point_id else None,
        actor=request.auth,
    )  # fmt: skip
    services.transfer_send(transfer_id=transfer.pk, actor=request.auth)
    return Status(201, selectors.transfers_out().get(pk=transfer.pk))


@router.post(
    "/transfers/{pk}/send", response={200: TransferOutSchema, **ERRORS}, summary="重新发送转办包"
)
def transfer_resend(request, pk: int):
    require_role(request.auth, *DESK)
    if not selectors.transfers_out().filter(pk=pk).exists():
        raise NotFound("未找到该转办包", code="transfer_not_found")
    services.transfer_send(transfer_id=pk, actor=request.auth)
    return selectors.transfers_out().get(pk=pk)


@router.get("/transfers", response=list[TransferOutSchema], summary="跨省通办转出记录")
@paginate(Pages, page_size=20, max_page_size=100)
def transfer_list(request):
    require_role(request.auth, *DESK, Role.SUPERVISOR)
    return selectors.transfers_out()


class Signed(Schema):
    key_id: str
    signature: str
    package: dict | None = None
    update: dict | None = None


class ReceivedOut(Schema):
    package_id: str
    case_number: str
    status: str
    status_label: str


@router.post(
    "/transfers/inbound",
    response={201: ReceivedOut, 200: ReceivedOut, **ERRORS},
    summary="接收合作平台的签名转办包",
)
def transfer_inbound(request, payload: Signed):
    case, created = services.transfer_receive(body=payload.model_dump(), actor=request.auth)
    answer = {
        "package_id": str(payload.package.get("package_id")),
        "case_number": case.number,
        "status": case.status,
        "status_label": case.get_status_display(),
    }
    return Status(201 if created else 200, answer)


class AckOut(Schema):
    package_id: str
    remote_status: str
    remote_version: int

    @staticmethod
    def resolve_package_id(obj):
        return str(obj.package_id)


@router.post(
    "/transfers/status",
    response={200: AckOut, **ERRORS},
    summary="接收合作平台回传的办件状态（签名）",
)
def transfer_status(request, payload: Signed):
    return services.transfer_status_receive(body=payload.model_dump(), actor=request.auth)
