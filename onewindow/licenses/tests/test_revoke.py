"""Revocation: reason required, once only, by the issuing department, audited, and a
composite takes its permits with it."""

import pytest

from onewindow.audit.models import AuditEvent
from onewindow.lib.errors import Conflict, Forbidden, InvalidInput, NotFound
from onewindow.licenses import services
from onewindow.licenses.choices import LicenseKind, LicenseStatus
from onewindow.licenses.models import License


@pytest.fixture
def lic(approved):
    return License.objects.get(case=approved())


def test_revocation_keeps_the_license_with_its_reason_and_writes_an_audit_row(lic, people):
    revoked = services.license_revoke(
        license_id=lic.pk, actor=people["food_reviewer"], reason=" 以欺骗手段取得 "
    )
    lic.refresh_from_db()
    assert lic.status == LicenseStatus.REVOKED and lic.revoked_at is not None
    assert lic.revoke_reason == "以欺骗手段取得" and lic.revoked_by == people["food_reviewer"]
    assert revoked.pk == lic.pk
    event = AuditEvent.objects.get(action="license.revoke")
    assert event.object_id == str(lic.pk) and "以欺骗手段取得" in event.summary


@pytest.mark.parametrize("reason", ["", "   ", "理" * 501])
def test_a_reason_is_required_and_bounded(lic, people, reason):
    with pytest.raises(InvalidInput):
        services.license_revoke(license_id=lic.pk, actor=people["food_reviewer"], reason=reason)
    lic.refresh_from_db()
    assert lic.status == LicenseStatus.VALID


def test_revoking_twice_is_a_conflict(lic, people):
    services.license_revoke(license_id=lic.pk, actor=people["food_reviewer"], reason="撤销")
    with pytest.raises(Conflict) as err:
        services.license_revoke(license_id=lic.pk, actor=people["food_reviewer"], reason="再撤销")
    assert err.value.code == "license_already_revoked"
    assert AuditEvent.objects.filter(action="license.revoke").count() == 1


@pytest.mark.parametrize("who", ["fire_reviewer", "clerk", "citizen", "supervisor"])
def test_only_the_issuing_department_may_revoke(lic, people, who):
    with pytest.raises(Forbidden):
        services.license_revoke(license_id=lic.pk, actor=people[who], reason="撤销")
    lic.refresh_from_db()
    assert lic.status == LicenseStatus.VALID


def test_the_system_may_revoke_on_a_broken_pledge(lic):
    """The trust app's breach sweep runs without a person: actor None."""
    services.license_revoke(license_id=lic.pk, actor=None, reason="承诺未履行，逾期未整改")
    lic.refresh_from_db()
    assert lic.status == LicenseStatus.REVOKED and lic.revoked_by is None


def test_an_unknown_license_is_not_found(people, db):
    with pytest.raises(NotFound):
        services.license_revoke(license_id=999_999, actor=people["food_reviewer"], reason="撤销")


def test_revoking_a_composite_revokes_its_permits(industry, approved, people):
    case = approved(bundle="open-shop", matter=None)
    composite = License.objects.get(case=case, kind=LicenseKind.COMPOSITE)
    services.license_revoke(
        license_id=composite.pk, actor=people["food_reviewer"], reason="整体撤销"
    )
    assert set(License.objects.values_list("status", flat=True)) == {LicenseStatus.REVOKED}
    event = AuditEvent.objects.get(action="license.revoke")
    assert sorted(event.changes["permits"]) == sorted(
        composite.permits.values_list("number", flat=True)
    )
