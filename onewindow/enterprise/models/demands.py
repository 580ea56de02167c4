"""Enterprise demands (企业诉求): filed, assigned to a department with a deadline in working
days, resolved, rated by the enterprise and reopened when it is not satisfied, until cleared
(动态清零). Each demand is also an Open311 GeoReport v2 service request; its category is an
Open311 service."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from onewindow.cases.models import Applicant
from onewindow.catalog.models import Department

from ..choices import DemandChannel, DemandStatus, Satisfaction
from .projects import ProjectCard


class DemandCounter(models.Model):
    """The last demand number given per day; taken with one UPSERT ... RETURNING."""

    day = models.DateField(unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "诉求编号计数"
        verbose_name_plural = "诉求编号计数"

    def __str__(self):
        return f"{self.day} #{self.last}"


class DemandService(models.Model):
    """A kind of demand (政策咨询, 要素保障 …): an Open311 service."""

    code = models.SlugField("服务代码", max_length=40, unique=True)
    name = models.CharField("诉求类别", max_length=60)
    description = models.CharField("说明", max_length=300, blank=True)
    group = models.CharField("分组", max_length=40, blank=True)
    keywords = models.CharField("关键词", max_length=200, blank=True, help_text="以逗号分隔")
    default_department = models.ForeignKey(
        Department,
        verbose_name="默认承办部门",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    limit_days = models.PositiveSmallIntegerField("办理时限（工作日）", default=5)
    order = models.PositiveSmallIntegerField("排序", default=100)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "诉求类别（Open311 服务）"
        verbose_name_plural = "诉求类别（Open311 服务）"
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(limit_days__gte=1), name="dservice_limit_positive")
        ]

    def __str__(self):
        return self.name


class Demand(models.Model):
    number = models.CharField("诉求编号", max_length=20, unique=True)
    service = models.ForeignKey(
        DemandService, verbose_name="诉求类别", on_delete=models.PROTECT, related_name="demands"
    )
    enterprise = models.ForeignKey(
        Applicant,
        verbose_name="企业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="demands",
    )
    project = models.ForeignKey(
        ProjectCard,
        verbose_name="所属项目",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="demands",
    )
    channel = models.CharField("来源渠道", max_length=10, choices=DemandChannel.choices)
    description = models.TextField("诉求内容")
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=20, blank=True)
    contact_email = models.EmailField("电子邮箱", blank=True)
    address_string = models.CharField("地点", max_length=200, blank=True)
    lat = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    long = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    attributes = models.JSONField("附加信息", default=dict, blank=True)

    status = models.CharField(
        "状态", max_length=10, choices=DemandStatus.choices, default=DemandStatus.SUBMITTED
    )
    department = models.ForeignKey(
        Department,
        verbose_name="承办部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="demands",
    )
    limit_days = models.PositiveSmallIntegerField("办理时限（工作日）", null=True, blank=True)
    assigned_at = models.DateTimeField("分派时间", null=True, blank=True)
    due_at = models.DateTimeField("办理期限", null=True, blank=True)
    warn_at = models.DateTimeField("预警时间", null=True, blank=True)
    resolved_at = models.DateTimeField("办结时间", null=True, blank=True)
    resolution = models.TextField("办理结果", blank=True)
    closed_at = models.DateTimeField("清零时间", null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField("重新办理次数", default=0)

    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提交人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="filed_demands",
    )
    created_at = models.DateTimeField("提交时间")
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = "企业诉求"
        verbose_name_plural = "企业诉求"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="SUBMITTED")
                | Q(department__isnull=False, due_at__isnull=False, warn_at__isnull=False),
                name="demand_assigned_has_clock",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["RESOLVED", "CLOSED"]) | ~Q(resolution=""),
                name="demand_resolved_has_resolution",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"], name="demand_status_due"),
            models.Index(fields=["status", "warn_at"], name="demand_status_warn"),
            models.Index(fields=["department", "status"], name="demand_dept_status"),
            models.Index(fields=["created_at"], name="demand_created"),
        ]

    def __str__(self):
        return self.number

    @property
    def due_date(self):
        """The last day of the limit (due_at is the first instant after it)."""
        if self.due_at is None:
            return None
        return timezone.localdate(self.due_at - timedelta(microseconds=1))


class DemandRating(models.Model):
    """The enterprise's verdict on one resolution; an unsatisfied one reopens the demand."""

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="ratings")
    satisfaction = models.CharField("评价", max_length=12, choices=Satisfaction.choices)
    comment = models.CharField("意见", max_length=500, blank=True)
    rated_at = models.DateTimeField("评价时间")
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="评价人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "诉求评价"
        verbose_name_plural = "诉求评价"
        ordering = ["demand", "rated_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfaction__in=["SATISFIED", "UNSATISFIED"]),
                name="drating_satisfaction_valid",
            )
        ]

    def __str__(self):
        return f"{self.demand.number} {self.get_satisfaction_display()}"
