"""Reading the whole of a register in few queries, for documents that show all of it.

The evidence pack (and the coverage rules through it) needs every link between a
register's records: which risks each action, review, SWOT and PESTLE item covers, and
which laws and policies each risk follows. Reading each link table on its own costs a
query apiece; ``register_links`` reads them all in one ``UNION ALL``. ``analysis_items``
does the same for the SWOT and PESTLE items, two tables of the same shape.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import router
from django.db.models import CharField, F, Value

from assessments.models import Action, PestleItem, Review, Risk, SwotItem

#: Link kind -> (through model, its path to the register, left column, right column).
LINKS = {
    "action_risk": (Action.risks.through, "action__register", "action_id", "risk_id"),
    "review_risk": (Review.risks.through, "review__register", "review_id", "risk_id"),
    "swot_risk": (SwotItem.risks.through, "swotitem__register", "swotitem_id", "risk_id"),
    "pestle_risk": (PestleItem.risks.through, "pestleitem__register", "pestleitem_id", "risk_id"),
    "risk_reference": (Risk.references.through, "risk__register", "risk_id", "reference_id"),
}


@dataclass
class RegisterLinks:
    """Each kind of link as ``(left id, right id)`` pairs in id order, and the titles of
    each risk's references in the references' own order (kind, then title)."""

    pairs: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    reference_titles: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))


def register_links(register) -> RegisterLinks:
    """Every link of ``register``'s records (one query)."""
    text = CharField()
    blank = Value("", output_field=text)
    parts = []
    for kind, (through, path, left, right) in LINKS.items():
        labelled = kind == "risk_reference"
        parts.append(
            through.objects.filter(**{path: register})
            .annotate(
                link_kind=Value(kind, output_field=text),
                sort_key=F("reference__kind") if labelled else blank,
                label=F("reference__title") if labelled else blank,
            )
            .values_list("link_kind", left, right, "sort_key", "label")
            .order_by()
        )
    rows = parts[0].union(*parts[1:], all=True)
    links = RegisterLinks(pairs={kind: [] for kind in LINKS})
    titled = []
    for kind, left_id, right_id, sort_key, label in rows:
        links.pairs[kind].append((left_id, right_id))
        if kind == "risk_reference":
            titled.append((left_id, sort_key, label, right_id))
    for pairs in links.pairs.values():
        pairs.sort()
    for risk_id, _kind, title, _reference_id in sorted(titled):
        links.reference_titles[risk_id].append(title)
    return links


#: Analysis kind -> (model, the field that heads its groups).
ANALYSIS = {"swot": (SwotItem, "quadrant"), "pestle": (PestleItem, "factor")}


def analysis_items(register) -> tuple[list[SwotItem], list[PestleItem]]:
    """The SWOT items of ``register`` by quadrant and the PESTLE items by factor (one
    query: the two tables have the same shape, a heading and a text)."""
    text = CharField()
    parts = [
        model.objects.filter(register=register)
        .annotate(item_kind=Value(kind, output_field=text), heading=F(field))
        .values_list("item_kind", "pk", "heading", "text")
        .order_by()
        for kind, (model, field) in ANALYSIS.items()
    ]
    db = router.db_for_read(SwotItem)
    found: dict[str, list] = {kind: [] for kind in ANALYSIS}
    for kind, pk, heading, body in parts[0].union(*parts[1:], all=True):
        model, field = ANALYSIS[kind]
        item = model(pk=pk, register_id=register.pk, text=body, **{field: heading})
        item._state.adding, item._state.db = False, db  # as read from the database
        found[kind].append(item)
    for kind, items in found.items():
        field = ANALYSIS[kind][1]
        items.sort(key=lambda item, field=field: (getattr(item, field), item.pk))
    return found["swot"], found["pestle"]
