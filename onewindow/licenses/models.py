"""E-licenses (电子证照) and composite industry licenses (一业一证).

A License keeps the exact text that was signed (`payload`, canonical JSON) beside its
signature and key id: verification checks those bytes, and the holder data shown on the
verify page is read from the payload, so a changed column or a changed payload both fail.
The columns repeat the payload's facts for lists, search and the admin. Status is live
state (revocation happens after signing); expiry follows from valid_to and is not stored.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from onewindow.accounts.models import ApplicantKind
from onewindow.cases.models import Case
from onewindow.catalog.models import Department, IndustryLicense, Matter

from .choices import LicenseKind, LicenseStatus


class LicenseCounter(models.Model):
    """The last sequence given per number prefix and year; taken with one UPSERT."""

    prefix = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "证照编号计数器"
        verbose_name_plural = "证照编号计数器"
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="license_counter_unique")
        ]

    def __str__(self):
        return f"{self.prefix} {self.year} #{self.last}"


class LicenseQuerySet(models.QuerySet):
    def valid_on(self, day: date):
        return self.filter(status=LicenseStatus.VALID, valid_from__lte=day, valid_to__gte=day)


class License(models.Model):
    number = models.CharField("证照编号", max_length=40, unique=True)
    kind = models.CharField(
        "证照类型", max_length=10, choices=LicenseKind.choices, default=LicenseKind.PERMIT
    )
    title = models.CharField("证照名称", max_length=120)
    case = models.ForeignKey(
        Case, verbose_name="办件", on_delete=models.PROTECT, related_name="licenses"
    )
    matter = models.ForeignKey(
        Matter,
        verbose_name="事项",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="licenses",
    )
    industry_license = models.ForeignKey(
        IndustryLicense,
        verbose_name="一业一证",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="licenses",
    )
    composite = models.ForeignKey(
        "self",
        verbose_name="所属行业综合许可证",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="permits",
    )
    holder_kind = models.CharField("持证人类型", max_length=16, choices=ApplicantKind.choices)
    holder_name = models.CharField("持证人", max_length=100)
    holder_id_number = models.CharField("持证人证件号码", max_length=18)
    scope = models.TextField("许可范围", blank=True)
    department = models.ForeignKey(
        Department, verbose_name="发证部门", on_delete=models.PROTECT, related_name="licenses"
    )
    valid_from = models.DateField("有效期自")
    valid_to = models.DateField("有效期至")
    issued_at = models.DateTimeField("签发时间")
    status = models.CharField(
        "状态", max_length=8, choices=LicenseStatus.choices, default=LicenseStatus.VALID
    )
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    revoke_reason = models.TextField("撤销理由", blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="撤销人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    key_id = models.CharField("签名密钥标识", max_length=40)
    signature = models.CharField("签名", max_length=120)
    payload = models.TextField("签名数据")

    objects = LicenseQuerySet.as_manager()

    class Meta:
        verbose_name = "电子证照"
        verbose_name_plural = "电子证照"
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gte=F("valid_from")),
                name="license_valid_to_after_from",
                violation_error_message="有效期截止日不得早于起始日",
            ),
            models.CheckConstraint(
                condition=Q(status__in=LicenseStatus.values), name="license_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=LicenseStatus.VALID, revoked_at__isnull=True)
                | Q(status=LicenseStatus.REVOKED, revoked_at__isnull=False),
                name="license_revoked_has_time",
            ),
            models.CheckConstraint(
                condition=Q(kind=LicenseKind.PERMIT, matter__isnull=False)
                | Q(kind=LicenseKind.COMPOSITE, industry_license__isnull=False),
                name="license_kind_has_subject",
            ),
            # One valid license per case and matter, and one valid composite per case:
            # issuing twice (on approval and again by a retry) cannot make two.
            models.UniqueConstraint(
                fields=["case", "matter"],
                condition=Q(status=LicenseStatus.VALID, kind=LicenseKind.PERMIT),
                name="license_one_valid_permit_per_case_matter",
            ),
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status=LicenseStatus.VALID, kind=LicenseKind.COMPOSITE),
                name="license_one_valid_composite_per_case",
            ),
        ]
        indexes = [
            models.Index(fields=["department", "-issued_at"], name="license_dept_issued"),
            models.Index(fields=["holder_id_number"], name="license_holder"),
        ]

    def __str__(self):
        return f"{self.title} {self.number}"

    def is_expired(self, today: date | None = None) -> bool:
        return (today or timezone.localdate()) > self.valid_to

    @property
    def masked_holder_id(self) -> str:
        """Shown on the public verify page: the first 6 and last 4 characters only."""
        return f"{self.holder_id_number[:6]}********{self.holder_id_number[-4:]}"
