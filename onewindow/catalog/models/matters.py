"""The implementation list (实施清单): matters, their materials and their steps.

A Matter row is one version of a catalog entry. The entry is identified by `code`;
at most one version of a code is current. Editing a published version makes a new
version (services.matter_revise), so a case keeps the version it was accepted under.
"""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q

from ..choices import (
    BusinessKind,
    Channel,
    Level,
    MaterialForm,
    MaterialMedium,
    MaterialSource,
    MatterKind,
    MatterStatus,
    MatterType,
    MaxVisits,
    OnlineLevel,
    ServiceObject,
    StepKind,
)
from ..fields import MultiChoiceField
from .places import Department, Theme


class MatterQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)

    def published(self):
        return self.filter(is_current=True, status=MatterStatus.PUBLISHED)


class Matter(models.Model):
    # Identity and version
    code = models.CharField("事项编码", max_length=64, db_index=True)
    version = models.PositiveIntegerField("版本", default=1)
    status = models.CharField(
        "状态", max_length=12, choices=MatterStatus.choices, default=MatterStatus.DRAFT
    )
    is_current = models.BooleanField("当前版本", default=True)
    valid_from = models.DateField("生效日期", null=True, blank=True)
    valid_to = models.DateField("失效日期", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    # The six uniform elements (name, code, type, competent department, implementing body, basis)
    name = models.CharField("事项名称", max_length=120)
    matter_type = models.CharField("事项类型", max_length=16, choices=MatterType.choices)
    department = models.ForeignKey(
        Department, verbose_name="主管部门", on_delete=models.PROTECT, related_name="matters"
    )
    implementing_body = models.CharField("实施主体", max_length=100, blank=True)
    legal_basis = models.TextField("设定依据", blank=True)

    # Main item -> sub-item -> business item
    parent_code = models.CharField("所属主项编码", max_length=64, blank=True, db_index=True)
    business_kind = models.CharField(
        "业务办理项", max_length=8, choices=BusinessKind.choices, blank=True, default=""
    )

    # Where and how
    levels = MultiChoiceField("行使层级", multi_choices=Level.choices)
    channels = MultiChoiceField("办理渠道", multi_choices=Channel.choices)
    online_level = models.CharField(
        "网办深度", max_length=20, choices=OnlineLevel.choices, default=OnlineLevel.WINDOW_ONLY
    )
    service_object = models.CharField(
        "服务对象", max_length=12, choices=ServiceObject.choices, default=ServiceObject.PERSON
    )
    themes = models.ManyToManyField(Theme, verbose_name="主题", blank=True, related_name="matters")
    co_departments = models.ManyToManyField(
        Department,
        verbose_name="并联审批部门",
        blank=True,
        related_name="co_reviewed_matters",
        help_text="受理后同时开展审查的协办部门",
    )

    # Time
    kind = models.CharField("办件类型", max_length=10, choices=MatterKind.choices)
    legal_limit_days = models.PositiveSmallIntegerField("法定时限（工作日）")
    promised_limit_days = models.PositiveSmallIntegerField("承诺时限（工作日）")
    max_visits = models.PositiveSmallIntegerField(
        "到现场次数", choices=MaxVisits.choices, default=MaxVisits.ONE
    )

    # Content of the guide (办事指南)
    summary = models.TextField("事项简介", blank=True)
    conditions = models.TextField("受理条件", blank=True)
    is_free = models.BooleanField("不收费", default=True)
    fee_amount = models.DecimalField(
        "收费金额（元）", max_digits=10, decimal_places=2, null=True, blank=True
    )
    fee_description = models.CharField("收费项目及标准", max_length=200, blank=True)
    fee_basis = models.CharField("收费依据", max_length=300, blank=True)
    handling_place = models.CharField("办理地点", max_length=200, blank=True)
    consult_phone = models.CharField("咨询电话", max_length=60, blank=True)
    complaint_phone = models.CharField("投诉电话", max_length=60, blank=True)
    result_name = models.CharField("办理结果", max_length=100, blank=True)
    keywords = models.CharField(
        "检索关键词",
        max_length=300,
        blank=True,
        help_text="群众常用说法，空格分隔，如：开饭店 开餐馆",
    )
    form_fields = models.JSONField(
        "申请表字段",
        default=list,
        blank=True,
        help_text='字段列表，如 [{"key": "shop_name", "label": "店铺名称", "type": "text", "required": true}]',
    )

    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = MatterQuerySet.as_manager()

    class Meta:
        verbose_name = "政务服务事项"
        verbose_name_plural = "政务服务事项"
        ordering = ["code", "-version"]
        constraints = [
            models.CheckConstraint(
                condition=Q(promised_limit_days__lte=F("legal_limit_days")),
                name="matter_promised_within_legal",
                violation_error_message="承诺时限不得超过法定时限",
            ),
            models.UniqueConstraint(fields=["code", "version"], name="matter_code_version_unique"),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(is_current=True),
                name="matter_one_current_version",
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(status="DRAFT"),
                name="matter_one_open_draft",
                violation_error_message="该事项已有未发布的修订草稿",
            ),
            models.CheckConstraint(
                condition=Q(is_free=True) | Q(fee_amount__isnull=False) | ~Q(fee_description=""),
                name="matter_fee_stated_when_charged",
                violation_error_message="收费事项须写明收费金额或收费标准",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def fee_display(self) -> str:
        if self.is_free:
            return "不收费"
        if self.fee_description:
            return self.fee_description
        amount = self.fee_amount or Decimal("0")
        return f"{amount:.2f} 元"

    @property
    def compression_rate(self) -> float | None:
        """How far the promised limit undercuts the legal one (1 − promised / legal)."""
        if not self.legal_limit_days:
            return None
        return 1 - self.promised_limit_days / self.legal_limit_days

    @property
    def badges(self) -> list[str]:
        """The badges shown on guide and list pages."""
        out = []
        if self.kind == MatterKind.IMMEDIATE:
            out.append("即办件")
        if self.max_visits == MaxVisits.ZERO:
            out.append("零跑动")
        elif self.max_visits == MaxVisits.ONE:
            out.append("只跑一次")
        if self.online_level == OnlineLevel.FULL_ONLINE:
            out.append("全程网办")
        return out

    def level_labels(self):
        return self._meta.get_field("levels").labels(self.levels)

    def channel_labels(self):
        return self._meta.get_field("channels").labels(self.channels)


class Material(models.Model):
    matter = models.ForeignKey(
        Matter, verbose_name="事项", on_delete=models.CASCADE, related_name="materials"
    )
    order = models.PositiveSmallIntegerField("序号", default=1)
    name = models.CharField("材料名称", max_length=150)
    shared_code = models.CharField(
        "通用材料编码",
        max_length=40,
        blank=True,
        help_text="同一种材料在各事项中使用同一编码（如 ID_CARD），一件事合并材料时据此去重",
    )
    required = models.BooleanField("必需", default=True)
    is_core = models.BooleanField("核心要件", default=True, help_text="非核心材料可容缺受理")
    form = models.CharField(
        "材料形式", max_length=20, choices=MaterialForm.choices, default=MaterialForm.ORIGINAL
    )
    medium = models.CharField(
        "载体", max_length=12, choices=MaterialMedium.choices, default=MaterialMedium.BOTH
    )
    copies = models.PositiveSmallIntegerField("份数", default=1)
    source = models.CharField(
        "来源渠道", max_length=14, choices=MaterialSource.choices, default=MaterialSource.APPLICANT
    )
    source_note = models.CharField("来源说明", max_length=100, blank=True)
    notes = models.CharField("填报须知", max_length=300, blank=True)
    template = models.FileField("空白表格", upload_to="materials/templates/", blank=True)
    sample = models.FileField("示例样表", upload_to="materials/samples/", blank=True)

    class Meta:
        verbose_name = "申请材料"
        verbose_name_plural = "申请材料"
        ordering = ["matter", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(copies__gte=1), name="material_copies_positive")
        ]

    def __str__(self):
        return self.name

    @property
    def merge_key(self) -> str:
        """What makes two materials of different matters the same document."""
        return self.shared_code or "".join(self.name.split())


class MatterStep(models.Model):
    """A step of the process; special steps (特殊环节) are excluded from the time limit."""

    matter = models.ForeignKey(
        Matter, verbose_name="事项", on_delete=models.CASCADE, related_name="steps"
    )
    kind = models.CharField(
        "类型", max_length=8, choices=StepKind.choices, default=StepKind.PROCESS
    )
    order = models.PositiveSmallIntegerField("序号", default=1)
    name = models.CharField("环节名称", max_length=60)
    description = models.CharField("说明", max_length=300, blank=True)
    usual_days = models.PositiveSmallIntegerField("通常用时（工作日）", default=0)

    class Meta:
        verbose_name = "办理环节"
        verbose_name_plural = "办理环节"
        ordering = ["matter", "kind", "order", "id"]

    def __str__(self):
        return self.name
