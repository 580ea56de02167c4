"""最难办事科室群众评: quarterly campaigns, anonymous ballots, the ranking of sections, the
consequences it triggers and the undercover checks (暗访) that follow."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

from ..choices import ActionStatus, BallotChannel, CampaignStatus, ConsequenceKind, Fault

USER = settings.AUTH_USER_MODEL


def new_token() -> str:
    return secrets.token_urlsafe(16)


class SectionLeadership(models.Model):
    """Who answers for a section: its head and the leader supervising it (分管领导). The
    catalog's Section names neither; consequences are addressed to them."""

    section = models.OneToOneField(
        "catalog.Section", verbose_name="科室", on_delete=models.CASCADE, related_name="leadership"
    )
    head = models.ForeignKey(
        USER,
        verbose_name="科室负责人账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    head_name = models.CharField("科室负责人", max_length=50)
    leader_name = models.CharField("分管领导", max_length=50, blank=True)

    class Meta:
        verbose_name = "科室负责人"
        verbose_name_plural = "科室负责人与分管领导"

    def __str__(self):
        return f"{self.section} {self.head_name}"


class ReviewCampaign(models.Model):
    """One quarter's 最难办事科室群众评."""

    year = models.PositiveSmallIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度")
    title = models.CharField("名称", max_length=80)
    status = models.CharField(
        "状态", max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    opens_at = models.DateTimeField("投票开始")
    closes_at = models.DateTimeField("投票截止")
    open_token = models.CharField("公开投票链接令牌", max_length=40, unique=True, default=new_token)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    created_by = models.ForeignKey(
        USER,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ranked_at = models.DateTimeField("排名时间", null=True, blank=True)
    published_at = models.DateTimeField("公布时间", null=True, blank=True)

    class Meta:
        verbose_name = "科室评议活动"
        verbose_name_plural = "最难办事科室群众评"
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="campaign_one_per_quarter"),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="campaign_quarter_valid"
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="campaign_closes_after_opens"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def period(self) -> str:
        return f"{self.year}年第{self.quarter}季度"


class BallotInvitation(models.Model):
    """A one-time ballot token. Directed invitations go to applicants whose cases a section
    handled, sample ones to a random draw of applicants, open ones are minted for a visitor of
    the public link. The ballot itself does not point back here: voting is anonymous."""

    campaign = models.ForeignKey(
        ReviewCampaign, verbose_name="活动", on_delete=models.CASCADE, related_name="invitations"
    )
    channel = models.CharField("投票方式", max_length=10, choices=BallotChannel.choices)
    token = models.CharField("令牌", max_length=40, unique=True, default=new_token)
    applicant = models.ForeignKey(
        "cases.Applicant",
        verbose_name="受邀人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ballot_invitations",
    )
    section = models.ForeignKey(
        "catalog.Section",
        verbose_name="办过事的科室",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="定向邀请：受邀人在该科室办过事",
    )
    created_at = models.DateTimeField("发出时间")
    used_at = models.DateTimeField("投票时间", null=True, blank=True)

    class Meta:
        verbose_name = "投票邀请"
        verbose_name_plural = "投票邀请"
        ordering = ["campaign", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "applicant"],
                condition=Q(applicant__isnull=False),
                name="invitation_one_per_applicant",
            )
        ]

    def __str__(self):
        return f"{self.campaign} {self.get_channel_display()} …{self.token[-4:]}"


class SectionBallot(models.Model):
    """An anonymous ballot naming the section hardest to deal with, its fault and an example."""

    campaign = models.ForeignKey(
        ReviewCampaign, verbose_name="活动", on_delete=models.CASCADE, related_name="ballots"
    )
    section = models.ForeignKey(
        "catalog.Section", verbose_name="科室", on_delete=models.PROTECT, related_name="ballots"
    )
    fault = models.CharField("问题类型", max_length=8, choices=Fault.choices)
    example = models.TextField("具体事例")
    channel = models.CharField("投票方式", max_length=10, choices=BallotChannel.choices)
    created_at = models.DateTimeField("投票时间")

    class Meta:
        verbose_name = "评议选票"
        verbose_name_plural = "评议选票"
        ordering = ["campaign", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(example=""), name="ballot_has_example"),
            models.CheckConstraint(condition=Q(fault__in=Fault.values), name="ballot_fault_valid"),
        ]
        indexes = [models.Index(fields=["campaign", "section"], name="ballot_campaign_section")]

    def __str__(self):
        return f"{self.section} {self.get_fault_display()}"


class SectionRank(models.Model):
    """A section's place in a campaign's ranking, frozen when voting closes: 1 is the worst.
    Later campaigns read these rows to count consecutive places among the worst."""

    campaign = models.ForeignKey(
        ReviewCampaign, verbose_name="活动", on_delete=models.CASCADE, related_name="ranks"
    )
    section = models.ForeignKey(
        "catalog.Section",
        verbose_name="科室",
        on_delete=models.PROTECT,
        related_name="review_ranks",
    )
    rank = models.PositiveSmallIntegerField("名次（1 为最差）")
    votes = models.PositiveIntegerField("票数")
    fault_counts = models.JSONField("问题分布", default=dict)
    worst_streak = models.PositiveSmallIntegerField(
        "连续进入后三名次数", default=0, help_text="含本次；不在后三名时为 0"
    )
    problems = models.TextField("公布的主要问题", blank=True)

    class Meta:
        verbose_name = "科室排名"
        verbose_name_plural = "科室排名"
        ordering = ["campaign", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "section"], name="rank_one_per_section"),
            models.UniqueConstraint(fields=["campaign", "rank"], name="rank_unique_place"),
        ]

    def __str__(self):
        return f"{self.campaign} 第{self.rank}名 {self.section}"


class ConsequenceAction(models.Model):
    """A consequence of the ranking, to be carried out and marked done."""

    campaign = models.ForeignKey(
        ReviewCampaign, verbose_name="活动", on_delete=models.CASCADE, related_name="actions"
    )
    section = models.ForeignKey(
        "catalog.Section", verbose_name="科室", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("措施", max_length=16, choices=ConsequenceKind.choices)
    target_name = models.CharField("对象", max_length=50, blank=True)
    reason = models.CharField("依据", max_length=200)
    until_date = models.DateField("期限至", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=8, choices=ActionStatus.choices, default=ActionStatus.PENDING
    )
    done_at = models.DateTimeField("落实时间", null=True, blank=True)
    done_by = models.ForeignKey(
        USER,
        verbose_name="落实人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField("落实情况", blank=True)

    class Meta:
        verbose_name = "问责措施"
        verbose_name_plural = "问责措施"
        ordering = ["campaign", "section", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "section", "kind"], name="action_one_per_kind"
            ),
            models.CheckConstraint(
                condition=Q(status="PENDING") | Q(done_at__isnull=False),
                name="action_done_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.section} {self.get_kind_display()}"


class UndercoverCheck(models.Model):
    """暗访: a follow-up visit in disguise to a ranked section, with what was found."""

    campaign = models.ForeignKey(
        ReviewCampaign,
        verbose_name="活动",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="checks",
    )
    section = models.ForeignKey(
        "catalog.Section", verbose_name="科室", on_delete=models.PROTECT, related_name="+"
    )
    check_date = models.DateField("暗访日期")
    inspector = models.CharField("暗访人员", max_length=50)
    findings = models.TextField("发现情况")
    problem_found = models.BooleanField("发现问题", default=False)
    logged_by = models.ForeignKey(
        USER,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    logged_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = "暗访记录"
        verbose_name_plural = "暗访记录"
        ordering = ["-check_date", "-id"]

    def __str__(self):
        return f"{self.check_date} {self.section}"
