"""What each rule asks of a register with nothing in it, word for word: the learner's
to-do list on the coverage page is these sentences, so a changed or lost word shows here.

(``test_rules.py`` pins the gaps of registers partly done.)"""

from __future__ import annotations

import pytest

from criteria.coverage import MISSING, RULES, load_records

EMPTY_REGISTER_GAPS = {
    "NOS PC1": ["Map your customer service process into stages and mark its moments of truth."],
    "NOS PC2": ["Map your customer journey into stages and record a financial risk at each."],
    "NOS PC3": ["Map your customer journey into stages and record a reputational risk at each."],
    "NOS PC4": [
        "Map your customer journey into stages and record a health and safety risk at each."
    ],
    "NOS PC5": [
        "Map your customer journey into stages and record a sub-standard delivery risk at each."
    ],
    "NOS PC6": [
        "Record how customers were made aware of a risk that affects them (an awareness "
        "record for customers)."
    ],
    "NOS PC7": [
        "Record how staff were briefed or trained on the risks (an awareness record for staff)."
    ],
    "NOS PC8": ["Record the risks you identified and rate each one."],
    "NOS PC11": ["Record a consultation with colleagues about actions to reduce risk."],
    "NOS PC12": ["Plan actions to reduce your risks and record them as you carry them out."],
    "NOS PC13": [
        "Link your risks or actions to the laws, codes of practice and policies they follow "
        "(for example the Health and Safety at Work etc. Act 1974 or UK GDPR)."
    ],
    "NOS K1": ["Give your risks and actions an owner, so your responsibilities for risk show."],
    "NOS K3": [
        "Rate your risks on the register's likelihood x consequence matrix.",
        "Record a review meeting to show how your risks are reviewed over time.",
    ],
    "NOS K4": [
        "No financial risk recorded yet.",
        "No reputational risk recorded yet.",
        "No health and safety risk recorded yet.",
    ],
    "NOS K6": ["Record your risks in the register as cause, event and consequence."],
    "NOS K8": ["Record a review meeting of the register with its minutes."],
    "NOS K9": [
        "Give an action its costs and expected annual benefit, so its cost/benefit analysis shows."
    ],
    "NOS K10": [
        "Add a SWOT analysis: strengths, weaknesses, opportunities and threats.",
        "Add a PESTLE analysis: political, economic, social, technological, legal and "
        "environmental factors.",
    ],
    "NOS K11": [
        "Link a SWOT item to the risks it informs.",
        "Link a PESTLE item to the risks it informs.",
    ],
    "NOS K12": [
        "Record a consultation with the supervisors, managers or compliance staff who manage "
        "risk in your organisation."
    ],
    "OCR ER1": [
        "Ask the supervisor who saw you at work with real customers to write a witness "
        "statement when they sign off one of your reviews."
    ],
    "OCR ER2": ["Name your organisation in the register's context and say what kind it is."],
    "OCR ER3": ["Review your register again on another day, to show your work over time."],
    "OCR ER5a": [
        "Record a risk you identified in your everyday work: by observing the process, or "
        "from records such as complaints, incidents or accounts."
    ],
    "OCR ER5b": [
        "Record a risk you identified by actively carrying out a risk assessment (an inspection)."
    ],
    "OCR ER5c": ["Record a risk you identified through discussion with colleagues (consultation)."],
    "OCR ER6": ["Record each risk you identified, then rate and decide."],
    "OCR ER7": [
        "Record consultations with at least two of these groups: team members or colleagues; "
        "suppliers or service partners; supervisors, team leaders or managers."
    ],
    "OCR ER8a": ["Record a risk you decided to treat, with the actions you took."],
    "OCR ER8b": ["Record a risk you judged tolerable (decision: tolerate) and why."],
    "TIP 1": [
        "Add actions to two risks of different categories (for example a data breach risk "
        "and a complaint escalation risk)."
    ],
}
#: Criteria whose rule is another's (``RULES`` reuses it): they ask the same.
SAME_RULE = {
    "NOS PC9": "NOS PC8",
    "NOS PC10": "NOS PC8",
    "NOS K2": "NOS PC1",
    "NOS K5": "NOS PC5",
    "NOS K7": "NOS PC8",
    "NOS K13": "NOS PC13",
    "OCR 1.1": "NOS PC1",
    "OCR 1.2": "NOS PC2",
    "OCR 1.3": "NOS PC3",
    "OCR 1.4": "NOS PC4",
    "OCR 1.5": "NOS PC5",
    "OCR 1.6": "NOS PC6",
    "OCR 1.7": "NOS PC7",
    "OCR 2.1": "NOS PC8",
    "OCR 2.2": "NOS PC8",
    "OCR 2.3": "NOS PC8",
    "OCR 2.4": "NOS PC11",
    "OCR 2.5": "NOS PC12",
    "OCR 3.1": "NOS K3",
    "OCR 3.2": "NOS PC8",
    "OCR 3.3": "NOS K4",
    "OCR 3.4": "NOS K9",
    "OCR 3.5": "NOS K10",
    "OCR ER4": "NOS K3",
}


def test_the_table_names_every_rule():
    assert set(EMPTY_REGISTER_GAPS) | set(SAME_RULE) == set(RULES)
    assert not set(EMPTY_REGISTER_GAPS) & set(SAME_RULE)


@pytest.mark.parametrize("code", sorted(RULES))
def test_an_empty_register_is_missing_everything_and_told_what_to_add(register, code):
    register.organisation = ""
    register.save()
    outcome = RULES[code](load_records(register))
    assert outcome.status == MISSING
    assert outcome.evidence == []
    assert outcome.gaps == EMPTY_REGISTER_GAPS[SAME_RULE.get(code, code)]
