"""Random and hostile input posted to every form of the app finds no server error.

The write views come from the URL enumeration (``tests.security.routes``); the field names
each one takes are read from the forms the app's own pages render for it. Hypothesis then
posts dictionaries of those names with huge strings, any unicode, control characters and
NUL bytes (which PostgreSQL refuses in text), numbers out of range, wrong types, several
values for one field, and fields left out. Any answer below 500 is fine: refusing with a
message is the point.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.html_forms import post_forms_of
from tests.security.routes import OWN_ACCOUNT, all_routes, urls_for

pytestmark = pytest.mark.django_db

EXAMPLES = 25

#: Words that mean something to a form, whatever the field.
ODD_VALUES = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r\n",
    "\u202e",
    "-1",
    "0",
    "99999999999999999999999",
    "-99999999999999999999999",
    "1e309",
    "NaN",
    "inf",
    "2026-02-30",
    "0000-00-00",
    "31/12/1899",
    "true",
    "None",
    "[]",
    '{"a": 1}',
    "00000000-0000-0000-0000-000000000000",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
]

text = st.text(max_size=60)
control = st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=10)
huge = st.integers(min_value=1_000, max_value=200_000).map(lambda n: "x" * n)
numbers = st.one_of(st.integers(), st.floats()).map(str)


def values(choices: list[str]):
    one = st.one_of(
        text,
        control,
        huge,
        numbers,
        st.sampled_from(ODD_VALUES),
        *([st.sampled_from(choices)] if choices else []),
    )
    return st.one_of(one, st.lists(one, min_size=2, max_size=3))


def data_for(fields: dict[str, list[str]]):
    """Dictionaries of some of ``fields`` (name -> choices offered), with hostile values."""
    return st.fixed_dictionaries(
        {}, optional={name: values(choices) for name, choices in fields.items()}
    )


def _destructive_last(path: str) -> tuple[bool, str]:
    # Deleting, archiving or submitting changes what later posts can reach: do them last.
    return (any(word in path for word in ("delete", "archive", "submit")), path)


def write_views(client, world) -> dict[str, dict[str, list[str]]]:
    """Every path of the app that takes a POST, with the fields its forms send there."""
    paths, forms = [], {}
    for route in all_routes():
        if route.is_admin or route.name in OWN_ACCOUNT:
            continue
        for path in urls_for(route, world):
            paths.append(path)
            response = client.get(path)
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                for form in post_forms_of(response.content.decode(), path):
                    fields = forms.setdefault(form.action, {})
                    for name in form.fields:
                        fields.setdefault(name, [])
                        fields[name] += [c for c in form.choices.get(name, []) if c]
    writes = {}
    for path in paths:
        if client.post(path).status_code != 405:
            fields = forms.get(path, {})
            fields.pop("csrfmiddlewaretoken", None)
            writes[path] = fields or {"next": []}
    return dict(sorted(writes.items(), key=lambda item: _destructive_last(item[0])))


def fuzz(client, path: str, fields: dict[str, list[str]]):
    """A Hypothesis test posting hostile ``fields`` to ``path``."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=data_for(fields))
    def post(data):
        with transaction.atomic():  # a database error must not end the test's transaction
            response = client.post(path, data)
        assert response.status_code < 500, f"{response.status_code} for {data!r}"[:600]

    return post


def test_it_answers_hostile_input_to_every_form_without_a_server_error(client, world, member):
    client.force_login(member)
    views = write_views(client, world)
    assert len(views) > 25
    assert {"title", "category", "cause"} <= set(
        views[f"/registers/{world.register.pk}/risks/new/"]
    )
    failures = []
    for path, fields in views.items():
        try:
            fuzz(client, path, fields)()
        except Exception as error:  # a view's exception, re-raised by the test client
            failures.append(f"{path}: {type(error).__name__}: {error}"[:800])
    assert not failures, "Server errors:\n  " + "\n  ".join(failures)


def test_it_answers_hostile_sign_in_attempts_without_a_server_error(client):
    @settings(max_examples=EXAMPLES * 2, deadline=None, database=None)
    @given(data=data_for({"username": [], "password": [], "next": []}))
    def post(data):
        assert client.post("/accounts/login/", data).status_code < 500

    post()


def test_it_refuses_an_overlong_user_name_at_sign_in_without_a_server_error(client):
    # Django's sign-in form does not check the length; PostgreSQL refused to record it.
    response = client.post("/accounts/login/", {"username": "x" * 1000, "password": "no"})
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()


def test_it_refuses_a_nul_byte_with_a_message(client, world, member):
    client.force_login(member)
    path = f"/registers/{world.register.pk}/risks/new/"
    response = client.post(path, {"title": "Till\x00drawer", "category": "financial"})
    assert response.status_code == 200
    assert "Null characters are not allowed" in response.content.decode()
