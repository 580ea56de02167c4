"""Project cards (一卡通): a major project's milestones, scheduled backward from its target
start date, each with a responsible department, a limit in working days and stored
due_at / warn_at so that its signal is an index range query."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from onewindow.cases.models import Applicant, Case
from onewindow.catalog.models import Department

from ..choices import MilestoneStatus, ProjectStatus


class MilestoneTemplate(models.Model):
    """One step of the configurable template every new card copies (土地供应, 规划许可 …)."""

    name = models.CharField("节点名称", max_length=60, unique=True)
    order = models.PositiveSmallIntegerField("顺序", default=100)
    department = models.ForeignKey(
        Department, verbose_name="责任部门", on_delete=models.PROTECT, related_name="+"
    )
    limit_days = models.PositiveSmallIntegerField("办理时限（工作日）")
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "项目节点模板"
        verbose_name_plural = "项目节点模板"
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(limit_days__gte=1), name="mtemplate_limit_positive")
        ]

    def __str__(self):
        return self.name


class ProjectCard(models.Model):
    code = models.CharField("项目代码", max_length=40, unique=True)
    name = models.CharField("项目名称", max_length=120)
    enterprise = models.ForeignKey(
        Applicant, verbose_name="建设单位", on_delete=models.PROTECT, related_name="project_cards"
    )
    steward = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="项目管家",
        on_delete=models.PROTECT,
        related_name="stewarded_projects",
    )
    lead_department = models.ForeignKey(
        Department, verbose_name="牵头部门", on_delete=models.PROTECT, related_name="led_projects"
    )
    lead_person = models.CharField("牵头负责人", max_length=50)
    investment = models.DecimalField("总投资（万元）", max_digits=12, decimal_places=2, default=0)
    address = models.CharField("建设地点", max_length=200, blank=True)
    target_start_date = models.DateField("计划开工日期")
    status = models.CharField(
        "状态", max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.PREPARING
    )
    created_at = models.DateTimeField("建卡时间", auto_now_add=True)

    class Meta:
        verbose_name = "项目一卡通"
        verbose_name_plural = "项目一卡通"
        ordering = ["target_start_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(investment__gte=0), name="project_investment_ge0")
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class ProjectMember(models.Model):
    """The project's team (专班): who does what, from which department."""

    card = models.ForeignKey(ProjectCard, on_delete=models.CASCADE, related_name="members")
    name = models.CharField("姓名", max_length=50)
    duty = models.CharField("职责", max_length=60)
    department = models.ForeignKey(
        Department, verbose_name="单位", null=True, blank=True, on_delete=models.PROTECT
    )
    phone = models.CharField("联系电话", max_length=20, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="系统账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="project_memberships",
    )

    class Meta:
        verbose_name = "项目专班成员"
        verbose_name_plural = "项目专班成员"
        ordering = ["card", "id"]

    def __str__(self):
        return f"{self.name}（{self.duty}）"


class Milestone(models.Model):
    card = models.ForeignKey(ProjectCard, on_delete=models.CASCADE, related_name="milestones")
    order = models.PositiveSmallIntegerField("顺序")
    name = models.CharField("节点名称", max_length=60)
    department = models.ForeignKey(
        Department, verbose_name="责任部门", on_delete=models.PROTECT, related_name="milestones"
    )
    limit_days = models.PositiveSmallIntegerField("办理时限（工作日）")
    planned_start_date = models.DateField("计划启动日")
    planned_end_date = models.DateField("计划完成日")
    due_at = models.DateTimeField("完成期限")
    warn_at = models.DateTimeField("预警时间")
    status = models.CharField(
        "状态", max_length=12, choices=MilestoneStatus.choices, default=MilestoneStatus.PENDING
    )
    started_at = models.DateTimeField("启动时间", null=True, blank=True)
    done_at = models.DateTimeField("完成时间", null=True, blank=True)
    case = models.ForeignKey(
        Case,
        verbose_name="关联办件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="milestones",
    )
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "项目节点"
        verbose_name_plural = "项目节点"
        ordering = ["card", "order"]
        constraints = [
            models.UniqueConstraint(fields=["card", "order"], name="milestone_order_unique"),
            models.CheckConstraint(
                condition=Q(planned_start_date__lte=models.F("planned_end_date")),
                name="milestone_start_before_end",
            ),
            models.CheckConstraint(
                condition=~Q(status="DONE") | Q(done_at__isnull=False),
                name="milestone_done_has_time",
            ),
        ]
        indexes = [
            # Signals are range queries on these, never sweeps.
            models.Index(fields=["status", "due_at"], name="milestone_status_due"),
            models.Index(fields=["status", "warn_at"], name="milestone_status_warn"),
            models.Index(fields=["department", "status", "due_at"], name="milestone_dept_due"),
        ]

    def __str__(self):
        return f"{self.card.code} · {self.name}"

    @property
    def is_done(self) -> bool:
        return self.status == MilestoneStatus.DONE

    @property
    def done_late(self) -> bool:
        return bool(self.done_at and self.done_at > self.due_at)
