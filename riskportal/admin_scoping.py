"""The Django admin as a tenant boundary: supervisors see only the teams they supervise.

Site administrators (superusers) see everything. A supervisor is a staff user in the
"Supervisors" group (the group says which kinds of record they may view or change); which
rows they see is decided here, by team, through ``supervised_by(user)`` from
``riskportal.scoping``. Every admin class uses ``TeamScopedAdminMixin``, which scopes:

- the changelist, search and autocomplete (all built on ``get_queryset``);
- object URLs (change, delete, history): another team's object answers 404;
- the choices of foreign keys and many-to-many fields (what the related model's admin
  lets the user see), so a crafted POST cannot attach another team's object;
- related list filters, which list only what appears in the user's own rows.

History is shown, never rewritten: ``ReadOnlyHistoryMixin`` turns django-simple-history's
revert view into a read-only page for everybody.
"""

from __future__ import annotations

from django import http
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path, unquote
from django.contrib.auth import get_user_model
from django.db import models
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

SUPERVISORS_GROUP = "Supervisors"


def is_site_admin(request: HttpRequest) -> bool:
    return bool(request.user.is_active and request.user.is_superuser)


class TeamScopedAdminMixin:
    """Limit an admin class to the teams the signed-in supervisor supervises."""

    def scope_queryset(self, queryset: models.QuerySet, request: HttpRequest) -> models.QuerySet:
        """Rows of ``queryset`` a non-superuser may see; override for models without a team.

        The default uses the model's ``supervised_by(user)``; a model without one shows
        nothing to anybody but site administrators.
        """
        supervised_by = getattr(queryset, "supervised_by", None)
        if supervised_by is None:
            return queryset.none()
        return supervised_by(request.user)

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        queryset = super().get_queryset(request)
        if is_site_admin(request):
            return queryset
        if not (request.user.is_active and request.user.is_staff):
            return queryset.none()
        return self.scope_queryset(queryset, request)

    def get_object(self, request: HttpRequest, object_id, from_field=None):
        """The object if the user may see it; 404 otherwise (never a hint that it exists)."""
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise http.Http404("No such object.")
        return obj

    # --- choices ------------------------------------------------------------------------

    def related_choices(self, model: type[models.Model], request: HttpRequest) -> models.QuerySet:
        """What the user may pick for a relation to ``model``: what its admin shows them."""
        user_model = get_user_model()
        if is_site_admin(request):
            return model._default_manager.all()
        if model is user_model:
            from registers.models import Membership, Team

            teams = Team.objects.supervised_by(request.user)
            return user_model._default_manager.filter(
                pk__in=Membership.objects.filter(team__in=teams).values("user")
            ).order_by(user_model.USERNAME_FIELD)
        related_admin = self.admin_site._registry.get(model)
        if isinstance(related_admin, TeamScopedAdminMixin):
            return related_admin.get_queryset(request)
        return model._default_manager.none()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", self.related_choices(db_field.related_model, request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", self.related_choices(db_field.related_model, request))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    # --- filters ------------------------------------------------------------------------

    def get_list_filter(self, request: HttpRequest):
        """Related filters list only objects that occur in the user's own rows."""
        scoped = []
        for list_filter in super().get_list_filter(request):
            if isinstance(list_filter, str) and get_fields_from_path(self.model, list_filter)[
                -1
            ].is_relation:
                list_filter = (list_filter, admin.RelatedOnlyFieldListFilter)
            scoped.append(list_filter)
        return scoped


class ReadOnlyHistoryMixin:
    """History pages of django-simple-history, without revert, for everybody.

    The list of past versions and each version's page stay visible; the version page
    answers 405 to anything but GET, so a crafted POST cannot revert a record.
    """

    def has_change_history_permission(self, request, obj=None) -> bool:
        return False

    def revert_disabled(self, request, obj=None) -> bool:
        return True

    def history_view(self, request, object_id, extra_context=None):
        self.get_object(request, unquote(object_id))  # 404 outside the user's teams
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            return http.HttpResponseNotAllowed(["GET", "HEAD"])
        self.get_object(request, unquote(object_id))
        request._viewing_history_version = True
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_readonly_fields(self, request, obj=None):
        # The version page renders the admin form: show it with every field read-only.
        if getattr(request, "_viewing_history_version", False):
            return [field.name for field in self.model._meta.fields]
        return super().get_readonly_fields(request, obj)


class ScopedAdmin(TeamScopedAdminMixin, admin.ModelAdmin):
    """A team-scoped admin for models without history."""


class ScopedHistoryAdmin(TeamScopedAdminMixin, ReadOnlyHistoryMixin, SimpleHistoryAdmin):
    """A team-scoped admin with a read-only history of every change."""


class ScopedInline(TeamScopedAdminMixin):
    """Mixed into inlines so their choices are scoped too (rows follow the parent)."""

    def get_queryset(self, request):
        # The parent object is already scoped; an inline lists its own children.
        return super(TeamScopedAdminMixin, self).get_queryset(request)
