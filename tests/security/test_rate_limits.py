"""Password-reset emails are limited per email and per client address, silently.

Before the limit, 20 requests in a second sent 20 emails to one person. Now the page's
answer is the same whether an email went, the account exists or a limit was reached.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests import builders

pytestmark = pytest.mark.django_db

RESET = "/accounts/password_reset/"


def ask(client, email, address="127.0.0.2", **extra):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address, **extra)


def page(response) -> tuple:
    """What a person sees after following the redirect, less the CSRF token (masked anew
    on every page)."""
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", response.content.decode())
    return response.redirect_chain, response.status_code, html


def answer(response) -> tuple:
    return response.status_code, response.get("Location")


def test_the_page_is_the_throttled_one():
    assert reverse("password_reset") == RESET


def test_the_21st_request_for_one_email_sends_nothing_and_answers_the_same(client, settings):
    settings.PASSWORD_RESET_LIMIT_PER_EMAIL = 3
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 100
    user = builders.make_user("pat")
    answers = []
    for n in range(21):
        before = len(mail.outbox)
        answers.append(answer(ask(client, user.email)))
        assert len(mail.outbox) == before + (1 if n < 3 else 0), n
    assert len(answers) == 21
    assert set(answers) == {(302, reverse("password_reset_done"))}
    assert [m.to for m in mail.outbox] == [[user.email]] * 3


def test_the_email_limit_ignores_case_and_spaces(client, settings):
    settings.PASSWORD_RESET_LIMIT_PER_EMAIL = 2
    user = builders.make_user("pat")
    for typed in (user.email, user.email.upper(), f" {user.email} "):
        ask(client, typed, address=f"127.0.0.{len(mail.outbox) + 10}")
    assert len(mail.outbox) == 2


def test_one_address_cannot_reach_many_accounts(client, settings):
    settings.PASSWORD_RESET_LIMIT_PER_EMAIL = 5
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 4
    users = [builders.make_user(f"user{n}") for n in range(6)]
    answers = {answer(ask(client, u.email)) for u in users}
    assert len(mail.outbox) == 4
    assert answers == {(302, reverse("password_reset_done"))}
    ask(client, users[5].email, address="127.0.0.3")  # another client still gets theirs
    assert mail.outbox[-1].to == [users[5].email] and len(mail.outbox) == 5


def test_unknown_and_throttled_emails_answer_as_a_sent_one(client, settings):
    settings.PASSWORD_RESET_LIMIT_PER_EMAIL = 1
    user = builders.make_user("pat")
    sent = client.post(RESET, {"email": user.email}, follow=True)
    throttled = client.post(RESET, {"email": user.email}, follow=True)
    unknown = client.post(RESET, {"email": "nobody@example.org"}, follow=True)
    assert len(mail.outbox) == 1
    assert "Check your email" in page(sent)[2]
    assert page(sent) == page(throttled) == page(unknown)


def test_a_forged_forwarded_for_does_not_reset_the_address_count(client, settings):
    settings.TRUSTED_PROXY_IPS = []
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 2
    users = [builders.make_user(f"user{n}") for n in range(4)]
    for n, user in enumerate(users):
        ask(client, user.email, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    assert len(mail.outbox) == 2


def test_behind_the_trusted_proxy_each_client_is_counted_apart(settings):
    from django.test import Client

    settings.TRUSTED_PROXY_IPS = ["127.0.0.9"]
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 1
    client = Client()  # built after the setting: the middleware reads it when it is made
    users = [builders.make_user(f"user{n}") for n in range(3)]
    for n, user in enumerate(users):
        ask(client, user.email, address="127.0.0.9", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    assert len(mail.outbox) == 3
    ask(client, users[0].email, address="127.0.0.9", HTTP_X_FORWARDED_FOR="198.51.100.0")
    assert len(mail.outbox) == 3


def sign_in(client, password, proxy_sees, forwarded_by="127.0.0.9"):
    return client.post(
        "/accounts/login/",
        {"username": "mia", "password": password},
        REMOTE_ADDR=forwarded_by,
        HTTP_X_FORWARDED_FOR=proxy_sees,
    )


def test_behind_the_proxy_a_sign_in_lock_holds_one_client_not_all(member, settings):
    from django.test import Client

    from tests.builders import PASSWORD

    settings.TRUSTED_PROXY_IPS = ["127.0.0.9"]
    client = Client()
    statuses = [
        sign_in(client, "wrong", "198.51.100.1").status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses[-1] == 429
    assert sign_in(client, PASSWORD, "198.51.100.1").status_code == 429
    # Another client behind the same proxy signs in; before, every client had the proxy's
    # address, so one person's typing locked everybody out.
    assert sign_in(Client(), PASSWORD, "198.51.100.2").status_code == 302
    # A client that is not the proxy cannot pick its address by forging the header.
    direct = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(direct, "wrong", f"203.0.113.{n}", forwarded_by="127.0.0.4")
    assert sign_in(direct, PASSWORD, "203.0.113.99", forwarded_by="127.0.0.4").status_code == 429


def test_the_client_address_is_an_address_or_none():
    from django.test import RequestFactory

    from riskportal.throttle import client_address

    factory = RequestFactory()
    assert client_address(factory.get("/", REMOTE_ADDR="127.0.0.2")) == "127.0.0.2"
    forwarded = factory.get("/", REMOTE_ADDR="127.0.0.9", HTTP_X_FORWARDED_FOR="a, 198.51.100.4")
    assert client_address(forwarded) == "198.51.100.4"
    garbage = factory.get("/", REMOTE_ADDR="127.0.0.9", HTTP_X_FORWARDED_FOR="not-an-ip")
    assert client_address(garbage) == "127.0.0.9"
    assert client_address(factory.get("/", REMOTE_ADDR="")) is None


def test_the_reset_link_goes_to_the_site_not_to_the_host_header(client, settings):
    settings.ALLOWED_HOSTS = ["riskportal.example.org", "mirror.example.net"]
    settings.SITE_URL = "https://riskportal.example.org"
    user = builders.make_user("pat")
    client.post(RESET, {"email": user.email}, HTTP_HOST="mirror.example.net")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "https://riskportal.example.org/accounts/reset/" in body
    assert "mirror.example.net" not in body
