"""manage.py verify_license answers like the verify page (and fails for a bad license);
license_keygen prints a key that signs and verifies."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from onewindow.lib import signing
from onewindow.licenses import services
from onewindow.licenses.models import License


@pytest.fixture
def lic(approved):
    return License.objects.get(case=approved())


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_verify_license_shows_the_holder_and_the_verdict(lic):
    out = run("verify_license", lic.number)
    assert "签名      有效" in out and "张三" in out and lic.holder_id_number in out
    assert "结论      有效" in out


def test_verify_license_fails_for_a_tampered_or_revoked_license(lic, people):
    License.objects.filter(pk=lic.pk).update(payload=lic.payload.replace("张三", "张四"))
    with pytest.raises(CommandError, match="验证失败"):
        run("verify_license", lic.number)
    License.objects.filter(pk=lic.pk).update(payload=lic.payload)
    services.license_revoke(license_id=lic.pk, actor=people["food_reviewer"], reason="撤销")
    with pytest.raises(CommandError, match="已撤销"):
        run("verify_license", lic.number)


def test_verify_license_of_an_unknown_number(db):
    with pytest.raises(CommandError, match="未找到证照"):
        run("verify_license", "NOPE")


def test_license_keygen_prints_a_working_key(settings):
    lines = dict(
        line.split("=", 1)
        for line in run("license_keygen").splitlines()
        if not line.startswith("#")
    )
    settings.LICENSE_SIGNING_KEY = lines["LICENSE_SIGNING_KEY"]
    kid, signature = signing.sign("证照")
    assert kid == lines["LICENSE_SIGNING_KEY_ID"]
    assert signing.verify("证照", key_id=kid, signature=signature)
