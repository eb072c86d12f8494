from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


@pytest.fixture
def request_overhead(client):
    """Queries any signed-in request makes before a view runs (session, user, renewal).

    Measured on a page that queries nothing itself, so that page tests pin their own
    queries only. Call it after ``client.force_login``.
    """

    def measure() -> int:
        client.get(reverse("password_change"))  # the first request may save a new session
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("password_change"))
        return len(queries)

    return measure
