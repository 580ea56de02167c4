"""Intake: register the applicant, submit the application (any window, online, outlet…)."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from onewindow.accounts.models import ApplicantKind
from onewindow.audit.services import audit_record
from onewindow.catalog import cache as catalog_cache
from onewindow.catalog.models import Bundle, Matter, ServicePoint, Window
from onewindow.catalog.selectors import merged_form
from onewindow.lib.errors import Conflict, DomainError, InvalidInput, NotFound

from ..choices import CaseChannel, CaseStatus
from ..formcheck import validate_form
from ..models import Applicant, Case, CaseMaterial
from . import fastpath
from .common import next_case_number, number_parts

ERR_ID_NUMBER = "证件号码无效"
ERR_NO_TARGET = "请选择一个事项或一件事"
ERR_CHANNEL = "该事项不支持通过此渠道申请"
ERR_POINT = "该服务场所未获授权受理此事项"

ERR_NO_APPLICANT = "未找到该申请人"


class ApplicantRef:
    """An applicant named by id and not read yet. On PostgreSQL the submission reads it in
    the statement that writes the case (fastpath.submit), one round trip instead of two;
    elsewhere `resolve()` reads it first. `user_id`, when set, is whose it must be (an
    applicant names only their own record); a stranger's record is "not found", never 403,
    so that probing learns nothing."""

    __slots__ = ("pk", "user_id")

    def __init__(self, pk: int, *, user_id: int | None = None):
        self.pk, self.user_id = pk, user_id

    def resolve(self) -> Applicant:
        found = Applicant.objects.filter(pk=self.pk).first()
        if found is None or (self.user_id is not None and found.user_id != self.user_id):
            raise NotFound(ERR_NO_APPLICANT, code="applicant_not_found")
        return found


CHANNELS = frozenset(CaseChannel.values)  # .values builds a new list on every use

# Catalog channels a case channel needs; agents and cross-region handling may take any matter.
CHANNEL_NEEDS = {
    CaseChannel.WINDOW: "WINDOW",
    CaseChannel.ONLINE: "ONLINE",
    CaseChannel.MOBILE: "MOBILE",
    CaseChannel.OUTLET: "OUTLET",
}


def applicant_register(
    *, kind: str, name: str, id_number: str, phone: str = "", address: str = "",
    legal_representative: str = "", user=None, actor,
) -> Applicant:  # fmt: skip
    """The applicant with this ID number, registered now if new; contact details refreshed."""
    id_number = (id_number or "").strip().upper()
    if kind not in ApplicantKind.values:
        raise InvalidInput("申请人类型应为自然人或法人", code="applicant_kind_invalid")
    probe = Applicant(kind=kind, id_number=id_number)
    problem = probe.id_number_problem()
    if problem:
        raise InvalidInput(
            f"{ERR_ID_NUMBER}：{problem}", code="id_number_invalid", details={"id_number": problem}
        )
    name = (name or "").strip()
    if not name:
        raise InvalidInput("请填写申请人姓名或名称", code="applicant_name_required")
    with transaction.atomic():
        applicant = Applicant.objects.select_for_update().filter(id_number=id_number).first()
        if applicant is None:
            try:
                with transaction.atomic():
                    applicant = Applicant.objects.create(
                        kind=kind, name=name, id_number=id_number, phone=phone, address=address,
                        legal_representative=legal_representative, user=user,
                    )  # fmt: skip
            except IntegrityError:  # registered by someone else a moment ago
                applicant = Applicant.objects.select_for_update().get(id_number=id_number)
            else:
                audit_record(
                    actor=actor,
                    action="applicant.register",
                    obj=applicant,
                    summary=f"登记申请人 {name}",
                )
                return applicant
        if applicant.kind != kind:
            raise Conflict("该证件号码已登记为另一类申请人", code="applicant_kind_mismatch")
        changed = {}
        for field, value in (("phone", phone), ("address", address), ("name", name)):
            if value and getattr(applicant, field) != value:
                changed[field] = [getattr(applicant, field), value]
                setattr(applicant, field, value)
        if user is not None and applicant.user_id is None:
            applicant.user = user
            changed["user"] = [None, user.pk]
        if changed:
            applicant.save()
            audit_record(
                actor=actor,
                action="applicant.update",
                obj=applicant,
                summary="更新申请人信息",
                changes=changed,
            )
    return applicant


def _target(
    matter_code: str | None, bundle_code: str | None
) -> tuple[Matter | None, Bundle | None, list[Matter]]:
    if bool(matter_code) == bool(bundle_code):
        raise InvalidInput(ERR_NO_TARGET, code="case_target_required")
    if matter_code:
        matter = catalog_cache.published_matter(matter_code)
        if matter is None:
            raise NotFound(f"未找到可申请的事项「{matter_code}」", code="matter_not_found")
        return matter, None, [matter]
    bundle = (
        Bundle.objects.select_related("lead_department__region")
        .filter(code=bundle_code, is_published=True)
        .first()
    )
    if bundle is None:
        raise NotFound(f"未找到一件事「{bundle_code}」", code="bundle_not_found")
    matters = bundle.current_matters()
    if not matters:
        raise Conflict("该一件事暂无可申请的事项", code="bundle_empty")
    return None, bundle, matters


def case_submit(
    *,
    actor,
    applicant: Applicant | ApplicantRef,
    channel: str,
    matter_code: str | None = None,
    bundle_code: str | None = None,
    service_point: ServicePoint | None = None,
    window: Window | None = None,
    form_data: dict | None = None,
    materials: list[dict] | None = None,
    idempotency_key: str | None = None,
) -> tuple[Case, bool]:
    """Creates a SUBMITTED case. Returns (case, created); a retried request with the same
    Idempotency-Key returns the case it created the first time and created=False.

    A retry is recognised by the unique constraint on (submitted_by, idempotency_key), not
    by a look-up first: nearly every submission is new, and the look-up was a round trip
    each. A retry that no longer passes the checks (the matter was withdrawn meanwhile)
    still answers with its case, as it always did."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    key = idempotency_key if user else None
    try:
        return _submit(
            actor=actor, user=user, applicant=applicant, channel=channel, matter_code=matter_code,
            bundle_code=bundle_code, service_point=service_point, window=window,
            form_data=form_data, materials=materials, key=key,
        ), True  # fmt: skip
    except (IntegrityError, DomainError):
        earlier = (
            Case.objects.filter(submitted_by=user, idempotency_key=key).first() if key else None
        )
        if earlier is None:
            raise
        return earlier, False


def _submit(*, actor, user, applicant, channel, matter_code, bundle_code, service_point, window,
            form_data, materials, key) -> Case:  # fmt: skip
    if channel not in CHANNELS:
        raise InvalidInput("申请渠道无效", code="channel_invalid")
    matter, bundle, matters = _target(matter_code, bundle_code)
    need = CHANNEL_NEEDS.get(channel)
    if need and any(need not in m.channels for m in matters):
        raise Conflict(ERR_CHANNEL, code="channel_not_offered", details={"channel": channel})
    if service_point is not None and not all(
        catalog_cache.may_accept(service_point, m) for m in matters
    ):
        raise Conflict(ERR_POINT, code="service_point_not_entrusted")
    fields = matter.form_fields if matter else [
        {"key": f.key, "label": f.label, "type": f.type, "required": f.required, "options": f.options}
        for f in merged_form(matters)
    ]  # fmt: skip
    cleaned = validate_form(fields, form_data)
    now = timezone.now()
    lead = matter.department if matter else bundle.lead_department
    region = service_point.region if service_point else lead.region
    case = Case(
        matter=matter,
        bundle=bundle,
        channel=channel,
        region=region,
        service_point=service_point,
        window=window,
        lead_department=lead,
        form_data=cleaned,
        status=CaseStatus.SUBMITTED,
        promised_limit_days=matter.promised_limit_days if matter else bundle.promised_limit_days,
        submitted_at=now,
        submitted_by=user,
        idempotency_key=key,
    )
    if isinstance(applicant, ApplicantRef):
        case.applicant_id = applicant.pk
    else:
        case.applicant = applicant
    summary = f"提交申请：{case.title}"
    case.new_materials = []  # what the case was created with, for an answer without a query
    if fastpath.available() and not bundle and not materials:
        prefix, day = number_parts(region.code, now)
        ref = applicant if isinstance(applicant, ApplicantRef) else None
        submitted = fastpath.submit(
            case, prefix=prefix, day=day, actor=actor, summary=summary, applicant=ref
        )
        if submitted is None:
            raise NotFound(ERR_NO_APPLICANT, code="applicant_not_found")
        return submitted
    if isinstance(applicant, ApplicantRef):
        case.applicant = applicant.resolve()
    # One transaction of its own when the caller has none (no savepoint round trips); a
    # savepoint inside the caller's, so that a duplicate key can still be answered there.
    with transaction.atomic():
        case.number = next_case_number(region.code, now)
        case.save(force_insert=True)
        if bundle:
            case.bundle_matters.set(matters)
        case.new_materials = [
            CaseMaterial(
                case=case,
                name=m["name"],
                material_id=m.get("material_id"),
                file=m.get("file") or "",
            )
            for m in materials or []
        ]
        if case.new_materials:
            CaseMaterial.objects.bulk_create(case.new_materials)
        audit_record(actor=actor, action="case.submitted", obj=case, summary=summary)
    return case
