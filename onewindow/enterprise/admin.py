"""The enterprise app in the admin. Templates and demand categories are configuration and
edited here; cards, milestones and demands change only through the services (which
schedule, clock and audit), so here they are read-only."""

from django.contrib import admin

from .models import (
    Demand,
    DemandCounter,
    DemandRating,
    DemandService,
    Milestone,
    MilestoneTemplate,
    ProjectCard,
    ProjectMember,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MilestoneTemplate)
class MilestoneTemplateAdmin(admin.ModelAdmin):
    list_display = ["order", "name", "department", "limit_days", "is_active"]
    list_display_links = ["name"]
    list_editable = ["order", "limit_days", "is_active"]
    list_filter = ["is_active", "department"]
    search_fields = ["name", "department__name"]
    list_select_related = ["department"]


@admin.register(DemandService)
class DemandServiceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "group", "default_department", "limit_days", "is_active"]
    list_filter = ["is_active", "group"]
    search_fields = ["code", "name", "keywords"]
    list_select_related = ["default_department"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    fields = ["order", "name", "department", "limit_days", "planned_start_date",
              "planned_end_date", "status", "done_at", "case"]  # fmt: skip
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class MemberInline(admin.TabularInline):
    model = ProjectMember
    fields = ["name", "duty", "department", "phone", "user"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ProjectCard)
class ProjectCardAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "enterprise", "steward", "lead_department",
                    "target_start_date", "status"]  # fmt: skip
    list_filter = ["status", "lead_department"]
    search_fields = ["code", "name", "enterprise__name", "lead_person"]
    list_select_related = ["enterprise", "steward", "lead_department"]
    inlines = [MilestoneInline, MemberInline]


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyAdmin):
    list_display = ["card", "order", "name", "department", "planned_end_date", "status", "done_at"]
    list_filter = ["status", "department"]
    search_fields = ["card__code", "card__name", "name"]
    list_select_related = ["card", "department"]


@admin.register(ProjectMember)
class ProjectMemberAdmin(ReadOnlyAdmin):
    list_display = ["card", "name", "duty", "department", "phone"]
    search_fields = ["card__code", "name", "duty"]
    list_select_related = ["card", "department"]


class RatingInline(admin.TabularInline):
    model = DemandRating
    fields = ["satisfaction", "comment", "rated_at", "rated_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Demand)
class DemandAdmin(ReadOnlyAdmin):
    list_display = ["number", "service", "enterprise", "channel", "department", "status",
                    "due_at", "reopen_count", "created_at"]  # fmt: skip
    list_filter = ["status", "channel", "service", "department"]
    search_fields = ["number", "description", "enterprise__name"]
    list_select_related = ["service", "enterprise", "department"]
    date_hierarchy = "created_at"
    inlines = [RatingInline]


@admin.register(DemandRating)
class DemandRatingAdmin(ReadOnlyAdmin):
    list_display = ["demand", "satisfaction", "comment", "rated_at"]
    list_filter = ["satisfaction"]
    search_fields = ["demand__number", "comment"]
    list_select_related = ["demand"]


@admin.register(DemandCounter)
class DemandCounterAdmin(ReadOnlyAdmin):
    list_display = ["day", "last"]
    date_hierarchy = "day"
    ordering = ["-day"]
