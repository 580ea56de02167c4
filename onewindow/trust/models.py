from django.conf import settings
from django.db import models
from django.db.models import Q

from onewindow.cases.models import Applicant, Case

from .choices import CommitmentStatus, CreditStatus, ItemStatus, TrustClass


class TrustPolicy(models.Model):
    """Whether a matter (by code, so it survives new versions) may be applied for on a pledge,
    and the deadline for what is pledged. Kept here rather than in the catalog because it is
    the trust rules' configuration, edited in the admin by the service management office."""

    matter_code = models.CharField("事项编码", max_length=64, unique=True)
    enabled = models.BooleanField("实行告知承诺制", default=True)
    deadline_months = models.PositiveSmallIntegerField(
        "承诺补交期限（月）", default=2, help_text="自受理之日起计算"
    )
    conditions = models.TextField(
        "许可条件（告知承诺书载明）", blank=True, help_text="留空时使用事项的受理条件"
    )
    verification = models.CharField(
        "事后核查方式", max_length=200, default="书面核查、网络核查，必要时现场核查"
    )

    class Meta:
        verbose_name = "告知承诺事项"
        verbose_name_plural = "告知承诺事项"
        ordering = ["matter_code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline_months__gte=1, deadline_months__lte=24),
                name="trust_policy_deadline_range",
                violation_error_message="承诺期限应在1至24个月之间",
            )
        ]

    def __str__(self):
        return f"{self.matter_code}（{self.deadline_months}个月）"


class TrustMaterialRule(models.Model):
    """One material of the matter that may be pledged, and how (by name: materials are
    re-created with each version of a matter)."""

    policy = models.ForeignKey(TrustPolicy, on_delete=models.CASCADE, related_name="rules")
    material_name = models.CharField("材料名称", max_length=150)
    trust_class = models.CharField("承诺类别", max_length=10, choices=TrustClass.choices)

    class Meta:
        verbose_name = "可承诺材料"
        verbose_name_plural = "可承诺材料"
        ordering = ["policy", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "material_name"], name="trust_rule_one_per_material"
            )
        ]

    def __str__(self):
        return f"{self.material_name}：{self.get_trust_class_display()}"


class Commitment(models.Model):
    """告知承诺书 as signed: the case was accepted on it; the items are what is owed."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="commitment")
    applicant = models.ForeignKey(
        Applicant, verbose_name="承诺人", on_delete=models.PROTECT, related_name="commitments"
    )
    number = models.CharField("承诺书编号", max_length=40, unique=True)
    status = models.CharField(
        "状态", max_length=10, choices=CommitmentStatus.choices, default=CommitmentStatus.ACTIVE
    )
    letter = models.JSONField("承诺书内容", default=dict)  # what was shown when signing
    signer_name = models.CharField("签署人", max_length=100)
    signature = models.ImageField("手写签名", upload_to="trust/signatures/%Y/%m/", blank=True)
    signed_at = models.DateTimeField("签署时间")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        verbose_name="经办账号", related_name="+",
    )  # fmt: skip
    due_date = models.DateField("承诺补交期限", null=True, blank=True, db_index=True)
    rectification_due_date = models.DateField("整改期限", null=True, blank=True)
    rectification_ordered_at = models.DateTimeField("责令整改时间", null=True, blank=True)
    fulfilled_at = models.DateTimeField("履行完毕时间", null=True, blank=True)
    breached_at = models.DateTimeField("认定失信时间", null=True, blank=True)
    revocation_reason = models.TextField("撤销理由", blank=True)
    revoked_licenses = models.JSONField("撤销的证照", default=list, blank=True)

    class Meta:
        verbose_name = "告知承诺"
        verbose_name_plural = "告知承诺"
        ordering = ["-signed_at"]
        indexes = [models.Index(fields=["status", "due_date"], name="commitment_status_due")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=CommitmentStatus.RECTIFYING)
                | Q(rectification_due_date__isnull=False),
                name="commitment_rectifying_has_deadline",
            ),
        ]

    def __str__(self):
        return self.number


class CommitmentItem(models.Model):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="items")
    material_name = models.CharField("材料名称", max_length=150)
    trust_class = models.CharField("承诺类别", max_length=10, choices=TrustClass.choices)
    due_date = models.DateField("补交期限", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=ItemStatus.choices, default=ItemStatus.PLEDGED
    )
    file = models.FileField("补交文件", upload_to="trust/materials/%Y/%m/", blank=True)
    submitted_at = models.DateTimeField("补交时间", null=True, blank=True)
    verified_at = models.DateTimeField("核验时间", null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        verbose_name="核验人", related_name="+",
    )  # fmt: skip
    note = models.CharField("核验意见", max_length=200, blank=True)

    class Meta:
        verbose_name = "承诺材料"
        verbose_name_plural = "承诺材料"
        ordering = ["commitment", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(trust_class=TrustClass.FULL) | Q(due_date__isnull=False),
                name="commitment_item_deferred_has_due",
                violation_error_message="后补材料须有补交期限",
            )
        ]

    def __str__(self):
        return self.material_name


class Reminder(models.Model):
    """A reminder sent for a due date of a commitment, N days before: one row each, so the
    periodic task never sends the same reminder twice."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="reminders")
    due_date = models.DateField("到期日")
    days_before = models.PositiveSmallIntegerField("提前天数")
    sent_at = models.DateTimeField("发送时间")

    class Meta:
        verbose_name = "到期提醒"
        verbose_name_plural = "到期提醒"
        ordering = ["commitment", "sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "due_date", "days_before"], name="reminder_once"
            )
        ]

    def __str__(self):
        return f"{self.commitment} 到期前{self.days_before}天"


class CreditRecord(models.Model):
    """失信记录: made when a pledge was not kept after rectification; listed publicly until
    repaired, and a bar to trust approval for TRUST_BAR_YEARS from when it was made."""

    applicant = models.ForeignKey(
        Applicant, verbose_name="当事人", on_delete=models.PROTECT, related_name="credit_records"
    )
    commitment = models.ForeignKey(
        Commitment, null=True, blank=True, on_delete=models.PROTECT, related_name="credit_records"
    )
    status = models.CharField(
        "状态", max_length=10, choices=CreditStatus.choices, default=CreditStatus.ACTIVE
    )
    reason = models.TextField("失信事实")
    recorded_at = models.DateTimeField("认定时间", db_index=True)
    bar_until = models.DateField("不得适用告知承诺至")
    repaired_at = models.DateTimeField("修复时间", null=True, blank=True)
    repaired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        verbose_name="修复审核人", related_name="+",
    )  # fmt: skip
    repair_note = models.TextField("修复说明", blank=True)

    class Meta:
        verbose_name = "失信记录"
        verbose_name_plural = "失信记录"
        ordering = ["-recorded_at"]
        indexes = [models.Index(fields=["applicant", "status"], name="credit_applicant_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=CreditStatus.ACTIVE) | Q(repaired_at__isnull=False),
                name="credit_repaired_has_time",
            )
        ]

    def __str__(self):
        return f"{self.applicant} {self.get_status_display()}"
