from django.db import models


class TrustClass(models.TextChoices):
    """How a material may be pledged (国办发〔2020〕42号 and local 容缺 practice)."""

    FULL = "FULL", "告知承诺（以承诺替代证明）"
    SECONDARY = "SECONDARY", "容缺受理（次要材料后补）"
    DEFERRED = "DEFERRED", "现场核查后补交"


class CommitmentStatus(models.TextChoices):
    ACTIVE = "ACTIVE", "履行中"
    RECTIFYING = "RECTIFYING", "限期整改"
    FULFILLED = "FULFILLED", "已履行"
    BREACHED = "BREACHED", "未履行（已列失信）"

    @property
    def colour(self) -> str:
        return {"ACTIVE": "#1f6fb2", "RECTIFYING": "#d99a00", "FULFILLED": "#1f9d55",
                "BREACHED": "#d64545"}[self.value]  # fmt: skip


OPEN_STATUSES = (CommitmentStatus.ACTIVE, CommitmentStatus.RECTIFYING)


class ItemStatus(models.TextChoices):
    PLEDGED = "PLEDGED", "待补交"
    SUBMITTED = "SUBMITTED", "已补交待核验"
    VERIFIED = "VERIFIED", "核验通过"
    REJECTED = "REJECTED", "核验未通过，待重新补交"
    WAIVED = "WAIVED", "以承诺替代，无需补交"


DONE_ITEMS = (ItemStatus.VERIFIED, ItemStatus.WAIVED)


class CreditStatus(models.TextChoices):
    ACTIVE = "ACTIVE", "失信（公示中）"
    REPAIRED = "REPAIRED", "已信用修复"
