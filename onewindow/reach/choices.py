from django.db import models


class AgencyMode(models.TextChoices):
    """The three ways a runner helps (帮办 / 代办)."""

    REMOTE_GUIDANCE = "REMOTE_GUIDANCE", "远程指导"
    ON_SITE = "ON_SITE", "上门协助"
    FULL_AGENCY = "FULL_AGENCY", "全程代办"


class AgencySource(models.TextChoices):
    WEB = "WEB", "网上申请"
    HOTLINE = "HOTLINE", "12345热线"
    WINDOW = "WINDOW", "窗口登记"


class AgencyStatus(models.TextChoices):
    WAITING = "WAITING", "待分派"
    ASSIGNED = "ASSIGNED", "已分派"
    AUTHORISED = "AUTHORISED", "已授权委托"
    APPLIED = "APPLIED", "已代为申请"
    DELIVERED = "DELIVERED", "已寄送结果"
    GUIDED = "GUIDED", "已指导完成"
    CANCELLED = "CANCELLED", "已取消"

    @property
    def colour(self) -> str:
        return {
            "WAITING": "#d99a00",
            "ASSIGNED": "#2b6cb0",
            "AUTHORISED": "#2b6cb0",
            "APPLIED": "#6b46c1",
            "DELIVERED": "#1f9d55",
            "GUIDED": "#1f9d55",
            "CANCELLED": "#718096",
        }[self.value]


# A runner is busy with these; their load counts them.
AGENCY_OPEN = (AgencyStatus.ASSIGNED, AgencyStatus.AUTHORISED, AgencyStatus.APPLIED)
AGENCY_FINISHED = (AgencyStatus.DELIVERED, AgencyStatus.GUIDED)


class TransferStatus(models.TextChoices):
    """An outgoing 跨省通办 package, as this platform sees it."""

    READY = "READY", "待发送"
    SENT = "SENT", "已送达对方平台"
    FAILED = "FAILED", "发送失败"
