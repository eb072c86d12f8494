from django.contrib import admin

from criteria.models import Criterion


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    """The catalogue, read only: its wording is quoted from the source documents."""

    list_display = ["code", "group", "judged_by_person"]
    list_filter = ["source", "group", "judged_by_person"]
    search_fields = ["code", "text"]
    readonly_fields = ["code", "position", "source", "group", "text", "judged_by_person"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
