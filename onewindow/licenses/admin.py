"""Licenses are read here: issuing signs and revoking writes the audit trail and the
revocation notice, so both go through the services (the license page has the revoke form)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from .models import License, LicenseCounter


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PermitInline(admin.TabularInline):
    model = License
    fk_name = "composite"
    extra = 0
    fields = ["number", "title", "department", "status", "revoked_at"]
    readonly_fields = fields
    can_delete = False
    verbose_name = "集成的许可"
    verbose_name_plural = "集成的许可"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(License)
class LicenseAdmin(ReadOnlyAdmin):
    list_display = [
        "number",
        "title",
        "kind",
        "holder_name",
        "department",
        "valid_to",
        "status",
        "issued_at",
    ]
    list_filter = ["kind", "status", "department"]
    search_fields = ["number", "title", "holder_name", "holder_id_number", "case__number"]
    list_select_related = ["department"]
    date_hierarchy = "issued_at"
    readonly_fields = ["page_link"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "page_link",
                    "number",
                    "kind",
                    "title",
                    "case",
                    "matter",
                    "industry_license",
                    "composite",
                ]
            },
        ),
        ("持证人", {"fields": ["holder_kind", "holder_name", "holder_id_number", "scope"]}),
        ("发证与有效期", {"fields": ["department", "valid_from", "valid_to", "issued_at"]}),
        ("状态", {"fields": ["status", "revoked_at", "revoke_reason", "revoked_by"]}),
        ("签名", {"fields": ["key_id", "signature", "payload"]}),
    ]
    inlines = [PermitInline]

    @admin.display(description="证照页面（下载、撤销）")
    def page_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("licenses:detail", args=[obj.number]), obj.number
        )


@admin.register(LicenseCounter)
class LicenseCounterAdmin(ReadOnlyAdmin):
    list_display = ["prefix", "year", "last"]
    search_fields = ["prefix"]
