from django.db import models


class QueueKind(models.TextChoices):
    COMPREHENSIVE = "COMPREHENSIVE", "综合受理"
    DOMAIN = "DOMAIN", "分领域"
    PRIORITY = "PRIORITY", "绿色通道"


class TicketStatus(models.TextChoices):
    WAITING = "WAITING", "等待叫号"
    CALLED = "CALLED", "已叫号"
    SERVING = "SERVING", "办理中"
    DONE = "DONE", "已办结"
    NO_SHOW = "NO_SHOW", "过号"
    TRANSFERRED = "TRANSFERRED", "已转移"
    CANCELLED = "CANCELLED", "已取消"


# A window holds at most one of these at a time (a database constraint says so too).
OPEN_AT_WINDOW = (TicketStatus.CALLED, TicketStatus.SERVING)


class TicketSource(models.TextChoices):
    KIOSK = "KIOSK", "自助取号机"
    WEB = "WEB", "网上取号"
    APPOINTMENT = "APPOINTMENT", "预约签到"
    PRE_REVIEW = "PRE_REVIEW", "预审台"
    TRANSFER = "TRANSFER", "转号"


class Rank(models.IntegerChoices):
    """Calling order inside the queues a window serves: lower is called first."""

    PRIORITY = 0, "绿色通道"
    APPOINTMENT = 1, "预约"
    WALK_IN = 2, "现场取号"


class AppointmentStatus(models.TextChoices):
    BOOKED = "BOOKED", "已预约"
    CHECKED_IN = "CHECKED_IN", "已签到"
    NO_SHOW = "NO_SHOW", "爽约"
    CANCELLED = "CANCELLED", "已取消"
