from django.conf import settings
from django.db import models
from django.db.models import Q

from onewindow.cases.models import Case
from onewindow.catalog.models import Department

from ..choices import AccountabilityStatus


class Accountability(models.Model):
    """超期问责: one record per case that turned red (the one-to-one on the case is the
    invariant: a second sweep, or two at once, cannot add another), against the department
    that held the case and its reviewer, to be explained and closed."""

    case = models.OneToOneField(
        Case, verbose_name="办件", on_delete=models.PROTECT, related_name="accountability"
    )
    department = models.ForeignKey(
        Department, verbose_name="责任部门", on_delete=models.PROTECT, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="责任人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accountabilities",
    )
    due_at = models.DateTimeField("办结期限")
    found_at = models.DateTimeField("发现超期时间")
    status = models.CharField(
        "状态",
        max_length=10,
        choices=AccountabilityStatus.choices,
        default=AccountabilityStatus.OPEN,
    )
    explanation = models.TextField("情况说明", blank=True)
    explained_at = models.DateTimeField("说明时间", null=True, blank=True)
    explained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    conclusion = models.TextField("处理意见", blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Which sweep inserted the row: lets a sweep that inserts with ON CONFLICT DO NOTHING
    # tell its own rows from those a concurrent sweep inserted.
    sweep_token = models.CharField(max_length=32, blank=True, editable=False)

    class Meta:
        verbose_name = "超期问责"
        verbose_name_plural = "超期问责"
        ordering = ["-found_at", "-id"]
        indexes = [
            models.Index(fields=["status", "found_at"], name="acct_status_found"),
            models.Index(fields=["department", "status"], name="acct_dept_status"),
            models.Index(fields=["sweep_token"], name="acct_sweep_token"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=AccountabilityStatus.CLOSED) | Q(closed_at__isnull=False),
                name="acct_closed_has_time",
            )
        ]

    def __str__(self):
        return f"超期问责 {self.case.number}"
