"""Verifying a license: its signature over the stored payload, then its live status.

The verify page, the API and `manage.py verify_license` all answer with verify(). The
data shown is read from the signed payload, never from the columns, so what a person
sees is what was signed. A composite license also lists each underlying permit with
its own verdict; one revoked permit makes the composite PARTIAL.
"""

import json
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from onewindow.lib import signing

from .choices import LicenseKind, LicenseStatus, Verdict
from .models import License


@dataclass
class Verification:
    license: License
    signature_ok: bool
    verdict: Verdict
    data: dict = field(default_factory=dict)
    permits: list["Verification"] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.verdict in (Verdict.VALID, Verdict.PARTIAL)


def signature_ok(lic: License) -> tuple[bool, dict]:
    """(valid signature and the payload names this license, the payload's data)."""
    if not signing.verify(lic.payload, key_id=lic.key_id, signature=lic.signature):
        return False, {}
    try:
        data = json.loads(lic.payload)
    except ValueError:
        return False, {}
    # A valid payload of another license pasted onto this row is still a forgery.
    return data.get("number") == lic.number, data


def _verdict(lic: License, ok: bool, today: date) -> Verdict:
    if not ok:
        return Verdict.INVALID
    if lic.status == LicenseStatus.REVOKED:
        return Verdict.REVOKED
    if lic.is_expired(today):
        return Verdict.EXPIRED
    return Verdict.VALID


def verify(lic: License, *, today: date | None = None) -> Verification:
    """The verification of a license (its permits prefetched by the selector when composite)."""
    today = today or timezone.localdate()
    ok, data = signature_ok(lic)
    result = Verification(license=lic, signature_ok=ok, verdict=_verdict(lic, ok, today), data=data)
    if lic.kind == LicenseKind.COMPOSITE:
        result.permits = [verify(p, today=today) for p in lic.permits.all()]
        if result.verdict == Verdict.VALID and any(not p.ok for p in result.permits):
            result.verdict = Verdict.PARTIAL
    return result
