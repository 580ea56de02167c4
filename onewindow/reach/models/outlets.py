"""Outlets (邮政 / 通信运营商代办网点) entrusted with matters, and 跨镇通办: matters any
service point accepts and routes to the competent office."""

from django.conf import settings
from django.db import models

from onewindow.cases.models import Case
from onewindow.catalog.models import Region, ServicePoint


class OutletMatter(models.Model):
    """One matter an outlet is entrusted with (委托代办事项). Kept in step with the catalog's
    ServicePoint.matters by reach.services.outlets, which case intake checks."""

    service_point = models.ForeignKey(
        ServicePoint,
        verbose_name="代办网点",
        on_delete=models.CASCADE,
        related_name="entrusted_matters",
    )
    matter_code = models.CharField("事项编码", max_length=64)
    matter_name = models.CharField("事项名称", max_length=200)
    outlet_delivers = models.BooleanField("由网点送达结果", default=True)
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("委托时间", auto_now_add=True)

    class Meta:
        verbose_name = "网点委托事项"
        verbose_name_plural = "网点委托事项"
        ordering = ["service_point__code", "matter_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["service_point", "matter_code"], name="outlet_matter_unique"
            )
        ]

    def __str__(self):
        return f"{self.service_point}：{self.matter_name}"


class CrossTownMatter(models.Model):
    """A matter marked for 跨镇通办: any service point takes it and routes the case to the
    competent office of the applicant's town or village."""

    matter_code = models.CharField("事项编码", max_length=64, unique=True)
    matter_name = models.CharField("事项名称", max_length=200)
    is_active = models.BooleanField("启用", default=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "跨镇通办事项"
        verbose_name_plural = "跨镇通办事项"
        ordering = ["matter_code"]

    def __str__(self):
        return self.matter_name


class CrossTownRouting(models.Model):
    """Where a 跨镇通办 case was taken and the office it was routed to."""

    case = models.OneToOneField(
        Case, verbose_name="办件", on_delete=models.CASCADE, related_name="cross_town"
    )
    accepted_at_point = models.ForeignKey(
        ServicePoint, verbose_name="收件场所", on_delete=models.PROTECT, related_name="+"
    )
    competent_region = models.ForeignKey(
        Region, verbose_name="属地区划", on_delete=models.PROTECT, related_name="+"
    )
    competent_point = models.ForeignKey(
        ServicePoint, verbose_name="承办场所", on_delete=models.PROTECT, related_name="+"
    )
    routed_at = models.DateTimeField("流转时间")
    routed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "跨镇通办流转"
        verbose_name_plural = "跨镇通办流转"
        ordering = ["-routed_at"]

    def __str__(self):
        return f"{self.case}：{self.accepted_at_point} → {self.competent_point}"
