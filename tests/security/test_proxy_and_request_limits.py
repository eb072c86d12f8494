"""Who may set forwarded headers, and the 413 page under each server we run.

gunicorn trusted X-Forwarded-* from 127.0.0.1 when ``TRUSTED_PROXY_IPS`` was unset;
``make run`` (runserver, wsgiref) answered an oversized upload with a 500 because the
413 page carried ``Connection: close``, a header wsgiref refuses.
"""

from __future__ import annotations

import http.client
import runpy
import threading
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer
from django.test import Client
from gunicorn.config import Config
from gunicorn.http.parser import RequestParser

from riskportal.middleware import trusted_networks

GUNICORN_CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"
FORWARDED_HTTPS = b"GET / HTTP/1.1\r\nHost: x\r\nX-Forwarded-Proto: https\r\n\r\n"


def gunicorn_scheme(monkeypatch, peer: str, trusted: str | None) -> str:
    """The scheme gunicorn gives a request from ``peer`` that says it came over HTTPS,
    with gunicorn.conf.py read under ``TRUSTED_PROXY_IPS=trusted`` (None: unset)."""
    if trusted is None:
        monkeypatch.delenv("TRUSTED_PROXY_IPS", raising=False)
    else:
        monkeypatch.setenv("TRUSTED_PROXY_IPS", trusted)
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    conf = runpy.run_path(str(GUNICORN_CONF))
    cfg = Config()
    cfg.set("forwarded_allow_ips", conf["forwarded_allow_ips"])
    request = next(RequestParser(cfg, iter([FORWARDED_HTTPS]), (peer, 40000)))
    return request.scheme


def test_gunicorn_believes_nobody_when_no_proxy_is_configured(monkeypatch):
    assert gunicorn_scheme(monkeypatch, "127.0.0.1", None) == "http"
    assert gunicorn_scheme(monkeypatch, "127.0.0.1", "") == "http"


def test_gunicorn_believes_the_configured_proxy_only(monkeypatch):
    assert gunicorn_scheme(monkeypatch, "127.0.0.5", "127.0.0.5") == "https"
    assert gunicorn_scheme(monkeypatch, "127.0.0.1", "127.0.0.5") == "http"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("trusted", "peer", "believed"),
    [
        ([], "127.0.0.1", False),
        (["127.0.0.5"], "127.0.0.1", False),
        (["127.0.0.5"], "127.0.0.5", True),
        (["127.0.0.0/29"], "127.0.0.6", True),
        (["127.0.0.0/29"], "127.0.0.9", False),
    ],
)
def test_django_drops_forwarded_headers_from_anyone_but_the_proxy(
    settings, trusted, peer, believed
):
    settings.TRUSTED_PROXY_IPS = trusted
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = False
    settings.SECURE_HSTS_SECONDS = 3600
    response = Client().get("/healthz/", HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR=peer)
    assert response.status_code == 200
    assert ("Strict-Transport-Security" in response) is believed


def test_a_proxy_entry_that_is_not_an_address_stops_the_start():
    with pytest.raises(ImproperlyConfigured, match="'proxy.local' is not an IP address"):
        trusted_networks(["10.0.0.2", "proxy.local"])


@pytest.mark.django_db
def test_the_test_client_gets_the_413_page_without_a_connection_header(client, settings):
    settings.MAX_REQUEST_BYTES = 1024
    response = client.post("/import/", data={"x": "y" * 4096})
    assert response.status_code == 413
    assert "That file or form is too large" in response.content.decode()
    assert "Connection" not in response


@pytest.fixture
def runserver_url(settings):
    """Django's development server (wsgiref, as ``make run`` uses) in a thread."""
    settings.MAX_REQUEST_BYTES = 1024
    server = WSGIServer(("127.0.0.1", 0), WSGIRequestHandler, allow_reuse_address=True)
    server.set_app(WSGIHandler())
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield server.server_address
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.mark.django_db
def test_runserver_answers_an_oversized_upload_with_the_413_page(runserver_url):
    body = b"x=" + b"y" * 4096
    connection = http.client.HTTPConnection(*runserver_url, timeout=10)
    try:
        connection.request(
            "POST",
            "/import/",
            body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        response = connection.getresponse()
        page = response.read().decode()
    finally:
        connection.close()
    assert response.status == 413, page[:500]
    assert "That file or form is too large" in page
