"""跨省通办 (异地代收代办): signed transfer packages between OneWindow platforms.

This platform's own signing key, its partners (their base URL, public key, and the token
we hold there), packages sent (TransferOut), packages received (TransferIn) and the status
updates a received case sends back (TransferUpdate, an outbox)."""

import uuid

from django.conf import settings
from django.db import models

from onewindow.cases.models import Applicant, Case
from onewindow.catalog.models import ServicePoint

from ..choices import TransferStatus


class PlatformKey(models.Model):
    """This platform's name among its partners, and the key id and public key of the key it
    signs with (one row; the private key stays in lib.signing's configuration)."""

    code = models.CharField("平台编码", max_length=40, unique=True)
    name = models.CharField("平台名称", max_length=100)
    key_id = models.CharField("密钥编号", max_length=40)
    public_key = models.CharField("公钥（Base64）", max_length=64)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    class Meta:
        verbose_name = "本平台签名密钥"
        verbose_name_plural = "本平台签名密钥"

    def __str__(self):
        return f"{self.name}（{self.code}，{self.key_id}）"


class Partner(models.Model):
    code = models.CharField("平台编码", max_length=40, unique=True)
    name = models.CharField("平台名称", max_length=100)
    base_url = models.URLField(
        "接口地址", help_text="对方平台的根地址，如 https://zwfw.example.gov.cn"
    )
    key_id = models.CharField("对方密钥编号", max_length=40)
    public_key = models.CharField("对方公钥（Base64）", max_length=64)
    token = models.CharField(
        "本平台在对方的接口令牌", max_length=120, help_text="发送转办包、回传状态时使用"
    )
    inbound_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="对方调用本平台所用账号",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "跨省通办合作平台"
        verbose_name_plural = "跨省通办合作平台"
        ordering = ["code"]

    def __str__(self):
        return f"{self.name}（{self.code}）"


class TransferOut(models.Model):
    package_id = models.UUIDField("转办包编号", default=uuid.uuid4, unique=True, editable=False)
    partner = models.ForeignKey(
        Partner, verbose_name="目的平台", on_delete=models.PROTECT, related_name="sent"
    )
    applicant = models.ForeignKey(
        Applicant, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    matter_code = models.CharField("对方事项编码", max_length=64)
    matter_name = models.CharField("事项名称", max_length=200)
    form_data = models.JSONField("申请表", default=dict, blank=True)
    materials = models.JSONField("材料清单", default=list, blank=True)
    service_point = models.ForeignKey(
        ServicePoint,
        verbose_name="收件场所",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("收件时间")
    status = models.CharField(
        "发送状态", max_length=8, choices=TransferStatus.choices, default=TransferStatus.READY
    )
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    last_error = models.CharField("最近错误", max_length=300, blank=True)
    remote_case_number = models.CharField("对方办件编号", max_length=32, blank=True)
    remote_status = models.CharField("对方办件状态", max_length=20, blank=True)
    remote_status_label = models.CharField("对方办件状态名称", max_length=20, blank=True)
    remote_version = models.PositiveIntegerField("对方状态版本", default=0)
    remote_updated_at = models.DateTimeField("状态更新时间", null=True, blank=True)

    class Meta:
        verbose_name = "跨省通办转出"
        verbose_name_plural = "跨省通办转出"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.matter_name} → {self.partner.name}"


class TransferIn(models.Model):
    package_id = models.UUIDField("转办包编号", unique=True)
    partner = models.ForeignKey(
        Partner, verbose_name="来源平台", on_delete=models.PROTECT, related_name="received"
    )
    case = models.OneToOneField(
        Case, verbose_name="办件", on_delete=models.PROTECT, related_name="transfer_in"
    )
    callback_url = models.URLField("状态回传地址")
    signature = models.CharField("签名", max_length=200)
    received_at = models.DateTimeField("接收时间")

    class Meta:
        verbose_name = "跨省通办转入"
        verbose_name_plural = "跨省通办转入"
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.case} ← {self.partner.name}"


class TransferUpdate(models.Model):
    """A status update of a received case, owed to its sender (written with the move,
    sent after commit, retried by `manage.py reach_send_updates` until it is taken)."""

    transfer = models.ForeignKey(TransferIn, on_delete=models.CASCADE, related_name="updates")
    version = models.PositiveIntegerField("办件版本")
    status = models.CharField("状态", max_length=20)
    body = models.JSONField("签名后的报文")
    created_at = models.DateTimeField("生成时间")
    sent_at = models.DateTimeField("送达时间", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    last_error = models.CharField("最近错误", max_length=300, blank=True)

    class Meta:
        verbose_name = "状态回传"
        verbose_name_plural = "状态回传"
        ordering = ["transfer", "version"]
        constraints = [
            models.UniqueConstraint(fields=["transfer", "version"], name="transfer_update_unique")
        ]

    def __str__(self):
        return f"{self.transfer.case} v{self.version} {self.status}"
