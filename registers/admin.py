"""Admin for teams, memberships, matrices and registers.

Supervisors see their own teams (read-only) and their registers; matrices are shared and
read-only for everybody but site administrators, and frozen once a register uses them
(changing a cell would change what past ratings meant).
"""

from django.contrib import admin

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
from riskportal.admin_scoping import ScopedAdmin, ScopedHistoryAdmin, ScopedInline, is_site_admin


class MembershipInline(ScopedInline, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Team)
class TeamAdmin(ScopedAdmin):
    list_display = ["name", "organisation", "created_at"]
    search_fields = ["name", "organisation"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin):
    list_display = ["user", "team", "role"]
    list_filter = ["role", "team"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "team__name"]
    autocomplete_fields = ["user", "team"]
    list_select_related = ["user", "team"]
    parent_fields = ("team", "user")  # a membership is deleted, not moved

    def scope_queryset(self, queryset, request):
        return queryset.filter(team__in=Team.objects.supervised_by(request.user))


class SharedMatrixMixin:
    """Matrices are shared by every team: all may read, only site administrators change
    one, and only while no register uses it."""

    def scope_queryset(self, queryset, request):
        return queryset

    def _matrix_in_use(self, obj) -> bool:
        matrix = obj if isinstance(obj, RiskMatrix) else getattr(obj, "matrix", None)
        return matrix is not None and matrix.pk is not None and matrix.registers.exists()

    def has_add_permission(self, request, obj=None):
        return is_site_admin(request) and not self._matrix_in_use(obj)

    def has_change_permission(self, request, obj=None):
        return is_site_admin(request) and not self._matrix_in_use(obj)

    def has_delete_permission(self, request, obj=None):
        return is_site_admin(request) and not self._matrix_in_use(obj)


class MatrixInline(SharedMatrixMixin, ScopedInline, admin.TabularInline):
    extra = 0


class LikelihoodInline(MatrixInline):
    model = LikelihoodLevel


class ConsequenceInline(MatrixInline):
    model = ConsequenceLevel


class LevelInline(MatrixInline):
    model = RiskLevel


class CellInline(MatrixInline):
    model = MatrixCell


@admin.register(RiskMatrix)
class RiskMatrixAdmin(SharedMatrixMixin, ScopedAdmin):
    list_display = ["name", "version", "is_preset", "escalate_top_consequence"]
    inlines = [LikelihoodInline, ConsequenceInline, LevelInline, CellInline]


@admin.register(Register)
class RegisterAdmin(ScopedHistoryAdmin):
    list_display = ["title", "team", "status", "owner", "updated_at"]
    list_filter = ["status", "team"]
    search_fields = ["title", "organisation", "service"]
    autocomplete_fields = ["team"]
    list_select_related = ["team", "owner"]
    site_admins_move_parents = True  # only a site administrator moves a register's team

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            # The matrix is fixed once the register exists (ratings refer to it).
            readonly.append("matrix")
        return list(dict.fromkeys(readonly))
