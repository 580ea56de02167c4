"""帮代办: runners at district, town and village level, the requests they take, and the
authorisation (授权委托) under which a runner applies for someone else."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from onewindow.cases.models import Applicant, Case
from onewindow.catalog.models import Region

from ..choices import AgencyMode, AgencySource, AgencyStatus


class Runner(models.Model):
    """A 帮代办员. Their region's level (district, town, village) is their level; `open_load`
    counts the requests they are busy with and is changed only in the transaction that
    assigns or finishes one, so assignment can compare loads without counting."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="账号",
        on_delete=models.PROTECT,
        related_name="runner",
    )
    full_name = models.CharField("姓名", max_length=50)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    region = models.ForeignKey(
        Region, verbose_name="服务区域", on_delete=models.PROTECT, related_name="runners"
    )
    capacity = models.PositiveSmallIntegerField(
        "同时承办上限", default=5, help_text="同时在办的帮代办请求达到此数时不再分派"
    )
    open_load = models.PositiveIntegerField("在办数", default=0, editable=False)
    is_active = models.BooleanField("在岗", default=True)

    class Meta:
        verbose_name = "帮代办员"
        verbose_name_plural = "帮代办员"
        ordering = ["region__code", "full_name"]

    def __str__(self):
        return f"{self.full_name}（{self.region}）"


class AgencyRequest(models.Model):
    applicant = models.ForeignKey(
        Applicant, verbose_name="申请人", on_delete=models.PROTECT, related_name="agency_requests"
    )
    matter_code = models.CharField("事项编码", max_length=64)
    matter_name = models.CharField("事项名称", max_length=200)
    mode = models.CharField("服务方式", max_length=16, choices=AgencyMode.choices)
    source = models.CharField("来源", max_length=10, choices=AgencySource.choices)
    region = models.ForeignKey(
        Region, verbose_name="所在区域", on_delete=models.PROTECT, related_name="agency_requests"
    )
    address = models.CharField("联系地址", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=20)
    note = models.TextField("需求说明", blank=True)
    status = models.CharField(
        "状态", max_length=12, choices=AgencyStatus.choices, default=AgencyStatus.WAITING
    )
    runner = models.ForeignKey(
        Runner,
        verbose_name="帮代办员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests",
    )
    case = models.OneToOneField(
        Case,
        verbose_name="代办办件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agency_request",
    )
    mail_address = models.CharField("结果寄送地址", max_length=200, blank=True)
    outcome_note = models.TextField("办理说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间")
    assigned_at = models.DateTimeField("分派时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "帮代办请求"
        verbose_name_plural = "帮代办请求"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=AgencyStatus.WAITING)
                | Q(status=AgencyStatus.CANCELLED)
                | Q(runner__isnull=False),
                name="agency_request_runner_when_taken",
                violation_error_message="已分派的请求须有帮代办员",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[AgencyStatus.APPLIED, AgencyStatus.DELIVERED])
                | Q(case__isnull=False),
                name="agency_request_case_when_applied",
                violation_error_message="已代为申请的请求须有办件",
            ),
        ]
        indexes = [models.Index(fields=["runner", "status"], name="agency_runner_status")]

    def __str__(self):
        return f"{self.number} {self.matter_name}"

    @property
    def number(self) -> str:
        return f"BD{self.pk:07d}" if self.pk else "BD-"

    @property
    def status_colour(self) -> str:
        return AgencyStatus(self.status).colour


class Authorisation(models.Model):
    """授权委托: what the applicant entrusts the runner with, and until when."""

    request = models.OneToOneField(
        AgencyRequest,
        verbose_name="帮代办请求",
        on_delete=models.CASCADE,
        related_name="authorisation",
    )
    runner = models.ForeignKey(
        Runner, verbose_name="受托人", on_delete=models.PROTECT, related_name="authorisations"
    )
    grantor_name = models.CharField("委托人", max_length=100)
    grantor_id_number = models.CharField("委托人证件号码", max_length=18)
    scope = models.CharField(
        "委托事项", max_length=300, help_text="例如：代为提交申请材料、代为领取并寄送结果"
    )
    matter_code = models.CharField("委托办理的事项编码", max_length=64)
    valid_from = models.DateField("委托起始日")
    valid_until = models.DateField("委托截止日")
    signed_at = models.DateTimeField("签署时间")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="记录人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "授权委托"
        verbose_name_plural = "授权委托"
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("valid_from")),
                name="authorisation_period_valid",
                violation_error_message="委托截止日不能早于起始日",
            )
        ]

    def __str__(self):
        return f"{self.grantor_name} → {self.runner.full_name}：{self.scope}"

    def covers(self, matter_code: str, day) -> bool:
        return self.matter_code == matter_code and self.valid_from <= day <= self.valid_until
