"""跨省通办: a case taken here for another platform leaves as a signed package; a package
from a partner becomes a case here; the received case's status goes back, signed.

The network calls happen outside any transaction; what they change is written after, in
one transaction each. Every inbound message is checked before anything is written: the
caller is the partner's account, the key id is the partner's, the Ed25519 signature holds,
the package is addressed to us and each material matches its digest."""

import base64
import hashlib
import json
import logging
import urllib.error
import urllib.request
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from onewindow.audit.services import audit_record
from onewindow.cases import services as case_services
from onewindow.cases.choices import CaseChannel, CaseStatus
from onewindow.cases.models import Applicant, Case
from onewindow.lib.errors import Conflict, Forbidden, InvalidInput, NotFound

from .. import signing
from ..choices import TransferStatus
from ..models import Partner, PlatformKey, TransferIn, TransferOut, TransferUpdate

log = logging.getLogger(__name__)

INBOUND_PATH = "/api/v1/reach/transfers/inbound"
STATUS_PATH = "/api/v1/reach/transfers/status"
TIMEOUT = 10
ERR_SIGNATURE = "签名验证失败，未接收"
ERR_PARTNER = "未登记的合作平台"
ERR_CALLER = "调用账号与合作平台不符"
MAX_MATERIAL_BYTES = 10 * 1024 * 1024


def platform_key(*, code: str | None = None, name: str | None = None) -> PlatformKey:
    """This platform's code and name among its partners, with the key id and public key of
    the key it signs with (lib.signing's; refreshed here when that key is rotated)."""
    key_id, public = signing.own_public_key()
    key = PlatformKey.objects.first()
    if key is None:
        return PlatformKey.objects.create(
            code=code or "ONEWINDOW", name=name or "一窗通办平台", key_id=key_id, public_key=public
        )
    wanted = {
        "code": code or key.code,
        "name": name or key.name,
        "key_id": key_id,
        "public_key": public,
    }
    if any(getattr(key, f) != v for f, v in wanted.items()):
        for field, value in wanted.items():
            setattr(key, field, value)
        key.save(update_fields=list(wanted))
    return key


def signed(field: str, document: dict) -> dict:
    key_id, signature = signing.sign(document)
    return {field: document, "key_id": key_id, "signature": signature}


def partner_save(*, code: str, name: str, base_url: str, public_key: str, token: str,
                 key_id: str = "", inbound_user=None, actor) -> Partner:  # fmt: skip
    if not signing.public_key_valid(public_key):
        raise InvalidInput("公钥不是有效的 Ed25519 公钥（Base64）", code="public_key_invalid")
    key_id = (key_id or "").strip() or signing.key_id_for(public_key)
    with transaction.atomic():
        partner, created = Partner.objects.update_or_create(
            code=code.strip(),
            defaults=dict(name=name.strip(), base_url=base_url.rstrip("/"), public_key=public_key,
                          key_id=key_id, token=token.strip(), inbound_user=inbound_user),
        )  # fmt: skip
        audit_record(
            actor=actor,
            action="partner.saved",
            obj=partner,
            summary=f"{'登记' if created else '更新'}合作平台 {partner.name}（密钥 {key_id}）",
        )
    return partner


def transfer_prepare(*, partner: Partner, applicant: Applicant, matter_code: str,
                     matter_name: str, form_data: dict, materials: list[tuple[str, str, bytes]],
                     service_point=None, actor) -> TransferOut:  # fmt: skip
    """异地代收: the window has checked form and identity; the file waits to be sent.
    `materials` are (name, file name, content)."""
    if not partner.is_active:
        raise Conflict("该合作平台已停用", code="partner_inactive")
    if not (matter_code or "").strip() or not (matter_name or "").strip():
        raise InvalidInput("请填写对方平台的事项编码和名称", code="matter_required")
    package_id = uuid.uuid4()
    listed = []
    for name, filename, content in materials:
        if len(content) > MAX_MATERIAL_BYTES:
            raise InvalidInput(f"材料「{name}」超过 10MB", code="material_too_large")
        path = default_storage.save(
            f"reach/transfers/{package_id}/{filename}", ContentFile(content)
        )
        listed.append({"name": name, "filename": filename, "path": path,
                       "sha256": hashlib.sha256(content).hexdigest()})  # fmt: skip
    with transaction.atomic():
        transfer = TransferOut.objects.create(
            package_id=package_id, partner=partner, applicant=applicant,
            matter_code=matter_code.strip(), matter_name=matter_name.strip(), form_data=form_data or {},
            materials=listed, service_point=service_point, created_at=timezone.now(),
            accepted_by=actor if getattr(actor, "is_authenticated", False) else None,
        )  # fmt: skip
        audit_record(
            actor=actor,
            action="transfer.prepared",
            obj=transfer,
            summary=f"异地代收：{matter_name}，转 {partner.name}",
        )
    return transfer


def package_of(transfer: TransferOut) -> dict:
    applicant = transfer.applicant
    materials = []
    for m in transfer.materials:
        with default_storage.open(m["path"], "rb") as f:
            content = f.read()
        materials.append({"name": m["name"], "filename": m["filename"], "sha256": m["sha256"],
                          "content_b64": base64.b64encode(content).decode()})  # fmt: skip
    me = platform_key()
    return {
        "version": 1,
        "package_id": str(transfer.package_id),
        "sender": me.code,
        "sender_name": me.name,
        "recipient": transfer.partner.code,
        "created_at": transfer.created_at.isoformat(),
        "matter_code": transfer.matter_code,
        "matter_name": transfer.matter_name,
        "applicant": {
            "kind": applicant.kind,
            "name": applicant.name,
            "id_number": applicant.id_number,
            "phone": applicant.phone,
            "address": applicant.address,
            "legal_representative": applicant.legal_representative,
        },
        "form_data": transfer.form_data,
        "materials": materials,
        "accepted_at": transfer.service_point.name if transfer.service_point_id else me.name,
        "callback_url": settings.SITE_URL.rstrip("/") + STATUS_PATH,
    }


def post_json(url: str, token: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(
        url, data=json.dumps(body, ensure_ascii=False).encode(), method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
            return answer.status, json.loads(answer.read() or b"{}")
    except urllib.error.HTTPError as exc:
        try:
            return exc.code, json.loads(exc.read() or b"{}")
        except ValueError:
            return exc.code, {}


def transfer_send(*, transfer_id: int, actor) -> TransferOut:
    """Sends the signed package; records the partner's case number, or the failure."""
    transfer = TransferOut.objects.select_related("partner", "applicant", "service_point").get(
        pk=transfer_id
    )
    if transfer.status == TransferStatus.SENT:
        raise Conflict("该转办包已发送", code="transfer_already_sent")
    body = signed("package", package_of(transfer))
    try:
        status, answer = post_json(
            transfer.partner.base_url + INBOUND_PATH, transfer.partner.token, body
        )
    except (urllib.error.URLError, OSError, ValueError) as exc:
        status, answer = 0, {"message": f"无法连接对方平台：{exc}"}
    with transaction.atomic():
        transfer = TransferOut.objects.select_for_update().get(pk=transfer_id)
        if 200 <= status < 300:
            transfer.status, transfer.sent_at, transfer.last_error = (
                TransferStatus.SENT,
                timezone.now(),
                "",
            )
            transfer.remote_case_number = answer.get("case_number", "")
            transfer.remote_status = answer.get("status", "")
            transfer.remote_status_label = answer.get("status_label", "")
            transfer.remote_updated_at = transfer.sent_at
            summary = (
                f"转办包已送达 {transfer.partner.name}，对方办件 {transfer.remote_case_number}"
            )
        else:
            transfer.status = TransferStatus.FAILED
            transfer.last_error = f"{status} {answer.get('code', '')} {answer.get('message', '')}"[
                :300
            ]
            summary = f"转办包发送失败：{transfer.last_error}"
        transfer.save()
        audit_record(actor=actor, action="transfer.sent", obj=transfer, summary=summary)
    return transfer


def _partner_checked(
    sender_code: str, caller, key_id: str, document: dict, signature: str
) -> Partner:
    partner = Partner.objects.filter(code=sender_code, is_active=True).first()
    if partner is None:
        raise Forbidden(ERR_PARTNER, code="partner_unknown")
    if partner.inbound_user_id is None or getattr(caller, "pk", None) != partner.inbound_user_id:
        raise Forbidden(ERR_CALLER, code="partner_caller_mismatch")
    if key_id != partner.key_id or not signing.verify(document, signature, partner.public_key):
        raise Forbidden(ERR_SIGNATURE, code="signature_invalid")
    return partner


def transfer_receive(*, body: dict, actor) -> tuple[Case, bool]:
    """A partner's package becomes a case here (channel 跨域通办); the same package twice
    answers with the case it made the first time."""
    package = body.get("package")
    if not isinstance(package, dict):
        raise InvalidInput("缺少转办包", code="package_required")
    partner = _partner_checked(
        str(package.get("sender", "")), actor, str(body.get("key_id", "")), package,
        str(body.get("signature", "")),
    )  # fmt: skip
    if package.get("recipient") != platform_key().code:
        raise InvalidInput("转办包的接收平台不是本平台", code="wrong_recipient")
    try:
        package_id = uuid.UUID(str(package.get("package_id")))
    except ValueError:
        raise InvalidInput("转办包编号无效", code="package_id_invalid") from None
    earlier = TransferIn.objects.select_related("case").filter(package_id=package_id).first()
    if earlier is not None:
        return earlier.case, False
    files = []
    for m in package.get("materials") or []:
        try:
            content = base64.b64decode(m["content_b64"], validate=True)
        except (KeyError, TypeError, ValueError):
            raise InvalidInput("材料内容无效", code="material_invalid") from None
        if hashlib.sha256(content).hexdigest() != m.get("sha256"):
            raise InvalidInput(
                f"材料「{m.get('name')}」与摘要不符", code="material_digest_mismatch"
            )
        files.append({"name": m.get("name") or m.get("filename"),
                      "file": ContentFile(content, name=m.get("filename") or "material")})  # fmt: skip
    who = package.get("applicant") or {}
    with transaction.atomic():
        applicant = case_services.applicant_register(
            kind=who.get("kind", ""), name=who.get("name", ""), id_number=who.get("id_number", ""),
            phone=who.get("phone", ""), address=who.get("address", ""),
            legal_representative=who.get("legal_representative", ""), actor=actor,
        )  # fmt: skip
        case, _ = case_services.case_submit(
            actor=actor, applicant=applicant, channel=CaseChannel.CROSS_REGION,
            matter_code=package.get("matter_code"), form_data=package.get("form_data") or {},
            materials=files,
        )  # fmt: skip
        TransferIn.objects.create(
            package_id=package_id, partner=partner, case=case,
            callback_url=str(package.get("callback_url", ""))[:200],
            signature=str(body.get("signature"))[:200], received_at=timezone.now(),
        )  # fmt: skip
        audit_record(
            actor=actor,
            action="transfer.received",
            obj=case,
            summary=f"跨省通办：收到 {partner.name}（{package.get('accepted_at', '')}）转来的申请",
        )
    return case, True


def status_update_record(case: Case) -> None:
    """Called as a received case moves (inside its transaction): the signed update waits in
    the outbox and is sent once the move commits."""
    transfer = TransferIn.objects.select_related("partner").filter(case=case).first()
    if transfer is None:
        return
    update = {
        "package_id": str(transfer.package_id),
        "sender": platform_key().code,
        "case_number": case.number,
        "status": case.status,
        "status_label": CaseStatus(case.status).label,
        "version": case.version,
        "at": timezone.now().isoformat(),
    }
    row = TransferUpdate.objects.create(
        transfer=transfer, version=case.version, status=case.status,
        body=signed("update", update), created_at=timezone.now(),
    )  # fmt: skip
    transaction.on_commit(lambda: status_update_send(update_id=row.pk))


def status_update_send(*, update_id: int) -> bool:
    row = TransferUpdate.objects.select_related("transfer__partner").get(pk=update_id)
    if row.sent_at is not None:
        return True
    try:
        status, answer = post_json(row.transfer.callback_url, row.transfer.partner.token, row.body)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        status, answer = 0, {"message": str(exc)}
    ok = 200 <= status < 300
    TransferUpdate.objects.filter(pk=row.pk).update(
        attempts=F("attempts") + 1,
        sent_at=timezone.now() if ok else None,
        last_error="" if ok else f"{status} {answer.get('message', '')}"[:300],
    )
    if not ok:
        log.warning("status update %s to %s failed: %s", row.pk, row.transfer.partner.code, status)
    return ok


def transfer_status_receive(*, body: dict, actor) -> TransferOut:
    """A partner tells us how a case we sent is doing; older news than we have is ignored."""
    update = body.get("update")
    if not isinstance(update, dict):
        raise InvalidInput("缺少状态报文", code="update_required")
    partner = _partner_checked(
        str(update.get("sender", "")), actor, str(body.get("key_id", "")), update,
        str(body.get("signature", "")),
    )  # fmt: skip
    try:
        version = int(update.get("version"))
        package_id = uuid.UUID(str(update.get("package_id")))
    except (TypeError, ValueError):
        raise InvalidInput("状态报文格式不正确", code="update_invalid") from None
    with transaction.atomic():
        transfer = (
            TransferOut.objects.select_for_update()
            .filter(package_id=package_id, partner=partner)
            .first()
        )
        if transfer is None:
            raise NotFound("未找到该转办包", code="transfer_not_found")
        if version <= transfer.remote_version:
            return transfer
        before = transfer.remote_status
        transfer.remote_version = version
        transfer.remote_status = str(update.get("status", ""))[:20]
        transfer.remote_status_label = str(update.get("status_label", ""))[:20]
        transfer.remote_case_number = str(update.get("case_number", ""))[:32]
        transfer.remote_updated_at = timezone.now()
        transfer.save()
        audit_record(
            actor=actor,
            action="transfer.status",
            obj=transfer,
            summary=f"{partner.name} 回传：{transfer.remote_status_label}",
            changes={"remote_status": [before, transfer.remote_status]},
        )
    return transfer
