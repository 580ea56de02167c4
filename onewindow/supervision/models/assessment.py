"""月度考核: a 100-point score per staff member and month, less the deductions of the month;
thresholds (held in AssessmentPolicy) turn a bad month into a talk, three into a return to
the home unit; the best windows and people of a month get an award."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from onewindow.cases.models import Case
from onewindow.catalog.models import Window

from ..choices import ActionKind, ActionStatus, AwardKind


class AssessmentPolicy(models.Model):
    """The office's thresholds: one row (pk 1), created with the defaults when first read."""

    base_score = models.PositiveSmallIntegerField("基础分", default=100)
    talk_threshold = models.PositiveSmallIntegerField(
        "约谈扣分线", default=15, help_text="当月累计扣分达到此分值的，约谈"
    )
    return_threshold = models.PositiveSmallIntegerField(
        "退回扣分线", default=15, help_text="连续若干个月每月扣分均达到此分值的，退回原单位"
    )
    return_months = models.PositiveSmallIntegerField("连续月数", default=3)
    staff_awards = models.PositiveSmallIntegerField("每月优质服务标兵名额", default=3)
    window_awards = models.PositiveSmallIntegerField("每月优质服务窗口名额", default=2)

    class Meta:
        verbose_name = "考核规则"
        verbose_name_plural = "考核规则"
        constraints = [
            models.CheckConstraint(condition=Q(return_months__gte=1), name="policy_months_min_1")
        ]

    def __str__(self):
        return (
            f"基础分{self.base_score}，月扣{self.talk_threshold}分约谈，"
            f"连续{self.return_months}月每月扣{self.return_threshold}分退回"
        )

    @classmethod
    def current(cls) -> "AssessmentPolicy":
        policy, _ = cls.objects.get_or_create(pk=1)
        return policy


class DeductionItem(models.Model):
    """A kind of fault and the points it costs (迟到、脱岗、闲聊、差评、超期、投诉、巡查发现)."""

    code = models.CharField("编码", max_length=20, unique=True)
    name = models.CharField("扣分项目", max_length=30)
    points = models.PositiveSmallIntegerField("每次扣分")
    automatic = models.BooleanField(
        "自动扣分", default=False, help_text="由系统根据差评、超期办件自动记录"
    )
    order = models.PositiveSmallIntegerField("排序", default=10)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "考核扣分项目"
        verbose_name_plural = "考核扣分项目"
        ordering = ["order", "code"]

    def __str__(self):
        return f"{self.name}（{self.points}分）"


class Deduction(models.Model):
    """Points taken from one person in one month. `source` names what caused an automatic or
    patrol deduction ("accountability:12", "rating:5", "finding:3"); it is unique, so the
    same fault is never deducted twice however often the data is read."""

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="工作人员",
        on_delete=models.PROTECT,
        related_name="deductions",
    )
    item = models.ForeignKey(
        DeductionItem, verbose_name="扣分项目", on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField("考核月份", help_text="当月第一天")
    occurred_at = models.DateTimeField("发生时间")
    points = models.PositiveSmallIntegerField("扣分")
    note = models.CharField("说明", max_length=300, blank=True)
    case = models.ForeignKey(
        Case,
        verbose_name="办件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField("来源", max_length=40, blank=True)
    voided_at = models.DateTimeField("撤销时间", null=True, blank=True)
    void_reason = models.CharField("撤销理由", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "考核扣分"
        verbose_name_plural = "考核扣分"
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["month", "staff"], name="deduction_month_staff")]
        constraints = [
            models.UniqueConstraint(
                fields=["source"], condition=~Q(source=""), name="deduction_source_once"
            )
        ]

    def __str__(self):
        return f"{self.staff} {self.item.name} -{self.points}"


class Assessment(models.Model):
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="工作人员",
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    month = models.DateField("考核月份")
    deducted = models.PositiveSmallIntegerField("扣分合计", default=0)
    deduction_count = models.PositiveSmallIntegerField("扣分次数", default=0)
    score = models.SmallIntegerField("得分")
    computed_at = models.DateTimeField("计算时间")

    class Meta:
        verbose_name = "月度考核"
        verbose_name_plural = "月度考核"
        ordering = ["-month", "-score", "staff_id"]
        constraints = [
            models.UniqueConstraint(fields=["staff", "month"], name="assessment_one_per_month")
        ]

    def __str__(self):
        return f"{self.staff} {self.month:%Y-%m} {self.score}分"


class AssessmentAction(models.Model):
    """约谈 or 退回原单位, raised by a threshold, to be carried out and recorded."""

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="工作人员",
        on_delete=models.PROTECT,
        related_name="+",
    )
    month = models.DateField("考核月份")
    kind = models.CharField("处理方式", max_length=8, choices=ActionKind.choices)
    reason = models.CharField("依据", max_length=300)
    status = models.CharField(
        "状态", max_length=8, choices=ActionStatus.choices, default=ActionStatus.PENDING
    )
    note = models.TextField("落实情况", blank=True)
    done_at = models.DateTimeField("落实时间", null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "考核处理"
        verbose_name_plural = "考核处理"
        ordering = ["-month", "kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["staff", "month", "kind"], name="action_once_a_month")
        ]

    def __str__(self):
        return f"{self.staff} {self.month:%Y-%m} {self.get_kind_display()}"


class Award(models.Model):
    """优质服务窗口 (a window) or 优质服务标兵 (a person) of a month, on the honour board."""

    month = models.DateField("月份")
    kind = models.CharField("荣誉", max_length=8, choices=AwardKind.choices)
    window = models.ForeignKey(
        Window,
        verbose_name="窗口",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="工作人员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField("事迹", max_length=300, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField("授予时间")

    class Meta:
        verbose_name = "月度评优"
        verbose_name_plural = "月度评优"
        ordering = ["-month", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=AwardKind.WINDOW, window__isnull=False, staff__isnull=True)
                | Q(kind=AwardKind.STAFF, staff__isnull=False, window__isnull=True),
                name="award_names_its_winner",
            ),
            models.UniqueConstraint(
                fields=["month", "window"],
                condition=Q(window__isnull=False),
                name="award_window_once",
            ),
            models.UniqueConstraint(
                fields=["month", "staff"], condition=Q(staff__isnull=False), name="award_staff_once"
            ),
        ]

    def __str__(self):
        winner = self.window if self.window_id else self.staff
        return f"{self.month:%Y年%m月} {self.get_kind_display()} {winner}"
