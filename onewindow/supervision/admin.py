"""Supervision in the admin. The policy and the deduction items are configuration, edited
here; records (accountability, deductions, assessments, actions, awards, patrols) are made
by the services, which check the rules and audit, so here they are read-only."""

from django.contrib import admin

from .models import (
    Accountability,
    Assessment,
    AssessmentAction,
    AssessmentPolicy,
    Award,
    Deduction,
    DeductionItem,
    PatrolFinding,
    PatrolLog,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AssessmentPolicy)
class AssessmentPolicyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "staff_awards", "window_awards"]

    def has_add_permission(self, request):
        return not AssessmentPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DeductionItem)
class DeductionItemAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "points", "automatic", "order", "is_active"]
    list_editable = ["points", "is_active"]
    search_fields = ["code", "name"]

    def get_readonly_fields(self, request, obj=None):
        # The code is how the data finds an automatic item: fixed once created.
        return ["code", "automatic"] if obj else []


@admin.register(Accountability)
class AccountabilityAdmin(ReadOnlyAdmin):
    list_display = ["case", "department", "reviewer", "due_at", "found_at", "status"]
    list_filter = ["status", "department"]
    search_fields = ["case__number", "department__name", "reviewer__username"]
    list_select_related = ["case", "department", "reviewer"]
    date_hierarchy = "found_at"


@admin.register(Deduction)
class DeductionAdmin(ReadOnlyAdmin):
    list_display = ["staff", "item", "points", "month", "occurred_at", "note", "voided_at"]
    list_filter = ["item", "month"]
    search_fields = ["staff__username", "staff__staff_profile__full_name", "note", "source"]
    list_select_related = ["staff", "item"]


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["staff", "month", "score", "deducted", "deduction_count", "computed_at"]
    list_filter = ["month"]
    search_fields = ["staff__username", "staff__staff_profile__full_name"]
    list_select_related = ["staff"]


@admin.register(AssessmentAction)
class AssessmentActionAdmin(ReadOnlyAdmin):
    list_display = ["staff", "month", "kind", "status", "reason", "done_at"]
    list_filter = ["kind", "status", "month"]
    search_fields = ["staff__username", "staff__staff_profile__full_name", "reason"]
    list_select_related = ["staff"]


@admin.register(Award)
class AwardAdmin(ReadOnlyAdmin):
    list_display = ["month", "kind", "window", "staff", "reason", "granted_at"]
    list_filter = ["kind", "month"]
    search_fields = ["window__name", "staff__username", "reason"]
    list_select_related = ["window", "staff"]


class PatrolFindingInline(admin.TabularInline):
    model = PatrolFinding
    extra = 0
    fields = ["seen_at", "item", "window", "staff", "description"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PatrolLog)
class PatrolLogAdmin(ReadOnlyAdmin):
    list_display = ["day", "service_point", "patrolled_by", "summary"]
    list_filter = ["service_point"]
    search_fields = ["service_point__name", "summary"]
    list_select_related = ["service_point", "patrolled_by"]
    inlines = [PatrolFindingInline]
