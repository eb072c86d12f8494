"""Exhibits in the evidence pack: the index with full hashes, images beside their records."""

from __future__ import annotations

import re

import pytest

from assessments.models import Action
from evidence.pack import PackOptions, build_pack
from evidence.renderer import render_pdf
from evidence.services import pack_html
from tests.evidence.reading import all_text
from tests.exhibits import samples
from tests.exhibits.conftest import make_exhibit

pytestmark = pytest.mark.django_db


def test_the_pdf_lists_every_exhibit_with_its_full_sha256(register, member, risk):
    sign = make_exhibit(risk, title="Wet-floor sign at the entrance", by=member)
    action = Action.objects.create(register=register, description="Buy two more signs")
    action.risks.add(risk)
    quote = make_exhibit(action, data=samples.pdf(), title="Supplier quote for signs", by=member)
    pack = build_pack(register, learner=member, options=PackOptions())
    assert [entry.number for entry in pack.content.exhibits.entries] == ["E1", "E2"]
    pdf = render_pdf(pack_html(pack)).pdf
    text = re.sub(r"\s+", "", all_text(pdf))
    for exhibit in (sign, quote):
        assert exhibit.sha256 in text
    assert "Wet-floorsignattheentrance" in text and "Supplierquoteforsigns" in text
    # The action log cites the quote; the index points at the risk's page.
    assert "Exhibit:E2Supplierquoteforsigns" in text
    assert "seepage" in text


def test_images_are_embedded_with_the_risk_they_support(register, member, risk):
    make_exhibit(risk, data=samples.png((2400, 1600)), title="Sign", by=member)
    make_exhibit(risk, data=samples.pdf(), title="Minutes", by=member)
    pack = build_pack(register, learner=member, options=PackOptions())
    shown = pack.content.exhibits.at(f"risk-{risk.reference}")
    assert [entry.number for entry in shown] == ["E1", "E2"]
    image = shown[0].image
    assert image.startswith("data:image/") and len(image) <= 60_000
    assert shown[1].image == ""  # a PDF is listed, not drawn
    html = pack_html(pack)
    assert html.count('<figure class="exhibit-figure">') == 2
    pdf = render_pdf(pack_html(pack))
    assert pdf.refused == ()


def test_the_pack_reads_exhibits_in_a_fixed_number_of_queries(
    register, member, risk, django_assert_num_queries
):
    action = Action.objects.create(register=register, description="Mop rota")
    action.risks.add(risk)
    options = PackOptions(sections=("exhibits",))
    build_pack(register, learner=member, options=options)  # the matrix spec is cached
    for _ in range(3):
        make_exhibit(risk)
        make_exhibit(action)
        # The pack's own ten, two for the coverage rules behind the margin codes, the
        # exhibits, and the risks of the actions they support.
        with django_assert_num_queries(14):
            pack = build_pack(register, learner=member, options=options)
    assert len(pack.content.exhibits.entries) == 6
