from django.db import models


class Channel(models.TextChoices):
    SMS = "SMS", "短信"
    EMAIL = "EMAIL", "电子邮件"


class MessageStatus(models.TextChoices):
    QUEUED = "QUEUED", "待发送"
    SENT = "SENT", "已发送"
    FAILED = "FAILED", "发送失败"
