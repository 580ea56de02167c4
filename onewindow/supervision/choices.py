from django.db import models


class AccountabilityStatus(models.TextChoices):
    """超期问责: opened by the sweep, explained by the department, closed by the office."""

    OPEN = "OPEN", "待说明"
    EXPLAINED = "EXPLAINED", "已说明"
    CLOSED = "CLOSED", "已办结"


class ActionKind(models.TextChoices):
    """What an assessment threshold asks the office to do about a staff member."""

    TALK = "TALK", "约谈"
    RETURN = "RETURN", "退回原单位"


class ActionStatus(models.TextChoices):
    PENDING = "PENDING", "待落实"
    DONE = "DONE", "已落实"


class AwardKind(models.TextChoices):
    WINDOW = "WINDOW", "优质服务窗口"
    STAFF = "STAFF", "优质服务标兵"


# Codes of the deduction items the platform adds by itself; the office may rename them and
# change their points in the admin, but the codes are how the data finds them.
LATE = "LATE"
AWAY = "AWAY"
CHATTING = "CHATTING"
BAD_RATING = "BAD_RATING"
OVERDUE = "OVERDUE"
COMPLAINT = "COMPLAINT"
PATROL = "PATROL"
AUTOMATIC_ITEMS = (BAD_RATING, OVERDUE)
