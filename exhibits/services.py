"""Attaching and removing exhibits: the file and its row together, or neither."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max

from exhibits.files import CheckedFile
from exhibits.models import Exhibit
from registers.models import Register


def attach_exhibit(*, record, checked: CheckedFile, title: str, uploaded_by=None) -> Exhibit:
    """Store ``checked`` as the next exhibit of ``record``'s register (E1, E2...).

    The number is the register's highest plus one, taken while the register's row is
    locked, so two uploads at once get two numbers. The file is written through the
    default storage under a generated name; if the row cannot be saved, it is removed.
    """
    field = Exhibit.target_field(record)
    with transaction.atomic():
        register_id = record.risk.register_id if field == "awareness" else record.register_id
        register = Register.objects.select_for_update().only("pk").get(pk=register_id)
        last = Exhibit.objects.filter(register=register).aggregate(n=Max("number"))["n"] or 0
        exhibit = Exhibit(
            register=register,
            number=last + 1,
            title=title,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            pages=checked.pages,
            width=checked.width,
            height=checked.height,
            uploaded_by=uploaded_by,
            **{field: record},
        )
        exhibit.full_clean(exclude=["file"])
        # The name given here is ignored: ``exhibit_storage_name`` generates one.
        exhibit.file.save("upload", ContentFile(checked.data), save=False)
        stored_name = exhibit.file.name
        try:
            exhibit.save()
        except BaseException:
            exhibit.file.storage.delete(stored_name)
            raise
    return exhibit


def remove_exhibit(*, exhibit: Exhibit) -> None:
    """Delete the exhibit; its file goes once the deletion is committed."""
    storage, name = exhibit.file.storage, exhibit.file.name
    with transaction.atomic():
        exhibit.delete()
        transaction.on_commit(lambda: storage.delete(name))
