"""The criteria catalogue: loaded by migration, quoted exactly from the source documents."""

from __future__ import annotations

import re
from pathlib import Path

from criteria.catalogue import CATALOGUE
from criteria.coverage import RULES
from criteria.models import Criterion

#: The source documents, kept in the repository with their sources named (README.md there).
SOURCES = Path(__file__).resolve().parents[1] / "data" / "seeds"


def _source(name: str) -> str:
    return (SOURCES / name).read_text(encoding="utf-8")


def _normalise(text: str) -> str:
    """The words of a document without HTML tags, list markers or layout whitespace."""
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"^\s*-\s+", " ", text, flags=re.MULTILINE)
    return " ".join(text.split())


def _quoted(code: str) -> str:
    return _normalise(Criterion.objects.get(code=code).text)


def test_it_loads_the_whole_catalogue_in_order(db):
    codes = list(Criterion.objects.values_list("code", flat=True))
    assert codes == [entry.code for entry in CATALOGUE]
    # 13 PCs, 13 Ks, OCR 1.1-1.7, 2.1-2.5, 3.1-3.5, ER1-4, ER5a-c, ER6, ER7, ER8a-b, a tip.
    assert len(codes) == 13 + 13 + 7 + 5 + 5 + 4 + 3 + 2 + 2 + 1
    assert codes[:2] == ["NOS PC1", "NOS PC2"]
    assert {"NOS K13", "OCR 1.7", "OCR 2.5", "OCR 3.5", "OCR ER1", "OCR ER5c", "TIP 1"} <= set(
        codes
    )
    assert not {"OCR ER5", "OCR ER8"} & set(codes)  # split into their parts


def test_it_has_one_rule_for_every_criterion(db):
    assert set(RULES) == set(Criterion.objects.values_list("code", flat=True))


def test_it_quotes_the_national_occupational_standard_exactly(db):
    document = _normalise(_source("nos-inscs027.txt"))
    performance, knowledge = document.split("Knowledge and Understanding")
    for number in range(1, 14):
        assert f"{number}. {_quoted(f'NOS PC{number}')} " in performance, number
        assert f"{number}. {_quoted(f'NOS K{number}')} " in knowledge, number
    assert _quoted("NOS PC9") == (
        "assess the potential consequence of each risk in terms of finance, reputation and "
        "health and safety"
    )


def test_it_quotes_the_ocr_unit_exactly(db):
    document = _normalise(_source("ocr-unit-c6.txt"))
    for code in Criterion.objects.filter(code__startswith="OCR ").values_list("code", flat=True):
        number = code.removeprefix("OCR ")
        if number[-1] in "abc":  # a part: the sentence introducing it, then the part
            stem, part = _quoted(code).split(": ")
            assert f"{number[2:-1]}. {stem}: " in document, code
            assert re.search(
                rf"{number[2:-1]}\. {re.escape(stem)}: (\w [^:]+ )*{re.escape(part)} ", document
            ), code
        elif number.startswith("ER"):
            assert f"{number.removeprefix('ER')}. {_quoted(code)} " in document, code
        else:
            assert f"{number} {_quoted(code)} " in document, code
    assert "worked with two of these groups of people" in _quoted("OCR ER7")


def test_it_quotes_the_exam_tip_on_contrasting_examples_exactly(db):
    document = _normalise(_source("study-guide-risk-assessment-in-customer-service.txt"))
    assert _quoted("TIP 1") in document
    assert "at least two contrasting examples" in _quoted("TIP 1")


def test_it_says_which_criteria_only_a_person_can_judge(db):
    judged = set(Criterion.objects.filter(judged_by_person=True).values_list("code", flat=True))
    assert {f"NOS K{n}" for n in range(1, 14)} <= judged
    assert {"OCR 3.1", "OCR 3.4", "OCR 3.5", "OCR ER2", "OCR ER3", "OCR ER4"} <= judged
    assert not judged & {"NOS PC2", "OCR 1.2", "OCR ER1", "OCR ER5a", "OCR ER7", "TIP 1"}


def test_it_splits_evidence_requirements_5_and_8_into_parts_quoted_whole(db):
    assert _quoted("OCR ER5a") == (
        "You must provide evidence that you have identified risks in your own area of "
        "responsibility: a through your everyday work"
    )
    assert _quoted("OCR ER5c").endswith("responsibility: c through discussion with colleagues.")
    assert _quoted("OCR ER8b") == (
        "Your evidence must show that you have carried out risk assessments that have caused "
        "you to: b decide that the level of risk is tolerable and take no action."
    )


def test_it_gives_each_criterion_an_html_anchor(db):
    assert Criterion.objects.get(code="OCR 1.1").anchor == "ocr-1-1"
    assert Criterion.objects.get(code="NOS PC10").anchor == "nos-pc10"
