from django.contrib import admin

from .models import (
    Commitment,
    CommitmentItem,
    CreditRecord,
    Reminder,
    TrustMaterialRule,
    TrustPolicy,
)


class TrustMaterialRuleInline(admin.TabularInline):
    model = TrustMaterialRule
    extra = 1


@admin.register(TrustPolicy)
class TrustPolicyAdmin(admin.ModelAdmin):
    """The trust rules are configuration: the service management office edits them here."""

    list_display = ["matter_code", "enabled", "deadline_months", "verification"]
    list_filter = ["enabled"]
    search_fields = ["matter_code"]
    inlines = [TrustMaterialRuleInline]


class CommitmentItemInline(admin.TabularInline):
    model = CommitmentItem
    extra = 0
    fields = ["material_name", "trust_class", "due_date", "status", "file", "submitted_at",
              "verified_at", "verified_by", "note"]  # fmt: skip
    readonly_fields = fields
    can_delete = False


class ReminderInline(admin.TabularInline):
    model = Reminder
    extra = 0
    fields = ["due_date", "days_before", "sent_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    """Read here; signing, verification, rectification and breach go through the services,
    which keep the audit trail and tell the applicant."""

    list_display = [
        "number",
        "applicant",
        "status",
        "signed_at",
        "due_date",
        "rectification_due_date",
    ]
    list_filter = ["status"]
    search_fields = ["number", "case__number", "applicant__name"]
    readonly_fields = [f.name for f in Commitment._meta.fields]
    inlines = [CommitmentItemInline, ReminderInline]

    def has_add_permission(self, request):
        return False


@admin.register(CreditRecord)
class CreditRecordAdmin(admin.ModelAdmin):
    list_display = ["applicant", "status", "recorded_at", "bar_until", "repaired_at"]
    list_filter = ["status"]
    search_fields = ["applicant__name", "applicant__id_number"]
    readonly_fields = [f.name for f in CreditRecord._meta.fields]

    def has_add_permission(self, request):
        return False
