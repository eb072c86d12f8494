"""The records of a register an exhibit can support, each read through its tenant-scoped
queryset, and where each one is shown."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from assessments.models import Action, AwarenessRecord, Consultation, Review, Risk
from exhibits.models import EXHIBIT_TARGETS, TARGET_LABELS, describe_record
from registers.models import Register

#: Each kind of record: its model, the lookup to its register, how the choice list orders it.
KINDS = {
    "risk": (Risk, "register", ("number",)),
    "action": (Action, "register", ("due_date", "pk")),
    "consultation": (Consultation, "register", ("-date", "pk")),
    "awareness": (AwarenessRecord, "risk__register", ("risk__number", "-date", "pk")),
    "review": (Review, "register", ("-date", "pk")),
}
GROUP_LABELS = {
    "risk": "Risks",
    "action": "Actions",
    "consultation": "Consultations",
    "awareness": "Awareness records",
    "review": "Reviews",
}


def records_of(user, register: Register, kind: str):
    """The records of ``kind`` in ``register`` that ``user`` may see (one query)."""
    if kind not in KINDS:
        raise Http404("Exhibits cannot support that kind of record.")
    model, path, ordering = KINDS[kind]
    queryset = model.objects.visible_to(user).filter(**{path: register}).order_by(*ordering)
    return queryset.select_related("risk") if kind == "awareness" else queryset


def get_record(user, register: Register, kind: str, pk: int):
    """One record of ``register`` for ``user``; 404 for another team's or register's."""
    return get_object_or_404(records_of(user, register, kind), pk=pk)


def is_closed(record) -> bool:
    """A signed-off review is read-only: nothing is attached to it or taken off it."""
    return bool(getattr(record, "is_frozen", False))


def record_choices(user, register: Register) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every record an exhibit can support, grouped by kind (one query per kind)."""
    groups = []
    for kind in EXHIBIT_TARGETS:
        options = [
            (f"{kind}-{record.pk}", describe_record(kind, record))
            for record in records_of(user, register, kind)
            if not is_closed(record)
        ]
        if options:
            groups.append((GROUP_LABELS[kind], options))
    return groups


def parse_choice(value: str) -> tuple[str, int] | None:
    """``"risk-12"`` as ``("risk", 12)``; None for anything else."""
    kind, _, pk = value.partition("-")
    if kind in KINDS and pk.isdigit():
        return kind, int(pk)
    return None


def record_url(register: Register, kind: str, record) -> str:
    """Where a record and its exhibits are shown to everybody who can read the register."""
    if kind == "risk":
        return f"{record.get_absolute_url()}#exhibits"
    if kind == "awareness":
        return f"{record.risk.get_absolute_url()}#awareness-{record.pk}"
    if kind == "review":
        return (
            reverse(
                "assessments:review_detail",
                kwargs={"register_id": register.pk, "review_id": record.pk},
            )
            + "#exhibits"
        )
    page = {"action": "assessments:action_list", "consultation": "assessments:consultation_list"}
    return reverse(page[kind], kwargs={"register_id": register.pk}) + f"#{kind}-{record.pk}"


def kind_label(kind: str) -> str:
    return TARGET_LABELS[kind]
