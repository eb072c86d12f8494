"""The learner's declaration: signed in the app (who, when), printed on the pack; read-only
for viewers, 404 for other teams."""

from __future__ import annotations

import pytest
from django.urls import reverse

from criteria.models import DECLARATION_TEXT, Declaration
from evidence.pack import PackOptions
from evidence.services import export_pdf
from tests.evidence.reading import all_text

pytestmark = pytest.mark.django_db


def url(register) -> str:
    return reverse("criteria:declaration", kwargs={"register_id": register.pk})


def test_a_member_signs_and_the_pack_prints_who_and_when(client, register, member):
    client.force_login(member)
    assert "Not signed yet." in client.get(url(register)).content.decode()
    assert client.post(url(register)).status_code == 302
    signed = Declaration.objects.get()
    assert (signed.register, signed.signed_by, signed.text) == (register, member, DECLARATION_TEXT)
    page = client.get(url(register)).content.decode()
    assert member.get_full_name() in page
    text = " ".join(
        all_text(export_pdf(register=register, learner=member, options=PackOptions()).pdf).split()
    )
    assert "my own work, collected while carrying out my real job with real customers" in text
    assert f"Signed in the app by {member.get_full_name()} on" in text


def test_an_unsigned_pack_says_so(register, member):
    exported = export_pdf(register=register, learner=member, options=PackOptions())
    assert "Not signed in the app." in " ".join(all_text(exported.pdf).split())


def test_a_viewer_reads_but_may_not_sign(client, register, viewer):
    client.force_login(viewer)
    page = client.get(url(register))
    assert page.status_code == 200 and b"Sign the declaration" not in page.content
    assert client.post(url(register)).status_code == 403
    assert not Declaration.objects.exists()


def test_another_team_gets_404_and_anonymous_visitors_sign_in(client, register, outsider):
    response = client.post(url(register))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(outsider)
    assert client.get(url(register)).status_code == 404
    assert client.post(url(register)).status_code == 404
    assert client.put(url(register)).status_code in (404, 405)
    assert not Declaration.objects.exists()
