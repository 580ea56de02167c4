from django.conf import settings
from django.db import models

from onewindow.accounts.models import ApplicantKind
from onewindow.lib.identity import resident_id_problem, uscc_problem


class Applicant(models.Model):
    """A person (resident ID number) or an organisation (统一社会信用代码)."""

    kind = models.CharField("类型", max_length=16, choices=ApplicantKind.choices)
    name = models.CharField("姓名/名称", max_length=100)
    id_number = models.CharField("证件号码", max_length=18, unique=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    address = models.CharField("联系地址", max_length=200, blank=True)
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="网上账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applicant",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "申请人"
        verbose_name_plural = "申请人"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=ApplicantKind.values), name="applicant_kind_valid"
            )
        ]

    def __str__(self):
        return self.name

    def id_number_problem(self) -> str | None:
        check = resident_id_problem if self.kind == ApplicantKind.PERSON else uscc_problem
        return check(self.id_number)

    @property
    def masked_id(self) -> str:
        """Shown on public pages and notices: the first 6 and last 4 characters only."""
        return f"{self.id_number[:6]}********{self.id_number[-4:]}"
