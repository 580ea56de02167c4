"""三书一单 as PDF: the acceptance slip, the one-time supplement notice, the refusal
notice and the denial decision, rendered from a Notice row whenever asked for.

Nothing is stored: the Notice keeps the facts (kind, number, date, department,
items, reason) and the case supplies the rest, so a reprint always matches the
record. Templates live in templates/cases/notices/, one per kind on a shared
A4 layout.
"""

import re
from datetime import date, datetime, timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from onewindow.accounts.models import ApplicantKind
from onewindow.catalog.choices import MatterType
from onewindow.lib.pdf import html_to_pdf
from onewindow.lib.qr import qr_data_uri

from .choices import CaseChannel, MaterialCheck, NoticeKind
from .models import Case, Notice

HOTLINE = "12345"

# The titles used at windows. A denial of a licensing matter carries the name the
# Administrative Licensing Law gives it (Art. 38); other denials keep the kind label.
TITLES = {
    NoticeKind.ACCEPTANCE: "受理通知单",
    NoticeKind.SUPPLEMENT: "补正材料一次性告知书",
    NoticeKind.REFUSAL: "不予受理通知书",
}
LICENSING_DENIAL_TITLE = "不予行政许可决定书"

SPECIAL_STEPS = "听证、招标、拍卖、检验、检测、检疫、鉴定、专家评审"


def progress_url(case: Case) -> str:
    """The public progress page of the case (URL name cases:progress_case). Absolute,
    because it is printed on paper and scanned with a phone."""
    return f"{settings.SITE_URL.rstrip('/')}/cases/progress/{case.number}/"


def cn_date(value: date | datetime | None) -> str:
    """2026年11月21日: Arabic numerals, no leading zeros (GB/T 9704-2012 成文日期)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localdate(value)
    return f"{value.year}年{value.month}月{value.day}日"


def due_date(case: Case) -> date | None:
    """The last day of the limit: due_at is the first instant after it."""
    if case.due_at is None:
        return None
    return timezone.localdate(case.due_at - timedelta(microseconds=1))


def issuer_name(department) -> str:
    """The full name of the issuing body for the heading. Catalogs often store
    district departments as 区市场监督管理局; a document must name the body in full
    (清江区市场监督管理局), so the region's name replaces the bare 区/县."""
    name, region = department.name, department.region.name
    if name[:1] in ("区", "县") and region.endswith(name[0]) and not name.startswith(region):
        return region + name[1:]
    return name


def review_body(department) -> str:
    """Since the 2023 revision of the Administrative Review Law, a county-level
    department's decisions are reviewed by the people's government at its level."""
    return f"{department.region.name}人民政府"


def _matters(case: Case) -> list:
    return list(case.bundle_matters.all()) if case.bundle_id else [case.matter]


def _is_licensing(matters) -> bool:
    return bool(matters) and all(m.matter_type == MatterType.LICENSING for m in matters)


def notice_title(notice: Notice, matters: list | None = None) -> str:
    if notice.kind == NoticeKind.DENIAL:
        licensing = _is_licensing(_matters(notice.case) if matters is None else matters)
        return LICENSING_DENIAL_TITLE if licensing else notice.get_kind_display()
    return TITLES.get(notice.kind, notice.get_kind_display())


def notice_filename(notice: Notice) -> str:
    """受理通知单-500199-20261121-00001.pdf; a second notice of the same kind on the case
    (a new supplement round) gets its sequence: 补正材料一次性告知书-…-2.pdf."""
    match = re.search(r"(\d+)号$", notice.number)
    sequence = int(match.group(1)) if match else 1
    suffix = f"-{sequence}" if sequence > 1 else ""
    return f"{notice_title(notice)}-{notice.case.number}{suffix}.pdf"


def _context(notice: Notice) -> dict:
    case = notice.case
    department = notice.department
    matters = _matters(case)
    applicant = case.applicant
    is_person = applicant.kind == ApplicantKind.PERSON
    legal_limit = max((m.legal_limit_days for m in matters), default=0) or None
    context = {
        "notice": notice,
        "case": case,
        "title": notice_title(notice, matters),
        "issuer": issuer_name(department),
        "applicant": applicant,
        "id_label": "身份证件号码" if is_person else "统一社会信用代码",
        "you": "你" if is_person else "你单位",
        "matter_name": case.title,
        "is_licensing": _is_licensing(matters),
        "issued_on": cn_date(notice.issued_at),
        "submitted_on": cn_date(case.submitted_at),
        "accepted_on": cn_date(case.accepted_at),
        "due_on": cn_date(due_date(case)),
        "legal_limit": legal_limit,
        "legal_basis": [m.legal_basis for m in matters if m.legal_basis],
        "review_body": review_body(department),
        # The matter's own consultation line first; a bundle is answered by its lead.
        "consult_phone": (case.matter.consult_phone if case.matter_id else "") or department.phone,
        "hotline": HOTLINE,
        "progress_url": progress_url(case),
        "qr": qr_data_uri(progress_url(case)),
        "special_steps": SPECIAL_STEPS,
        "service_point": case.service_point,
        "window": case.window,
        # A signature line only where the applicant holds the paper at a counter.
        "on_paper": case.channel not in (CaseChannel.ONLINE, CaseChannel.MOBILE),
    }
    if notice.kind == NoticeKind.ACCEPTANCE:
        context["materials"] = [
            m for m in case.materials.all() if m.check_result == MaterialCheck.PROVIDED
        ]
    elif notice.kind == NoticeKind.DENIAL:
        # Each reason is a string; older rows may only have the joined reason text.
        reasons = [str(i) for i in notice.items if str(i).strip()]
        context["reasons"] = reasons or [r for r in notice.reason.splitlines() if r.strip()]
    return context


def render_notice_html(notice: Notice) -> str:
    template = f"cases/notices/{notice.kind.lower()}.html"
    return render_to_string(template, _context(notice))


def render_notice_pdf(notice: Notice) -> bytes:
    """The PDF of one notice (A4, CJK fonts embedded), about 0.3–0.5 s of CPU."""
    return html_to_pdf(render_notice_html(notice))
