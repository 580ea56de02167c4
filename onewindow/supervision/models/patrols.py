from django.conf import settings
from django.db import models

from onewindow.catalog.models import ServicePoint, Window

from .assessment import DeductionItem


class PatrolLog(models.Model):
    """日巡查: one log per service point and day, with what the patrol found."""

    service_point = models.ForeignKey(
        ServicePoint, verbose_name="服务场所", on_delete=models.PROTECT, related_name="+"
    )
    day = models.DateField("巡查日期")
    patrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="巡查人", on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField("巡查情况", blank=True)
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "日巡查"
        verbose_name_plural = "日巡查"
        ordering = ["-day", "service_point"]
        constraints = [
            models.UniqueConstraint(fields=["service_point", "day"], name="patrol_one_per_day")
        ]

    def __str__(self):
        return f"{self.day} {self.service_point}"


class PatrolFinding(models.Model):
    """A problem a patrol saw: at a window, by a person; deducts the item's points from that
    person when the patrol says so (the deduction names this finding)."""

    log = models.ForeignKey(
        PatrolLog, verbose_name="巡查记录", on_delete=models.CASCADE, related_name="findings"
    )
    window = models.ForeignKey(
        Window,
        verbose_name="窗口",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="工作人员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    item = models.ForeignKey(
        DeductionItem, verbose_name="问题类型", on_delete=models.PROTECT, related_name="+"
    )
    description = models.CharField("问题描述", max_length=300)
    seen_at = models.DateTimeField("发现时间")

    class Meta:
        verbose_name = "巡查发现问题"
        verbose_name_plural = "巡查发现问题"
        ordering = ["log", "seen_at", "id"]

    def __str__(self):
        return self.description
