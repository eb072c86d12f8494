"""Whose work the Riverside register is: what Priya Shah (the demo learner) adds for her
assessor on top of the register itself.

How she identified each risk, her part in each action, consultation, awareness record and
review, her explanations of the criteria only a person can judge (in her own words, using
the register's own records as examples), her signed declaration, and the statement Gareth
Owen wrote as a witness when he signed off the first review.

Some criteria are left without an explanation on purpose (NOS K8 and K12, OCR 3.3, OCR
evidence requirements 3 and 4), so the coverage page shows what *Explanation needed* looks
like and the learner sees what is still hers to write.
"""

from __future__ import annotations

from demo.specs import ExplanationSpec, PortfolioSpec, WitnessSpec

OBSERVATION, RECORDS, CONSULTATION, INSPECTION = (
    "observation",
    "records",
    "consultation",
    "inspection",
)
LED, PROPOSED, TOOK_PART, INFORMED = "led", "proposed", "took_part", "informed"

IDENTIFIED = (
    # Seen at the desk, in the queue or around the building.
    ("tailgating", OBSERVATION),
    ("queues", OBSERVATION),
    ("abuse", OBSERVATION),
    ("access-needs", OBSERVATION),
    ("changing-village", OBSERVATION),
    ("rushed-induction", OBSERVATION),
    # From records: bookings, complaints, incident reports, the accounts.
    ("no-shows", RECORDS),
    ("direct-debit", RECORDS),
    ("cancellation", RECORDS),
    ("pool-closure", RECORDS),
    ("lesson-cancellations", RECORDS),
    ("induction-wait", RECORDS),
    ("refunds", RECORDS),
    ("complaints", RECORDS),
    ("injury-complaints", RECORDS),
    ("feedback-trends", RECORDS),
    # Raised by the people consulted.
    ("booking-outage", CONSULTATION),
    ("wrong-terms", CONSULTATION),
    ("junior-medical", CONSULTATION),
    ("pool-incident", CONSULTATION),
    ("allergens", CONSULTATION),
    # Found by a risk assessment walk-round of the desk, the pool entrance and the gym.
    ("phone-card", INSPECTION),
    ("under-8s", INSPECTION),
    ("health-screening", INSPECTION),
)

PARTS = (
    # Actions
    ("action:closure-credits", LED),
    ("action:lesson-texts", LED),
    ("action:cover-sheets", PROPOSED),
    ("action:pay-at-booking", LED),
    ("action:stop-phone-cards", PROPOSED),
    ("action:age-question", LED),
    ("action:supplier-capacity", TOOK_PART),
    ("action:turnstiles", TOOK_PART),
    ("action:second-advisor", PROPOSED),
    ("action:queue-tablet", LED),
    ("action:late-shift-pairs", INFORMED),
    ("action:conflict-training", TOOK_PART),
    ("action:loop-test", LED),
    ("action:bank-validation", PROPOSED),
    ("action:terms-summary", LED),
    ("action:hardship-waiver", PROPOSED),
    ("action:junior-form", PROPOSED),
    ("action:junior-check", LED),
    ("action:membership-guide", LED),
    ("action:cleaning-hours", PROPOSED),
    ("action:lockers", INFORMED),
    ("action:lifeguard-rotation", INFORMED),
    ("action:blinds", INFORMED),
    ("action:allergen-labels", TOOK_PART),
    ("action:swim-teachers", INFORMED),
    ("action:group-inductions", TOOK_PART),
    ("action:par-q-check", INFORMED),
    ("action:induction-checklist", TOOK_PART),
    ("action:refund-limits", PROPOSED),
    ("action:complaints-log", LED),
    ("action:injury-triage", PROPOSED),
    ("action:feedback-summary", LED),
    ("action:complaints-refresher", LED),
    # Consultations
    ("consultation:team-workshop", LED),
    ("consultation:lifeguards", TOOK_PART),
    ("consultation:booking-supplier", TOOK_PART),
    ("consultation:food-supplier", LED),
    ("consultation:managers", LED),
    ("consultation:data-protection", PROPOSED),
    ("consultation:parents-forum", TOOK_PART),
    # Customers and staff made aware (risk, audience, method)
    ("awareness:abuse:customers:signage", PROPOSED),
    ("awareness:junior-medical:customers:email", INFORMED),
    ("awareness:pool-incident:customers:signage", INFORMED),
    ("awareness:injury-complaints:customers:website", LED),
    ("awareness:under-8s:customers:website", LED),
    ("awareness:under-8s:customers:signage", LED),
    ("awareness:allergens:customers:signage", TOOK_PART),
    ("awareness:cancellation:customers:verbal", TOOK_PART),
    ("awareness:pool-closure:customers:website", PROPOSED),
    ("awareness:lesson-cancellations:customers:email", PROPOSED),
    ("awareness:health-screening:customers:signage", INFORMED),
    ("awareness:phone-card:staff:briefing", TOOK_PART),
    ("awareness:abuse:staff:training", TOOK_PART),
    ("awareness:pool-incident:staff:briefing", INFORMED),
    ("awareness:complaints:staff:briefing", LED),
    ("awareness:refunds:staff:email", INFORMED),
    ("awareness:allergens:staff:training", INFORMED),
    ("awareness:no-shows:customers:email", LED),
    ("awareness:tailgating:customers:signage", PROPOSED),
    ("awareness:queues:customers:website", LED),
    ("awareness:access-needs:customers:website", PROPOSED),
    ("awareness:direct-debit:customers:email", LED),
    ("awareness:wrong-terms:customers:website", LED),
    ("awareness:changing-village:customers:signage", INFORMED),
    ("awareness:induction-wait:customers:website", LED),
    ("awareness:rushed-induction:customers:verbal", INFORMED),
    ("awareness:refunds:customers:signage", TOOK_PART),
    ("awareness:complaints:customers:website", LED),
    ("awareness:feedback-trends:customers:signage", PROPOSED),
    # Reviews
    ("review:first", LED),
    ("review:second", LED),
)

EXPLANATIONS = (
    ExplanationSpec(
        code="NOS K1",
        day=-34,
        text=(
            "I am a front desk advisor and I keep this register for the front desk. My part "
            "is to spot risks in the customer journey, write them up as cause, event and "
            "consequence, rate them on the Trust's 5x5 matrix and propose actions. I lead "
            "the review meetings and write the minutes. I can change desk routines myself "
            "(for example I brought in payment at booking and the complaints log), but "
            "anything that costs money or changes staffing, such as the second advisor in "
            "the holidays, I propose to the duty manager, Gareth Owen, who decides and signs "
            "off my reviews. A risk with a Severe consequence, like a swimmer in difficulty, "
            "is escalated to the duty managers, who review it every month."
        ),
        risks=("no-shows", "pool-incident"),
        actions=("pay-at-booking", "complaints-log", "second-advisor"),
    ),
    ExplanationSpec(
        code="NOS K2",
        day=-34,
        text=(
            "We mapped the front desk journey into six stages, from booking a session to "
            "feedback and refunds. Four of them are moments of truth, where one experience "
            "decides whether a customer comes back: arriving at the desk (a long queue at "
            "6.30 am sets the tone for the whole visit), joining or cancelling a membership, "
            "the gym induction, and how we handle a complaint. Booking and the pool matter "
            "too, but customers judge us most at those four points, so that is where most of "
            "our actions went, such as the second advisor at opening time."
        ),
        risks=("queues", "cancellation", "induction-wait", "complaints"),
        actions=("second-advisor",),
    ),
    ExplanationSpec(
        code="NOS K3",
        day=-33,
        text=(
            "We identify risks in four ways: watching the process at the desk, reading our "
            "records (bookings, complaints, incident reports, refunds), asking the people "
            "involved (the lifeguards, the booking system supplier, the café lead) and "
            "walking round the desk, the pool entrance and the gym as an inspection. Each "
            "risk is then rated on the Trust's 5x5 likelihood x consequence matrix, with "
            "finance, reputation and health and safety rated separately. We decide to "
            "treat, tolerate, transfer or terminate it, and we check the ratings again at "
            "review meetings (plan, do, check, act)."
        ),
        risks=("phone-card", "booking-outage", "tailgating"),
    ),
    ExplanationSpec(
        code="NOS K4",
        day=-33,
        text=(
            "Our register has all three main kinds. Financial: unpaid phone bookings and "
            "no-shows left classes empty and lost us income. Reputational: holiday queues "
            "at the desk bring complaints and bad reviews before a customer has even swum. "
            "Health and safety: a swimmer getting into difficulty is our most serious risk, "
            "and a café allergen mistake could also hurt someone. We also record sub-standard "
            "delivery risks, such as new advisors quoting the wrong membership terms, "
            "because that is where reputational and financial harm usually starts."
        ),
        risks=("no-shows", "queues", "pool-incident", "allergens", "wrong-terms"),
    ),
    ExplanationSpec(
        code="NOS K5",
        day=-32,
        text=(
            "Every stage has a sub-standard delivery risk. At booking, the system failing "
            "when classes are released means customers cannot book and ring the desk "
            "angry. At the desk, a customer with access needs not being served properly "
            "is a complaint and possibly an Equality Act issue. Wrong membership terms lead "
            "to refunds and 'gym trap' reviews. Rushed gym inductions leave members unsure "
            "and more likely to leave. Lessons cancelled at short notice make swim school "
            "families lose trust in us. In each case the poor service costs the Trust money "
            "or reputation later, so we rated them and acted."
        ),
        risks=("booking-outage", "access-needs", "wrong-terms", "rushed-induction"),
        actions=("membership-guide", "induction-checklist"),
    ),
    ExplanationSpec(
        code="NOS K6",
        day=-31,
        text=(
            "Our risk log is this register. Each risk has a reference (R-001 to R-024), the "
            "stage it belongs to, and is written as cause, event and consequence, so a "
            "hazard like a wet floor is not confused with the risk of someone slipping. It "
            "records who is affected, the controls we already have, an owner, the inherent "
            "rating, the decision and the residual rating after actions. Keeping every "
            "re-rating means the log shows how each risk changed between reviews."
        ),
        risks=("queues", "changing-village"),
    ),
    ExplanationSpec(
        code="NOS K7",
        day=-31,
        text=(
            "We rate probability from Rare (1) to Almost certain (5), and the consequence "
            "for finance, reputation and health and safety from Negligible (1) to Severe "
            "(5); the overall consequence is the highest of the three. Likelihood times "
            "consequence gives the score: 1-4 is Low, 5-12 Medium and 15-25 High. The "
            "holiday queues happened every weekday morning (Almost certain, L5) and "
            "brought complaints (reputation C3), so 5 x 3 = 15, High. A swimmer in "
            "difficulty is unlikely (L2) but the consequence is Severe (C5): 10 is Medium, "
            "but our matrix escalates any Severe consequence to the duty managers whatever "
            "the score."
        ),
        risks=("queues", "pool-incident"),
    ),
    ExplanationSpec(
        code="NOS K9",
        day=-30,
        text=(
            "A cost and benefit analysis compares what an action costs (once and every "
            "year) with what it saves or earns, and with benefits that are not money, like "
            "safety. The second advisor at opening time costs about £3,900 a year; fewer "
            "refunds and walk-outs bring back about £5,200, so it pays for itself and cut "
            "the queues. Full-height turnstiles against tailgating would have cost £18,000 "
            "plus £1,200 a year to save about £1,500 a year, so we did not do it and "
            "tolerated that risk instead."
        ),
        risks=("queues", "tailgating"),
        actions=("second-advisor", "turnstiles"),
    ),
    ExplanationSpec(
        code="NOS K10",
        day=-29,
        text=(
            "We produced the SWOT at a team meeting: strengths and weaknesses are inside "
            "the centre (our experienced lifeguards; paper processes at the desk), "
            "opportunities and threats are outside (the parents' forum; a low-cost gym "
            "opening nearby). For the PESTLE we went through each factor in turn: political "
            "(the council's leisure contract targets), economic (cost of living), social, "
            "technological (our hosted booking system), legal and environmental (hot "
            "summers, afternoon glare over the pool). Each item is one line we can act on."
        ),
    ),
    ExplanationSpec(
        code="NOS K11",
        day=-29,
        text=(
            "The SWOT and PESTLE show where risks come from, so every item in ours is linked "
            "to the risks it affects. The threat of a low-cost 24-hour gym made the "
            "induction wait and the cancellation risks more serious, because members can "
            "leave easily. The legal factor (UK GDPR, allergen labelling, consumer law) "
            "points to the phone card notes, the café allergens and cancellation terms. "
            "Going through them helped us find risks we had not seen at the desk."
        ),
        risks=("induction-wait", "cancellation", "phone-card", "allergens"),
    ),
    ExplanationSpec(
        code="NOS K13",
        day=-28,
        text=(
            "The Health and Safety at Work etc. Act 1974 applies to the pool, the gym and "
            "how we protect desk staff from abuse. UK GDPR and the Data Protection Act "
            "2018 are why we stopped writing card details down and why junior medical "
            "details must be kept safely. The Consumer Rights Act 2015 covers refunds and "
            "membership terms, the Equality Act 2010 serving customers with access needs, "
            "and Natasha's Law labelling food we make in the café. The Trust's own "
            "complaints procedure sets our 2 and 10 working-day targets."
        ),
        risks=("phone-card", "junior-medical", "access-needs", "allergens", "complaints"),
    ),
    ExplanationSpec(
        code="OCR 3.1",
        day=-27,
        text=(
            "Risk assessment techniques are the ways of finding, measuring and controlling "
            "risks. Ours are: a journey walk-through with the team stage by stage; "
            "observation and inspection (the walk-round that found card numbers written on "
            "a pad at the desk); using records such as complaints and incident reports; "
            "consultation with the people involved; a likelihood x consequence matrix to "
            "rate each risk; and regular reviews to check the actions worked."
        ),
        risks=("phone-card",),
        actions=("stop-phone-cards",),
    ),
    ExplanationSpec(
        code="OCR 3.2",
        day=-27,
        text=(
            "You evaluate a risk by judging two things separately: how likely it is to "
            "happen (probability) and how bad it would be if it did (consequences, for "
            "money, reputation and safety). Multiplying them gives a score that places the "
            "risk as Low, Medium or High, so the most serious risks get action first. For "
            "example, no-shows happened almost every day (L5) but cost little each time "
            "(C2): 10, Medium. After we took payment at booking, the likelihood fell to "
            "Possible (L3) and the score to 6, still Medium but lower."
        ),
        risks=("no-shows",),
        actions=("pay-at-booking",),
    ),
    ExplanationSpec(
        code="OCR 3.4",
        day=-26,
        text=(
            "Cost/benefit analysis means weighing the full cost of an action against its "
            "benefits before deciding to do it. Group gym inductions cost about £2,100 a "
            "year in instructor time, but members who start sooner stay longer, worth "
            "about £7,800 a year, so the benefit is clearly bigger. Some benefits are not "
            "money: the lifeguard rotation cost nothing extra and its benefit is a safer "
            "pool, which matters more than the figures."
        ),
        risks=("induction-wait", "pool-incident"),
        actions=("group-inductions", "lifeguard-rotation"),
    ),
    ExplanationSpec(
        code="OCR 3.5",
        day=-26,
        text=(
            "SWOT stands for Strengths, Weaknesses, Opportunities and Threats: strengths "
            "and weaknesses are inside the organisation, opportunities and threats come "
            "from outside. PESTLE stands for Political, Economic, Social, Technological, "
            "Legal and Environmental: the outside factors that can affect the "
            "organisation. For us, a weakness is relying on casual swimming teachers, and "
            "an economic factor is members cancelling because of the cost of living."
        ),
    ),
    ExplanationSpec(
        code="OCR ER2",
        day=-25,
        text=(
            "Riverside Leisure Trust is a not-for-profit organisation: a charitable trust "
            "that runs a council-owned leisure centre with a pool, gym, studios and café. I "
            "work on the front desk, serving the public in person and on the phone."
        ),
    ),
)

WITNESS = WitnessSpec(
    review="first",
    statement=(
        "I am the duty manager and Priya's supervisor, and I work the same shifts. I saw "
        "Priya run the team workshop where the front desk walked through the customer "
        "journey stage by stage and named the risks at each one. I saw her brief the desk "
        "team on the new complaints log at the shift briefing, and put up the under-8s "
        "admission sign at the desk and the pool entrance, explaining it to parents at the "
        "desk the same week. She did this in her normal job with our real customers, and "
        "followed the Trust's complaints procedure and data protection rules while doing it."
    ),
    criteria=("OCR ER1", "NOS PC6", "NOS PC7", "NOS PC11", "NOS PC13"),
)

PORTFOLIO = PortfolioSpec(
    identified=IDENTIFIED,
    parts=PARTS,
    explanations=EXPLANATIONS,
    declaration_day=-24,
    witness=WITNESS,
)
