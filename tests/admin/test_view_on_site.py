"""The admin's "view on site" shortcut must not redirect to another team's pages (it would
reveal the register's id). ``ScopedAdminSite`` answers 404 outside the user's teams."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.test import RequestFactory

from assessments.models import Risk
from riskportal.admin_site import ScopedAdminSite
from tests.builders import make_risk


@pytest.fixture
def site():
    scoped = ScopedAdminSite(name="scoped-test")
    for model, model_admin in admin.site._registry.items():
        scoped.register(model, type(model_admin))
    return scoped


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_it_redirects_to_the_page_of_a_supervised_teams_risk(site, admin_supervisor, register):
    risk = make_risk(register, title="Ours")
    content_type = ContentType.objects.get_for_model(Risk)
    response = site.view_on_site(_request(admin_supervisor), content_type.pk, str(risk.pk))
    assert response.status_code == 302
    assert response.url.endswith(risk.get_absolute_url())


def test_it_answers_404_for_another_teams_risk(site, admin_supervisor, other_register):
    risk = make_risk(other_register, title="Theirs")
    content_type = ContentType.objects.get_for_model(Risk)
    with pytest.raises(Http404):
        site.view_on_site(_request(admin_supervisor), content_type.pk, str(risk.pk))


def test_it_answers_404_for_a_model_outside_the_scoped_admin(site, admin_supervisor):
    content_type = ContentType.objects.get_for_model(ContentType)
    with pytest.raises(Http404):
        site.view_on_site(_request(admin_supervisor), content_type.pk, str(content_type.pk))


def test_it_replaces_djangos_shortcut_url(site):
    names = [getattr(url, "name", None) for url in site.get_urls()]
    assert names.count("view_on_site") == 1
    view_on_site = next(
        url for url in site.get_urls() if getattr(url, "name", None) == "view_on_site"
    )
    assert view_on_site.callback.__name__ == "view_on_site"
