"""The learner's own explanations of the criteria only a person can judge.

For each such criterion: the question the explanation page asks (``PROMPTS``), guidance
quoted word for word from the source documents (``GUIDANCE``: what the study guide says
examiners look for; ``tests/criteria/test_explanations.py`` checks every quote against the
documents), the form and the one service that saves an explanation.
"""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.utils import timezone

from assessments.models import Action, Risk
from criteria.models import Criterion, Explanation
from criteria.presentation import shorten

STUDY_GUIDE = "Study guide: integrating risk assessment into customer service"

# Quoted from the study guide (exam tips, misconceptions, examiner marking points).
CONTEXT = (
    "When presenting evidence, explicitly link real customer service scenarios to risk "
    "assessment models; avoid generic statements and show how you adapted the process to "
    "specific contexts."
)
CONTRIBUTION = (
    "Demonstrate your personal contribution by showing how you identified a risk, proposed a "
    "solution, and followed through to implementation—not just that you followed instructions."
)
MATRIX = (
    "Award credit for providing evidence of evaluating risks using a recognised framework "
    "(e.g., likelihood x consequence matrix) and justifying the chosen rating."
)
HAZARDS = (
    "Students often confuse hazards with risks, failing to articulate the probability and "
    "consequences of service failures."
)
JOURNEY = (
    "Award credit for demonstrating a systematic approach to identifying risks across the "
    "customer service journey, including input from stakeholders and documented evidence of "
    "process analysis."
)
NON_OBVIOUS = (
    "Failing to consider non-obvious risks such as reputational damage, employee well-being, "
    "or long-term customer dissatisfaction."
)
ONE_OFF = (
    "Risk assessments are treated as one-off activities rather than dynamic processes "
    "requiring continuous monitoring and adjustment."
)
PDCA = (
    "Use the 'Plan-Do-Check-Act' cycle to demonstrate how risk assessment is embedded in "
    "ongoing service improvement, referencing feedback or performance data."
)
DOCUMENTS = (
    "For your portfolio, include authentic workplace documents such as completed risk "
    "assessment forms, annotated customer journey maps highlighting risk points, or minutes "
    "from review meetings."
)
GENUINE = (
    "When presenting evidence for this unit, include a genuine risk assessment document you "
    "have completed in your own work context, with annotations explaining your "
    "decision-making."
)
PLANS = (
    "Award credit for recording risk assessments with clear action plans, assigned "
    "responsibilities, and review dates, ensuring they align with organisational policies "
    "and legal requirements."
)
PROPORTIONATE = (
    "Look for evidence that actions taken are proportionate, aligned with organisational "
    "policies, and effectively communicated to relevant parties, with follow-up reviews to "
    "ensure risk mitigation."
)
OUTCOMES = (
    "Link your risk assessments directly to customer service outcomes—show how managing "
    "risks enhances customer satisfaction, trust, and business continuity."
)
STAKEHOLDERS = (
    "Overlooking the need to involve relevant stakeholders (e.g., team members, compliance "
    "officers) in the risk assessment process, leading to incomplete analysis."
)
CONTRASTING = (
    "Ensure your portfolio includes at least two contrasting examples (e.g., data breach risk "
    "vs. complaint escalation risk) to show depth of understanding and application."
)

#: The question the page asks for each criterion judged by a person.
PROMPTS: dict[str, str] = {
    "NOS K1": "What is your role in assessing risk in your customer service, and what are you "
    "responsible for? Use a risk you own or an action you carried out as your example.",
    "NOS K2": "What are your organisation's customer service stages, and which points have most "
    "impact on the customer experience (the moments of truth)? Say why.",
    "NOS K3": "Which risk assessment techniques and processes does your organisation use, and "
    "how did you use them on your register?",
    "NOS K4": "What types of customer service risk does your organisation have? Give a "
    "financial, a reputational and a health and safety risk from your register.",
    "NOS K5": "What impact would sub-standard services or products at each stage have on your "
    "organisation and on your customers?",
    "NOS K6": "How do you create a risk log to capture and analyse risks? Explain how you record "
    "a risk as cause, event and consequence, using one of yours.",
    "NOS K7": "How do you classify a risk as high, medium or low from its probability and "
    "potential consequences? Explain the rating of two of your risks.",
    "NOS K8": "Which records related to risk assessment does your organisation keep (registers, "
    "review minutes, incident or complaint logs), and what is each for?",
    "NOS K9": "How do you conduct a cost and benefit analysis for customer service? Work through "
    "one of your actions' costs and expected benefit.",
    "NOS K10": "How do you produce a SWOT analysis and a PESTLE analysis? Describe the steps of "
    "each.",
    "NOS K11": "How do SWOT and PESTLE analyses link to risk management? Use an item of your "
    "analysis that informed one of your risks.",
    "NOS K12": "Who are the colleagues who manage risk in your organisation, and how do you "
    "communicate with them?",
    "NOS K13": "Which laws, codes of practice and organisational policies are relevant to your "
    "role and the activities you carry out, and how do they shape what you do?",
    "OCR 3.1": "Describe the risk assessment techniques you know, and when each is used.",
    "OCR 3.2": "Explain how to evaluate a risk according to the probability of it occurring and "
    "the consequences if it does. Use two of your risks.",
    "OCR 3.3": "Evaluate the nature of the potential risks in your customer service: financial, "
    "reputational and health and safety. Which matter most in your service, and why?",
    "OCR 3.4": "Explain cost/benefit analysis. Use one of your actions: what it costs, what it "
    "is expected to save or gain, and whether it is worth doing.",
    "OCR 3.5": "Define SWOT (Strengths, Weaknesses, Opportunities, Threats) analysis and PESTLE "
    "(Political, Economic, Social, Technological, Legal, Environmental) analysis: what each "
    "letter stands for and what each analysis is for.",
    "OCR ER2": "What kind of organisation does your evidence come from: a private sector "
    "organisation, a not-for-profit organisation or a public services organisation? Describe "
    "it and your job there.",
    "OCR ER3": "Over what period did you do this work, with which customers and on which "
    "occasions? Point to your dated reviews and records.",
    "OCR ER4": "Were the risk assessment procedures you followed formal or informal, written or "
    "not? Describe them.",
}

#: What the study guide says examiners look for, per criterion (quoted word for word).
GUIDANCE: dict[str, tuple[str, ...]] = {
    "NOS K1": (CONTRIBUTION, PLANS),
    "NOS K2": (JOURNEY, DOCUMENTS),
    "NOS K3": (MATRIX, PDCA, ONE_OFF),
    "NOS K4": (NON_OBVIOUS, CONTRASTING),
    "NOS K5": (OUTCOMES, NON_OBVIOUS),
    "NOS K6": (HAZARDS, GENUINE),
    "NOS K7": (MATRIX, HAZARDS),
    "NOS K8": (DOCUMENTS, PLANS),
    "NOS K9": (PROPORTIONATE, OUTCOMES),
    "NOS K10": (CONTEXT,),
    "NOS K11": (CONTEXT, JOURNEY),
    "NOS K12": (STAKEHOLDERS, PROPORTIONATE),
    "NOS K13": (PLANS, PROPORTIONATE),
    "OCR 3.1": (MATRIX, PDCA),
    "OCR 3.2": (MATRIX, HAZARDS),
    "OCR 3.3": (NON_OBVIOUS, CONTRASTING),
    "OCR 3.4": (PROPORTIONATE, OUTCOMES),
    "OCR 3.5": (CONTEXT,),
    "OCR ER2": (GENUINE,),
    "OCR ER3": (ONE_OFF, PDCA),
    "OCR ER4": (GENUINE, CONTEXT),
}


def prompt(criterion: Criterion) -> str:
    return PROMPTS.get(criterion.code, "Explain this criterion in your own words.")


def guidance(criterion: Criterion) -> tuple[str, ...]:
    return GUIDANCE.get(criterion.code, ())


class ExplanationForm(forms.Form):
    """The learner's explanation and the records of ``register`` it uses as examples."""

    text = forms.CharField(
        label="Your explanation",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="In your own words. The assessor reads it beside the criterion.",
    )
    risks = forms.ModelMultipleChoiceField(
        label="Risks you use as examples",
        queryset=Risk.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    actions = forms.ModelMultipleChoiceField(
        label="Actions you use as examples",
        queryset=Action.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, register, **kwargs):
        super().__init__(*args, **kwargs)
        # Only this register's records: a record of another register is not a valid choice.
        self.fields["risks"].queryset = Risk.objects.filter(register=register).order_by("number")
        self.fields["risks"].label_from_instance = lambda risk: f"{risk.reference} {risk.title}"
        self.fields["actions"].queryset = Action.objects.filter(register=register).order_by("pk")
        self.fields["actions"].label_from_instance = lambda action: shorten(action.description, 90)

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("Write your explanation.")
        return text


@transaction.atomic
def save_explanation(
    *, register, criterion: Criterion, text: str, risks=(), actions=(), by
) -> Explanation:
    """Write or rewrite the learner's explanation of ``criterion`` (its history keeps every
    saved version). ``risks`` and ``actions`` must be ``register``'s own."""
    if not criterion.judged_by_person:
        raise ValueError(f"{criterion.code} is decided by the register's records.")
    if any(r.register_id != register.pk for r in [*risks, *actions]):
        raise ValueError("Examples must be records of this register.")
    explanation = (
        Explanation.objects.select_for_update().filter(register=register, criterion=criterion)
    ).first() or Explanation(register=register, criterion=criterion)
    explanation.text = text
    explanation.written_by = by
    explanation.written_at = timezone.now()
    explanation.full_clean()
    explanation.save()
    explanation.risks.set(risks)
    explanation.actions.set(actions)
    return explanation
