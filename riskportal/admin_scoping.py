"""The Django admin as a tenant boundary: supervisors see only the teams they supervise.

Site administrators (superusers) see everything. A supervisor is a staff user in the
"Supervisors" group (the group says which kinds of record they may view or change); which
rows they see is decided here, by team, through ``supervised_by(user)`` from
``riskportal.scoping``. Every admin class uses ``TeamScopedAdminMixin``, which scopes:

- the changelist, search and autocomplete (all built on ``get_queryset``);
- object URLs (change, delete, history): another team's object answers 404;
- the choices of foreign keys and many-to-many fields (what the related model's admin
  lets the user see), so a crafted POST cannot attach another team's object; on a change
  page, only what belongs with the object: records of its register, its team's people,
  references shared or of its team (``riskportal.one_register``);
- the link to the parent that places an object (a stage's register, a rating's risk, a
  membership's team...) is read-only on a change page, for everybody: an object is never
  moved to another register or team here (the models refuse it too);
- related list filters, which list only what appears in the user's own rows.

History is shown, never rewritten: ``ReadOnlyHistoryMixin`` turns django-simple-history's
revert view into a read-only page for everybody.
"""

from __future__ import annotations

from django import forms, http
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets, get_fields_from_path, unquote
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from riskportal.concurrency import VersionedModelForm
from riskportal.history import history_entries
from riskportal.one_register import OneRegisterModel, register_id_of, team_id_of

SUPERVISORS_GROUP = "Supervisors"

#: What the Supervisors group may do in the admin, by app and model: view their teams'
#: records, change the team's working records (not teams, memberships or matrices). Adding
#: happens on the app's pages, which number and rate records; nobody deletes here.
SUPERVISOR_PERMISSIONS = {
    "view": {
        "registers": [
            "team",
            "membership",
            "riskmatrix",
            "likelihoodlevel",
            "consequencelevel",
            "risklevel",
            "matrixcell",
            "register",
        ],
        "journeys": ["stage"],
        "assessments": [
            "reference",
            "risk",
            "assessment",
            "action",
            "consultation",
            "awarenessrecord",
            "review",
            "annotation",
            "swotitem",
            "pestleitem",
        ],
        "exhibits": ["exhibit"],
    },
    "change": {
        "registers": ["register"],
        "journeys": ["stage"],
        "assessments": [
            "risk",
            "action",
            "consultation",
            "awarenessrecord",
            "review",
            "annotation",
            "swotitem",
            "pestleitem",
        ],
        "exhibits": ["exhibit"],
    },
}


def ensure_supervisors_group(group_model, permission_model):
    """Create the Supervisors group with exactly ``SUPERVISOR_PERMISSIONS``.

    Takes the models so a data migration can pass its historical ones. Permissions of an
    app whose models are not migrated yet are left out: that app's own migration calls
    this again once they exist (exhibits: ``0002_supervisors_see_exhibits``).
    """
    group, _ = group_model.objects.get_or_create(name=SUPERVISORS_GROUP)
    wanted = []
    for action, apps in SUPERVISOR_PERMISSIONS.items():
        for app_label, models_ in apps.items():
            for model in models_:
                wanted.extend(
                    permission_model.objects.filter(
                        content_type__app_label=app_label, codename=f"{action}_{model}"
                    )[:1]
                )
    group.permissions.set(wanted)
    return group


def is_site_admin(request: HttpRequest) -> bool:
    return bool(request.user.is_active and request.user.is_superuser)


class TeamScopedAdminMixin:
    """Limit an admin class to the teams the signed-in supervisor supervises."""

    #: Foreign keys that place an object, read-only once it exists. ``None``: the model's
    #: ``fixed_parents`` (``OneRegisterModel``), else the first step of its ``team_path``.
    parent_fields: tuple[str, ...] | None = None
    #: Site administrators may still change the parent (a register moved to another team).
    site_admins_move_parents = False

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

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet) -> None:
        """ "Delete selected" one object at a time: audited models refuse bulk deletes,
        and each deletion gets its own history row."""
        with transaction.atomic():
            for obj in queryset:
                obj.delete()

    # --- parents ------------------------------------------------------------------------

    def get_parent_fields(self) -> tuple[str, ...]:
        if self.parent_fields is not None:
            return tuple(self.parent_fields)
        if issubclass(self.model, OneRegisterModel):
            return tuple(self.model.fixed_parents)
        team_path = getattr(self.model._default_manager.get_queryset(), "team_path", "")
        return (team_path.split("__")[0],) if team_path else ()

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and not (self.site_admins_move_parents and is_site_admin(request)):
            readonly += [name for name in self.get_parent_fields() if name not in readonly]
        return readonly

    # --- choices ------------------------------------------------------------------------

    def related_choices(self, model: type[models.Model], request: HttpRequest) -> models.QuerySet:
        """What the user may pick for a relation to ``model``: what its admin shows them."""
        user_model = get_user_model()
        if is_site_admin(request):
            return model._default_manager.all()
        if model is user_model:
            membership = user_model._meta.get_field("memberships").related_model
            teams = membership.objects.filter(
                user=request.user, role__in=membership.SUPERVISOR_ROLES
            ).values("team")
            return user_model._default_manager.filter(
                pk__in=membership.objects.filter(team__in=teams).values("user")
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

    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is not None:
            for field in form.base_fields.values():
                queryset = getattr(field, "queryset", None)
                if queryset is not None:
                    field.queryset = choices_belonging_with(obj, queryset)
        return form

    # --- filters ------------------------------------------------------------------------

    def get_list_filter(self, request: HttpRequest):
        """Related filters list only objects that occur in the user's own rows."""
        scoped = []
        for list_filter in super().get_list_filter(request):
            if (
                isinstance(list_filter, str)
                and get_fields_from_path(self.model, list_filter)[-1].is_relation
            ):
                list_filter = (list_filter, admin.RelatedOnlyFieldListFilter)
            scoped.append(list_filter)
        return scoped


def choices_belonging_with(obj: models.Model, queryset: models.QuerySet) -> models.QuerySet:
    """What ``obj`` may link to among ``queryset``: records of its register, people of its
    team, shared records or its team's. Records of no register or team (matrices) stay."""
    related = queryset.model
    register_id, team_id = register_id_of(obj), team_id_of(obj)
    if issubclass(related, OneRegisterModel) and register_id is not None:
        return queryset.filter(**{related.register_path: register_id})
    if related is get_user_model() and team_id is not None:
        return queryset.filter(memberships__team=team_id)
    if related._meta.model_name == "register" and team_id is not None:
        return queryset.filter(team=team_id)
    if team_id is not None and any(f.name == "team" for f in related._meta.fields):
        return queryset.filter(models.Q(team__isnull=True) | models.Q(team=team_id))
    return queryset


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

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """Each version's changes as the risk page shows them: labels and names, no ids."""
        records = list(historical_records)
        entries = {entry.history_id: entry for entry in history_entries(records, subject=str)}
        for record in records:
            entry = entries.get(record.history_id)
            if entry is not None and record.history_type == "~":
                record.history_delta_changes = [
                    {"field": change.field, "old": change.before, "new": change.after}
                    for change in entry.changes
                ]

    def get_readonly_fields(self, request, obj=None):
        # The version page renders the admin form: show it with every field read-only.
        readonly = list(super().get_readonly_fields(request, obj))
        if getattr(request, "_viewing_history_version", False):
            fields = [*self.model._meta.fields, *self.model._meta.many_to_many]
            readonly += [f.name for f in fields if f.name not in readonly]
        return readonly


class VersionedAdminMixin:
    """Admin forms of a model with a ``version`` field lock optimistically, like the
    app's forms: a change saved by someone else after the page was opened is not
    overwritten (``riskportal.concurrency``)."""

    def _is_versioned(self) -> bool:
        return any(f.name == "version" for f in self.model._meta.concrete_fields)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if not self._is_versioned():
            return super().get_form(request, obj, change, **kwargs)
        if self.form is forms.ModelForm:
            kwargs.setdefault("form", VersionedModelForm)
        if "fields" not in kwargs:  # as Django would, so "version" can be taken out
            kwargs["fields"] = flatten_fieldsets(self.get_fieldsets(request, obj))
        if kwargs["fields"] is not None:
            # "version" is a form field (hidden), not an editable model field.
            kwargs["fields"] = [name for name in kwargs["fields"] if name != "version"]
        return super().get_form(request, obj, change, **kwargs)


class ScopedAdmin(TeamScopedAdminMixin, VersionedAdminMixin, admin.ModelAdmin):
    """A team-scoped admin for models without history."""


class ScopedHistoryAdmin(
    TeamScopedAdminMixin, VersionedAdminMixin, ReadOnlyHistoryMixin, SimpleHistoryAdmin
):
    """A team-scoped admin with a read-only history of every change."""


class ScopedInline(TeamScopedAdminMixin):
    """Mixed into inlines so their choices are scoped too (rows follow the parent)."""

    parent_fields = ()  # the inline's link to the page's object is not a form field

    def get_queryset(self, request):
        # The parent object is already scoped; an inline lists its own children.
        return super(TeamScopedAdminMixin, self).get_queryset(request)
