import hashlib
import secrets

from django.conf import settings
from django.db import models

from onewindow.lib.identity import resident_id_problem, uscc_problem


class ApplicantKind(models.TextChoices):
    PERSON = "PERSON", "自然人"
    ORGANISATION = "ORGANISATION", "法人或其他组织"


class ApplicantAccount(models.Model):
    """An applicant's login: who they are, so their cases and ratings can be theirs."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applicant_account"
    )
    kind = models.CharField("类型", max_length=16, choices=ApplicantKind.choices)
    name = models.CharField("姓名/名称", max_length=100)
    id_number = models.CharField(
        "证件号码", max_length=18, unique=True, help_text="身份证号码或统一社会信用代码"
    )
    phone = models.CharField("手机号码", max_length=20, blank=True)

    class Meta:
        verbose_name = "申请人账号"
        verbose_name_plural = "申请人账号"

    def __str__(self):
        return self.name

    def id_number_problem(self) -> str | None:
        check = resident_id_problem if self.kind == ApplicantKind.PERSON else uscc_problem
        return check(self.id_number)


class StaffProfile(models.Model):
    """Where a staff member works. Roles are groups; this says in which unit and at which desk."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    full_name = models.CharField("姓名", max_length=50)
    employee_number = models.CharField("工号", max_length=20, unique=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    department = models.ForeignKey(
        "catalog.Department",
        verbose_name="所属部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    section = models.ForeignKey(
        "catalog.Section",
        verbose_name="所属科室",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    service_point = models.ForeignKey(
        "catalog.ServicePoint",
        verbose_name="服务场所",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    window = models.ForeignKey(
        "catalog.Window",
        verbose_name="窗口",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
    )
    region = models.ForeignKey(
        "catalog.Region",
        verbose_name="负责区域",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        help_text="帮代办员、项目管家负责的镇街或村社区",
    )

    class Meta:
        verbose_name = "工作人员档案"
        verbose_name_plural = "工作人员档案"

    def __str__(self):
        return f"{self.full_name}（{self.employee_number}）"


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A bearer token for an integration. Only its SHA-256 is stored; the raw value is shown once."""

    PREFIX = "ow_"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("用途", max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_hint = models.CharField("令牌尾号", max_length=8, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"

    def __str__(self):
        return f"{self.name} (…{self.key_hint})"

    @classmethod
    def new_raw_key(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    @staticmethod
    def hash(raw: str) -> str:
        return _hash_token(raw)
