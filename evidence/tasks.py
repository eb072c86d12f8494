"""The evidence pack's task, on Django's tasks API (the django-tasks backport on Django
5.2; ``django.tasks`` from Django 6, an import change).

The backend comes from ``TASKS_BACKEND``: the database (``manage.py db_worker``) or RQ on
Redis (``manage.py rqworker --job-class django_tasks_rq.Job``). The argument is the
``PackExport``'s id; everything else is read from the database by the worker. The queue
is ``TASKS_QUEUE`` (workers take that queue).
"""

from __future__ import annotations

from django.conf import settings
from django_tasks import task

from evidence.worker import run_export


@task(queue_name=settings.TASKS_QUEUE)
def render_export(export_id: str) -> dict:
    """Render one evidence export (see ``evidence.worker.run_export``)."""
    return run_export(export_id)
