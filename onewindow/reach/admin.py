"""Reach in the admin. Runners, outlets' entrusted matters, 跨镇通办 matters and partners are
configuration, edited here (entrusting goes through the service, which keeps the catalog's
list of what the outlet may accept in step). Requests, authorisations, routings and
transfers are records of what happened, changed only by the services: read-only here."""

from django.contrib import admin, messages
from django.db import models

from onewindow.lib.errors import DomainError

from .models import (
    AgencyRequest,
    Authorisation,
    CrossTownMatter,
    CrossTownRouting,
    OutletMatter,
    Partner,
    PlatformKey,
    Runner,
    TransferIn,
    TransferOut,
    TransferUpdate,
)
from .services import outlets as outlet_services


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Runner)
class RunnerAdmin(admin.ModelAdmin):
    list_display = ["full_name", "region", "phone", "capacity", "open_load", "is_active"]
    list_filter = ["is_active", "region__level"]
    search_fields = ["full_name", "phone", "region__name", "user__username"]
    list_select_related = ["region"]
    autocomplete_fields = ["user"]
    readonly_fields = ["open_load"]


@admin.register(OutletMatter)
class OutletMatterAdmin(admin.ModelAdmin):
    list_display = ["service_point", "matter_code", "matter_name", "outlet_delivers", "created_at"]
    list_filter = ["service_point", "outlet_delivers"]
    search_fields = ["matter_code", "matter_name", "service_point__name"]
    list_select_related = ["service_point"]
    fields = ["service_point", "matter_code", "outlet_delivers", "note"]

    def save_model(self, request, obj, form, change):
        try:
            saved = outlet_services.outlet_matter_add(
                service_point=obj.service_point, matter_code=obj.matter_code,
                outlet_delivers=obj.outlet_delivers, note=obj.note, actor=request.user,
            )  # fmt: skip
        except DomainError as exc:
            messages.error(request, exc.message)
            return
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        outlet_services.outlet_matter_remove(entry=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for entry in queryset:
            outlet_services.outlet_matter_remove(entry=entry, actor=request.user)


@admin.register(CrossTownMatter)
class CrossTownMatterAdmin(admin.ModelAdmin):
    list_display = ["matter_code", "matter_name", "is_active", "note"]
    list_filter = ["is_active"]
    search_fields = ["matter_code", "matter_name"]
    fields = ["matter_code", "is_active", "note"]

    def save_model(self, request, obj, form, change):
        try:
            saved = outlet_services.cross_town_matter_set(
                matter_code=obj.matter_code, is_active=obj.is_active, note=obj.note,
                actor=request.user,
            )  # fmt: skip
        except DomainError as exc:
            messages.error(request, exc.message)
            return
        obj.pk = saved.pk


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "base_url", "key_id", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name", "base_url"]
    readonly_fields = ["key_id"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    exclude = ["token"]  # a secret: set with `manage.py reach_partner`, never shown


@admin.register(PlatformKey)
class PlatformKeyAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "key_id", "public_key", "created_at"]
    search_fields = ["code", "name"]


@admin.register(AgencyRequest)
class AgencyRequestAdmin(ReadOnlyAdmin):
    list_display = [
        "__str__",
        "applicant",
        "mode",
        "source",
        "region",
        "runner",
        "status",
        "created_at",
    ]
    list_filter = ["status", "mode", "source", "region__level"]
    search_fields = [
        "matter_name",
        "matter_code",
        "applicant__name",
        "runner__full_name",
        "case__number",
    ]
    list_select_related = ["applicant", "region", "runner"]
    date_hierarchy = "created_at"


@admin.register(Authorisation)
class AuthorisationAdmin(ReadOnlyAdmin):
    list_display = ["grantor_name", "runner", "scope", "matter_code", "valid_from", "valid_until"]
    search_fields = ["grantor_name", "runner__full_name", "matter_code"]
    list_select_related = ["runner"]


@admin.register(CrossTownRouting)
class CrossTownRoutingAdmin(ReadOnlyAdmin):
    list_display = ["case", "accepted_at_point", "competent_region", "competent_point", "routed_at"]
    search_fields = ["case__number", "accepted_at_point__name", "competent_point__name"]
    list_select_related = ["case", "accepted_at_point", "competent_region", "competent_point"]


@admin.register(TransferOut)
class TransferOutAdmin(ReadOnlyAdmin):
    list_display = [
        "matter_name",
        "applicant",
        "partner",
        "status",
        "remote_case_number",
        "remote_status_label",
        "created_at",
    ]
    list_filter = ["status", "partner"]
    search_fields = ["matter_name", "applicant__name", "remote_case_number"]
    list_select_related = ["applicant", "partner"]


@admin.register(TransferIn)
class TransferInAdmin(ReadOnlyAdmin):
    list_display = ["case", "partner", "package_id", "received_at"]
    list_filter = ["partner"]
    search_fields = ["case__number"]
    list_select_related = ["case", "partner"]


@admin.register(TransferUpdate)
class TransferUpdateAdmin(ReadOnlyAdmin):
    list_display = [
        "transfer",
        "version",
        "status",
        "created_at",
        "sent_at",
        "attempts",
        "last_error",
    ]
    search_fields = ["transfer__case__number"]
    list_select_related = ["transfer__case"]
