"""One register: a record of a register and every record it links to belong to that register.

A stage, a risk and its stage and ratings, an action and its risks, a review and its risks,
a consultation and its risk, a note and what it explains: all of one register, whichever
form, import or script writes them. Models take ``OneRegisterModel`` and say:

- ``register_path``: the lookup from the model to its register (``"register"``, or
  ``"risk__register"`` for a rating);
- ``fixed_parents``: the foreign keys that place the record (its register, its risk...).
  Once saved they never change: ``save()`` refuses, and so does ``full_clean()``;
- ``same_register``: foreign keys and many-to-many fields whose records must be of the
  same register (their models take ``OneRegisterModel`` too);
- ``same_team``: many-to-many fields to team-owned records that may also be shared by
  every team (a reference with no team).

Foreign keys are checked by ``clean()``, so every ModelForm checks them (``full_clean``);
many-to-many links are checked when they are added (``m2m_changed``, either side), so
``add()`` and ``set()`` refuse a record of another register whoever calls them. Forms
offer only records of the register, so a person never meets these refusals; they stop a
crafted request, a faulty import or a script.

``register_id_of`` and ``team_id_of`` give any record's register and team; the admin uses
them to limit the choices of a record's links (``riskportal.admin_scoping``).
"""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import m2m_changed
from django.dispatch import receiver


class OneRegisterModel(models.Model):
    """A record that belongs to one register, and links only within it."""

    register_path: ClassVar[str] = "register"
    fixed_parents: ClassVar[tuple[str, ...]] = ("register",)
    same_register: ClassVar[tuple[str, ...]] = ()
    same_team: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        moved = self.moved_parents(ask_database=False)
        if moved:
            raise ValidationError(
                f"A saved {self._meta.verbose_name} stays where it is: its "
                f"{', '.join(moved)} cannot change.",
                code="other_register",
            )
        super().save(*args, **kwargs)
        self._remember_links()

    # --- the values the record was loaded or saved with --------------------------------

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._remember_links()
        return instance

    @classmethod
    def _link_attnames(cls) -> tuple[str, ...]:
        """Column names of the checked foreign keys (worked out once per model)."""
        cached = cls.__dict__.get("_one_register_attnames")
        if cached is None:
            names = (*cls.fixed_parents, *cls.same_register)
            fields = (cls._meta.get_field(name) for name in dict.fromkeys(names))
            cached = tuple(field.attname for field in fields if field.many_to_one)
            cls._one_register_attnames = cached
        return cached

    def _remember_links(self) -> None:
        self._saved_links = {
            attname: self.__dict__[attname]
            for attname in self._link_attnames()
            if attname in self.__dict__  # not deferred
        }

    def _saved_link(self, attname: str):
        """The stored value of a foreign key; from the database if not known (one query)."""
        saved = getattr(self, "_saved_links", {})
        if attname not in saved:
            saved[attname] = (
                type(self)._base_manager.filter(pk=self.pk).values_list(attname, flat=True).first()
            )
            self._saved_links = saved
        return saved[attname]

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self._remember_links()

    # --- the rules ----------------------------------------------------------------------

    def moved_parents(self, *, ask_database: bool) -> list[str]:
        """Names of fixed parents changed since the record was saved.

        Without ``ask_database``, only what is known without a query (the record was
        loaded or saved here) is compared.
        """
        if self.pk is None or self._state.adding:
            return []
        moved = []
        for name in self.fixed_parents:
            attname = self._meta.get_field(name).attname
            known = getattr(self, "_saved_links", {})
            if attname not in known and not ask_database:
                continue
            if self._saved_link(attname) != getattr(self, attname):
                moved.append(name)
        return moved

    def link_errors(self) -> list[str]:
        """What breaks the one-register rule in this record's foreign keys, as messages."""
        errors = [
            f"The {self._meta.get_field(name).verbose_name} of a saved "
            f"{self._meta.verbose_name} cannot change."
            for name in self.moved_parents(ask_database=True)
        ]
        own = register_id_of(self)
        for name in self.same_register:
            field = self._meta.get_field(name)
            if not field.many_to_one or getattr(self, field.attname) is None:
                continue
            unchanged = (
                self.pk is not None
                and not self._state.adding
                and field.attname in getattr(self, "_saved_links", {})
                and self._saved_links[field.attname] == getattr(self, field.attname)
            )
            if unchanged:
                continue
            linked = getattr(self, name)
            if register_id_of(linked) != own:
                errors.append(
                    f"The {field.verbose_name} “{linked}” belongs to another register: "
                    f"choose one of this register's."
                )
        return errors

    def clean(self):
        super().clean()
        errors = self.link_errors()
        if errors:
            raise ValidationError(errors, code="other_register")


def _follow(obj, path: str):
    """The object at the end of ``path`` (``"risk__register"``), None on a gap."""
    for name in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, name)
    return obj


def register_id_of(obj) -> int | None:
    """The id of the register ``obj`` belongs to (a register's own id); None if none."""
    if isinstance(obj, OneRegisterModel):
        *path, last = obj.register_path.split("__")
        owner = _follow(obj, "__".join(path)) if path else obj
        return getattr(owner, f"{last}_id", None) if owner is not None else None
    if obj is not None and obj._meta.model_name == "register":
        return obj.pk
    return None


def team_id_of(obj) -> int | None:
    """The id of the team ``obj`` belongs to, by its queryset's ``team_path``; None if
    it belongs to no team (shared records, users)."""
    if obj is None:
        return None
    team_path = getattr(type(obj)._default_manager.get_queryset(), "team_path", None)
    if team_path is None:
        team_path = "team" if any(f.name == "team" for f in obj._meta.fields) else None
    if team_path is None:
        return None
    if team_path == "":
        return obj.pk
    *path, last = team_path.split("__")
    owner = _follow(obj, "__".join(path)) if path else obj
    return getattr(owner, f"{last}_id", None) if owner is not None else None


# --- many-to-many links -------------------------------------------------------------------


def _m2m_field(model, through):
    return next((f for f in model._meta.many_to_many if f.remote_field.through is through), None)


@receiver(m2m_changed, dispatch_uid="riskportal.one_register")
def refuse_links_to_another_register(sender, instance, action, reverse, model, pk_set, **kwargs):
    """Refuse adding a record of another register (or team) to a checked many-to-many."""
    if action != "pre_add" or not pk_set:
        return
    owner_model = model if reverse else type(instance)
    if not (isinstance(owner_model, type) and issubclass(owner_model, OneRegisterModel)):
        return
    field = _m2m_field(owner_model, sender)
    if field is None or field.name not in (*owner_model.same_register, *owner_model.same_team):
        return
    if reverse:
        # ``instance`` is the linked record, ``pk_set`` the owners it is added to.
        owners = owner_model._base_manager.filter(pk__in=pk_set)
        if field.name in owner_model.same_register:
            wrong = owners.exclude(**{owner_model.register_path: register_id_of(instance)})
        else:
            team = team_id_of(instance)
            wrong = (
                owners.none()
                if team is None
                else owners.exclude(**{_team_lookup(owner_model): team})
            )
        linked_name = str(instance)
    else:
        linked = model._base_manager.filter(pk__in=pk_set)
        if field.name in owner_model.same_register:
            wrong = linked.exclude(**{model.register_path: register_id_of(instance)})
        else:
            wrong = linked.filter(team__isnull=False).exclude(team=team_id_of(instance))
        linked_name = ", ".join(str(obj) for obj in wrong[:3])
    if wrong.exists():
        scope = "register" if field.name in owner_model.same_register else "team"
        raise ValidationError(
            f"{field.verbose_name.capitalize()}: “{linked_name}” belongs to another {scope}.",
            code="other_register",
        )


def _team_lookup(owner_model) -> str:
    """The lookup from ``owner_model`` to its team's id (``"register__team"``)."""
    return owner_model._default_manager.get_queryset().team_path
