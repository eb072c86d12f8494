from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from journeys.models import Stage


@admin.register(Stage)
class StageAdmin(SimpleHistoryAdmin):
    list_display = ["name", "register", "order", "is_moment_of_truth", "emotion"]
    list_filter = ["is_moment_of_truth", "register__team"]
    search_fields = ["name", "register__title"]
