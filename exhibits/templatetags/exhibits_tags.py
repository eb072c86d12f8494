"""``{% record_exhibits register record %}``: the Exhibits block of a record's page (one
query), and ``{% exhibit_record_url register exhibit %}``: where an exhibit's record is."""

from __future__ import annotations

from django import template
from django.conf import settings

from exhibits.forms import ExhibitForm
from exhibits.models import Exhibit
from exhibits.records import is_closed, record_url

register = template.Library()


@register.inclusion_tag("exhibits/_block.html", takes_context=True)
def record_exhibits(context, register_obj, record) -> dict:
    kind = Exhibit.target_field(record)
    exhibits = Exhibit.objects.filter(register=register_obj).supporting(record)
    form = None
    if register_obj.can_edit and not is_closed(record):
        form = ExhibitForm(choices=None, max_mb=settings.EXHIBIT_MAX_BYTES / (1024 * 1024))
    return {
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "register": register_obj,
        "record": record,
        "kind": kind,
        "exhibits": list(exhibits.select_related("uploaded_by")),
        "form": form,
        "closed": is_closed(record),
    }


@register.simple_tag
def exhibit_record_url(register_obj, exhibit: Exhibit) -> str:
    return record_url(register_obj, exhibit.kind, exhibit.target)
