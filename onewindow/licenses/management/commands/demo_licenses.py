"""`manage.py demo_licenses`: e-licenses for the demo logins' approved cases, one 一业一证
(the company opens a restaurant: every underlying permit and the composite license), one
revoked license and one revoked permit on the composite, so the verify page shows each
verdict. Run after demo_cases; running it again creates nothing twice."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from onewindow.cases import services as cases
from onewindow.cases.choices import CaseStatus, ReviewStatus
from onewindow.cases.demo.users import USERNAMES, Demo, _submit
from onewindow.cases.models import Applicant, Case
from onewindow.catalog.models import Bundle
from onewindow.lib.errors import DomainError
from onewindow.licenses import documents, services
from onewindow.licenses.choices import LicenseKind, LicenseStatus
from onewindow.licenses.models import License

INDUSTRY_BUNDLE = "kaiban-canguan"  # 开办餐馆 → 餐饮行业综合许可证
COMPOSITE_KEY = "demo-company-yiyeyizheng"
DECIDED = (CaseStatus.APPROVED, CaseStatus.DELIVERED, CaseStatus.CLOSED)
REVOKED_CASE_KEY = "demo-citizen-closed"  # this license is shown revoked
REVOKE_REASON = "经核查，申请时提交的经营场所证明与实际不符（演示数据）"
PERMIT_REVOKE_REASON = "经营者申请注销该项许可（演示数据）"


class Command(BaseCommand):
    help = "载入演示电子证照：演示账号已准予许可的办件签发电子证照，一件一业一证（餐饮），以及已撤销的示例。可重复运行。"

    def handle(self, *args, verbosity: int = 1, **options):
        users = {
            u.username: u
            for u in get_user_model()
            .objects.filter(username__in=USERNAMES)
            .select_related("staff_profile__department", "staff_profile__service_point", "applicant_account")
        }  # fmt: skip
        if "clerk" not in users or "reviewer" not in users:
            self.stdout.write(
                "未找到演示账号 clerk/reviewer，请先运行 demo_district 和 demo_cases。"
            )
            return
        demo = Demo(users)
        made = self._single_licenses(demo)
        composite = self._composite(demo, users)
        made += composite is not None and composite[1]
        self._revocations(demo, composite[0] if composite else None)
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"演示电子证照：新签发 {made} 件。"))
            for lic in License.objects.filter(composite__isnull=True).order_by("-issued_at")[:4]:
                self.stdout.write(f"  {lic.title} {lic.number}：{documents.verify_url(lic)}")

    def _single_licenses(self, demo: Demo) -> int:
        """The demo logins' decided cases of a single matter, each with its license."""
        applicants = Applicant.objects.filter(user__username__in=("citizen", "company"))
        decided = Case.objects.filter(
            applicant__in=applicants, status__in=DECIDED, matter__isnull=False
        ).exclude(licenses__isnull=False)
        made = 0
        for case in decided.order_by("submitted_at"):
            services.license_issue(case=case, actor=demo.reviewer)
            made += 1
        return made

    def _composite(self, demo: Demo, users) -> tuple[License, bool] | None:
        """The company's restaurant: submitted, accepted and approved by every department;
        approval issues the permits and the composite (licenses.handlers)."""
        found = License.objects.filter(
            case__idempotency_key=COMPOSITE_KEY, kind=LicenseKind.COMPOSITE
        ).first()
        if found is not None:
            return found, False
        bundle = Bundle.objects.filter(code=INDUSTRY_BUNDLE).first()
        applicant = Applicant.objects.filter(user__username="company").first()
        if bundle is None or applicant is None:
            self.stdout.write("未找到开办餐馆一件事或企业演示账号，跳过一业一证演示。")
            return None
        try:
            with transaction.atomic():
                case = _submit(demo, users["company"], applicant, COMPOSITE_KEY,
                               CaseStatus.APPROVED, bundle=bundle)  # fmt: skip
                if case is None:
                    case = Case.objects.filter(idempotency_key=COMPOSITE_KEY).first()
                else:
                    cases.case_pre_review(case_id=case.pk, actor=demo.clerk)
                    cases.case_accept(case_id=case.pk, actor=demo.clerk)
                self._approve_all(demo, case)
                return services.license_issue(case=case, actor=demo.reviewer), True
        except DomainError as exc:
            self.stdout.write(f"一业一证演示未能生成：{exc.message}")
            return None

    @staticmethod
    def _approve_all(demo: Demo, case: Case) -> None:
        """Every department agrees, step after step, until the case is decided."""
        for _ in range(10):
            open_reviews = list(
                case.reviews.filter(status=ReviewStatus.OPEN).order_by("step", "id")
            )
            if not open_reviews:
                return
            for review in open_reviews:
                actor = demo.act_for(review.department_id)
                cases.review_decide(review_id=review.pk, actor=actor, approve=True, opinion="同意")

    @staticmethod
    def _revocations(demo: Demo, composite: License | None) -> None:
        revoked = License.objects.filter(
            case__idempotency_key=REVOKED_CASE_KEY, status=LicenseStatus.VALID
        ).first()
        if revoked is not None:
            services.license_revoke(license_id=revoked.pk, actor=None, reason=REVOKE_REASON)
        if composite is None or composite.permits.filter(status=LicenseStatus.REVOKED).exists():
            return
        permit = composite.permits.order_by("-id").first()
        if permit is not None:
            services.license_revoke(license_id=permit.pk, actor=None, reason=PERMIT_REVOKE_REASON)
