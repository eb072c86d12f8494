"""The pack's cost/benefit table over several pages: every description in full, the total
once at its end (a ``tfoot`` would repeat on every page), and the benefit beyond money on
screen as in the PDF."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.models import Action
from evidence.pack import PackOptions
from evidence.services import export_pdf
from tests.builders import make_risk
from tests.evidence.reading import page_texts

pytestmark = pytest.mark.django_db

LONG = (
    "Fit a second card reader at the café till, train the Saturday team to use it, and "
    "check both readers each morning before opening (action {n})"
)


def _words(text: str) -> str:
    return " ".join(text.split())


def test_a_long_cost_table_prints_each_description_in_full_and_its_total_once(
    register, stage, member
):
    risk = make_risk(register, stage=stage, rating=(2, 2, 2, 2))
    for n in range(1, 41):
        action = Action.objects.create(
            register=register,
            description=LONG.format(n=n),
            cost_one_off=Decimal("100"),
            benefit_annual=Decimal("50"),
        )
        action.risks.add(risk)
    assert len(LONG.format(n=1)) > 110
    pages = [
        _words(page)
        for page in page_texts(
            export_pdf(
                register=register, learner=member, options=PackOptions(sections=("analysis",))
            ).pdf
        )
    ]
    text = " ".join(pages)
    table_pages = [page for page in pages if "(action " in page]
    assert len(table_pages) >= 2, "the table should run over more than one page"
    for n in range(1, 41):
        assert _words(LONG.format(n=n)) in text
    assert text.count("Total") == 1
    assert "£4,000.00" in text  # 40 x £100 one-off, in that one total row


def test_the_analysis_page_shows_the_benefit_beyond_money(client, register, stage, member):
    risk = make_risk(register, stage=stage)
    action = Action.objects.create(
        register=register,
        description="A loop test kit",
        cost_annual=Decimal("120"),
        benefit_other="Meets the Equality Act duty",
    )
    action.risks.add(risk)
    client.force_login(member)
    html = client.get(reverse("assessments:analysis", args=[register.pk])).content.decode()
    assert '<td data-label="Benefit beyond money">Meets the Equality Act duty</td>' in html
