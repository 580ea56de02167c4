"""Admin for the catalog. A published matter is never overwritten: saving it in the
admin publishes a new version through services.matter_revise."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse

from onewindow.audit.services import audit_record
from onewindow.lib.errors import DomainError

from . import services
from .admin_excel import excel_admin_urls, export_selected_matters
from .choices import MatterStatus
from .models import (
    Bundle,
    BundleItem,
    CalendarYear,
    Department,
    HolidayDay,
    IndustryLicense,
    Material,
    Matter,
    MatterStep,
    Region,
    Section,
    ServicePoint,
    Theme,
    Window,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "short_name", "region", "phone", "is_active", "order"]
    list_filter = ["is_active", "region"]
    search_fields = ["code", "name", "short_name"]
    list_select_related = ["region"]
    inlines = [SectionInline]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "department", "phone"]
    list_filter = ["department"]
    search_fields = ["name", "department__name"]
    list_select_related = ["department"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "audience", "order"]
    list_filter = ["audience"]
    search_fields = ["code", "name"]


class WindowInline(admin.TabularInline):
    model = Window
    extra = 0
    fields = ["number", "name", "kind", "is_open", "is_standby"]


@admin.register(ServicePoint)
class ServicePointAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "region", "accepts_all_matters", "is_active"]
    list_filter = ["kind", "accepts_all_matters", "is_active"]
    search_fields = ["code", "name", "address"]
    list_select_related = ["region"]
    autocomplete_fields = ["region"]
    filter_horizontal = ["matters"]
    inlines = [WindowInline]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "matters":
            kwargs["queryset"] = Matter.objects.current().order_by("name")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Window)
class WindowAdmin(admin.ModelAdmin):
    list_display = ["service_point", "number", "name", "kind", "is_open", "is_standby"]
    list_filter = ["kind", "is_open", "is_standby", "service_point"]
    search_fields = ["number", "name", "service_point__name"]
    list_select_related = ["service_point"]
    filter_horizontal = ["themes", "departments"]


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0
    fields = [
        "order",
        "name",
        "shared_code",
        "required",
        "is_core",
        "form",
        "medium",
        "copies",
        "source",
        "template",
        "sample",
    ]


class MatterStepInline(admin.TabularInline):
    model = MatterStep
    extra = 0
    fields = ["kind", "order", "name", "description", "usual_days"]


@admin.register(Matter)
class MatterAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "matter_type",
        "department",
        "kind",
        "promised_limit_days",
        "legal_limit_days",
        "version",
        "status",
        "is_current",
    ]
    list_filter = [
        "status",
        "is_current",
        "matter_type",
        "kind",
        "online_level",
        "max_visits",
        "department",
    ]
    search_fields = ["code", "name", "keywords", "department__name"]
    list_select_related = ["department"]
    autocomplete_fields = ["department"]
    filter_horizontal = ["themes", "co_departments"]
    readonly_fields = [
        "version",
        "status",
        "is_current",
        "valid_from",
        "valid_to",
        "published_at",
        "created_at",
        "updated_at",
    ]
    inlines = [MaterialInline, MatterStepInline]
    actions = ["publish_drafts", "start_revisions", export_selected_matters]
    change_form_template = "admin/catalog/matter/change_form.html"
    change_list_template = "admin/catalog/matter/change_list_excel.html"
    fieldsets = [
        (
            "基本要素",
            {
                "fields": [
                    "code",
                    "name",
                    "matter_type",
                    "department",
                    "implementing_body",
                    "legal_basis",
                    "parent_code",
                    "business_kind",
                ]
            },
        ),
        (
            "版本",
            {
                "fields": [
                    "version",
                    "status",
                    "is_current",
                    "valid_from",
                    "valid_to",
                    "published_at",
                ]
            },
        ),
        (
            "办理方式",
            {
                "fields": [
                    "levels",
                    "channels",
                    "online_level",
                    "service_object",
                    "themes",
                    "co_departments",
                ]
            },
        ),
        (
            "时限与跑动",
            {"fields": ["kind", "legal_limit_days", "promised_limit_days", "max_visits"]},
        ),
        (
            "办事指南",
            {
                "fields": [
                    "summary",
                    "conditions",
                    "handling_place",
                    "consult_phone",
                    "complaint_phone",
                    "result_name",
                    "keywords",
                    "form_fields",
                ]
            },
        ),
        ("收费", {"fields": ["is_free", "fee_amount", "fee_description", "fee_basis"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("department")

    @admin.action(description="发布所选草稿事项")
    def publish_drafts(self, request, queryset):
        published = 0
        for matter in queryset.filter(status=MatterStatus.DRAFT):
            try:
                services.matter_publish(matter=matter, actor=request.user)
                published += 1
            except DomainError as exc:
                self.message_user(request, f"{matter.code}：{exc.message}", messages.ERROR)
        self.message_user(request, f"已发布 {published} 个事项")

    def get_urls(self):
        urls = [
            path(
                "<int:pk>/revise/",
                self.admin_site.admin_view(self.start_revision_view),
                name="catalog_matter_revise",
            )
        ]
        return excel_admin_urls(self.admin_site) + urls + super().get_urls()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, object_id) if object_id else None
        if obj is not None and obj.status == MatterStatus.PUBLISHED:
            extra_context["subtitle"] = (
                "此版本已发布，不能直接修改：请「起草新版本」，发布后替代本版本；已受理的办件仍按本版本办理。"
            )
            extra_context["can_revise"] = obj.is_current
        elif obj is not None and obj.status in (MatterStatus.SUPERSEDED, MatterStatus.RETIRED):
            extra_context["subtitle"] = "此版本已失效，仅供查阅。"
        return super().changeform_view(request, object_id, form_url, extra_context)

    def has_change_permission(self, request, obj=None):
        # Only drafts are edited; published versions are evidence of what cases were accepted under.
        if obj is not None and obj.status != MatterStatus.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status != MatterStatus.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.version, obj.is_current, obj.status = 1, True, MatterStatus.DRAFT
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="matter.update" if change else "matter.create",
            obj=obj,
            summary=f"{'修改' if change else '新建'}草稿事项 {obj.code}（管理后台）",
        )

    def start_revision_view(self, request, pk):
        matter = get_object_or_404(Matter, pk=pk)
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:catalog_matter_change", args=[pk]))
        try:
            draft = services.matter_start_revision(matter=matter, actor=request.user)
        except DomainError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return HttpResponseRedirect(reverse("admin:catalog_matter_change", args=[pk]))
        self.message_user(
            request, f"已起草第{draft.version}版，修改后使用「发布所选草稿事项」发布。"
        )
        return HttpResponseRedirect(reverse("admin:catalog_matter_change", args=[draft.pk]))

    @admin.action(description="为所选已发布事项起草新版本")
    def start_revisions(self, request, queryset):
        started = 0
        for matter in queryset.filter(status=MatterStatus.PUBLISHED, is_current=True):
            try:
                services.matter_start_revision(matter=matter, actor=request.user)
                started += 1
            except DomainError as exc:
                self.message_user(request, f"{matter.code}：{exc.message}", messages.WARNING)
        self.message_user(request, f"已起草 {started} 个新版本")


class BundleItemInline(admin.TabularInline):
    model = BundleItem
    extra = 0


@admin.register(Bundle)
class BundleAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "audience",
        "lead_department",
        "promised_limit_days",
        "is_published",
    ]
    list_filter = ["audience", "is_published"]
    search_fields = ["code", "name", "keywords"]
    list_select_related = ["lead_department"]
    filter_horizontal = ["themes"]
    inlines = [BundleItemInline]


@admin.register(IndustryLicense)
class IndustryLicenseAdmin(admin.ModelAdmin):
    list_display = ["code", "industry", "license_name", "bundle", "validity_years"]
    search_fields = ["code", "industry", "license_name"]
    list_select_related = ["bundle"]


@admin.register(HolidayDay)
class HolidayDayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "is_workday", "source"]
    list_filter = ["is_workday", "source"]
    search_fields = ["name", "date"]
    date_hierarchy = "date"


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "source", "note", "loaded_at"]
    list_filter = ["source"]
