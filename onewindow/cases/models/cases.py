from django.conf import settings
from django.db import models
from django.db.models import Q

from onewindow.catalog.models import (
    Bundle,
    Department,
    Material,
    Matter,
    Region,
    ServicePoint,
    Window,
)

from ..choices import CaseChannel, CaseStatus, DeliveryMethod, MaterialCheck, NoticeKind
from .applicants import Applicant


class CaseCounter(models.Model):
    """The last case number given per number prefix and day; taken with one UPSERT ... RETURNING.

    The prefix is what the number shows (the first six digits of the region code, the
    county-level division), so every place sharing it shares one sequence a day."""

    prefix = models.CharField(max_length=12)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "day"], name="case_counter_unique")
        ]

    def __str__(self):
        return f"{self.prefix} {self.day} #{self.last}"


class Case(models.Model):
    number = models.CharField("办件编号", max_length=32, unique=True)
    matter = models.ForeignKey(
        Matter,
        verbose_name="事项（受理时版本）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    bundle = models.ForeignKey(
        Bundle,
        verbose_name="一件事",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    bundle_matters = models.ManyToManyField(
        Matter, verbose_name="一件事包含的事项版本", blank=True, related_name="bundle_cases"
    )
    applicant = models.ForeignKey(
        Applicant, verbose_name="申请人", on_delete=models.PROTECT, related_name="cases"
    )
    channel = models.CharField("申请渠道", max_length=14, choices=CaseChannel.choices)
    region = models.ForeignKey(
        Region, verbose_name="受理区划", on_delete=models.PROTECT, related_name="cases"
    )
    service_point = models.ForeignKey(
        ServicePoint,
        verbose_name="受理场所",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    window = models.ForeignKey(
        Window,
        verbose_name="受理窗口",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    lead_department = models.ForeignKey(
        Department, verbose_name="牵头部门", on_delete=models.PROTECT, related_name="led_cases"
    )
    form_data = models.JSONField("申请表", default=dict, blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=CaseStatus.choices, default=CaseStatus.SUBMITTED
    )
    promised_limit_days = models.PositiveSmallIntegerField("承诺时限（工作日）")
    suspended_workdays = models.PositiveSmallIntegerField("特殊环节用时（工作日）", default=0)

    submitted_at = models.DateTimeField("提交时间")
    materials_completed_at = models.DateTimeField("补正完成时间", null=True, blank=True)
    accepted_at = models.DateTimeField("受理时间", null=True, blank=True)
    due_at = models.DateTimeField("办结期限", null=True, blank=True)
    warn_at = models.DateTimeField("预警时间", null=True, blank=True)
    concluded_at = models.DateTimeField("办结时间", null=True, blank=True)
    delivered_at = models.DateTimeField("送达时间", null=True, blank=True)
    closed_at = models.DateTimeField("归档时间", null=True, blank=True)

    decision_reason = models.TextField("决定理由", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提交人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_cases",
    )
    idempotency_key = models.CharField(max_length=80, null=True, blank=True)
    version = models.PositiveIntegerField("版本号", default=1)

    class Meta:
        verbose_name = "办件"
        verbose_name_plural = "办件"
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(matter__isnull=False, bundle__isnull=True)
                | Q(matter__isnull=True, bundle__isnull=False),
                name="case_matter_xor_bundle",
                violation_error_message="办件须对应一个事项或一件事",
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True)
                | Q(due_at__isnull=False, warn_at__isnull=False),
                name="case_accepted_has_clock",
            ),
            models.UniqueConstraint(
                fields=["submitted_by", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="case_idempotency_key_unique",
            ),
        ]
        indexes = [
            # Signals are range queries on these, never sweeps.
            models.Index(fields=["status", "due_at"], name="case_status_due"),
            models.Index(fields=["status", "warn_at"], name="case_status_warn"),
            models.Index(
                fields=["lead_department", "status", "due_at"], name="case_dept_status_due"
            ),
            models.Index(fields=["submitted_at"], name="case_submitted"),
        ]

    def __str__(self):
        return self.number

    @property
    def title(self) -> str:
        return self.bundle.name if self.bundle_id else self.matter.name


class CaseMaterial(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="materials")
    material = models.ForeignKey(
        Material, verbose_name="目录材料", null=True, blank=True, on_delete=models.SET_NULL
    )
    name = models.CharField("材料名称", max_length=150)
    file = models.FileField("文件", upload_to="cases/%Y/%m/", blank=True)
    check_result = models.CharField(
        "核验结果", max_length=10, choices=MaterialCheck.choices, default=MaterialCheck.PROVIDED
    )
    check_note = models.CharField("核验意见", max_length=200, blank=True)
    checked_at = models.DateTimeField("核验时间", null=True, blank=True)

    class Meta:
        verbose_name = "办件材料"
        verbose_name_plural = "办件材料"
        ordering = ["case", "id"]

    def __str__(self):
        return self.name


class Notice(models.Model):
    """One of 三书一单. The PDF is rendered from these fields whenever it is asked for."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField("文书", max_length=12, choices=NoticeKind.choices)
    number = models.CharField("文书编号", max_length=40, unique=True)
    issued_at = models.DateTimeField("出具时间")
    department = models.ForeignKey(Department, verbose_name="出具部门", on_delete=models.PROTECT)
    items = models.JSONField("告知事项", default=list, blank=True)
    reason = models.TextField("理由", blank=True)

    class Meta:
        verbose_name = "文书（三书一单）"
        verbose_name_plural = "文书（三书一单）"
        ordering = ["case", "issued_at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"


class Delivery(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="delivery")
    method = models.CharField("送达方式", max_length=12, choices=DeliveryMethod.choices)
    address = models.CharField("邮寄地址", max_length=200, blank=True)
    tracking_number = models.CharField("快递单号", max_length=40, blank=True)
    delivered_at = models.DateTimeField("送达时间")
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = "送达"
        verbose_name_plural = "送达"
        constraints = [
            models.CheckConstraint(
                condition=~Q(method=DeliveryMethod.MAIL) | ~Q(tracking_number=""),
                name="delivery_mail_has_tracking",
                violation_error_message="邮寄送达须填写快递单号",
            )
        ]

    def __str__(self):
        return f"{self.case} {self.get_method_display()}"
