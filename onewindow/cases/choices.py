from django.db import models


class CaseChannel(models.TextChoices):
    WINDOW = "WINDOW", "窗口"
    ONLINE = "ONLINE", "网上"
    MOBILE = "MOBILE", "掌上"
    OUTLET = "OUTLET", "代办网点"
    AGENT = "AGENT", "帮代办"
    CROSS_REGION = "CROSS_REGION", "跨域通办"


class CaseStatus(models.TextChoices):
    SUBMITTED = "SUBMITTED", "已提交"
    PRE_REVIEWED = "PRE_REVIEWED", "已预审"
    SUPPLEMENT_REQUESTED = "SUPPLEMENT_REQUESTED", "待补正"
    REFUSED = "REFUSED", "不予受理"
    ACCEPTED = "ACCEPTED", "已受理"
    IN_REVIEW = "IN_REVIEW", "审查中"
    SUSPENDED = "SUSPENDED", "特殊环节"
    APPROVED = "APPROVED", "准予许可"
    DENIED = "DENIED", "不予许可"
    DELIVERED = "DELIVERED", "已送达"
    CLOSED = "CLOSED", "已办结归档"
    WITHDRAWN = "WITHDRAWN", "已撤回"


# The clock runs in these states; a signal is shown only for them.
CLOCK_RUNNING = (CaseStatus.ACCEPTED, CaseStatus.IN_REVIEW)
# A decision has not been made yet: the applicant may still withdraw.
UNDECIDED = (
    CaseStatus.SUBMITTED,
    CaseStatus.PRE_REVIEWED,
    CaseStatus.SUPPLEMENT_REQUESTED,
    CaseStatus.ACCEPTED,
    CaseStatus.IN_REVIEW,
    CaseStatus.SUSPENDED,
)
CONCLUDED = (CaseStatus.APPROVED, CaseStatus.DENIED, CaseStatus.DELIVERED, CaseStatus.CLOSED)


class Signal(models.TextChoices):
    """红黄绿灯: GREEN on time, YELLOW warning, RED overdue."""

    GREEN = "GREEN", "绿灯"
    YELLOW = "YELLOW", "黄灯"
    RED = "RED", "红灯"

    @property
    def colour(self) -> str:
        return {"GREEN": "#1f9d55", "YELLOW": "#d99a00", "RED": "#d64545"}[self.value]


class MaterialCheck(models.TextChoices):
    PROVIDED = "PROVIDED", "已提交"
    MISSING = "MISSING", "缺少"
    INVALID = "INVALID", "不符合要求"
    # Deferred under a signed pledge (告知承诺 / 容缺): set only by the trust app, never at
    # pre-review; acceptance treats it as no problem because a Commitment covers it.
    PLEDGED = "PLEDGED", "承诺后补"


# The results that let a case be accepted as it stands.
ACCEPTABLE_CHECKS = (MaterialCheck.PROVIDED, MaterialCheck.PLEDGED)


class ReviewStatus(models.TextChoices):
    WAITING = "WAITING", "等待前序环节"
    OPEN = "OPEN", "待审查"
    APPROVED = "APPROVED", "同意"
    DENIED = "DENIED", "不同意"
    CANCELLED = "CANCELLED", "已取消"


class NoticeKind(models.TextChoices):
    """三书一单."""

    ACCEPTANCE = "ACCEPTANCE", "受理通知单"
    SUPPLEMENT = "SUPPLEMENT", "一次性告知书"
    REFUSAL = "REFUSAL", "不予受理通知书"
    DENIAL = "DENIAL", "不予许可决定书"


class DeliveryMethod(models.TextChoices):
    WINDOW = "WINDOW", "窗口领取"
    MAIL = "MAIL", "邮寄送达"
    ELECTRONIC = "ELECTRONIC", "电子送达"
