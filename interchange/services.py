"""The import workflow between pages: start (upload), then commit after the preview."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from interchange import importer, readers
from interchange.models import ImportSession
from registers.models import Register


def start_import(
    *,
    user,
    data: bytes,
    filename: str,
    kind: str,
    register: Register | None = None,
    team=None,
    title: str = "",
    matrix=None,
) -> ImportSession:
    """Check the file (raises ``readers.ImportFileError``) and keep it for the next steps."""
    table = readers.read(data, filename)
    session = ImportSession(
        team=register.team if register else team,
        created_by=user,
        register=register,
        new_register_title=title,
        new_register_matrix=matrix,
        kind=kind,
        filename=filename[:200],
        sheet=table.sheet,
    )
    session.file.save(filename, ContentFile(data), save=False)
    session.mapping = importer.default_mapping(source_for(session, table=table))
    session.save()
    return session


def read_table(session: ImportSession) -> readers.Table:
    with session.file.open("rb") as handle:
        data = handle.read()
    return readers.read(data, session.filename, sheet=session.sheet or None)


def source_for(session: ImportSession, *, table: readers.Table | None = None) -> importer.Source:
    return importer.Source(
        kind=session.kind,
        table=table if table is not None else read_table(session),
        filename=session.filename,
        team=session.team,
        header_row=session.header_row,
        mapping=session.mapping,
        register=session.register,
        new_register=None
        if session.register_id
        else {"title": session.new_register_title, "matrix": session.new_register_matrix_id},
    )


@transaction.atomic
def finish_import(*, session: ImportSession, user) -> Register:
    """Commit the import in one transaction (``importer.ImportRejected`` if it has errors)."""
    session = ImportSession.objects.select_for_update().get(pk=session.pk)
    if session.is_committed:
        raise PermissionDenied("This import has already been done.")
    if session.register_id and not (
        Register.objects.editable_by(user).active().filter(pk=session.register_id).exists()
    ):
        raise PermissionDenied("You can no longer change this register.")
    register, _ = importer.commit_import(source=source_for(session), user=user)
    session.register = register
    session.state = ImportSession.State.COMMITTED
    session.committed_at = timezone.now()
    session.save(update_fields=["register", "state", "committed_at"])
    # The upload has done its job; keeping people's spreadsheets around serves nobody.
    name, storage = session.file.name, session.file.storage
    transaction.on_commit(lambda: storage.delete(name))
    return register


def delete_abandoned_imports(*, older_than: dt.timedelta) -> int:
    """Delete the imports never committed and started longer ago than ``older_than``, with
    their uploaded files (people's spreadsheets are not kept once nobody will use them).
    Returns how many were deleted."""
    cutoff = timezone.now() - older_than
    stale = ImportSession.objects.exclude(state=ImportSession.State.COMMITTED).filter(
        created_at__lt=cutoff
    )
    deleted = 0
    for session in stale.iterator():
        name, storage = session.file.name, session.file.storage
        session.delete()
        if name:
            storage.delete(name)
        deleted += 1
    return deleted
