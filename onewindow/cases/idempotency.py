"""The Idempotency-Key of a submission: a retried request answers with the case the first
attempt created, never a second case.

The key is scoped to the submitting account (a unique constraint on Case holds it, and
services.case_submit resolves the race of two retries arriving together). A key names one
request: sent again with a different matter or applicant it is refused, not answered with
the wrong case (IETF draft-ietf-httpapi-idempotency-key-header: 422)."""

from onewindow.lib.errors import InvalidInput

from .models import Case

KEY_MAX = Case._meta.get_field("idempotency_key").max_length
ERR_KEY = f"Idempotency-Key 应为1至{KEY_MAX}个可见的ASCII字符"
ERR_REUSED = "该 Idempotency-Key 已用于另一份申请；新的申请请使用新的键"


def clean_key(raw: str | None) -> str | None:
    """The key, or None when the header is absent or blank; 422 when malformed."""
    key = (raw or "").strip()
    if not key:
        return None
    if len(key) > KEY_MAX or not all(33 <= ord(c) <= 126 for c in key):
        raise InvalidInput(ERR_KEY, code="idempotency_key_invalid")
    return key


def earlier_case(user, key: str | None) -> Case | None:
    """The case this account already submitted with this key."""
    if not key:
        return None
    return (
        Case.objects.select_related("matter", "bundle", "applicant")
        .filter(submitted_by=user, idempotency_key=key)
        .first()
    )


def check_same_request(
    case: Case,
    *,
    matter_code: str | None,
    bundle_code: str | None = None,
    channel: str | None = None,
    applicant_id: int | None = None,
    id_number: str | None = None,
) -> None:
    """Refuses (422) a key reused for a request that differs from the one that made `case`."""
    differs = []
    if (case.matter.code if case.matter_id else None) != (matter_code or None):
        differs.append("matter_code")
    if (case.bundle.code if case.bundle_id else None) != (bundle_code or None):
        differs.append("bundle_code")
    if channel and case.channel != channel:
        differs.append("channel")
    if applicant_id and case.applicant_id != applicant_id:
        differs.append("applicant_id")
    if id_number and case.applicant.id_number != id_number.strip().upper():
        differs.append("applicant")
    if differs:
        raise InvalidInput(
            ERR_REUSED,
            code="idempotency_key_reused",
            details={"fields": differs, "case": case.number},
        )
