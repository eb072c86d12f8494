"""What the management commands share: finding the register a command was given."""

from __future__ import annotations

import uuid

from django.core.management.base import CommandError
from django.db import models

from registers.models import Register


def register_from_argument(value: str, registers: models.QuerySet | None = None) -> Register:
    """The register whose id is ``value``, or the one register whose exact title it is.

    ``registers`` narrows or joins more (the team and matrix by default). ``CommandError``
    names what was wrong: an unknown id, no register of that title, or a title several
    registers share.
    """
    if registers is None:
        registers = Register.objects.select_related("team", "matrix")
    try:
        return registers.get(pk=uuid.UUID(value))
    except ValueError:
        pass  # not an id: a title
    except Register.DoesNotExist as exc:
        raise CommandError(f"No register with id {value}.") from exc
    matches = list(registers.filter(title=value)[:2])
    if not matches:
        raise CommandError(f"No register is called {value!r}; give its id or exact title.")
    if len(matches) > 1:
        raise CommandError(f"Several registers are called {value!r}; give the register's id.")
    return matches[0]
