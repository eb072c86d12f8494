"""User text with HTML, script, template syntax and spreadsheet formulas stays plain text.

Every free-text field of team A's world holds a payload naming the field. Every page of
the app and of the admin is opened (the URL enumeration of ``tests.security.routes``) and
must show no payload as markup; the pages that show a field must show it escaped. The
exports keep it as text: no spreadsheet formula, JSON that reads back to the same string,
and a PDF that prints it literally and fetches nothing.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from tests.builders import World, build_world
from tests.security.routes import all_routes, urls_for

pytestmark = pytest.mark.django_db

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def payload(name: str) -> str:
    """A formula, a script, an attribute break-out and template syntax, naming the field."""
    return f'=1+1<script>alert({name})</script>"><img src=x onerror=alert(1)>{{{{ 7*7 }}}}'


def shown(name: str) -> str:
    """How ``payload(name)`` reads in HTML once escaped (its start, which is never cut)."""
    return f"&lt;script&gt;alert({name})&lt;/script&gt;"


#: Raw markup of the payload: none of it may reach a page (an attribute broken out of
#: would show as the raw ``<img``).
MARKUP = ("<script>alert(", "<img src=x onerror")


@pytest.fixture
def hostile(team, register, member) -> World:
    return build_world(team, register, member, payload)


def _html_pages(client, world: World, *, admin: bool):
    for route in all_routes():
        if route.is_admin != admin or route.name in ("logout", "admin:logout"):
            continue
        for path in urls_for(route, world):
            response = client.get(path)
            if response.get("Content-Type", "").startswith("text/html"):
                yield path, response.status_code, response.content.decode()


def _unescaped(pages) -> list[str]:
    found = []
    for path, status, html in pages:
        assert status < 500, f"{path}: {status}"
        found += [f"{path}: {markup!r}" for markup in MARKUP if markup in html]
    return found


def test_it_escapes_user_text_on_every_page_of_the_app(client, hostile, member):
    client.force_login(member)
    pages = list(_html_pages(client, hostile, admin=False))
    assert len(pages) > 40
    found = _unescaped(pages)
    assert not found, "Unescaped user text:\n  " + "\n  ".join(found)


def test_it_escapes_user_text_on_every_admin_page(client, hostile, admin_supervisor):
    client.force_login(admin_supervisor)
    pages = list(_html_pages(client, hostile, admin=True))
    assert len([p for p in pages if p[1] == 200]) > 50
    found = _unescaped(pages)
    assert not found, "Unescaped user text in the admin:\n  " + "\n  ".join(found)


def _page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


#: Pages that show a field, and the fields they show: each must appear escaped there.
SHOWN_ON = {
    "/": ["register.title"],
    "{r}/": ["register.title", "register.scope"],
    "{r}/risks/": ["risk.title", "user.first_name"],
    "{r}/risks/{risk}/": [
        "risk.title",
        "risk.cause",
        "risk.event",
        "risk.consequence",
        "risk.existing_controls",
        "risk.decision_rationale",
        "assessment.rationale",
        "action.description",
        "consultation.summary",
        "awareness.details",
        "annotation.text",
        "reference.title",
    ],
    "{r}/journey/": ["stage.name", "stage.description", "stage.moment_of_truth_note"],
    "{r}/map/": ["stage.name", "risk.title"],
    "{r}/heatmap/": ["register.title"],
    "{r}/actions/": ["action.description"],
    "{r}/consultations/": ["consultation.people", "consultation.summary"],
    "{r}/awareness/": ["awareness.details"],
    "{r}/analysis/": ["swot.text", "pestle.text"],
    "{r}/reviews/": ["register.title"],
    "{r}/reviews/{review}/": ["review.minutes", "review.attendees", "risk.title"],
    "{r}/coverage/": ["register.title", "annotation.text"],
    "/admin/assessments/risk/": ["risk.title"],
    "/admin/assessments/risk/{risk_pk}/change/": ["risk.cause", "risk.title"],
    "/admin/assessments/review/{review}/change/": ["review.minutes"],
}


def test_it_shows_the_text_escaped_where_it_belongs(client, hostile, admin_supervisor):
    client.force_login(admin_supervisor)
    ids = {
        "r": f"/registers/{hostile.register.pk}",
        "risk": hostile.risk.number,
        "risk_pk": hostile.risk.pk,
        "review": hostile.review.pk,
    }
    missing = []
    for pattern, fields in SHOWN_ON.items():
        path = pattern.format(**ids)
        html = _page(client, path)
        missing += [f"{path}: {name}" for name in fields if shown(name) not in html]
    assert not missing, "Not shown (escaped) where expected:\n  " + "\n  ".join(missing)
    risk_page = _page(client, f"{ids['r']}/risks/{hostile.risk.number}/")
    assert "{{ 7*7 }}" in risk_page  # template syntax in data is text, never evaluated


def test_it_keeps_text_as_text_in_the_csv_export(client, hostile, member):
    client.force_login(member)
    response = client.get(f"/registers/{hostile.register.pk}/export/csv/")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert "'" + payload("risk.title") in cells
    formulas = [cell for cell in cells if cell.startswith(FORMULA_TRIGGERS)]
    assert not formulas, formulas


def test_it_keeps_text_as_text_in_the_xlsx_export(client, hostile, member):
    client.force_login(member)
    response = client.get(f"/registers/{hostile.register.pk}/export/xlsx/")
    workbook = load_workbook(io.BytesIO(response.content))
    values, formulas = [], []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                values.append(cell.value)
                if cell.data_type == "f" or (
                    isinstance(cell.value, str) and cell.value.startswith(FORMULA_TRIGGERS)
                ):
                    formulas.append(f"{sheet.title}!{cell.coordinate}: {cell.value!r}")
    assert "'" + payload("risk.title") in values
    assert "'" + payload("action.description") in values
    assert not formulas, formulas


def test_it_writes_the_text_exactly_in_the_json_backup(client, hostile, member):
    client.force_login(member)
    response = client.get(f"/registers/{hostile.register.pk}/export/json/")
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["risks"][0]["title"] == payload("risk.title")
    assert data["register"]["scope"] == payload("register.scope")
    assert data["annotations"][0]["text"] == payload("annotation.text")


def test_it_prints_the_text_literally_in_the_pdf_and_fetches_nothing(hostile, member):
    renderer = pytest.importorskip(
        "evidence.renderer", reason="the evidence pack (evidence/) is not built yet"
    )
    from evidence.pack import PackOptions, build_pack
    from evidence.services import pack_html
    from tests.evidence.reading import all_text

    html = pack_html(build_pack(hostile.register, learner=member, options=PackOptions()))
    assert shown("risk.title") in html
    assert not [markup for markup in MARKUP if markup in html]
    fetcher = renderer.StaticFilesFetcher()
    pdf = renderer.render_pdf(html, fetcher=fetcher).pdf
    text = all_text(pdf)
    assert "<script>alert(risk.title)</script>" in text
    assert "{{ 7*7 }}" in text
    static = renderer._static_prefix()
    assert not fetcher.refused
    assert all(url.startswith((static, "data:")) for url in fetcher.requested), fetcher.requested
