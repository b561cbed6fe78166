"""Admin for beheerders; everyday editing happens on the netwerk pages (services.py)."""

from django.contrib import admin

from .models import ContactPerson, Location, Organization, Service, TargetGroup


class ServiceInline(admin.TabularInline):
    model = Service
    fields = ("name", "status", "minimum_age", "maximum_age")
    extra = 0
    show_change_link = True


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "region", "updated_at")
    list_filter = ("kind", "region")
    search_fields = ("name", "website", "email")
    filter_horizontal = ("municipalities",)
    readonly_fields = ("hsds_id", "created_at", "updated_at")
    inlines = [ServiceInline]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "organization", "status", "minimum_age", "maximum_age")
    list_filter = ("status", "organization__region")
    search_fields = ("name", "organization__name")
    list_select_related = ("organization",)
    autocomplete_fields = ("organization",)
    filter_horizontal = (
        "target_groups",
        "themes",
        "solution_directions",
        "interventions",
        "initiatives",
    )
    readonly_fields = ("hsds_id", "created_at", "updated_at")


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ("__str__", "organization", "municipality")
    search_fields = ("name", "address", "organization__name")
    autocomplete_fields = ("organization",)
    readonly_fields = ("hsds_id",)


@admin.register(ContactPerson)
class ContactPersonAdmin(admin.ModelAdmin):
    list_display = ("name", "role", "organization")
    search_fields = ("name", "organization__name")
    autocomplete_fields = ("organization",)
    readonly_fields = ("hsds_id", "created_at")


@admin.register(TargetGroup)
class TargetGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
