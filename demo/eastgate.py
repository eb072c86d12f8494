"""A second, smaller register for another organisation's team.

It exists so the demo shows tenancy: Daniel Okafor of Eastgate's contact centre sees this
register and nothing of Riverside's, and Riverside's people never see this one.
"""

from __future__ import annotations

from demo.specs import (
    DATA_PROTECTION_ACT,
    HSWA,
    UK_GDPR,
    ActionSpec,
    AwarenessSpec,
    RatingSpec,
    RegisterSpec,
    RiskSpec,
    StageSpec,
)

STAGES = (
    StageSpec(
        key="queue",
        name="Calling and waiting",
        description="Residents call the council tax and waste line and wait in the queue.",
        customer_actions="Chooses an option in the phone menu and waits for an adviser.",
        channels="Phone, phone menu",
        emotion=-1,
    ),
    StageSpec(
        key="enquiry",
        name="Identity check and enquiry",
        description=(
            "The adviser confirms who is calling and deals with the bill, a missed bin or a "
            "bulky waste booking."
        ),
        customer_actions="Answers the security questions and explains what they need.",
        channels="Phone",
        emotion=0,
        moment_of_truth_note=(
            "Sorting the problem in one call impresses; being asked to call back or being "
            "transferred twice disappoints."
        ),
    ),
    StageSpec(
        key="follow-up",
        name="Follow-up and callbacks",
        description="Advisers call back with answers from the revenues or waste teams.",
        customer_actions="Waits for the promised callback.",
        channels="Phone, email",
        emotion=-1,
    ),
)

RISKS = (
    RiskSpec(
        key="wrong-caller",
        stage="enquiry",
        category="reputational",
        title="Account details given to a caller who is not the account holder",
        cause="Security questions are skipped when the queue is long.",
        event="A former partner or neighbour learns a resident's balance or address.",
        consequence="A data breach, a complaint to the ICO and local press.",
        affected="Council tax payers; advisers",
        existing_controls="Three security questions; call recording.",
        outcome="Resident trust; data protection compliance",
        owner="other",
        tags=("data protection", "legal"),
        references=(UK_GDPR, DATA_PROTECTION_ACT),
        decision="treat",
        decision_rationale="Serious for residents and cheap to prevent with a scripted check.",
        inherent=RatingSpec(
            -60,
            3,
            2,
            4,
            1,
            "Call audits found skipped checks a few times a year (L3); breach C4.",
            "other",
        ),
        residual=RatingSpec(
            -30, 2, 2, 4, 1, "Scripted check and weekly call audits (L2); C4 unchanged.", "other"
        ),
    ),
    RiskSpec(
        key="long-waits",
        stage="queue",
        category="substandard_delivery",
        title="Long waits in the queue in the week the bills go out",
        cause="Call volumes treble for a week after annual bills and reminders are posted.",
        event="Callers wait over 20 minutes or give up.",
        consequence="Complaints, repeat calls and missed payments.",
        affected="Residents calling about bills",
        existing_controls="Queue message pointing to the online account.",
        outcome="Average wait under 5 minutes",
        owner="other",
        decision="treat",
        decision_rationale="Predictable peaks we can staff for and deflect online.",
        inherent=RatingSpec(
            -60, 5, 1, 3, 1, "Every billing week (L5); local social-media complaints (C3).", "other"
        ),
        residual=RatingSpec(
            -30, 3, 1, 3, 1, "Extra advisers on billing weeks; call-back option (L3).", "other"
        ),
    ),
    RiskSpec(
        key="abusive-callers",
        stage="follow-up",
        category="health_safety",
        title="Abusive callers affect advisers' well-being",
        cause="Callers chasing late callbacks about enforcement letters are often angry.",
        event="An adviser takes several abusive calls in a shift.",
        consequence="Stress, sickness absence and staff leaving.",
        affected="Contact centre advisers",
        existing_controls="Advisers may end abusive calls; team leader debriefs.",
        outcome="Adviser well-being; staff retention",
        owner="other",
        tags=("staff well-being",),
        references=(HSWA,),
        decision="treat",
        decision_rationale="Frequent, and the harm builds up over time.",
        inherent=RatingSpec(
            -60, 4, 1, 2, 2, "Reported most months (L4); stress needing support (C2).", "other"
        ),
        residual=RatingSpec(
            -30, 3, 1, 2, 2, "Callbacks made on time, so fewer angry repeat calls (L3).", "other"
        ),
    ),
)

ACTIONS = (
    ActionSpec(
        key="scripted-check",
        description="Scripted security check on every call, with weekly call audits.",
        kind="preventive",
        risks=("wrong-caller",),
        owner="other",
        due=-40,
        status="done",
        completed=-35,
    ),
    ActionSpec(
        key="billing-week-cover",
        description="Extra advisers in billing weeks and a call-back option in the queue.",
        kind="preventive",
        risks=("long-waits",),
        owner="other",
        due=-40,
        status="done",
        completed=-38,
        cost_annual=3000,
    ),
    ActionSpec(
        key="callbacks-on-time",
        description="Callbacks booked into advisers' diaries so they are made on time.",
        kind="preventive",
        risks=("abusive-callers",),
        owner="other",
        due=-40,
        status="done",
        completed=-36,
    ),
)

AWARENESS = (
    AwarenessSpec(
        risk="long-waits",
        audience="customers",
        method="website",
        day=-45,
        delivered_by="Team leader",
        details=(
            "The council tax pages and the bill itself say the line is busiest in the week "
            "after bills go out, and offer the online account and a call-back instead."
        ),
    ),
)

REGISTER = RegisterSpec(
    team="eastgate",
    title="Council tax and waste enquiries line",
    organisation="Eastgate Borough Council",
    service="Phone line for council tax, bin collections and bulky waste bookings",
    customers="external",
    scope="Calls to the council tax and waste line, from the queue to the callback.",
    context="Twelve advisers; about 900 calls a day, three times that in billing weeks.",
    owner="other",
    stages=STAGES,
    risks=RISKS,
    actions=ACTIONS,
    awareness=AWARENESS,
)
