"""好差评: a rating of a delivered case (or of another subject, such as an agency request),
the rectification a bad rating opens, the appeal that may exclude it, and the rating device
(评价器) at a window."""

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from ..choices import (
    BAD_LEVELS,
    GOOD_LEVELS,
    AppealStatus,
    RatingChannel,
    RatingLevel,
    RatingSource,
    RectificationOutcome,
    RectificationStatus,
)

USER = settings.AUTH_USER_MODEL


class Rating(models.Model):
    """One rating. Either of a case (`case`) or of another subject (`subject`, a generic
    relation, so later apps can be rated without this app importing them); never both.

    Who and where was rated is copied onto the row when it is given, so statistics by staff
    member, window, department and service point read one table."""

    case = models.ForeignKey(
        "cases.Case",
        verbose_name="办件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ratings",
    )
    subject_type = models.ForeignKey(
        ContentType, verbose_name="评价对象类型", null=True, blank=True, on_delete=models.PROTECT
    )
    subject_id = models.PositiveBigIntegerField("评价对象编号", null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")

    channel = models.CharField("评价渠道", max_length=8, choices=RatingChannel.choices)
    level = models.CharField("评价等级", max_length=20, choices=RatingLevel.choices)
    is_bad = models.BooleanField("差评", default=False, editable=False)
    scores = models.JSONField("分项评分", default=dict, blank=True, help_text="维度 → 1-5 分")
    comment = models.TextField("评价内容", blank=True)
    source = models.CharField("评价方式", max_length=8, choices=RatingSource.choices)

    applicant = models.ForeignKey(
        "cases.Applicant",
        verbose_name="评价人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ratings",
    )
    rated_by = models.ForeignKey(
        USER,
        verbose_name="提交账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="网上评价的申请人账号，或评价器所在窗口的工作人员",
    )
    staff = models.ForeignKey(
        USER,
        verbose_name="被评价工作人员",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ratings_received",
    )
    window = models.ForeignKey(
        "catalog.Window",
        verbose_name="窗口",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ratings",
    )
    department = models.ForeignKey(
        "catalog.Department",
        verbose_name="部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ratings",
    )
    service_point = models.ForeignKey(
        "catalog.ServicePoint",
        verbose_name="服务场所",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ratings",
    )
    matter = models.ForeignKey(
        "catalog.Matter",
        verbose_name="事项",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ratings",
    )
    created_at = models.DateTimeField("评价时间")

    excluded = models.BooleanField("已核销（不计入统计）", default=False)
    excluded_reason = models.TextField("核销理由", blank=True)
    excluded_at = models.DateTimeField("核销时间", null=True, blank=True)

    class Meta:
        verbose_name = "评价"
        verbose_name_plural = "评价（好差评）"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(case__isnull=False, subject_type__isnull=True, subject_id__isnull=True)
                | Q(case__isnull=True, subject_type__isnull=False, subject_id__isnull=False),
                name="rating_case_xor_subject",
                violation_error_message="评价须对应一个办件或一个评价对象",
            ),
            # 一次一评 / 一事一评: one rating per case (or subject) and channel.
            models.UniqueConstraint(
                fields=["case", "channel"],
                condition=Q(case__isnull=False),
                name="rating_one_per_case_channel",
                violation_error_message="该办件已评价",
            ),
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "channel"],
                condition=Q(subject_type__isnull=False),
                name="rating_one_per_subject_channel",
                violation_error_message="该事项已评价",
            ),
            models.CheckConstraint(
                condition=Q(level__in=RatingLevel.values), name="rating_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(is_bad=True, level__in=BAD_LEVELS)
                | Q(is_bad=False, level__in=GOOD_LEVELS),
                name="rating_is_bad_matches_level",
            ),
            models.CheckConstraint(
                condition=Q(excluded=False) | ~Q(excluded_reason=""),
                name="rating_excluded_has_reason",
                violation_error_message="核销须写明理由",
            ),
        ]
        indexes = [
            models.Index(fields=["created_at"], name="rating_created"),
            models.Index(fields=["department", "created_at"], name="rating_dept_created"),
            models.Index(fields=["staff", "created_at"], name="rating_staff_created"),
        ]

    def __str__(self):
        about = self.case.number if self.case_id else f"{self.subject_type_id}:{self.subject_id}"
        return f"{about} {self.get_level_display()}"

    @property
    def score(self) -> int:
        return RatingLevel(self.level).score


class Rectification(models.Model):
    """差评整改: verify, then fix or explain, then revisit the applicant who rates the fix."""

    rating = models.OneToOneField(
        Rating, verbose_name="差评", on_delete=models.CASCADE, related_name="rectification"
    )
    status = models.CharField(
        "状态",
        max_length=12,
        choices=RectificationStatus.choices,
        default=RectificationStatus.VERIFYING,
    )
    department = models.ForeignKey(
        "catalog.Department",
        verbose_name="责任部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rectifications",
    )
    responsible = models.ForeignKey(
        USER,
        verbose_name="责任人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rectifications",
        help_text="谁办理谁负责",
    )
    created_at = models.DateTimeField("创建时间")
    verify_due_date = models.DateField("核实期限")
    rectify_due_date = models.DateField("整改期限")

    verified_at = models.DateTimeField("核实时间", null=True, blank=True)
    verified_by = models.ForeignKey(
        USER,
        verbose_name="核实人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    finding = models.TextField("核实情况", blank=True)

    outcome = models.CharField(
        "处理结果", max_length=10, choices=RectificationOutcome.choices, blank=True
    )
    measures = models.TextField("整改措施或解释说明", blank=True)
    rectified_at = models.DateTimeField("整改时间", null=True, blank=True)
    rectified_by = models.ForeignKey(
        USER,
        verbose_name="整改人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    revisit_level = models.CharField(
        "回访评价", max_length=20, choices=RatingLevel.choices, blank=True
    )
    revisit_comment = models.TextField("回访意见", blank=True)
    revisited_at = models.DateTimeField("回访时间", null=True, blank=True)
    revisited_by = models.ForeignKey(
        USER,
        verbose_name="回访人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    escalated_at = models.DateTimeField("超期督办时间", null=True, blank=True)
    escalated_to = models.ForeignKey(
        USER,
        verbose_name="督办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="escalated_rectifications",
    )

    class Meta:
        verbose_name = "差评整改"
        verbose_name_plural = "差评整改"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rectify_due_date__gte=models.F("verify_due_date")),
                name="rectification_due_order",
            ),
            models.CheckConstraint(
                condition=~Q(status="CLOSED") | ~Q(revisit_level=""),
                name="rectification_closed_revisited",
                violation_error_message="整改办结前须回访申请人",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "rectify_due_date"], name="rectification_status_due"),
        ]

    def __str__(self):
        return f"整改 {self.rating}"


class Appeal(models.Model):
    """申诉复核: a bad rating said to be malicious or mistaken, reviewed by a supervisor."""

    rating = models.ForeignKey(
        Rating, verbose_name="评价", on_delete=models.CASCADE, related_name="appeals"
    )
    reason = models.TextField("申诉理由")
    evidence = models.TextField("证据说明", blank=True)
    filed_by = models.ForeignKey(
        USER, verbose_name="申诉人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filed_at = models.DateTimeField("申诉时间")
    status = models.CharField(
        "状态", max_length=10, choices=AppealStatus.choices, default=AppealStatus.PENDING
    )
    reviewed_by = models.ForeignKey(
        USER,
        verbose_name="复核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("复核时间", null=True, blank=True)
    review_note = models.TextField("复核意见", blank=True)

    class Meta:
        verbose_name = "差评申诉"
        verbose_name_plural = "差评申诉"
        ordering = ["-filed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rating"],
                condition=Q(status="PENDING"),
                name="appeal_one_pending_per_rating",
                violation_error_message="该评价已有待复核的申诉",
            )
        ]

    def __str__(self):
        return f"申诉 {self.rating}"


def new_device_token() -> str:
    return secrets.token_urlsafe(18)


class RatingDevice(models.Model):
    """评价器: the tablet beside a window, opened at /ratings/device/<token>/. It shows the
    case the window delivered last and takes the applicant's 一次一评."""

    window = models.OneToOneField(
        "catalog.Window",
        verbose_name="窗口",
        on_delete=models.CASCADE,
        related_name="rating_device",
    )
    token = models.CharField("设备令牌", max_length=40, unique=True, default=new_device_token)
    is_active = models.BooleanField("启用", default=True)
    last_seen_at = models.DateTimeField("最近在线", null=True, blank=True)

    class Meta:
        verbose_name = "评价器"
        verbose_name_plural = "评价器"

    def __str__(self):
        return f"评价器 {self.window}"
