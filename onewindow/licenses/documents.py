"""The license PDF and the revocation notice PDF, rendered from a License whenever asked.

Nothing is stored: the license's signed payload holds what the license says, so a
reprint matches what the verify page shows. Both documents carry the QR code of the
public verify page (licenses:verify), which answers with the live status.
"""

import json

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from onewindow.accounts.models import ApplicantKind
from onewindow.cases.notices import HOTLINE, cn_date, issuer_name, review_body
from onewindow.lib.pdf import html_to_pdf
from onewindow.lib.qr import qr_data_uri

from .choices import LicenseKind
from .models import License


def verify_url(lic: License) -> str:
    """Absolute: it is printed on paper and scanned with a phone."""
    path = reverse("licenses:verify", args=[lic.number])
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def revocation_number(lic: License) -> str:
    return f"撤销〔{lic.number}〕号"


def _context(lic: License) -> dict:
    data = json.loads(lic.payload)
    is_person = lic.holder_kind == ApplicantKind.PERSON
    url = verify_url(lic)
    return {
        "license": lic,
        "data": data,
        "is_composite": lic.kind == LicenseKind.COMPOSITE,
        "permits": data.get("permits", []),
        "issuer": issuer_name(lic.department),
        "id_label": "公民身份号码" if is_person else "统一社会信用代码",
        "you": "你" if is_person else "你单位",
        "valid_from": cn_date(lic.valid_from),
        "valid_to": cn_date(lic.valid_to),
        "issued_on": cn_date(lic.issued_at),
        "verify_url": url,
        "qr": qr_data_uri(url),
        "hotline": HOTLINE,
    }


def render_license_pdf(lic: License) -> bytes:
    """The license (A4, CJK fonts embedded), its permits listed for a composite."""
    return html_to_pdf(render_to_string("licenses/pdf/license.html", _context(lic)))


def render_revocation_pdf(lic: License) -> bytes:
    """撤销行政许可决定书 for a revoked license (with its revoked permits for a composite)."""
    context = _context(lic)
    context.update(
        notice_number=revocation_number(lic),
        revoked_on=cn_date(lic.revoked_at),
        review_body=review_body(lic.department),
        revoked_permits=[p for p in lic.permits.all() if p.revoked_at]
        if context["is_composite"]
        else [],
    )
    return html_to_pdf(render_to_string("licenses/pdf/revocation.html", context))


def license_filename(lic: License) -> str:
    return f"{lic.title}-{lic.number}.pdf"


def revocation_filename(lic: License) -> str:
    return f"撤销决定书-{lic.number}.pdf"
