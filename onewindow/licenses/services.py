"""Writes: issuing and revoking e-licenses. Each runs in one transaction with one audit row.

license_issue signs what it issues (onewindow.lib.signing) and is idempotent per case: a
case that already holds its valid license gets that license back, so approval and a trust
decision on the same case never issue twice. license_revoke keeps the license row (the
verify page must keep answering "revoked") and is what the trust app calls on a breach.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from onewindow.audit.services import audit_record
from onewindow.cases.choices import CaseStatus
from onewindow.cases.models import Case
from onewindow.catalog.models import Department, IndustryLicense, Matter
from onewindow.lib import signing
from onewindow.lib.errors import Conflict, Forbidden, InvalidInput, NotFound

from .choices import LicenseKind, LicenseStatus
from .models import License, LicenseCounter
from .permissions import may_revoke

ERR_CASE_NOT_DECIDED = "办件尚未准予许可，不能签发证照"
ERR_MATTER_REQUIRED = "该办件包含多个事项，请指明签发哪一事项的证照"
ERR_MATTER_NOT_IN_CASE = "该事项不属于此办件"
ERR_VALIDITY = "有效期截止日不得早于起始日"
ERR_REASON_REQUIRED = "请写明撤销理由"
ERR_ALREADY_REVOKED = "该证照已撤销"
ERR_NOT_FOUND = "未找到该证照"
ERR_NOT_YOURS = "只有发证部门的审批人员可以撤销该证照"

# A license may be issued once the decision is made, or at acceptance when a trust
# approval (告知承诺) decides on the pledge there and then.
ISSUABLE = (
    CaseStatus.ACCEPTED,
    CaseStatus.IN_REVIEW,
    CaseStatus.APPROVED,
    CaseStatus.DELIVERED,
    CaseStatus.CLOSED,
)
COMPOSITE_PREFIX = "YYYZ"  # 一业一证
REASON_MAX = 500


def next_license_number(prefix: str, year: int) -> str:
    """证照编号: issuer prefix, year, sequence of the year — one UPSERT, never max + 1."""
    table = LicenseCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (prefix, year, last) VALUES (%s, %s, 1) "
            f"ON CONFLICT (prefix, year) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [prefix, year],
        )
        (sequence,) = cursor.fetchone()
    return f"{prefix}-{year}-{sequence:06d}"


def default_valid_to(valid_from: date, years: int) -> date:
    """The day before the same date `years` later (29 February moves to 28 February)."""
    try:
        end = valid_from.replace(year=valid_from.year + years)
    except ValueError:
        end = valid_from.replace(year=valid_from.year + years, day=28)
    return end - timedelta(days=1)


def _scope(case: Case, matter: Matter | None, scope: str) -> str:
    form = case.form_data or {}
    return (scope or form.get("business_scope") or form.get("scope") or "").strip() or (
        matter.name if matter else ""
    )


def _payload(lic: License, **extra) -> str:
    # Imported here: cases.notices loads WeasyPrint (about a second), and this module is
    # imported at start-up by the approval receiver of every process.
    from onewindow.cases.notices import issuer_name

    data = {
        "v": 1,
        "number": lic.number,
        "kind": lic.kind,
        "title": lic.title,
        "holder": {"kind": lic.holder_kind, "name": lic.holder_name, "id": lic.holder_id_number},
        "scope": lic.scope,
        "department": {"code": lic.department.code, "name": issuer_name(lic.department)},
        "valid_from": lic.valid_from.isoformat(),
        "valid_to": lic.valid_to.isoformat(),
        "issued_at": timezone.localtime(lic.issued_at).isoformat(timespec="seconds"),
        "case": lic.case.number,
        **extra,
    }
    return signing.canonical(data)


def _sign(lic: License, **extra) -> None:
    lic.payload = _payload(lic, **extra)
    lic.key_id, lic.signature = signing.sign(lic.payload)


def _new(case: Case, *, kind: str, title: str, department: Department, scope: str,
         valid_from: date, valid_to: date, now, matter=None, industry=None) -> License:  # fmt: skip
    prefix = COMPOSITE_PREFIX if kind == LicenseKind.COMPOSITE else department.code
    applicant = case.applicant
    return License(
        number=next_license_number(prefix, valid_from.year), kind=kind, title=title, case=case,
        matter=matter, industry_license=industry, holder_kind=applicant.kind,
        holder_name=applicant.name, holder_id_number=applicant.id_number, scope=scope,
        department=department, valid_from=valid_from, valid_to=valid_to, issued_at=now,
    )  # fmt: skip


def _permit_title(matter: Matter) -> str:
    """The result's name as the catalog gives it, without its title marks (《食品经营许可证》)."""
    return (matter.result_name or matter.name).replace("《", "").replace("》", "")


def _case_matters(case: Case) -> list[Matter]:
    if case.matter_id:
        return [case.matter]
    return list(case.bundle_matters.select_related("department__region").order_by("code"))


def _industry(case: Case) -> IndustryLicense | None:
    if not case.bundle_id:
        return None
    return IndustryLicense.objects.filter(bundle_id=case.bundle_id).first()


def license_issue(
    *,
    case: Case,
    actor,
    matter: Matter | None = None,
    scope: str = "",
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> License:
    """Issues the e-license of an approved case and returns it.

    - a single-matter case: one permit of its matter, issued by the case's lead department;
    - an 一业一证 case (its bundle has an IndustryLicense): one permit per underlying
      matter, each issued by that matter's department, and one composite industry license
      of the lead department listing them; the composite is returned;
    - a plain bundle (一件事): the permit of `matter`, which must be one of its matters.

    Validity runs from `valid_from` (today) to `valid_to` (default: the industry
    license's validity_years, else settings.LICENSE_VALIDITY_YEARS). Calling it again for
    a case that holds a valid license returns that license unchanged.
    """
    now = timezone.now()
    valid_from = valid_from or timezone.localdate(now)
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("applicant", "matter", "bundle", "lead_department__region")
            .filter(pk=case.pk)
            .first()
        )
        if case is None:
            raise NotFound("未找到该办件", code="case_not_found")
        if case.status not in ISSUABLE:
            raise Conflict(ERR_CASE_NOT_DECIDED, code="case_not_approved",
                           details={"status": case.status})  # fmt: skip
        industry = _industry(case) if matter is None else None
        years = industry.validity_years if industry else settings.LICENSE_VALIDITY_YEARS
        valid_to = valid_to or default_valid_to(valid_from, years)
        if valid_to < valid_from:
            raise InvalidInput(ERR_VALIDITY, code="license_validity_invalid")
        if industry is not None:
            return _issue_composite(case, industry, actor=actor, scope=scope, now=now,
                                    valid_from=valid_from, valid_to=valid_to)  # fmt: skip
        matters = _case_matters(case)
        if matter is None:
            if len(matters) != 1:
                raise InvalidInput(ERR_MATTER_REQUIRED, code="license_matter_required")
            matter = matters[0]
        elif matter.pk not in {m.pk for m in matters}:
            raise InvalidInput(ERR_MATTER_NOT_IN_CASE, code="license_matter_not_in_case")
        existing = case.licenses.filter(
            kind=LicenseKind.PERMIT, matter=matter, status=LicenseStatus.VALID
        ).first()
        if existing is not None:
            return existing
        department = case.lead_department if case.matter_id else matter.department
        lic = _new(case, kind=LicenseKind.PERMIT, title=_permit_title(matter),
                   department=department, scope=_scope(case, matter, scope), matter=matter,
                   valid_from=valid_from, valid_to=valid_to, now=now)  # fmt: skip
        _sign(lic, matter={"code": matter.code, "name": matter.name}, composite=None)
        lic.save(force_insert=True)
        audit_record(actor=actor, action="license.issue", obj=lic,
                     summary=f"签发电子证照 {lic.title} {lic.number}（办件 {case.number}）")  # fmt: skip
    return lic


def _issue_composite(case, industry, *, actor, scope, now, valid_from, valid_to) -> License:
    existing = case.licenses.filter(kind=LicenseKind.COMPOSITE, status=LicenseStatus.VALID).first()
    if existing is not None:
        return existing
    matters = _case_matters(case)
    listed = "、".join(_permit_title(m) for m in matters)  # the scope when the form names none
    composite = _new(case, kind=LicenseKind.COMPOSITE, title=industry.license_name,
                     department=case.lead_department, industry=industry,
                     scope=_scope(case, None, scope) or listed,
                     valid_from=valid_from, valid_to=valid_to, now=now)  # fmt: skip
    permits = []
    for matter in matters:
        permit = _new(case, kind=LicenseKind.PERMIT, title=_permit_title(matter),
                      department=matter.department, scope=matter.name, matter=matter,
                      valid_from=valid_from, valid_to=valid_to, now=now)  # fmt: skip
        _sign(permit, matter={"code": matter.code, "name": matter.name},
              composite=composite.number)  # fmt: skip
        permits.append(permit)
    _sign(
        composite,
        industry={"code": industry.code, "name": industry.industry},
        permits=[{"number": p.number, "title": p.title} for p in permits],
    )
    composite.save(force_insert=True)
    for permit in permits:
        permit.composite = composite
    License.objects.bulk_create(permits)
    audit_record(
        actor=actor, action="license.issue", obj=composite,
        summary=f"签发一业一证 {composite.title} {composite.number}，含 {len(permits)} 项许可（办件 {case.number}）",
        changes={"permits": [p.number for p in permits]},
    )  # fmt: skip
    return composite


def license_revoke(*, license_id: int, actor, reason: str) -> License:
    """Revokes a valid license with a reason; its revocation notice (PDF) is rendered from
    the stored facts whenever asked for. Revoking a composite revokes its permits; revoking
    one permit leaves the composite valid and shows on it (verification answers PARTIAL).

    `actor` None is the system (the trust app's breach sweep); a person must be a reviewer
    of the issuing department (or an admin)."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(ERR_REASON_REQUIRED, code="revoke_reason_required")
    if len(reason) > REASON_MAX:
        raise InvalidInput(f"撤销理由不得超过 {REASON_MAX} 字", code="revoke_reason_too_long")
    now = timezone.now()
    with transaction.atomic():
        lic = License.objects.select_for_update(of=("self",)).filter(pk=license_id).first()
        if lic is None:
            raise NotFound(ERR_NOT_FOUND, code="license_not_found")
        if actor is not None and not may_revoke(actor, lic):
            raise Forbidden(ERR_NOT_YOURS, code="license_not_yours")
        if lic.status == LicenseStatus.REVOKED:
            raise Conflict(ERR_ALREADY_REVOKED, code="license_already_revoked")
        by = actor if getattr(actor, "is_authenticated", False) else None
        revoked = {"status": LicenseStatus.REVOKED, "revoked_at": now,
                   "revoke_reason": reason, "revoked_by": by}  # fmt: skip
        for field, value in revoked.items():
            setattr(lic, field, value)
        lic.save(update_fields=list(revoked))
        cascaded = []
        if lic.kind == LicenseKind.COMPOSITE:
            permits = lic.permits.filter(status=LicenseStatus.VALID)
            cascaded = list(permits.values_list("number", flat=True))
            permits.update(**revoked)
        audit_record(
            actor=actor, action="license.revoke", obj=lic,
            summary=f"撤销电子证照 {lic.number}：{reason}",
            changes={"status": [LicenseStatus.VALID, LicenseStatus.REVOKED],
                     **({"permits": cascaded} if cascaded else {})},
        )  # fmt: skip
    return lic
