"""Rollups: the indicators' counts summed per day and per month, so the dashboard adds up a
few thousand rows instead of scanning millions of cases.

Each table holds two grains: "D" rows (one per local day) and "M" rows (one per month,
`day` = its first day). A period reads the M rows of its whole months and the D rows of the
days before and after them. Keys are plain integers with 0 for "none" (no service point,
no matter), not nullable foreign keys: a NULL never equals another NULL in a unique
constraint, so an upsert could not find the row it should add to.

CaseRollup and RatingRollup are kept current inside the transaction that moves a case or
writes a rating (stats.receivers); HallRollup is written once a day for the days that are
over (stats.rollups.roll_hall), and the dashboard reads the days after RollupMark.through
from the hall's own tables."""

from django.db import models

GRAIN_DAY, GRAIN_MONTH = "D", "M"
GRAINS = [(GRAIN_DAY, "日"), (GRAIN_MONTH, "月")]


class Rollup(models.Model):
    """What the three rollups share: KEY names the key columns (grain and day first), COUNTS
    the columns that add up."""

    KEY: tuple[str, ...] = ()
    COUNTS: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def __str__(self):
        return " ".join(str(getattr(self, name)) for name in self.KEY)

    @classmethod
    def of(cls, grain: str, key: tuple, counts) -> "Rollup":
        """A row from (day, *other key columns) and counts in COUNTS order."""
        return cls(
            **dict(zip(cls.KEY, (grain, *key), strict=True)),
            **dict(zip(cls.COUNTS, counts, strict=True)),
        )


class CaseRollup(Rollup):
    """Cases by acceptance day (local): how many were accepted, and what became of them."""

    grain = models.CharField(max_length=1, choices=GRAINS)
    day = models.DateField()
    department_id = models.IntegerField("牵头部门")
    service_point_id = models.IntegerField("受理场所（0 = 无）")
    channel = models.CharField(max_length=14)
    matter_id = models.IntegerField("事项版本（0 = 一件事）")
    accepted = models.IntegerField(default=0)
    immediate = models.IntegerField(default=0)
    concluded = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    late = models.IntegerField(default=0)
    workdays = models.BigIntegerField("Σ办理工作日", default=0)

    KEY = ("grain", "day", "department_id", "service_point_id", "channel", "matter_id")
    COUNTS = ("accepted", "immediate", "concluded", "on_time", "late", "workdays")

    class Meta:
        verbose_name = verbose_name_plural = "办件汇总"
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "grain",
                    "day",
                    "department_id",
                    "service_point_id",
                    "channel",
                    "matter_id",
                ],
                name="case_rollup_key",
            )
        ]


class RatingRollup(Rollup):
    """Ratings not excluded, by the local day they were given."""

    grain = models.CharField(max_length=1, choices=GRAINS)
    day = models.DateField()
    department_id = models.IntegerField()
    service_point_id = models.IntegerField()
    channel = models.CharField("办件申请渠道", max_length=14)
    matter_id = models.IntegerField()
    rated = models.IntegerField(default=0)
    bad = models.IntegerField(default=0)
    rectified = models.IntegerField("差评整改办结", default=0)
    level_5 = models.IntegerField("非常满意", default=0)
    level_4 = models.IntegerField("满意", default=0)
    level_3 = models.IntegerField("基本满意", default=0)
    level_2 = models.IntegerField("不满意", default=0)
    level_1 = models.IntegerField("非常不满意", default=0)

    KEY = ("grain", "day", "department_id", "service_point_id", "channel", "matter_id")
    COUNTS = ("rated", "bad", "rectified", "level_5", "level_4", "level_3", "level_2", "level_1")

    class Meta:
        verbose_name = verbose_name_plural = "评价汇总"
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "grain",
                    "day",
                    "department_id",
                    "service_point_id",
                    "channel",
                    "matter_id",
                ],
                name="rating_rollup_key",
            )
        ]


class HallRollup(Rollup):
    """Tickets (by their day) and pre-reviews (by the local day they finished). A ticket's
    department and matter are its case's; a pre-review's are its matter's."""

    grain = models.CharField(max_length=1, choices=GRAINS)
    day = models.DateField()
    service_point_id = models.IntegerField()
    window_id = models.IntegerField()
    department_id = models.IntegerField()
    matter_id = models.IntegerField()
    windowed = models.IntegerField("到过窗口的票", default=0)
    called = models.IntegerField("已叫号的票", default=0)
    wait_us = models.BigIntegerField("Σ等候（微秒）", default=0)
    served = models.IntegerField(default=0)
    no_show = models.IntegerField(default=0)
    prereviews = models.IntegerField(default=0)
    prereview_us = models.BigIntegerField("Σ预审用时（微秒）", default=0)

    KEY = ("grain", "day", "service_point_id", "window_id", "department_id", "matter_id")
    COUNTS = ("windowed", "called", "wait_us", "served", "no_show", "prereviews", "prereview_us")

    class Meta:
        verbose_name = verbose_name_plural = "大厅汇总"
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "grain",
                    "day",
                    "service_point_id",
                    "window_id",
                    "department_id",
                    "matter_id",
                ],
                name="hall_rollup_key",
            )
        ]


class RollupMark(models.Model):
    """How far a batch rollup has gone: its rows cover every day up to `through`."""

    name = models.CharField(max_length=20, unique=True)
    through = models.DateField()

    def __str__(self):
        return f"{self.name} → {self.through}"
