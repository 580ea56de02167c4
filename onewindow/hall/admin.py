"""The hall in the admin. Queues and appointment slots are configuration and edited here;
tickets, counters, appointments and pre-reviews are records of what happened, changed only
by the services (which lock, number and audit), so here they are read-only."""

from django.contrib import admin

from .models import Appointment, AppointmentSlot, PreReview, Queue, Ticket, TicketCounter


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, searched and filtered; never added, changed or deleted by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Queue)
class QueueAdmin(admin.ModelAdmin):
    list_display = ["letter", "name", "service_point", "kind", "order", "is_active"]
    list_display_links = ["letter", "name"]
    list_filter = ["kind", "is_active", "service_point__kind", "service_point"]
    search_fields = ["letter", "name", "service_point__name", "service_point__code"]
    list_select_related = ["service_point"]
    filter_horizontal = ["windows", "matters"]
    autocomplete_fields = ["service_point"]


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdmin):
    list_display = [
        "number",
        "queue",
        "day",
        "status",
        "rank",
        "source",
        "window",
        "issued_at",
        "called_at",
        "finished_at",
        "case",
    ]
    list_filter = ["status", "rank", "source", "day", "queue__service_point"]
    search_fields = ["number", "phone", "case__number"]
    list_select_related = ["queue", "window", "case"]
    date_hierarchy = "issued_at"
    ordering = ["-issued_at"]


@admin.register(TicketCounter)
class TicketCounterAdmin(ReadOnlyAdmin):
    list_display = ["queue_shown", "day_shown", "last_shown"]
    list_filter = ["day", "queue__service_point"]
    search_fields = ["queue__letter", "queue__name"]
    list_select_related = ["queue"]
    ordering = ["-day", "queue"]

    # The counter's fields carry no verbose names; the columns say what they are.
    @admin.display(description="队列", ordering="queue")
    def queue_shown(self, obj):
        return obj.queue

    @admin.display(description="日期", ordering="day")
    def day_shown(self, obj):
        return obj.day

    @admin.display(description="已发号数", ordering="last")
    def last_shown(self, obj):
        return obj.last


@admin.register(AppointmentSlot)
class AppointmentSlotAdmin(admin.ModelAdmin):
    list_display = ["queue", "starts_at", "ends_at", "capacity", "booked"]
    list_filter = ["queue__service_point", "queue"]
    search_fields = ["queue__name", "queue__letter"]
    list_select_related = ["queue", "queue__service_point"]
    date_hierarchy = "starts_at"
    # Bookings move `booked` under a row lock; a hand edit would desynchronise it.
    readonly_fields = ["booked"]


@admin.register(Appointment)
class AppointmentAdmin(ReadOnlyAdmin):
    list_display = [
        "code",
        "name",
        "phone",
        "slot",
        "matter",
        "status",
        "booked_at",
        "checked_in_at",
    ]
    list_filter = ["status", "slot__queue__service_point"]
    search_fields = ["code", "name", "phone"]
    list_select_related = ["slot__queue", "matter"]


@admin.register(PreReview)
class PreReviewAdmin(ReadOnlyAdmin):
    list_display = ["matter", "service_point", "applicant_name", "passed", "clerk", "finished_at"]
    list_filter = ["passed", "service_point"]
    search_fields = ["applicant_name", "applicant_phone", "matter__name", "matter__code"]
    list_select_related = ["matter", "service_point", "clerk"]
    date_hierarchy = "finished_at"
