from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import login_throttle
from .models import AuditLogEntry, Municipality, Region, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (_("kansenwerk"), {"fields": ("role", "regions")}))
    list_display = ("username", "email", "role", "is_active")
    list_filter = ("role", "regions", "is_active")
    filter_horizontal = ("regions", "groups", "user_permissions")
    actions = ["unlock_login"]

    def has_unlock_permission(self, request) -> bool:
        return bool(request.user.is_active and request.user.is_beheerder)

    @admin.action(description=_("Inlogblokkade opheffen"), permissions=["unlock"])
    def unlock_login(self, request, queryset):
        """Lifts django-axes' lock of the chosen accounts (a lock by address stays: see
        "Toegangspogingen" under Axes)."""
        for account in queryset:
            login_throttle.login_unlock(user=request.user, account=account)
        count = len(queryset)
        self.message_user(
            request,
            ngettext(
                "De inlogblokkade van %(n)d account is opgeheven.",
                "De inlogblokkade van %(n)d accounts is opgeheven.",
                count,
            )
            % {"n": count},
            messages.SUCCESS,
        )


class MunicipalityInline(admin.TabularInline):
    model = Municipality
    fields = ("name", "slug", "cbs_code")
    extra = 0


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    inlines = [MunicipalityInline]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "cbs_code", "region")
    list_filter = ("region",)
    search_fields = ("name", "cbs_code")


@admin.register(AuditLogEntry)
class AuditLogEntryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor_label", "source", "action", "content_type", "object_repr")
    list_filter = ("source", "action", "content_type")
    search_fields = ("object_repr", "actor_label", "object_id")
    readonly_fields = [f.name for f in AuditLogEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
