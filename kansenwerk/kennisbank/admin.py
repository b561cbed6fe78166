from django.contrib import admin

from . import models as m


class ProvenanceAdmin(admin.ModelAdmin):
    list_filter = ("region", "source_document")
    readonly_fields = ("import_key", "import_hash", "created_at", "updated_at")


@admin.register(m.SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "region")
    list_filter = ("kind", "region")
    search_fields = ("title",)
    readonly_fields = ("content_key", "created_at", "updated_at")


@admin.register(m.SourceFile)
class SourceFileAdmin(admin.ModelAdmin):
    list_display = ("path", "document", "format", "size")


@admin.register(m.NationalTheme)
class NationalThemeAdmin(admin.ModelAdmin):
    list_display = ("title",)
    search_fields = ("title", "description")


@admin.register(m.Theme)
class ThemeAdmin(ProvenanceAdmin):
    list_display = ("title", "number", "region", "source_document", "national_theme")
    search_fields = ("title",)


@admin.register(m.SolutionDirection)
class SolutionDirectionAdmin(ProvenanceAdmin):
    list_display = ("number", "title", "theme")
    search_fields = ("title",)


@admin.register(m.Intervention)
class InterventionAdmin(ProvenanceAdmin):
    list_display = ("title", "place", "region")
    search_fields = ("title", "place")
    filter_horizontal = ("themes", "solution_directions")


for model in (m.ReadingItem, m.Initiative, m.PracticeExample, m.Lesson, m.Source, m.Section):
    admin.site.register(model, ProvenanceAdmin)
