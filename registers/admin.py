from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from registers.models import (
    ConsequenceLevel,
    LikelihoodLevel,
    MatrixCell,
    Membership,
    Register,
    RiskLevel,
    RiskMatrix,
    Team,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "created_at"]
    search_fields = ["name", "organisation"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "team", "role"]
    list_filter = ["role", "team"]
    search_fields = ["user__username", "team__name"]
    autocomplete_fields = ["user", "team"]


class LikelihoodInline(admin.TabularInline):
    model = LikelihoodLevel
    extra = 0


class ConsequenceInline(admin.TabularInline):
    model = ConsequenceLevel
    extra = 0


class LevelInline(admin.TabularInline):
    model = RiskLevel
    extra = 0


class CellInline(admin.TabularInline):
    model = MatrixCell
    extra = 0


@admin.register(RiskMatrix)
class RiskMatrixAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "is_preset", "escalate_top_consequence"]
    inlines = [LikelihoodInline, ConsequenceInline, LevelInline, CellInline]


@admin.register(Register)
class RegisterAdmin(SimpleHistoryAdmin):
    list_display = ["title", "team", "status", "owner", "updated_at"]
    list_filter = ["status", "team"]
    search_fields = ["title", "organisation", "service"]
    autocomplete_fields = ["team", "owner"]
