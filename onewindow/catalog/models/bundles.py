"""一件事一次办 (bundles) and 一业一证 (industry licenses)."""

from django.db import models

from ..choices import Audience, MatterStatus
from .matters import Matter
from .places import Department, Theme


class Bundle(models.Model):
    """Several matters applied for together with one form and one set of materials.

    Bundle items name matters by code, so a bundle always offers the current
    published version of each of its matters.
    """

    code = models.SlugField("编码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=60)
    audience = models.CharField("面向", max_length=12, choices=Audience.choices)
    summary = models.TextField("简介", blank=True)
    themes = models.ManyToManyField(Theme, verbose_name="主题", blank=True, related_name="bundles")
    lead_department = models.ForeignKey(
        Department, verbose_name="牵头部门", on_delete=models.PROTECT, related_name="led_bundles"
    )
    promised_limit_days = models.PositiveSmallIntegerField("承诺时限（工作日）")
    max_visits = models.PositiveSmallIntegerField("到现场次数", default=1)
    keywords = models.CharField("检索关键词", max_length=300, blank=True)
    is_published = models.BooleanField("已发布", default=True)

    class Meta:
        verbose_name = "一件事"
        verbose_name_plural = "一件事一次办"
        ordering = ["code"]

    def __str__(self):
        return self.name

    def current_matters(self) -> list[Matter]:
        """The current published version of each item, in item order."""
        codes = [item.matter_code for item in self.items.all()]
        by_code = {
            m.code: m
            for m in Matter.objects.filter(
                code__in=codes, is_current=True, status=MatterStatus.PUBLISHED
            )
            .select_related("department")
            .prefetch_related("materials")
        }
        return [by_code[c] for c in codes if c in by_code]


class BundleItem(models.Model):
    bundle = models.ForeignKey(Bundle, on_delete=models.CASCADE, related_name="items")
    matter_code = models.CharField("事项编码", max_length=64)
    order = models.PositiveSmallIntegerField("序号", default=1)

    class Meta:
        verbose_name = "一件事包含的事项"
        verbose_name_plural = "一件事包含的事项"
        ordering = ["bundle", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["bundle", "matter_code"], name="bundle_item_unique")
        ]

    def __str__(self):
        return self.matter_code


class IndustryLicense(models.Model):
    """一业一证: an industry's bundle whose approvals yield one composite license."""

    bundle = models.OneToOneField(
        Bundle, verbose_name="对应一件事", on_delete=models.PROTECT, related_name="industry_license"
    )
    code = models.SlugField("编码", max_length=40, unique=True)
    industry = models.CharField("行业", max_length=40)
    license_name = models.CharField("行业综合许可证名称", max_length=60)
    validity_years = models.PositiveSmallIntegerField("有效期（年）", default=5)
    summary = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "一业一证"
        verbose_name_plural = "一业一证"
        ordering = ["code"]

    def __str__(self):
        return self.license_name
