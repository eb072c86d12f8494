"""A register of n risks for the benchmarks, built through the importer (as a team would
bring in a spreadsheet) and the models, with nothing from the tests.

Each risk has an inherent and a residual rating and an action, spread over six stages;
the register also has three reviews covering every risk, a SWOT and a PESTLE item linked
to every risk, and a consultation and an awareness record for every tenth risk.
"""

from __future__ import annotations


def make_register(n: int, team, user, matrix):
    from assessments.models import AwarenessRecord, Consultation, PestleItem, Review, SwotItem
    from benchmarks.interchange import spreadsheet
    from interchange import importer, mapping, readers

    source = importer.Source(
        kind=mapping.RISKS,
        table=readers.read(spreadsheet(n), "bench.csv"),
        filename="bench.csv",
        team=team,
        new_register={"title": f"Benchmark {n}", "matrix": matrix.pk},
    )
    source.mapping = importer.default_mapping(source)
    register, plan = importer.commit_import(source=source, user=user)
    assert not plan.errors and register.risks.count() == n
    risks = list(register.risks.order_by("number"))
    for day in (1, 2, 3):
        review = Review.objects.create(
            register=register, reviewer=user, minutes=f"Review {day} of every risk."
        )
        review.risks.set(risks)
    swot = SwotItem.objects.create(
        register=register, quadrant=SwotItem.Quadrant.choices[0][0], text="Every risk."
    )
    swot.risks.set(risks)
    pestle = PestleItem.objects.create(
        register=register, factor=PestleItem.Factor.choices[0][0], text="Every risk."
    )
    pestle.risks.set(risks)
    tenth = risks[::10]
    Consultation.objects.bulk_create(
        Consultation(
            register=register,
            risk=risk,
            group=Consultation.Group.choices[0][0],
            people="Duty managers",
            summary=f"Talked through risk {risk.number}.",
        )
        for risk in tenth
    )
    AwarenessRecord.objects.bulk_create(
        AwarenessRecord(
            risk=risk,
            audience=AwarenessRecord.Audience.choices[0][0],
            method=AwarenessRecord.Method.choices[0][0],
            details=f"Briefed on risk {risk.number}.",
        )
        for risk in tenth
    )
    return register
