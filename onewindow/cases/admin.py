from django.contrib import admin

from .models import Applicant, Case, CaseCounter, CaseMaterial, Delivery, Notice, Review, Suspension


@admin.register(Applicant)
class ApplicantAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "id_number", "phone", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name", "id_number", "phone"]


class ReviewInline(admin.TabularInline):
    model = Review
    extra = 0
    fields = [
        "step",
        "step_name",
        "department",
        "is_lead",
        "status",
        "reviewer",
        "opinion",
        "decided_at",
    ]
    readonly_fields = fields
    can_delete = False


class SuspensionInline(admin.TabularInline):
    model = Suspension
    extra = 0
    fields = ["reason", "expected_workdays", "started_at", "ended_at", "workdays"]
    readonly_fields = fields
    can_delete = False


class NoticeInline(admin.TabularInline):
    model = Notice
    extra = 0
    fields = ["kind", "number", "issued_at", "department"]
    readonly_fields = fields
    can_delete = False


class CaseMaterialInline(admin.TabularInline):
    model = CaseMaterial
    extra = 0
    fields = ["name", "file", "check_result", "check_note", "checked_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """Cases are read here; every change goes through the workbench, the inbox or the API,
    which run the state machine and write the audit trail."""

    list_display = [
        "number",
        "title",
        "applicant",
        "channel",
        "status",
        "lead_department",
        "submitted_at",
        "due_at",
    ]
    list_filter = ["status", "channel", "lead_department", "service_point"]
    search_fields = [
        "number",
        "applicant__name",
        "applicant__id_number",
        "matter__name",
        "bundle__name",
    ]
    list_select_related = ["matter", "bundle", "applicant", "lead_department"]
    date_hierarchy = "submitted_at"
    inlines = [CaseMaterialInline, ReviewInline, SuspensionInline, NoticeInline]
    exclude = ["bundle_matters", "idempotency_key"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="事项")
    def title(self, obj):
        return obj.title


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["case", "department", "step_name", "status", "reviewer", "decided_at"]
    list_filter = ["status", "department"]
    search_fields = ["case__number"]
    list_select_related = ["case", "department", "reviewer"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["number", "kind", "case", "department", "issued_at"]
    list_filter = ["kind"]
    search_fields = ["number", "case__number"]
    list_select_related = ["case", "department"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["case", "method", "tracking_number", "delivered_at"]
    list_filter = ["method"]
    search_fields = ["case__number", "tracking_number"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CaseCounter)
class CaseCounterAdmin(admin.ModelAdmin):
    """The day's last case number per prefix: for looking, never for editing (numbers would repeat)."""

    list_display = ["prefix", "day", "last"]
    list_filter = ["prefix"]
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
