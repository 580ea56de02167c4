"""The choices of ratings, rectifications and section reviews."""

from django.db import models


class RatingChannel(models.TextChoices):
    """一次一评 at the place of service; 一事一评 for a matter handled online."""

    ON_SITE = "ON_SITE", "一次一评（现场）"
    ONLINE = "ONLINE", "一事一评（网上）"


class RatingLevel(models.TextChoices):
    VERY_SATISFIED = "VERY_SATISFIED", "非常满意"
    SATISFIED = "SATISFIED", "满意"
    BASIC = "BASIC", "基本满意"
    DISSATISFIED = "DISSATISFIED", "不满意"
    VERY_DISSATISFIED = "VERY_DISSATISFIED", "非常不满意"

    @property
    def score(self) -> int:
        """5 for 非常满意 down to 1 for 非常不满意 (dimension scores use the same scale)."""
        return LEVEL_SCORES[self.value]

    @property
    def is_bad(self) -> bool:
        return self.value in BAD_LEVELS

    @property
    def colour(self) -> str:
        return {5: "#1f9d55", 4: "#4caf50", 3: "#d99a00", 2: "#e5732b", 1: "#d64545"}[self.score]


LEVEL_SCORES = {
    "VERY_SATISFIED": 5,
    "SATISFIED": 4,
    "BASIC": 3,
    "DISSATISFIED": 2,
    "VERY_DISSATISFIED": 1,
}
# 差评: the last two levels.
BAD_LEVELS = ("DISSATISFIED", "VERY_DISSATISFIED")
GOOD_LEVELS = ("VERY_SATISFIED", "SATISFIED", "BASIC")


class RatingSource(models.TextChoices):
    WEB = "WEB", "网上评价"
    DEVICE = "DEVICE", "窗口评价器"
    QR = "QR", "扫码评价"


# The dimensions rated besides the level, per channel (key -> label), each scored 1-5.
DIMENSIONS = {
    RatingChannel.ON_SITE: {
        "overall": "总体评价",
        "efficiency": "办事效率",
        "skill": "业务水平",
        "attitude": "服务态度",
    },
    RatingChannel.ONLINE: {
        "overall": "总体评价",
        "efficiency": "办事效率",
        "guide_accuracy": "指南准确性",
        "convenience": "便捷程度",
        "usability": "系统易用性",
    },
}


class RectificationStatus(models.TextChoices):
    VERIFYING = "VERIFYING", "待核实"
    RECTIFYING = "RECTIFYING", "整改中"
    REVISITING = "REVISITING", "待回访"
    CLOSED = "CLOSED", "已办结"
    EXCLUDED = "EXCLUDED", "申诉核销"

    @property
    def colour(self) -> str:
        return {
            "VERIFYING": "#d99a00",
            "RECTIFYING": "#e5732b",
            "REVISITING": "#2b6cb0",
            "CLOSED": "#1f9d55",
            "EXCLUDED": "#718096",
        }[self.value]


RECTIFICATION_OPEN = (
    RectificationStatus.VERIFYING,
    RectificationStatus.RECTIFYING,
    RectificationStatus.REVISITING,
)


class RectificationOutcome(models.TextChoices):
    """谁办理谁负责: fixed, or explained where the law allows no change."""

    FIXED = "FIXED", "已整改"
    EXPLAINED = "EXPLAINED", "已解释说明"


class AppealStatus(models.TextChoices):
    PENDING = "PENDING", "待复核"
    UPHELD = "UPHELD", "申诉成立（差评不计）"
    REJECTED = "REJECTED", "申诉不成立"


class Fault(models.TextChoices):
    """The five faults of 最难办事科室群众评."""

    COLD = "COLD", "冷（态度冷漠）"
    LAZY = "LAZY", "懒（懒政怠政）"
    SHIRK = "SHIRK", "推（推诿扯皮）"
    CHAOS = "CHAOS", "乱（乱作为）"
    GREED = "GREED", "贪（吃拿卡要）"

    @property
    def short(self) -> str:
        return self.label[0]


class BallotChannel(models.TextChoices):
    DIRECTED = "DIRECTED", "定向邀请"
    SAMPLE = "SAMPLE", "随机抽样"
    OPEN = "OPEN", "公开投票"


class CampaignStatus(models.TextChoices):
    DRAFT = "DRAFT", "筹备中"
    OPEN = "OPEN", "投票中"
    CLOSED = "CLOSED", "已截止"
    PUBLISHED = "PUBLISHED", "已公布"


class ConsequenceKind(models.TextChoices):
    PUBLISH = "PUBLISH", "公开曝光问题"
    WARN = "WARN", "警示科室负责人"
    NO_PROMOTION = "NO_PROMOTION", "科室负责人暂停提拔"
    FORMAL_TALK = "FORMAL_TALK", "约谈科室负责人"
    HEAD_REMOVED = "HEAD_REMOVED", "科室负责人免职（调整岗位）"
    LEADER_REMOVED = "LEADER_REMOVED", "分管领导免职（调整分工）"


class ActionStatus(models.TextChoices):
    PENDING = "PENDING", "待落实"
    DONE = "DONE", "已落实"
