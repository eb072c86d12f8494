"""A rating that came in by import says so: the file and row it came from, and the rater as
the file writes them if it names one. It is never credited to the person who ran the
import, on the risk page or in the evidence pack."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Assessment
from evidence.pack import PackOptions
from evidence.services import export_pdf
from tests.evidence.reading import all_text
from tests.interchange.test_import_commit import pmo_rows, risks_source

pytestmark = pytest.mark.django_db


def _import(team, member, rows, name="risk_register.csv"):
    from interchange import importer

    register, _ = importer.commit_import(source=risks_source(rows, team, name=name), user=member)
    return register


def test_an_imported_rating_names_its_file_and_row_and_nobody_who_did_not_rate_it(
    client, team, member
):
    rows = pmo_rows()
    register = _import(team, member, rows)
    ratings = list(Assessment.objects.filter(risk__register=register).select_related("risk"))
    assert len(ratings) >= len(rows) - 1
    for rating in ratings:
        row = rating.risk.number + 1  # R001 is on row 2, under the header
        assert (rating.imported_from, rating.imported_row) == ("risk_register.csv", row)
        assert rating.assessed_by is None and rating.rated_by_name == ""
        assert rating.provenance == f"imported from risk_register.csv, row {row}"
        assert rating.rated_by() == ""

    client.force_login(member)
    html = client.get(reverse("assessments:risk_detail", args=[register.pk, 1])).content.decode()
    assert "Imported from risk_register.csv, row 2" in html
    assert "the file does not say who rated it" in html
    assert "Rated by Mia Member" not in html


def test_the_rater_the_file_names_is_kept_as_written(client, team, member):
    header, first, second, *_ = pmo_rows()
    rows = [[*header, "Assessed by"], [*first, "Jo Bloggs (PMO)"], [*second, ""]]
    register = _import(team, member, rows, name="q3 register.csv")
    named, unnamed = (
        Assessment.objects.filter(risk__register=register, risk__number=n).get() for n in (1, 2)
    )
    assert (named.rated_by_name, named.imported_row) == ("Jo Bloggs (PMO)", 2)
    assert (unnamed.rated_by_name, unnamed.imported_row) == ("", 3)
    assert named.assessed_by is None

    client.force_login(member)
    html = client.get(reverse("assessments:risk_detail", args=[register.pk, 1])).content.decode()
    assert "Imported from q3 register.csv, row 2" in html
    assert "rated by Jo Bloggs (PMO) (as the file says)" in html

    pdf = export_pdf(
        register=register, learner=member, options=PackOptions(sections=("risks",))
    ).pdf
    text = all_text(pdf)
    assert "Imported from q3 register.csv, row 2; rated by Jo Bloggs (PMO) as the file says" in text
    assert "Imported from q3 register.csv, row 3; the file does not name the rater" in text
    assert "Mia Member," not in text  # the importer is not credited with a rating


def test_a_rating_made_in_the_app_names_its_rater(member, register, stage):
    from assessments.services import rate_risk
    from tests.builders import make_risk

    rating = rate_risk(
        risk=make_risk(register, stage=stage),
        tier=Assessment.Tier.INHERENT,
        likelihood=2,
        finance=2,
        reputation=2,
        health_safety=2,
        rationale="Seen twice this year.",
        assessed_by=member,
    )
    assert (rating.provenance, rating.is_imported) == ("", False)
    assert rating.rated_by() == "Mia Member"
    assert rating.rated_by(lambda user: "Learner") == "Learner"
