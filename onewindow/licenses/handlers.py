"""Issuing e-licenses when a case is approved (a receiver of cases.signals.case_moved).

Which approvals are delivered electronically: the applicant chooses how the result is
delivered on the application form (the catalog's shared form field `delivery`, 结果领取方式:
窗口领取 / 邮寄送达 / 电子证照). A case whose form names an electronic result (电子证照,
电子送达 or ELECTRONIC) gets its e-license the moment it is approved. An 一业一证 case
always does: the composite industry license is the electronic result by definition, and
its paper copy is printed from the same PDF. Other approvals (window or mail pick-up, or
no choice on the form) are not issued automatically; staff may still issue one through
license_issue. The Delivery row cannot decide this: it is written later, at delivery.

The receiver runs inside the approving transaction, so a license that cannot be issued
rolls the approval back instead of leaving an approved case without its license.
"""

from onewindow.cases.choices import CaseStatus
from onewindow.catalog.models import IndustryLicense

from .services import license_issue

ELECTRONIC = frozenset({"电子证照", "电子送达", "ELECTRONIC"})


def is_industry_case(case) -> bool:
    return (
        bool(case.bundle_id) and IndustryLicense.objects.filter(bundle_id=case.bundle_id).exists()
    )


def wants_electronic(case) -> bool:
    return (case.form_data or {}).get("delivery") in ELECTRONIC or is_industry_case(case)


def issue_on_approval(sender, *, case, before, after, actor, **kwargs) -> None:
    if after != CaseStatus.APPROVED:
        return  # every move of every case passes here: leave without a query
    industry = is_industry_case(case)
    if not industry and (case.form_data or {}).get("delivery") not in ELECTRONIC:
        return
    if case.matter_id or industry:
        license_issue(case=case, actor=actor)
        return
    for matter in case.bundle_matters.all():  # a plain bundle: one permit per matter
        license_issue(case=case, actor=actor, matter=matter)
