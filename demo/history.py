"""The demo's change history told as its story: who did each thing, and on which day.

django-simple-history stamps each history row with the request's user and the time of the
save. Seeding runs outside any request, months of story in one second, so every row would
read "by the system" on the day the demo was loaded. ``recorded_as`` dates and signs the
rows written inside it as the story says: the person who rated a risk, on the rating's day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from simple_history.signals import pre_create_historical_record


@contextmanager
def recorded_as(*, by, at: dt.datetime) -> Iterator[None]:
    """History rows written inside the block are by ``by`` (a user or None) at ``at``."""

    def stamp(sender, history_instance, **kwargs) -> None:
        history_instance.history_date = at
        history_instance.history_user = by

    pre_create_historical_record.connect(stamp, weak=False, dispatch_uid="demo.recorded_as")
    try:
        yield
    finally:
        pre_create_historical_record.disconnect(dispatch_uid="demo.recorded_as")
