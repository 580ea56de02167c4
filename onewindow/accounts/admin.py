from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from . import services
from .models import ApiToken, ApplicantAccount, StaffProfile

User = get_user_model()


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    can_delete = False
    extra = 0
    autocomplete_fields = ["department", "region"]


class ApplicantAccountInline(admin.StackedInline):
    model = ApplicantAccount
    can_delete = False
    extra = 0


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [StaffProfileInline, ApplicantAccountInline]
    list_display = ["username", "full_name", "roles", "is_active", "is_staff", "last_login"]
    list_filter = ["groups", "is_active", "is_staff"]
    search_fields = ["username", "staff_profile__full_name", "applicant_account__name"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("staff_profile", "applicant_account")
            .prefetch_related("groups")
        )

    @admin.display(description="姓名")
    def full_name(self, obj):
        profile = getattr(obj, "staff_profile", None) or getattr(obj, "applicant_account", None)
        return (
            getattr(profile, "full_name", None)
            or getattr(profile, "name", "")
            or obj.get_full_name()
        )

    @admin.display(description="角色")
    def roles(self, obj):
        return "、".join(g.name for g in obj.groups.all())


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = [
        "full_name",
        "employee_number",
        "user",
        "department",
        "section",
        "service_point",
        "window",
    ]
    list_filter = ["department", "service_point"]
    search_fields = ["full_name", "employee_number", "user__username"]
    list_select_related = ["user", "department", "section", "service_point", "window"]
    autocomplete_fields = ["department", "region"]


@admin.register(ApplicantAccount)
class ApplicantAccountAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "id_number", "phone", "user"]
    list_filter = ["kind"]
    search_fields = ["name", "id_number", "phone", "user__username"]
    list_select_related = ["user"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "key_hint", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username"]
    list_select_related = ["user"]
    fields = ["user", "name", "key_hint", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["key_hint", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def has_change_permission(self, request, obj=None):
        return obj is None

    def save_model(self, request, obj, form, change):
        # The raw token exists only now: show it once, store only its hash.
        token, raw = services.token_create(user=obj.user, name=obj.name, actor=request.user)
        obj.pk = token.pk
        self.message_user(
            request, f"令牌已创建，请立即复制保存（只显示这一次）：{raw}", messages.WARNING
        )

    @admin.action(description="吊销所选令牌")
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True):
            services.token_revoke(token_id=token.pk, user=token.user, actor=request.user)
        self.message_user(request, "所选令牌已吊销")
