"""Verification: the signature over the stored payload, tampering, expiry, revocation,
key rotation, and the composite's view of its permits."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured

from onewindow.lib import signing
from onewindow.licenses import services
from onewindow.licenses.choices import LicenseKind, Verdict
from onewindow.licenses.models import License
from onewindow.licenses.selectors import license_detail
from onewindow.licenses.verification import verify


@pytest.fixture
def lic(approved):
    return License.objects.get(case=approved())


def test_a_fresh_license_verifies_as_valid(lic):
    result = verify(license_detail(lic.number))
    assert result.signature_ok and result.verdict == Verdict.VALID
    assert result.data["holder"]["name"] == "张三" and result.data["number"] == lic.number


def test_changing_one_byte_of_the_payload_fails_verification(lic):
    payload = bytearray(lic.payload.encode())
    at = payload.index(b'"valid_to":"') + len('"valid_to":"') + 3  # the year's last digit
    payload[at] = ord("9") if payload[at] != ord("9") else ord("8")
    License.objects.filter(pk=lic.pk).update(payload=payload.decode())
    result = verify(license_detail(lic.number))
    assert not result.signature_ok and result.verdict == Verdict.INVALID
    assert result.data == {}  # nothing unsigned is shown


def test_changing_the_signature_fails_verification(lic):
    sig = lic.signature
    forged = ("A" if sig[0] != "A" else "B") + sig[1:]
    License.objects.filter(pk=lic.pk).update(signature=forged)
    assert verify(license_detail(lic.number)).verdict == Verdict.INVALID


def test_another_licenses_valid_payload_does_not_verify_this_one(
    approved, district_with_delivery, industry
):
    case = approved(bundle="open-shop", matter=None)
    composite, permit = (
        License.objects.get(kind="COMPOSITE"),
        License.objects.filter(case=case, kind="PERMIT").first(),
    )
    License.objects.filter(pk=composite.pk).update(
        payload=permit.payload, signature=permit.signature, key_id=permit.key_id
    )
    assert verify(license_detail(composite.number)).verdict == Verdict.INVALID


def test_a_license_expires_the_day_after_valid_to(lic):
    with time_machine.travel(lic.valid_to, tick=False):
        assert verify(license_detail(lic.number)).verdict == Verdict.VALID
    with time_machine.travel(lic.valid_to + timedelta(days=1), tick=False):
        assert verify(license_detail(lic.number)).verdict == Verdict.EXPIRED


def test_a_revoked_license_verifies_as_revoked(lic, people):
    services.license_revoke(
        license_id=lic.pk, actor=people["food_reviewer"], reason="以欺骗手段取得"
    )
    result = verify(license_detail(lic.number))
    assert result.signature_ok and result.verdict == Verdict.REVOKED


def test_a_license_signed_with_an_old_key_verifies_while_its_public_key_is_configured(
    lic, settings
):
    old_kid = lic.key_id
    old_public = signing.b64(signing.public_raw(signing.signing_key()[1].public_key()))
    settings.LICENSE_SIGNING_KEY = signing.generate_private()  # the new key
    assert signing.signing_key()[0] != old_kid
    assert verify(license_detail(lic.number)).verdict == Verdict.INVALID  # old key forgotten
    settings.LICENSE_PUBLIC_KEYS = f"{old_kid}={old_public}"
    assert verify(license_detail(lic.number)).verdict == Verdict.VALID


def test_new_licenses_are_signed_with_the_configured_key_and_id(
    district_with_delivery, accepted, people, settings
):
    settings.LICENSE_SIGNING_KEY = signing.generate_private()
    settings.LICENSE_SIGNING_KEY_ID = "qj-2026"
    lic = services.license_issue(case=accepted(), actor=people["clerk"])
    assert lic.key_id == "qj-2026"
    assert verify(license_detail(lic.number)).verdict == Verdict.VALID


def test_the_development_key_is_made_once_and_reused(settings, tmp_path):
    kid, _ = signing.signing_key()
    assert (tmp_path / signing.DEV_KEY_NAME).stat().st_mode & 0o777 == 0o600
    assert signing.signing_key()[0] == kid


def test_without_a_key_and_without_debug_signing_refuses(settings):
    settings.LICENSE_DEV_KEY = False
    with pytest.raises(ImproperlyConfigured):
        signing.sign("{}")


def test_a_pem_key_is_accepted(settings):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    settings.LICENSE_SIGNING_KEY = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    kid, signature = signing.sign("数据")
    assert kid == signing.key_id_of(key.public_key())
    assert signing.verify("数据", key_id=kid, signature=signature)
    assert not signing.verify("数剧", key_id=kid, signature=signature)
    assert not signing.verify("数据", key_id="unknown", signature=signature)
    assert not signing.verify("数据", key_id=kid, signature="not base64!")


def test_revoking_one_permit_shows_on_the_composite(industry, approved, people):
    case = approved(bundle="open-shop", matter=None)
    composite = License.objects.get(case=case, kind=LicenseKind.COMPOSITE)
    result = verify(license_detail(composite.number))
    assert result.verdict == Verdict.VALID and all(
        p.verdict == Verdict.VALID for p in result.permits
    )
    permit = composite.permits.get(matter__code="QR-003")
    services.license_revoke(
        license_id=permit.pk, actor=people["police_reviewer"], reason="户籍材料虚假"
    )
    result = verify(license_detail(composite.number))
    assert result.verdict == Verdict.PARTIAL
    assert {p.license.number: p.verdict for p in result.permits}[permit.number] == Verdict.REVOKED
    assert len(result.permits) == 2


def test_a_key_id_too_long_to_store_is_refused(settings):
    settings.LICENSE_SIGNING_KEY_ID = "k" * (signing.KEY_ID_MAX + 1)
    with pytest.raises(ImproperlyConfigured):
        signing.sign("{}")
