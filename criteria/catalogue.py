"""The assessment criteria, quoted word for word from the source documents.

Loaded into ``Criterion`` rows by migration 0002. The wording must stay exactly as the
documents give it: learners copy it into portfolios and assessors compare it with their
own copy. ``tests/criteria/test_catalogue.py`` checks it against the documents.

A criterion is *judged by a person* when no rule can decide it from the register alone
(what a learner knows or can explain): the learner writes an explanation of it in their
own words (``criteria.explanations``) and the assessor judges that; a tag never completes
it. ``WITNESSED_ONLY`` criteria are evidenced only by a supervisor's witness statement
(the criteria a statement may witness are ``assessments.models.WITNESSABLE_CRITERIA``).
"""

from __future__ import annotations

from typing import NamedTuple

NOS = "NOS INSCS027 Assess the risks in customer service"
OCR = "OCR unit C6 Apply risk assessment to customer service"
GUIDE = "Study guide: integrating risk assessment into customer service"

NOS_PC = "INSCS027 performance criteria"
NOS_K = "INSCS027 knowledge and understanding"
OCR_LO1 = "OCR C6 learning outcome 1: Analyse customer service processes for risk"
OCR_LO2 = "OCR C6 learning outcome 2: Assess customer service risks and take appropriate actions"
OCR_LO3 = "OCR C6 learning outcome 3: Understand how to apply risk assessment to customer service"
OCR_ER = "OCR C6 evidence requirements"
GUIDE_TIPS = "Exam tips"

ER5_STEM = (
    "You must provide evidence that you have identified risks in your own area of responsibility:\n"
)
ER8_STEM = (
    "Your evidence must show that you have carried out risk assessments that have caused you to:\n"
)


class Entry(NamedTuple):
    code: str
    source: str
    group: str
    text: str
    judged_by_person: bool = False


CATALOGUE: tuple[Entry, ...] = (
    # National Occupational Standard INSCS027: performance criteria.
    Entry(
        "NOS PC1",
        NOS,
        NOS_PC,
        "identify the stages in your organisation's customer service process that provide "
        "opportunities to impress and disappoint customers",
    ),
    Entry(
        "NOS PC2",
        NOS,
        NOS_PC,
        "identify the financial risks for each stage of the customer service process",
    ),
    Entry(
        "NOS PC3",
        NOS,
        NOS_PC,
        "identify the reputational risks for each stage of the customer service process",
    ),
    Entry(
        "NOS PC4",
        NOS,
        NOS_PC,
        "identify the health and safety risks for each stage of the customer service process",
    ),
    Entry(
        "NOS PC5",
        NOS,
        NOS_PC,
        "identify the risk of delivering sub-standard services or products in each stage of "
        "the customer service process",
    ),
    Entry(
        "NOS PC6",
        NOS,
        NOS_PC,
        "ensure that your customers are aware of any risks that might impact on them",
    ),
    Entry("NOS PC7", NOS, NOS_PC, "develop staff awareness of the risks you have identified"),
    Entry("NOS PC8", NOS, NOS_PC, "assess the probabilities of each risk that you have identified"),
    Entry(
        "NOS PC9",
        NOS,
        NOS_PC,
        "assess the potential consequence of each risk in terms of finance, reputation and "
        "health and safety",
    ),
    Entry(
        "NOS PC10",
        NOS,
        NOS_PC,
        "classify each risk as high, medium or low considering its probability and potential "
        "consequences",
    ),
    Entry(
        "NOS PC11",
        NOS,
        NOS_PC,
        "consult with colleagues to identify any actions to take to reduce risk",
    ),
    Entry(
        "NOS PC12",
        NOS,
        NOS_PC,
        "implement actions to minimise the overall customer service risk profile",
    ),
    Entry(
        "NOS PC13",
        NOS,
        NOS_PC,
        "follow the legal, organisational, codes of practice and policies relevant to your "
        "role and the activities being carried out",
    ),
    # National Occupational Standard INSCS027: knowledge and understanding.
    Entry(
        "NOS K1",
        NOS,
        NOS_K,
        "your role and responsibilities in relation to assessment of risk in customer service",
        True,
    ),
    Entry(
        "NOS K2",
        NOS,
        NOS_K,
        "your organisation's customer service stages and the points in the customer service "
        "processes that have most impact on the customer experience",
        True,
    ),
    Entry(
        "NOS K3",
        NOS,
        NOS_K,
        "the risk assessment techniques and processes that are used in your organisation",
        True,
    ),
    Entry(
        "NOS K4",
        NOS,
        NOS_K,
        "the types of potential customer service risks that your organisation has, including "
        "financial, reputational and health and safety risks",
        True,
    ),
    Entry(
        "NOS K5",
        NOS,
        NOS_K,
        "the impact that sub-standard services or products in each stage of the customer "
        "service process have on your organisation and customers",
        True,
    ),
    Entry(
        "NOS K6",
        NOS,
        NOS_K,
        "the methods that you can use to create risk logs to capture and analyse risks",
        True,
    ),
    Entry(
        "NOS K7",
        NOS,
        NOS_K,
        "how to classify risk based on probability and potential consequences",
        True,
    ),
    Entry("NOS K8", NOS, NOS_K, "your organisation's records related to risk assessment", True),
    Entry(
        "NOS K9",
        NOS,
        NOS_K,
        "how to conduct a cost and benefit analysis for customer service",
        True,
    ),
    Entry(
        "NOS K10",
        NOS,
        NOS_K,
        "how to produce a Strengths, Weaknesses, Opportunities, Threats (SWOT) and Political, "
        "Economic, Social, Technological, Legal, Environmental (PESTLE) analysis",
        True,
    ),
    Entry("NOS K11", NOS, NOS_K, "how SWOT and PESTLE analyses link to risk management", True),
    Entry(
        "NOS K12",
        NOS,
        NOS_K,
        "the colleagues who manage risk in your organisation and how to communicate with them",
        True,
    ),
    Entry(
        "NOS K13",
        NOS,
        NOS_K,
        "the legal, organisational, codes of practice and policies relevant to your role and "
        "the activities being carried out",
        True,
    ),
    # OCR unit C6: assessment criteria.
    Entry(
        "OCR 1.1",
        OCR,
        OCR_LO1,
        "Explain their organisation's customer service process and identify the moments of "
        "truth (those points in the customer service process that have most impact on the "
        "customer experience)",
    ),
    Entry(
        "OCR 1.2",
        OCR,
        OCR_LO1,
        "Identify the financial risks for each stage of the customer service process",
    ),
    Entry(
        "OCR 1.3",
        OCR,
        OCR_LO1,
        "Identify the reputational risks for each stage of the customer service process",
    ),
    Entry(
        "OCR 1.4",
        OCR,
        OCR_LO1,
        "Identify the health and safety risks for each stage of the customer service process",
    ),
    Entry(
        "OCR 1.5",
        OCR,
        OCR_LO1,
        "Identify the risk of delivering sub-standard services or products for each stage of "
        "the customer service process",
    ),
    Entry(
        "OCR 1.6",
        OCR,
        OCR_LO1,
        "Ensure that your customers are aware of any risks that might impact on them",
    ),
    Entry("OCR 1.7", OCR, OCR_LO1, "Develop staff awareness of the risks they have identified"),
    Entry(
        "OCR 2.1", OCR, OCR_LO2, "Assess the probabilities of each risk that they have identified"
    ),
    Entry(
        "OCR 2.2",
        OCR,
        OCR_LO2,
        "Assess the consequence of each risk in terms of finance, reputation and health and safety",
    ),
    Entry(
        "OCR 2.3",
        OCR,
        OCR_LO2,
        "Classify each risk as high, medium or low taking into account its probability and "
        "consequences",
    ),
    Entry(
        "OCR 2.4",
        OCR,
        OCR_LO2,
        "Work with colleagues to identify any actions that might be taken to reduce risk",
    ),
    Entry(
        "OCR 2.5",
        OCR,
        OCR_LO2,
        "Take appropriate actions to minimise the overall customer service risk profile by "
        "adapting procedures",
    ),
    Entry("OCR 3.1", OCR, OCR_LO3, "Describe risk assessment techniques", True),
    Entry(
        "OCR 3.2",
        OCR,
        OCR_LO3,
        "Explain how to evaluate risk according to probability of occurrence and consequences "
        "of occurrence",
        True,
    ),
    Entry(
        "OCR 3.3",
        OCR,
        OCR_LO3,
        "Evaluate the nature of potential customer service risks including financial, "
        "reputational and health and safety risks",
        True,
    ),
    Entry("OCR 3.4", OCR, OCR_LO3, "Explain cost/benefit analysis", True),
    Entry(
        "OCR 3.5",
        OCR,
        OCR_LO3,
        "Define SWOT (Strengths, Weaknesses, Opportunities, Threats) and PESTLE (Political, "
        "Economic, Social, Technological, Legal, Environmental) analysis",
        True,
    ),
    # OCR unit C6: evidence requirements. 5 and 8 are split into their parts, each quoted
    # with the sentence that introduces it, since each part is evidenced on its own.
    Entry(
        "OCR ER1",
        OCR,
        OCR_ER,
        "Your evidence should be collected when carrying out a real job, whether paid or "
        "voluntary, and when dealing with real customers, whether internal or external to the "
        "organisation. Evidence collected in a realistic working environment or a work "
        "placement is not permissible for this Unit. Simulation is not allowed for any "
        "performance evidence within this Unit.",
    ),
    Entry(
        "OCR ER2",
        OCR,
        OCR_ER,
        "You may collect the evidence for the Unit through work in a private sector "
        "organisation, a not-for-profit organisation or a public services organisation.",
        True,
    ),
    Entry(
        "OCR ER3",
        OCR,
        OCR_ER,
        "You must provide evidence that shows you have done this over a sufficient period of "
        "time with different customers on different occasions for your assessor to be "
        "confident that you are competent.",
        True,
    ),
    Entry(
        "OCR ER4",
        OCR,
        OCR_ER,
        "The procedures you follow for risk assessment may be formal or informal and may or "
        "may not be written.",
        True,
    ),
    Entry("OCR ER5a", OCR, OCR_ER, ER5_STEM + "a through your everyday work"),
    Entry("OCR ER5b", OCR, OCR_ER, ER5_STEM + "b actively carrying out a risk assessment"),
    Entry("OCR ER5c", OCR, OCR_ER, ER5_STEM + "c through discussion with colleagues."),
    Entry(
        "OCR ER6",
        OCR,
        OCR_ER,
        "Your evidence must show that when carrying out a risk assessment you have:\n"
        "a listed each risk\n"
        "b identified the consequences of each risk\n"
        "c estimated the probability of each risk occurring\n"
        "d made a judgement about any action that is justified taking into account the "
        "consequences and probability of each risk.",
    ),
    Entry(
        "OCR ER7",
        OCR,
        OCR_ER,
        "You must provide evidence that you have worked with two of these groups of people to "
        "identify possible actions for managing risk:\n"
        "a team members or colleagues\n"
        "b suppliers or service partners\n"
        "c supervisors, team leaders or managers.",
    ),
    Entry("OCR ER8a", OCR, OCR_ER, ER8_STEM + "a take action to manage the risk"),
    Entry(
        "OCR ER8b",
        OCR,
        OCR_ER,
        ER8_STEM + "b decide that the level of risk is tolerable and take no action.",
    ),
    # Study guide: exam tips.
    Entry(
        "TIP 1",
        GUIDE,
        GUIDE_TIPS,
        "Ensure your portfolio includes at least two contrasting examples (e.g., data breach "
        "risk vs. complaint escalation risk) to show depth of understanding and application.",
    ),
)


#: Criteria that only a witness can evidence: a supervisor saw the learner at work.
WITNESSED_ONLY = frozenset({"OCR ER1"})


def load_catalogue(Criterion) -> None:
    """Create or update one ``Criterion`` row per catalogue entry (idempotent); rows no
    longer in the catalogue are left to the migration that retires them.

    ``Criterion`` is passed in so a migration can hand over its historical model.
    """
    for position, entry in enumerate(CATALOGUE, start=1):
        Criterion.objects.update_or_create(
            code=entry.code,
            defaults={
                "position": position,
                "source": entry.source,
                "group": entry.group,
                "text": entry.text,
                "judged_by_person": entry.judged_by_person,
            },
        )
