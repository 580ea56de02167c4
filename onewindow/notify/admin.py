from django.contrib import admin, messages

from .models import OutboxMessage
from .services import message_dispatch


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Messages are a record of what was sent: read here, retried by the action, never edited."""

    list_display = ["created_at", "channel", "phone", "email", "subject", "status", "related_repr"]
    list_filter = ["channel", "status"]
    search_fields = ["phone", "email", "subject", "body", "related_repr"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="重新发送失败的消息")
    def retry(self, request, queryset):
        sent = [message_dispatch(message_id=m.pk) for m in queryset.exclude(status="SENT")]
        self.message_user(request, f"已重新发送 {len(sent)} 条", messages.SUCCESS)
