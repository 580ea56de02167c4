from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "object_repr", "summary", "ip_address"]
    list_filter = ["action", "content_type"]
    search_fields = ["action", "object_repr", "summary", "request_id", "actor__username"]
    date_hierarchy = "created_at"
    list_select_related = ["actor"]

    # The trail is evidence: it can be read, never edited.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
