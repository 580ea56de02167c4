from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class AuditEvent(models.Model):
    """Who did what to which object, when, and from where. Written by services only."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    # Every audited step writes a row, on the hottest paths too, so every index here is
    # paid for on each of them: action gets a plain index (no LIKE-pattern twin: it is only
    # ever matched whole), and content_type none of its own (the composite leads with it).
    action = models.CharField("动作", max_length=64)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name="对象类型",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        db_index=False,
    )
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    summary = models.CharField("摘要", max_length=500, blank=True)
    changes = models.JSONField("变更内容", default=dict, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    request_id = models.CharField("请求编号", max_length=64, blank=True)
    ip_address = models.GenericIPAddressField("来源地址", null=True, blank=True)

    class Meta:
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "created_at"]),
            models.Index(fields=["action"], name="audit_action"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"
