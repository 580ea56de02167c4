"""Where government happens: regions, departments and sections, service points and windows."""

from django.db import models

from ..choices import Audience, RegionLevel, ServicePointKind, WindowKind


class Region(models.Model):
    code = models.CharField("行政区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=50)
    level = models.CharField("层级", max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级区划",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["code"]

    def __str__(self):
        return self.name


class Department(models.Model):
    code = models.CharField("部门编码", max_length=20, unique=True)
    name = models.CharField("部门名称", max_length=60, unique=True)
    short_name = models.CharField("简称", max_length=20, blank=True)
    region = models.ForeignKey(
        Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="departments"
    )
    phone = models.CharField("咨询电话", max_length=30, blank=True)
    address = models.CharField("办公地址", max_length=120, blank=True)
    order = models.PositiveSmallIntegerField("排序", default=100)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "部门"
        verbose_name_plural = "部门"
        ordering = ["order", "code"]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return self.short_name or self.name


class Section(models.Model):
    """A section (科室) of a department: the unit citizens rate in section reviews."""

    department = models.ForeignKey(
        Department, verbose_name="部门", on_delete=models.CASCADE, related_name="sections"
    )
    name = models.CharField("科室名称", max_length=60)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    duties = models.TextField("主要职责", blank=True)

    class Meta:
        verbose_name = "科室"
        verbose_name_plural = "科室"
        ordering = ["department__order", "department__code", "id"]
        constraints = [
            models.UniqueConstraint(fields=["department", "name"], name="section_unique_per_dept")
        ]

    def __str__(self):
        return f"{self.department.display_name}·{self.name}"


class Theme(models.Model):
    """A life-event or enterprise-lifecycle theme (主题) used to browse the catalog."""

    code = models.SlugField("编码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=30)
    audience = models.CharField("面向", max_length=12, choices=Audience.choices)
    description = models.CharField("说明", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField("排序", default=100)

    class Meta:
        verbose_name = "主题"
        verbose_name_plural = "主题"
        ordering = ["audience", "order", "code"]

    def __str__(self):
        return self.name


class ServicePoint(models.Model):
    code = models.CharField("编码", max_length=20, unique=True)
    name = models.CharField("名称", max_length=60)
    kind = models.CharField("类型", max_length=20, choices=ServicePointKind.choices)
    region = models.ForeignKey(
        Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="service_points"
    )
    address = models.CharField("地址", max_length=120, blank=True)
    phone = models.CharField("电话", max_length=30, blank=True)
    opening_hours = models.CharField(
        "办公时间", max_length=120, blank=True, default="工作日 9:00-12:00，13:30-17:00"
    )
    accepts_all_matters = models.BooleanField(
        "可受理全部事项", default=False, help_text="政务服务大厅通常可受理全部事项"
    )
    matters = models.ManyToManyField(
        "catalog.Matter",
        verbose_name="可受理事项",
        blank=True,
        related_name="service_points",
        help_text="未勾选「可受理全部事项」时，本场所只能受理这些事项",
    )
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "服务场所"
        verbose_name_plural = "服务场所"
        ordering = ["code"]

    def __str__(self):
        return self.name

    def may_accept(self, matter) -> bool:
        if self.accepts_all_matters:
            return True
        return self.matters.filter(code=matter.code).exists()


class Window(models.Model):
    service_point = models.ForeignKey(
        ServicePoint, verbose_name="服务场所", on_delete=models.CASCADE, related_name="windows"
    )
    number = models.CharField("窗口号", max_length=10)
    name = models.CharField("窗口名称", max_length=60)
    kind = models.CharField("类型", max_length=16, choices=WindowKind.choices)
    themes = models.ManyToManyField(
        Theme, verbose_name="受理领域", blank=True, related_name="windows"
    )
    departments = models.ManyToManyField(
        Department,
        verbose_name="进驻部门",
        blank=True,
        related_name="windows",
        help_text="分领域窗口受理的部门事项",
    )
    is_open = models.BooleanField("开放", default=True)
    is_standby = models.BooleanField("备岗窗口", default=False)

    class Meta:
        verbose_name = "窗口"
        verbose_name_plural = "窗口"
        ordering = ["service_point", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["service_point", "number"], name="window_number_unique_per_point"
            )
        ]

    def __str__(self):
        return f"{self.number}号窗口 {self.name}"
