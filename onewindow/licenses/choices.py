from django.db import models


class LicenseKind(models.TextChoices):
    PERMIT = "PERMIT", "许可证照"
    COMPOSITE = "COMPOSITE", "行业综合许可证"


class LicenseStatus(models.TextChoices):
    """What is stored. Expiry is not stored: it follows from valid_to and today."""

    VALID = "VALID", "有效"
    REVOKED = "REVOKED", "已撤销"


class Verdict(models.TextChoices):
    """What verification answers, for the verify page, the API and the command."""

    VALID = "VALID", "有效"
    PARTIAL = "PARTIAL", "有效（部分许可已撤销）"
    EXPIRED = "EXPIRED", "已过期"
    REVOKED = "REVOKED", "已撤销"
    INVALID = "INVALID", "验证失败：签名无效或数据被篡改"

    @property
    def colour(self) -> str:
        return {
            "VALID": "#1f9d55",
            "PARTIAL": "#d99a00",
            "EXPIRED": "#6b7280",
            "REVOKED": "#d64545",
            "INVALID": "#d64545",
        }[self.value]
