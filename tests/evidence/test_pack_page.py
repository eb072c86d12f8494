"""The evidence pack page sits among the register's pages: breadcrumb and tabs."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_has_the_register_breadcrumb_and_tabs(client, register, member):
    client.force_login(member)
    html = client.get(reverse("evidence:pack", args=[register.pk])).content.decode()
    breadcrumb = html.split('aria-label="Breadcrumb"')[1].split("</nav>")[0]
    assert reverse("registers:list") in breadcrumb
    assert reverse("dashboard:register", args=[register.pk]) in breadcrumb
    assert 'aria-current="page">Evidence pack' in breadcrumb
    assert reverse("assessments:risk_list", args=[register.pk]) in html  # the register's tabs
    tab = f'active" aria-current="page" href="{reverse("evidence:pack", args=[register.pk])}"'
    assert tab in html
