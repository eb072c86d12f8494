"""Admin for the customer journey: stages, scoped to the supervisor's teams."""

from django.contrib import admin

from journeys.models import Stage
from riskportal.admin_scoping import ScopedHistoryAdmin


@admin.register(Stage)
class StageAdmin(ScopedHistoryAdmin):
    list_display = ["name", "register", "order", "is_moment_of_truth", "emotion"]
    list_filter = ["is_moment_of_truth", "register__team"]
    search_fields = ["name", "register__title"]
    autocomplete_fields = ["register"]
    list_select_related = ["register"]
