"""The header's links: reversed once per process, yet right for each script prefix and
URL conf."""

from __future__ import annotations

import sys
from types import ModuleType

import pytest
from django.test import override_settings
from django.urls import set_script_prefix

import riskportal.urls
from riskportal.context_processors import site_links


def test_they_follow_the_script_prefix_the_app_is_served_under(rf):
    assert site_links(rf.get("/"))["site"]["registers"] == "/registers/"
    set_script_prefix("/portal/")
    try:
        links = site_links(rf.get("/"))["site"]
    finally:
        set_script_prefix("/")
    assert links["registers"] == "/portal/registers/"
    assert links["home"] == "/portal/"
    assert site_links(rf.get("/"))["site"]["registers"] == "/registers/"


@pytest.fixture
def without_import():
    """The name of a URL conf with the import pages left out."""
    urls = ModuleType("tests_urls_without_import")
    urls.urlpatterns = [p for p in riskportal.urls.urlpatterns if str(p.pattern) != "import/"]
    sys.modules[urls.__name__] = urls
    yield urls.__name__
    del sys.modules[urls.__name__]


@pytest.mark.django_db
def test_a_page_leaves_out_the_link_of_pages_that_are_not_there(client, member, without_import):
    client.force_login(member)
    assert 'href="/import/"' in client.get("/").content.decode()
    with override_settings(ROOT_URLCONF=without_import):
        html = client.get("/").content.decode()
    assert 'href="/import/"' not in html
    assert 'href="/registers/"' in html
