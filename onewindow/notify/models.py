from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from .choices import Channel, MessageStatus


class OutboxMessage(models.Model):
    """One SMS or e-mail, stored before it is handed to a backend, so staff can always see
    what the platform told whom and whether it went out."""

    channel = models.CharField("渠道", max_length=8, choices=Channel.choices)
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="收件账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outbox_messages",
    )
    phone = models.CharField("手机号码", max_length=20, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    subject = models.CharField("标题", max_length=150, blank=True)
    body = models.TextField("内容")
    status = models.CharField(
        "状态", max_length=8, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    backend = models.CharField("发送通道", max_length=120, blank=True)
    error = models.CharField("失败原因", max_length=300, blank=True)
    # What the message is about (a commitment, a case…), for the staff list and look-ups.
    related_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, verbose_name="关联对象类型"
    )
    related_id = models.CharField("关联对象编号", max_length=40, blank=True)
    related_repr = models.CharField("关联对象", max_length=200, blank=True)
    # A caller that must not send the same message twice (a reminder) names it; the
    # database refuses a second row with the same key.
    dedupe_key = models.CharField("去重键", max_length=120, null=True, blank=True, unique=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "消息"
        verbose_name_plural = "消息发件箱"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(channel=Channel.SMS) | ~Q(phone=""),
                name="outbox_sms_has_phone",
                violation_error_message="短信须有手机号码",
            ),
            models.CheckConstraint(
                condition=~Q(channel=Channel.EMAIL) | ~Q(email=""),
                name="outbox_email_has_address",
                violation_error_message="电子邮件须有收件地址",
            ),
        ]
        indexes = [models.Index(fields=["related_type", "related_id"], name="outbox_related")]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.phone or self.email}：{self.subject or self.body[:20]}"

    @property
    def recipient(self) -> str:
        return self.phone if self.channel == Channel.SMS else self.email
