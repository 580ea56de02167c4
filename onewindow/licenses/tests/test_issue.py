"""Issuing on approval: which approvals are electronic, what a license holds, idempotency,
and 一业一证 (one permit per underlying matter plus a composite listing them)."""

from datetime import date

import pytest

from onewindow.audit.models import AuditEvent
from onewindow.cases import services as cases
from onewindow.lib.errors import Conflict, InvalidInput
from onewindow.licenses import services
from onewindow.licenses.choices import LicenseKind, LicenseStatus
from onewindow.licenses.models import License

from .conftest import WINDOW_FORM


def test_approval_with_electronic_delivery_issues_a_signed_license(approved, people):
    case = approved()
    lic = License.objects.get(case=case)
    assert case.status == "APPROVED"
    assert lic.kind == LicenseKind.PERMIT and lic.status == LicenseStatus.VALID
    assert lic.title == "公共场所卫生许可" and lic.matter.code == "XK-001"
    assert (lic.holder_name, lic.holder_id_number) == ("张三", case.applicant.id_number)
    assert lic.department == case.lead_department
    assert lic.number.startswith(f"SCJG-{lic.valid_from.year}-")
    assert lic.key_id.startswith("ed25519-") and lic.signature
    assert f'"number":"{lic.number}"' in lic.payload and "张三" in lic.payload
    event = AuditEvent.objects.get(action="license.issue")
    assert event.object_id == str(lic.pk) and event.actor == people["food_reviewer"]


def test_approval_with_window_pick_up_issues_nothing(approved):
    case = approved(form_data=WINDOW_FORM)
    assert case.status == "APPROVED"
    assert not License.objects.exists()


def test_default_validity_is_five_years_to_the_day_before(approved, settings):
    lic = License.objects.get(case=approved())
    assert lic.valid_to.year == lic.valid_from.year + 5
    assert services.default_valid_to(date(2024, 2, 29), 5) == date(2029, 2, 27)
    assert services.default_valid_to(date(2026, 11, 21), 1) == date(2027, 11, 20)


def test_issuing_again_returns_the_same_license(approved, people):
    case = approved()
    first = License.objects.get(case=case)
    again = services.license_issue(case=case, actor=people["food_reviewer"])
    assert again.pk == first.pk
    assert (
        License.objects.count() == 1
        and AuditEvent.objects.filter(action="license.issue").count() == 1
    )


def test_numbers_are_sequential_per_issuer_and_year(approved, people):
    first = License.objects.get(case=approved())
    services.license_revoke(license_id=first.pk, actor=people["food_reviewer"], reason="测试")
    second = services.license_issue(case=first.case, actor=people["food_reviewer"])
    assert second.pk != first.pk
    assert int(second.number[-6:]) == int(first.number[-6:]) + 1


def test_a_case_not_yet_accepted_cannot_get_a_license(district_with_delivery, submit, people):
    case = submit(form_data=WINDOW_FORM)
    with pytest.raises(Conflict) as err:
        services.license_issue(case=case, actor=people["food_reviewer"])
    assert err.value.code == "case_not_approved"
    assert not License.objects.exists()


def test_a_denied_case_gets_no_license(accepted, people):
    case = accepted()
    review = case.reviews.get(step=1, department__code="XF")
    cases.review_decide(
        review_id=review.pk, actor=people["fire_reviewer"], approve=False, opinion="消防不合格"
    )
    review = case.reviews.get(step=1, department__code="SCJG")
    cases.review_decide(review_id=review.pk, actor=people["food_reviewer"], approve=True)
    case.refresh_from_db()
    assert case.status == "DENIED"
    with pytest.raises(Conflict):
        services.license_issue(case=case, actor=people["food_reviewer"])


def test_validity_ending_before_it_starts_is_refused(district_with_delivery, accepted, people):
    case = accepted(form_data=WINDOW_FORM)
    with pytest.raises(InvalidInput) as err:
        services.license_issue(case=case, actor=people["food_reviewer"],
                               valid_from=date(2026, 5, 1), valid_to=date(2026, 4, 30))  # fmt: skip
    assert err.value.code == "license_validity_invalid"
    assert not License.objects.exists()


def test_trust_approval_may_issue_at_acceptance(district_with_delivery, accepted, people):
    """告知承诺: the permit is issued the day the case is accepted on the pledge."""
    case = accepted(form_data=WINDOW_FORM)
    lic = services.license_issue(case=case, actor=people["clerk"])
    assert lic.status == LicenseStatus.VALID and lic.case_id == case.pk


def test_a_plain_bundle_needs_the_matter_named(district_with_delivery, submit, people, district):
    case = submit(bundle="open-shop", matter=None, form_data=WINDOW_FORM)
    cases.case_pre_review(case_id=case.pk, actor=people["clerk"])
    cases.case_accept(case_id=case.pk, actor=people["clerk"])
    with pytest.raises(InvalidInput) as err:
        services.license_issue(case=case, actor=people["clerk"])
    assert err.value.code == "license_matter_required"
    with pytest.raises(InvalidInput) as err:
        services.license_issue(case=case, actor=people["clerk"], matter=district["immediate"])
    assert err.value.code == "license_matter_not_in_case"
    lic = services.license_issue(case=case, actor=people["clerk"], matter=district["police_matter"])
    assert lic.department == district["police"]


def test_an_industry_license_case_issues_one_permit_per_matter_and_a_composite(
    industry, approved, district
):
    case = approved(bundle="open-shop", matter=None)
    composite = License.objects.get(case=case, kind=LicenseKind.COMPOSITE)
    permits = list(composite.permits.order_by("matter__code"))
    assert composite.title == "小店行业综合许可证" and composite.number.startswith("YYYZ-")
    assert composite.department == district["food"]
    assert [p.matter.code for p in permits] == ["QR-003", "XK-001"]
    assert [p.department.code for p in permits] == ["GA", "SCJG"]
    for permit in permits:
        assert f'"composite":"{composite.number}"' in permit.payload
        assert permit.number in composite.payload
    assert License.objects.count() == 3
    assert AuditEvent.objects.filter(action="license.issue").count() == 1
