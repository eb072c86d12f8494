from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from assessments.models import (
    Action,
    Annotation,
    Assessment,
    AwarenessRecord,
    Consultation,
    PestleItem,
    Reference,
    Review,
    Risk,
    SwotItem,
)


@admin.register(Reference)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "citation", "team"]
    list_filter = ["kind"]
    search_fields = ["title", "citation"]


class AssessmentInline(admin.TabularInline):
    model = Assessment
    fields = ["tier", "explanation", "rationale", "assessed_by", "assessed_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Risk)
class RiskAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "title", "register", "category", "decision", "status"]
    list_filter = ["category", "decision", "status", "register__team"]
    search_fields = ["title", "cause", "event", "consequence"]
    inlines = [AssessmentInline]
    list_select_related = ["register"]


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["risk", "tier", "score", "level_label", "assessed_at"]
    list_filter = ["tier", "level_code"]
    list_select_related = ["risk"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["description", "register", "status", "due_date", "owner"]
    list_filter = ["status", "kind"]
    search_fields = ["description"]


@admin.register(Consultation)
class ConsultationAdmin(SimpleHistoryAdmin):
    list_display = ["date", "group", "register", "people"]
    list_filter = ["group"]


@admin.register(AwarenessRecord)
class AwarenessRecordAdmin(SimpleHistoryAdmin):
    list_display = ["risk", "audience", "method", "date"]
    list_filter = ["audience", "method"]


@admin.register(Review)
class ReviewAdmin(SimpleHistoryAdmin):
    list_display = ["register", "date", "state", "reviewer", "signed_off_by"]
    list_filter = ["state"]


@admin.register(Annotation)
class AnnotationAdmin(SimpleHistoryAdmin):
    list_display = ["text", "register", "include_in_pdf", "author", "created_at"]


@admin.register(SwotItem)
class SwotItemAdmin(SimpleHistoryAdmin):
    list_display = ["quadrant", "text", "register"]
    list_filter = ["quadrant"]


@admin.register(PestleItem)
class PestleItemAdmin(SimpleHistoryAdmin):
    list_display = ["factor", "text", "register"]
    list_filter = ["factor"]
