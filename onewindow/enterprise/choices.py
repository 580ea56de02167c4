from django.db import models

from onewindow.cases.choices import Signal  # the one 红黄绿 of the platform

__all__ = [
    "DEMAND_OPEN",
    "DemandChannel",
    "DemandStatus",
    "MilestoneStatus",
    "ProjectStatus",
    "Satisfaction",
    "Signal",
]


class ProjectStatus(models.TextChoices):
    PREPARING = "PREPARING", "前期办理中"
    STARTED = "STARTED", "已开工"
    SUSPENDED = "SUSPENDED", "暂缓"


class MilestoneStatus(models.TextChoices):
    PENDING = "PENDING", "未开始"
    IN_PROGRESS = "IN_PROGRESS", "办理中"
    DONE = "DONE", "已完成"


class DemandChannel(models.TextChoices):
    WEB = "WEB", "网上提交"
    HOTLINE = "HOTLINE", "12345热线"
    STEWARD = "STEWARD", "项目管家代提"
    OPEN311 = "OPEN311", "Open311 接口"


class DemandStatus(models.TextChoices):
    SUBMITTED = "SUBMITTED", "待分派"
    ASSIGNED = "ASSIGNED", "办理中"
    RESOLVED = "RESOLVED", "已办结待评价"
    CLOSED = "CLOSED", "已清零"


# Not cleared yet: the 动态清零 board counts these.
DEMAND_OPEN = (DemandStatus.SUBMITTED, DemandStatus.ASSIGNED, DemandStatus.RESOLVED)


class Satisfaction(models.TextChoices):
    SATISFIED = "SATISFIED", "满意"
    UNSATISFIED = "UNSATISFIED", "不满意"
