"""demo_licenses over the demo district and the demo logins' cases: licenses for decided
cases, the company's 一业一证, a revoked license and a revoked permit, nothing new the
second time."""

import tempfile
from io import StringIO

from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse

from onewindow.licenses.choices import LicenseKind, LicenseStatus, Verdict
from onewindow.licenses.models import License
from onewindow.licenses.selectors import license_detail
from onewindow.licenses.verification import verify

KEY_DIR = tempfile.mkdtemp(prefix="ow_licenses_demo_")


@override_settings(
    VAR_DIR=KEY_DIR, LICENSE_SIGNING_KEY="", LICENSE_PUBLIC_KEYS="", LICENSE_DEV_KEY=True
)
class DemoLicensesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("demo_district", verbosity=0)
        call_command("demo_cases", no_history=True, verbosity=0)
        cls.out = StringIO()
        call_command("demo_licenses", stdout=cls.out)

    def test_decided_cases_of_the_demo_logins_have_verifying_licenses(self):
        singles = License.objects.filter(kind=LicenseKind.PERMIT, composite__isnull=True)
        assert singles.count() >= 4
        assert {lic.case.applicant.user.username for lic in singles} == {"citizen", "company"}
        for lic in License.objects.all():
            assert verify(license_detail(lic.number)).signature_ok, lic.number

    def test_one_composite_industry_license_with_a_revoked_permit(self):
        composite = License.objects.get(kind=LicenseKind.COMPOSITE)
        assert composite.title == "餐饮行业综合许可证"
        result = verify(license_detail(composite.number))
        assert len(result.permits) >= 3 and result.verdict == Verdict.PARTIAL
        assert [p.verdict for p in result.permits].count(Verdict.REVOKED) == 1

    def test_one_license_is_shown_revoked(self):
        revoked = License.objects.filter(status=LicenseStatus.REVOKED, composite__isnull=True)
        assert revoked.count() == 1 and revoked.get().revoke_reason

    def test_running_it_again_creates_nothing(self):
        before = list(License.objects.values_list("number", "status"))
        out = StringIO()
        call_command("demo_licenses", stdout=out)
        assert "新签发 0 件" in out.getvalue()
        assert list(License.objects.values_list("number", "status")) == before
        assert reverse("licenses:verify_lookup") in self.out.getvalue()
