from django.conf import settings
from django.db import models

from onewindow.catalog.models import Department

from ..choices import ReviewStatus
from .cases import Case


class Review(models.Model):
    """One department's task on a case.

    Reviews with the same `step` run at the same time (parallel review, 并联审批);
    step n+1 opens when every review of step n has approved (serial steps, 审查 → 决定).
    The lead department's last step is the decision.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reviews")
    department = models.ForeignKey(
        Department, verbose_name="审查部门", on_delete=models.PROTECT, related_name="reviews"
    )
    step = models.PositiveSmallIntegerField("环节序号", default=1)
    step_name = models.CharField("环节", max_length=20, default="审查")
    is_lead = models.BooleanField("牵头部门", default=False)
    is_decision = models.BooleanField("决定环节", default=False)
    status = models.CharField(
        "状态", max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.WAITING
    )
    opinion = models.TextField("审查意见", blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审查人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviews",
    )
    opened_at = models.DateTimeField("开始时间", null=True, blank=True)
    decided_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "审查任务"
        verbose_name_plural = "审查任务"
        ordering = ["case", "step", "-is_lead", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "department", "step"], name="review_one_per_department_step"
            )
        ]
        indexes = [models.Index(fields=["department", "status"], name="review_dept_status")]

    def __str__(self):
        return f"{self.case} {self.department.display_name} {self.step_name}"


class Suspension(models.Model):
    """特殊环节 (hearing, inspection, expert review…): its working days are not counted."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="suspensions")
    reason = models.CharField("特殊环节", max_length=100)
    expected_workdays = models.PositiveSmallIntegerField("预计用时（工作日）", default=0)
    started_at = models.DateTimeField("开始时间")
    ended_at = models.DateTimeField("结束时间", null=True, blank=True)
    workdays = models.PositiveSmallIntegerField("实际用时（工作日）", default=0)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = "特殊环节"
        verbose_name_plural = "特殊环节"
        ordering = ["case", "started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(ended_at__isnull=True),
                name="suspension_one_open_per_case",
            )
        ]

    def __str__(self):
        return f"{self.case} {self.reason}"
