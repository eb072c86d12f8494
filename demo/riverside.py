"""The demo register: the front desk of Riverside Leisure Centre, as its learner wrote it.

Priya Shah, a customer service advisor working towards OCR unit C6 / NOS INSCS027, keeps
the register of the front desk's customer journey: booking, arrival, memberships, the pool
and café, gym inductions, and feedback. The story runs over the last five months: the
risks were identified and rated, residual ratings were agreed after the first actions, a
first quarterly review was signed off by the duty manager, and a second review has just
been submitted for sign-off after the Medium risks were re-rated.

Coverage: every stage has a risk of each of the four categories except one, on purpose:
**Gym induction has no financial risk**, so the evidence coverage page has a gap to
explain (inductions are free with membership; see the annotation on that stage).
"""

from __future__ import annotations

from demo.riverside_portfolio import PORTFOLIO
from demo.specs import (
    CONSUMER_RIGHTS,
    DATA_PROTECTION_ACT,
    DMCC,
    EQUALITY,
    HSWA,
    MHSWR,
    NATASHAS_LAW,
    RIDDOR,
    UK_GDPR,
    ActionSpec,
    AnalysisSpec,
    AnnotationSpec,
    AwarenessSpec,
    ConsultationSpec,
    DismissalSpec,
    RatingSpec,
    ReferenceSpec,
    RegisterSpec,
    ReviewSpec,
    RiskSpec,
    StageSpec,
)

# When things happened, in days before the demo is loaded.
IDENTIFIED = -142  # inherent ratings, after the team's risk workshop
RESIDUAL = -120  # residual ratings once the first actions were in place
FIRST_REVIEW = -112
RE_RATED = -9  # medium risks re-rated ahead of the second review
SECOND_REVIEW = -7


def inherent(*values, by: str = "member") -> RatingSpec:
    """Likelihood, finance, reputation, health & safety and the rationale, as rated then."""
    return RatingSpec(IDENTIFIED, *values, by=by)


def residual(*values, by: str = "member") -> RatingSpec:
    return RatingSpec(RESIDUAL, *values, by=by)


def re_rated(*values, by: str = "member") -> RatingSpec:
    return RatingSpec(RE_RATED, *values, by=by)


# --- The team's own codes and policies ------------------------------------------------------

POOL_PROCEDURE = "Riverside Leisure Trust Pool Safety Operating Procedure (NOP and EAP)"
ADMISSION_POLICY = "Riverside Leisure Trust Admission Policy for Children"
REFUNDS_POLICY = "Riverside Leisure Trust Refunds and Cancellations Policy"
COMPLAINTS_PROCEDURE = "Riverside Leisure Trust Complaints Procedure"
VIOLENCE_POLICY = "Riverside Leisure Trust Violence at Work and Lone Working Policy"
HSG179 = "HSG179 Health and safety in swimming pools"
PCI_DSS = "PCI DSS (Payment Card Industry Data Security Standard)"
FOOD_INFORMATION = "Food Information Regulations 2014 (allergen information)"

#: Each checked still current at the second review, as the team's review routine asks.
TEAM_REFERENCES = tuple(
    ReferenceSpec(*fields, last_checked=SECOND_REVIEW)
    for fields in (
        ("policy", POOL_PROCEDURE, "Normal operating procedure and emergency action plan"),
        ("policy", ADMISSION_POLICY, "Under-8s with an adult in the water, 1 adult : 2"),
        ("policy", REFUNDS_POLICY, "Refunds, credits and membership cancellations"),
        ("policy", COMPLAINTS_PROCEDURE, "Acknowledge in 2 working days, reply in 10"),
        ("policy", VIOLENCE_POLICY, "Reporting abuse; no lone working after 8 pm"),
        ("code", HSG179, "HSE guidance HSG179", "https://www.hse.gov.uk/pubns/books/hsg179.htm"),
        (
            "code",
            PCI_DSS,
            "PCI Security Standards Council",
            "https://www.pcisecuritystandards.org/",
        ),
        (
            "law",
            FOOD_INFORMATION,
            "SI 2014/1855: allergen information for food sold loose",
            "https://www.legislation.gov.uk/uksi/2014/1855",
        ),
    )
)

# --- The customer journey ---------------------------------------------------------------------

STAGES = (
    StageSpec(
        key="booking",
        name="Booking a session",
        description=(
            "Customers find the timetable and book swims, classes, courts and children's "
            "parties on the Riverside website or app, by phoning the front desk, or in person."
        ),
        customer_actions=(
            "Checks the timetable; books and pays for a swim, class or court; receives a "
            "confirmation email; changes or cancels a booking."
        ),
        channels="Website, Riverside app, phone, front desk",
        emotion=1,
    ),
    StageSpec(
        key="arrival",
        name="Arrival and check-in",
        description=(
            "Customers arrive, show their membership card or booking QR code at the desk or "
            "the turnstiles, pay for casual visits and ask where to go."
        ),
        customer_actions=(
            "Queues at the desk, scans a card or QR code, pays for a casual swim, collects a "
            "locker token, asks questions."
        ),
        channels="Front desk, turnstiles",
        emotion=0,
        moment_of_truth_note=(
            "The first person the customer meets. A greeting by name and a quick check-in at "
            "6.30 am sets up the whole visit; a queue of twenty with one advisor on the till "
            "and a card reader that will not read is what people remember and write about."
        ),
    ),
    StageSpec(
        key="membership",
        name="Joining, changing or cancelling a membership",
        description=(
            "Customers join (adult, concession, family or junior swim school), change their "
            "package, freeze it or cancel. Most join online; about a third still join at the "
            "desk, and cancellations arrive by email, phone and in person."
        ),
        customer_actions=(
            "Chooses a membership, gives personal, health and bank details, signs the direct "
            "debit mandate; later asks to freeze, change or cancel."
        ),
        channels="Website, front desk, email, phone",
        emotion=-1,
        moment_of_truth_note=(
            "Joining is when we make our promise and cancelling is when we prove we meant it. "
            "A clear explanation of the minimum term and a cancellation handled in one "
            "conversation impress; finding a hidden notice period on a bank statement "
            "disappoints, and that is what ends up on social media."
        ),
    ),
    StageSpec(
        key="pool",
        name="Swimming, lessons and the poolside café",
        description=(
            "Public lane and family swims, the junior swim school (about 600 children a week) "
            "and the café overlooking the pool, where parents wait and watch lessons."
        ),
        customer_actions=(
            "Changes in the changing village, swims or takes a lesson; parents watch from the "
            "café and buy food and drinks."
        ),
        channels="Poolside, changing village, café counter, text messages about lessons",
        emotion=2,
    ),
    StageSpec(
        key="gym",
        name="Gym induction",
        description=(
            "Every new gym member has an induction with a fitness instructor before using the "
            "gym alone. The desk books the slot, checks the health questionnaire (PAR-Q) is "
            "complete and hands the member over to the instructor."
        ),
        customer_actions=(
            "Books an induction, completes the health questionnaire, is shown the equipment "
            "and leaves with a starter programme."
        ),
        channels="Front desk, phone, app, gym floor",
        emotion=0,
        moment_of_truth_note=(
            "The first gym visit decides whether a new member keeps coming. An instructor who "
            "asks about their goals and leaves them with a programme they can follow "
            "impresses; waiting three weeks for a slot, or a rushed walk-round, disappoints, "
            "and most cancellations in the first three months come from members who never "
            "got going."
        ),
    ),
    StageSpec(
        key="feedback",
        name="Feedback, complaints and refunds",
        description=(
            "Customers tell us what went wrong, or right, at the desk, by comment card, email, "
            "phone or online review, and ask for refunds for cancelled sessions."
        ),
        customer_actions=(
            "Raises a complaint, asks for a refund or credit, fills in a comment card, posts "
            "a review."
        ),
        channels="Front desk, email, comment cards, phone, Google reviews, Facebook",
        emotion=-2,
        moment_of_truth_note=(
            "Service recovery. A complaint handled well (acknowledge, apologise, act, follow "
            "up) can turn an angry parent into our strongest supporter; being passed between "
            "the desk and head office with no reply for two weeks turns one complaint into "
            "three and a councillor's email."
        ),
    ),
)

# --- The risks, stage by stage ------------------------------------------------------------------

RISKS = (
    # Booking a session
    RiskSpec(
        key="no-shows",
        stage="booking",
        category="financial",
        title="Unpaid phone bookings and no-shows leave popular classes empty",
        cause=(
            "Phone bookings can be held as 'pay on arrival', and there is no charge for "
            "cancelling late or not turning up."
        ),
        event=(
            "Customers book spin, aqua-fit and Saturday family swim places and do not come, "
            "usually without cancelling."
        ),
        consequence=(
            "Places go empty while others are turned away. We estimate about £3,400 a year of "
            "lost casual income, and regulars complain that they can never get a place."
        ),
        affected="Customers on waiting lists; the Trust (income); instructors",
        existing_controls=(
            "Waiting list in the booking system; instructors report no-shows to the desk."
        ),
        outcome="Class occupancy (target 85%) and income per session",
        owner="member",
        references=(CONSUMER_RIGHTS, REFUNDS_POLICY),
        decision="treat",
        decision_rationale=(
            "A Medium risk with a cheap fix: taking payment when the place is booked and a "
            "clear 24-hour cancellation rule, which two other Trust centres already use. No "
            "new cost, and the booking system supports it."
        ),
        inherent=inherent(
            5,
            2,
            2,
            1,
            "No-shows happen every week, so Almost certain (L5). One empty class loses £40 to "
            "£120 and annoys the people on the waiting list: Minor for finance and reputation "
            "(C2). No safety effect.",
        ),
        residual=residual(
            3,
            2,
            2,
            1,
            "Payment at booking has been on for a week. Early figures show fewer no-shows but "
            "regulars are still getting used to it, so Possible (L3); each case still costs "
            "up to a few hundred pounds (C2).",
        ),
        reratings=(
            re_rated(
                2,
                2,
                1,
                1,
                "No-shows are down from 30 to 8 a week, and the waiting list now fills the "
                "places they free, so a class runs with empty places only about once every "
                "one to two years: Unlikely (L2); complaints about full classes have stopped "
                "(reputation C1).",
            ),
        ),
    ),
    RiskSpec(
        key="phone-card",
        stage="booking",
        category="reputational",
        title="Card details taken over the phone are written down and kept at the desk",
        cause=(
            "When the phone payment terminal was busy or not working, advisors wrote card "
            "numbers on paper to key in later; the notes were kept in the desk drawer."
        ),
        event="A card number and security code are seen, copied, lost or misused.",
        consequence=(
            "Customers' money is stolen; a personal data breach we must report to the ICO; "
            "the Trust could lose its right to take card payments and appear in the local "
            "press."
        ),
        affected="Customers paying by phone; front desk advisors",
        existing_controls=(
            "Desk drawer locked overnight; advisors told to shred notes on the same day."
        ),
        outcome="Customer trust; compliance with card-payment rules",
        owner="supervisor",
        tags=("data protection", "legal"),
        references=(UK_GDPR, DATA_PROTECTION_ACT, PCI_DSS),
        decision="terminate",
        decision_rationale=(
            "No control at a busy desk makes writing card numbers down safe, and the volume "
            "is small (about 40 phone payments a week). We stopped taking card payments over "
            "the phone: callers are sent a secure pay-by-link text or book online. The "
            "activity, and with it the risk, has ended."
        ),
        status="closed",
        inherent=inherent(
            3,
            3,
            4,
            1,
            "It has already happened: card notes were found in the drawer during a cash "
            "check, so Possible (L3). A breach would mean complaints and regional press "
            "coverage: reputation Major (C4). Fraud refunds and card-scheme penalties could "
            "cost thousands: finance Moderate (C3).",
        ),
        residual=residual(
            1,
            1,
            4,
            1,
            "Phone card payments have stopped and the phone terminal has been removed from "
            "the desk, so this could only happen if someone broke the new procedure: Rare "
            "(L1). If it did, the damage to our reputation would be the same (C4): L1 x C4 = "
            "4, Low.",
        ),
    ),
    RiskSpec(
        key="under-8s",
        stage="booking",
        category="health_safety",
        title="Young children booked into public swims without a supervising adult",
        cause=(
            "The online booking form does not ask children's ages, and phone bookings for "
            "'two children' are taken without asking who will be in the water with them."
        ),
        event=(
            "Children under 8 arrive for a public swim without an adult in the water, or one "
            "adult brings four small children."
        ),
        consequence=(
            "A weak swimmer gets into difficulty; at best the family is turned away at the "
            "desk and their day out is spoiled."
        ),
        affected="Children under 8 and their families; lifeguards; desk advisors",
        existing_controls=(
            "Admission policy (under-8s with an adult in the water, one adult to two "
            "children) checked at the desk; lifeguards on poolside."
        ),
        outcome="Safe bathing; no families turned away at the desk",
        owner="member",
        tags=("safeguarding",),
        references=(HSWA, HSG179, ADMISSION_POLICY),
        decision="treat",
        decision_rationale=(
            "The consequence could be a serious injury, and the fix costs nothing but set-up "
            "time: an age question and the admission policy on the booking form, and a "
            "prompt in the phone booking script."
        ),
        inherent=inherent(
            3,
            2,
            3,
            4,
            "We turn away or re-arrange about one family a week. The desk check usually "
            "catches it, so a child actually in the water unsupervised is Possible (L3). If "
            "it happened the outcome could be a serious injury reportable under RIDDOR (H&S "
            "C4); a family turned away at the desk complains (reputation C3).",
        ),
        residual=residual(
            2,
            1,
            2,
            4,
            "The booking form now asks ages and shows the admission policy, and the phone "
            "script prompts for it: Unlikely (L2). The consequence if it happens does not "
            "change (C4): 8, Medium.",
        ),
        reratings=(
            re_rated(
                2,
                1,
                2,
                4,
                "Checked for the quarterly review: two families turned away since the form "
                "changed, both booked by phone by a new advisor before the script was "
                "updated. No change to the rating.",
            ),
        ),
    ),
    RiskSpec(
        key="booking-outage",
        stage="booking",
        category="substandard_delivery",
        title="The booking system fails when next week's classes are released",
        cause=(
            "The booking system is a hosted service from our supplier; demand peaks at 7 am "
            "on Mondays when next week's classes open."
        ),
        event="The system slows down or stops and customers cannot book or pay for an hour.",
        consequence=(
            "Customers cannot book, the desk phone is jammed, classes fill unfairly and "
            "people complain on Facebook."
        ),
        affected="Everyone booking online; front desk advisors",
        existing_controls=(
            "Supplier contract with a 99.5% availability target and service credits; paper "
            "booking sheets at the desk for outages."
        ),
        outcome="Online booking availability; calls answered within 30 seconds",
        owner="admin",
        tags=("operational", "supplier"),
        references=(CONSUMER_RIGHTS,),
        decision="transfer",
        decision_rationale=(
            "We cannot fix the supplier's servers. The contract already makes the supplier "
            "carry the cost of failures through service credits, and after our call they "
            "agreed to add capacity for the Monday release and to post status updates. The "
            "risk is the supplier's now, so it is closed here; the paper sheets and holding "
            "message stay in the desk procedure."
        ),
        status="closed",
        inherent=inherent(
            4,
            2,
            3,
            1,
            "The system slowed down or failed on five of the last eight Mondays: Likely "
            "(L4). Each time we had several complaints and Facebook comments: reputation "
            "Moderate (C3). Lost bookings cost less than £1,000 (C2).",
        ),
        residual=residual(
            2,
            1,
            3,
            1,
            "The supplier moved us to a larger plan and staggers the release over an hour. "
            "Failures now Unlikely (L2), and any lost income is credited back (finance C1); "
            "a failure would still cause complaints (C3).",
        ),
        reratings=(
            re_rated(
                2,
                1,
                2,
                1,
                "No outage for eight Mondays and one short slowdown, handled with the "
                "holding message and the status page. Customers are told in advance, so a "
                "failure now brings a few complaints rather than a storm (reputation C2).",
            ),
        ),
    ),
    # Arrival and check-in (a moment of truth)
    RiskSpec(
        key="tailgating",
        stage="arrival",
        category="financial",
        title="Entry without paying: tailgating and shared membership cards",
        cause="Half-height turnstiles, a busy desk at peak times and cards without photos.",
        event="People follow others through the turnstiles or use a friend's card.",
        consequence=(
            "Lost entry income, about £1,500 a year from our spot checks; people in the "
            "building the desk does not know about."
        ),
        affected="The Trust (income); paying members",
        existing_controls=(
            "Desk has a clear view of the turnstiles; a card scanned twice in ten minutes is "
            "flagged; duty manager spot checks."
        ),
        outcome="Income per visit",
        owner="supervisor",
        decision="tolerate",
        decision_rationale=(
            "Full-height turnstiles with photo cards were quoted at £18,000 plus £1,200 a "
            "year, against an estimated loss of £1,500 a year: they would never pay for "
            "themselves (see the cancelled action). The risk is Low with the controls we "
            "have, so we tolerate it and watch the spot-check figures at each review."
        ),
        inherent=inherent(
            4,
            1,
            1,
            1,
            "It happens most months (L4), but each case loses a few pounds: Negligible on "
            "every dimension (C1). 4, Low.",
        ),
        residual=residual(
            4,
            1,
            1,
            1,
            "Tolerated: no new action, so the residual rating is the same as the inherent "
            "one. Spot checks this month found three cases.",
        ),
    ),
    RiskSpec(
        key="queues",
        stage="arrival",
        category="reputational",
        title="Long queues at the desk at opening and in school holidays",
        cause=(
            "One advisor on the desk before 9 am; casual swimmers pay at the desk; the card "
            "reader often fails to read old cards."
        ),
        event=(
            "Queues of 15 to 20 people and waits of over ten minutes at opening and at the "
            "start of holiday fun sessions."
        ),
        consequence=(
            "Customers miss the start of classes, meet a stressed advisor and post about it; "
            "our Google rating fell from 4.3 to 4.0 over the last summer holidays."
        ),
        affected="Early swimmers, families in the holidays, front desk advisors",
        existing_controls="Duty manager helps on the desk when free; online payment.",
        outcome="Wait at the desk under 5 minutes; Google rating 4.3 or better",
        owner="member",
        at_moment_of_truth=True,
        decision="treat",
        decision_rationale=(
            "The queue is the customer's first impression, right at the moment of truth, and "
            "it is the only High risk at this stage. A second advisor on the early shift in "
            "holidays and a tablet to check people in along the queue were agreed with the "
            "duty manager; both fit the staffing budget."
        ),
        inherent=inherent(
            5,
            1,
            3,
            1,
            "Every weekday morning in the holidays: Almost certain (L5). Several complaints "
            "a month and a visible drop in our Google rating: reputation Moderate (C3). "
            "15, High.",
        ),
        residual=residual(
            3,
            1,
            3,
            1,
            "With a second advisor rostered on holiday mornings, long queues should only "
            "happen on the busiest days: Possible (L3). The tablet is on order. 9, Medium.",
        ),
        reratings=(
            re_rated(
                3,
                1,
                2,
                1,
                "Average wait over the half-term holiday was four minutes; two long queues "
                "when the second advisor was off sick. Complaints are down and our rating is "
                "back to 4.2, so reputation Minor (C2). Still waiting for the tablet.",
            ),
        ),
    ),
    RiskSpec(
        key="abuse",
        stage="arrival",
        category="health_safety",
        title="Verbal abuse and aggression towards desk staff",
        cause=(
            "Customers arrive frustrated (full sessions, children refused entry without an "
            "adult, failed payments); the desk is open-fronted and one advisor has worked "
            "alone after 8 pm."
        ),
        event="A customer shouts at, threatens or, rarely, pushes an advisor.",
        consequence=(
            "Staff distress, sickness absence and people leaving the team; in the worst "
            "case a physical injury; other customers upset."
        ),
        affected="Front desk advisors, especially on late shifts; customers nearby",
        existing_controls="Panic button to the duty manager; CCTV over the desk; incident forms.",
        outcome="Staff well-being and retention; a calm reception",
        owner="supervisor",
        tags=("staff well-being",),
        references=(HSWA, MHSWR, VIOLENCE_POLICY),
        decision="treat",
        decision_rationale=(
            "Abuse is reported most months and advisors said at the team meeting it is the "
            "main reason they dread late shifts. Conflict-resolution training and never "
            "leaving one advisor alone after 8 pm are within budget."
        ),
        inherent=inherent(
            4,
            1,
            2,
            3,
            "Verbal abuse is reported most months: Likely (L4). The worst realistic outcome "
            "is an injury or stress needing time off: H&S Moderate (C3).",
        ),
        residual=residual(
            3,
            1,
            2,
            3,
            "Late shifts now have two advisors; the training is booked. We still expect a "
            "few incidents a year (L3) and the worst outcome is unchanged (C3).",
        ),
        reratings=(
            re_rated(
                3,
                1,
                2,
                2,
                "Since the training: five verbal incidents, none physical, all calmed at the "
                "desk. With no one alone on the desk, the worst outcome is now judged Minor "
                "(C2).",
            ),
        ),
    ),
    RiskSpec(
        key="access-needs",
        stage="arrival",
        category="substandard_delivery",
        title="Customers with access needs are not served properly at the desk",
        cause=(
            "The desk hearing loop had been faulty without anyone noticing, and the "
            "accessible entrance button is on a side door the desk cannot see."
        ),
        event=(
            "A deaf or hard-of-hearing customer, or a wheelchair user, cannot communicate "
            "with or reach the desk easily."
        ),
        consequence=(
            "The customer gets a worse service and may give up on us; a discrimination "
            "complaint under the Equality Act."
        ),
        affected="Disabled and older customers; carers",
        existing_controls="Disability awareness in staff induction; pen and pad at the desk.",
        outcome="Equal access; problems solved at the first contact",
        owner="member",
        tags=("equality", "legal"),
        references=(EQUALITY,),
        decision="treat",
        decision_rationale=(
            "Cheap to fix, and we have a legal duty to make reasonable adjustments."
        ),
        inherent=inherent(
            3,
            1,
            3,
            1,
            "The loop was found not working and nobody knew for how long: Possible (L3). A "
            "discrimination complaint would be Moderate for reputation (C3).",
        ),
        residual=residual(
            2,
            1,
            2,
            1,
            "Weekly loop test on the opening checklist, a loop sign on the desk and a call "
            "bell at the accessible door: Unlikely (L2), and a problem would be caught "
            "within a week (C2). 4, Low.",
        ),
    ),
    # Joining, changing or cancelling a membership (a moment of truth)
    RiskSpec(
        key="direct-debit",
        stage="membership",
        category="financial",
        title="Direct debits set up with wrong bank details",
        cause=(
            "Desk join forms are keyed in by hand from paper and the system does not check "
            "the sort code and account number."
        ),
        event="Collections fail and the member keeps using the centre unpaid until noticed.",
        consequence=(
            "Unpaid fees (£2,800 written off last year), awkward conversations at the "
            "turnstile and extra work for the finance team."
        ),
        affected="The Trust (income); members stopped at the turnstile",
        existing_controls="Monthly failed-collections report from the finance team.",
        outcome="Membership income collected; failed collections under 1%",
        owner="member",
        tags=("data protection",),
        references=(
            UK_GDPR,
            DATA_PROTECTION_ACT,
        ),
        decision="treat",
        decision_rationale=(
            "The bank-detail check built into the membership system was switched off at our "
            "centre; switching it on costs nothing."
        ),
        inherent=inherent(
            4,
            2,
            1,
            1,
            "Failed collections from desk joins happen most months: Likely (L4). Each one "
            "is a few hundred pounds at most: finance Minor (C2).",
        ),
        residual=residual(
            2,
            2,
            1,
            1,
            "Bank validation is on and desk joins now use the tablet form, so members type "
            "their own details: Unlikely (L2). 4, Low.",
        ),
    ),
    RiskSpec(
        key="cancellation",
        stage="membership",
        category="reputational",
        title="Members find it hard to cancel or are surprised by the notice period",
        cause=(
            "Cancellation is only by letter or at the desk; the one-month notice and the "
            "12-month minimum term of the Saver membership are in the small print."
        ),
        event=(
            "A member who wants to leave is told they must pay another month, or keeps "
            "paying after moving away, and complains."
        ),
        consequence=(
            "Angry complaints and reviews calling us a 'gym trap', chargebacks, and at worst "
            "Trading Standards looking at our terms."
        ),
        affected="Members who leave; the advisors who take the complaint",
        existing_controls="Advisors can freeze memberships for medical reasons.",
        outcome="Complaints about cancelling; how leavers rate us",
        owner="supervisor",
        at_moment_of_truth=True,
        tags=("legal",),
        references=(CONSUMER_RIGHTS, DMCC, REFUNDS_POLICY),
        decision="treat",
        decision_rationale=(
            "The cause is how we explain and take cancellations, which we control. An online "
            "cancellation form, a plain-English summary at joining and authority for duty "
            "managers to waive the last month in hardship cases."
        ),
        inherent=inherent(
            4,
            2,
            3,
            1,
            "Three or four cancellation complaints a month: Likely (L4). Social-media posts "
            "and a Trading Standards enquiry last year: reputation Moderate (C3).",
        ),
        residual=residual(
            3,
            2,
            3,
            1,
            "Terms summary and online form in place; complaints halved, but the Saver "
            "minimum term still catches people: Possible (L3). 9, Medium.",
        ),
        reratings=(
            re_rated(
                2,
                1,
                3,
                1,
                "One cancellation complaint in the last two months. It stays Medium because "
                "one badly handled case can still reach social media (C3).",
            ),
        ),
    ),
    RiskSpec(
        key="junior-medical",
        stage="membership",
        category="health_safety",
        title="Missing medical and emergency-contact details for junior swimmers",
        cause=(
            "Medical details and a second emergency contact are optional on the junior swim "
            "school join form, and they are never checked again."
        ),
        event=(
            "A child is taken ill or hurt in a lesson and staff do not know about a "
            "condition (epilepsy, asthma, an allergy) or cannot reach a parent."
        ),
        consequence=(
            "Delayed or wrong first aid, a distressed family, and questions about how we "
            "look after children."
        ),
        affected="About 600 junior swimmers and their parents; teachers and lifeguards",
        existing_controls="Parents of under-8s stay on site; teachers ask at the first lesson.",
        outcome="Safe lessons; parents' confidence in the swim school",
        owner="member",
        tags=("safeguarding", "data protection"),
        references=(HSWA, UK_GDPR, DATA_PROTECTION_ACT),
        decision="treat",
        decision_rationale=(
            "Not likely, but the consequence for a child could be serious. Making the fields "
            "mandatory and checking them every year by text fixes it; the details are health "
            "data, so only teachers and the desk can see them."
        ),
        inherent=inherent(
            3,
            1,
            3,
            4,
            "A spot check found one junior record in five with no medical details or second "
            "contact: Possible (L3). A missed condition could have a serious outcome: H&S "
            "Major (C4).",
        ),
        residual=residual(
            2,
            1,
            2,
            4,
            "The fields are mandatory for new joiners; older records are still to be "
            "checked: Unlikely (L2), same consequence (C4). 8, Medium.",
        ),
        reratings=(
            re_rated(
                1,
                1,
                2,
                4,
                "The text campaign has checked all 612 junior records and 97% are complete; "
                "the rest are being chased at lessons. Rare (L1). 4, Low.",
            ),
        ),
    ),
    RiskSpec(
        key="wrong-terms",
        stage="membership",
        category="substandard_delivery",
        title="New or casual advisors give wrong membership prices or terms",
        cause=(
            "Seven membership types, concessions and frequent promotions; new and casual "
            "staff learn them on the job."
        ),
        event=(
            "A customer is sold the wrong membership, given the wrong concession price or "
            "told the wrong terms."
        ),
        consequence=(
            "Refunds and price corrections, extra work, and customers who feel misled at the "
            "moment they committed to us."
        ),
        affected="New members; advisors",
        existing_controls="Price list at the desk; duty manager available for questions.",
        outcome="Right first time at joining",
        owner="member",
        at_moment_of_truth=True,
        references=(CONSUMER_RIGHTS, DMCC),
        decision="treat",
        decision_rationale=(
            "Errors happen at the moment of truth and are easy to prevent with a guide and "
            "shadowing for new starters."
        ),
        inherent=inherent(
            4,
            2,
            2,
            1,
            "The finance team's monthly join audit finds errors most months: Likely (L4). "
            "Each needs a refund or an apology letter: Minor (C2).",
        ),
        residual=residual(
            2,
            2,
            2,
            1,
            "One-page membership guide and joining checklist in use; new starters shadow "
            "two joining appointments: Unlikely (L2). 4, Low.",
        ),
    ),
    # Swimming, lessons and the poolside café
    RiskSpec(
        key="pool-closure",
        stage="pool",
        category="financial",
        title="Unplanned pool closures mean refunds and lost lesson income",
        cause=(
            "Faecal or vomit incidents, plant failures and lifeguard sickness close the pool "
            "at short notice."
        ),
        event="A session or a whole evening of lessons is cancelled.",
        consequence=(
            "Refunds or credits of £200 to £800 a closure, disappointed families and a busy phone."
        ),
        affected="Swimmers and lesson families; the Trust (income)",
        existing_controls=(
            "Pool operating procedure; plant maintenance contract; refunds policy; text "
            "message to lesson parents."
        ),
        outcome="Pool availability; income",
        owner_name="Marcus Bell (pool supervisor)",
        tags=("operational",),
        references=(HSG179, POOL_PROCEDURE, REFUNDS_POLICY),
        decision="treat",
        decision_rationale=(
            "Closures for fouling cannot be avoided: the procedure must be followed whatever "
            "it costs, and the plant contract covers breakdowns. The matrix says a Medium "
            "risk needs actions, so we treat what we can change: families are offered a "
            "make-up lesson instead of a refund and told within 30 minutes."
        ),
        inherent=inherent(
            4,
            2,
            2,
            1,
            "Closures happen most months: Likely (L4). Each costs £200 to £800 in refunds "
            "(finance Minor, C2) and a few complaints (C2).",
        ),
        residual=residual(
            4,
            2,
            2,
            1,
            "Unchanged until families are told sooner: 8, Medium.",
        ),
        reratings=(
            re_rated(
                4,
                1,
                1,
                1,
                "Closures still happen most months (L4). Families now get a make-up lesson "
                "instead of a refund and a text within 30 minutes, so a closure costs under "
                "£100 in the few refunds still asked for (finance Negligible, C1) and the "
                "complaints have stopped (reputation C1): 4, Low.",
            ),
        ),
    ),
    RiskSpec(
        key="changing-village",
        stage="pool",
        category="reputational",
        title="Dirty or untidy changing village at busy times",
        cause=(
            "The cleaning rota ignores session times; 200 children change in 20 minutes "
            "between lesson slots on weekday evenings."
        ),
        event="Customers find wet floors, hair in drains, full bins and broken lockers.",
        consequence=(
            "Complaints and poor reviews (cleanliness is the most common theme in our "
            "comments) and members who leave."
        ),
        affected="Swimmers and lesson families",
        existing_controls=(
            "Cleaner on duty until 6 pm; lifeguards check the changing village between sessions."
        ),
        outcome="Cleanliness score in the customer survey; Google rating",
        owner="supervisor",
        decision="treat",
        decision_rationale=(
            "High and visible to every swimmer. Moving the cleaner's hours to match the "
            "lesson changeovers costs nothing extra; the broken lockers need a budget bid."
        ),
        inherent=inherent(
            5,
            1,
            3,
            2,
            "Every weekday evening at the lesson changeover: Almost certain (L5). "
            "Cleanliness is our top complaint theme and it shows in reviews: reputation "
            "Moderate (C3). 15, High.",
        ),
        residual=residual(
            3,
            1,
            3,
            2,
            "Cleaner now works 5 to 8 pm and customers can report a problem by QR code: "
            "Possible (L3). 9, Medium.",
        ),
        reratings=(
            re_rated(
                3,
                1,
                2,
                2,
                "Cleanliness complaints down by half; the broken lockers are now the main "
                "complaint, and their repair is overdue. Reputation Minor (C2): 6, Medium.",
            ),
        ),
    ),
    RiskSpec(
        key="pool-incident",
        stage="pool",
        category="health_safety",
        title="A swimmer gets into serious difficulty in the water",
        cause=(
            "Busy family and inflatable sessions, weak swimmers straying into deep water, "
            "medical episodes, and afternoon glare from the west windows hiding the bottom "
            "of zone 3."
        ),
        event="A swimmer in difficulty is not seen in time.",
        consequence=(
            "Drowning or permanent injury; an HSE investigation, closure of the pool and "
            "national press."
        ),
        affected="Swimmers, especially children and weak swimmers; lifeguards",
        existing_controls=(
            "Qualified lifeguards at HSG179 ratios; normal operating procedure and emergency "
            "action plan; monthly rescue drills; admission policy."
        ),
        outcome="Safe bathing; no serious incidents",
        owner="supervisor",
        tags=("legal", "safeguarding"),
        references=(HSWA, MHSWR, RIDDOR, HSG179, POOL_PROCEDURE),
        decision="treat",
        decision_rationale=(
            "The consequence is at the top of the scale, so it goes to the supervisor "
            "whatever the likelihood. Our controls are good, but the lifeguards' own review "
            "found long stints in the chair and glare over zone 3; both can be fixed."
        ),
        inherent=inherent(
            2,
            5,
            5,
            5,
            "A death in the pool would be Severe on every dimension (C5). With qualified "
            "lifeguards it is Unlikely (L2): two rescues last year, both swimmers recovered. "
            "10 is Medium, escalated because a consequence is at the top level.",
        ),
        residual=residual(
            1,
            5,
            5,
            5,
            "Rotation changed so nobody spends more than an hour in the chair; blinds "
            "ordered for the west windows. Rare (L1), but the consequence cannot be reduced "
            "(C5): 5, Medium, still escalated.",
        ),
        reratings=(
            re_rated(
                1,
                5,
                5,
                5,
                "Reviewed with the pool supervisor: blinds fitted, drills on time, no "
                "rescues this quarter. The rating stays and so does the escalation; the "
                "duty managers review it monthly.",
                by="supervisor",
            ),
        ),
    ),
    RiskSpec(
        key="allergens",
        stage="pool",
        category="health_safety",
        title="A café customer has an allergic reaction to our food",
        cause=(
            "Cakes and sandwiches come from three suppliers and some are made on site; the "
            "allergen folder is behind the counter and café staff change often."
        ),
        event=(
            "A customer is served food containing an allergen they asked about, or a "
            "pre-packed item made on site has no allergen label."
        ),
        consequence=(
            "Anaphylaxis needing hospital treatment; prosecution under food information law; "
            "press coverage."
        ),
        affected="Café customers, especially children at lessons and parties",
        existing_controls="Allergen folder; supplier specifications; food hygiene training.",
        outcome="Safe food; food hygiene rating 5",
        owner_name="Aisha Karim (café lead)",
        tags=("legal",),
        references=(FOOD_INFORMATION, NATASHAS_LAW, HSWA),
        decision="treat",
        decision_rationale=(
            "Unlikely but serious, and the law on labelling food prepared on site is clear. "
            "Full labels, an allergen chart on the counter and training cost little."
        ),
        inherent=inherent(
            2,
            3,
            4,
            4,
            "Two near misses last year, caught by the customer: Unlikely (L2). A severe "
            "reaction would be Major for H&S (C4) and for reputation (C4).",
        ),
        residual=residual(
            1,
            3,
            4,
            4,
            "Everything made on site is labelled with full ingredients, the allergen chart "
            "is on the counter and all café staff are trained: Rare (L1). 4, Low.",
        ),
    ),
    RiskSpec(
        key="lesson-cancellations",
        stage="pool",
        category="substandard_delivery",
        title="Swimming lessons cancelled or covered at short notice",
        cause="Two swimming teacher vacancies and reliance on casual teachers.",
        event=(
            "Lessons are cancelled, merged, or taken by a cover teacher who does not know "
            "the children's stage."
        ),
        consequence=(
            "Children fall behind in their badges, parents lose trust, ask for refunds and "
            "move to the private swim school."
        ),
        affected="Junior swimmers and parents",
        existing_controls="Casual teacher list; text message to parents when a lesson is off.",
        outcome="Lessons delivered as planned (target 98%); swim school retention",
        owner="supervisor",
        references=(CONSUMER_RIGHTS,),
        decision="treat",
        decision_rationale=(
            "The swim school is our largest income and its reputation rests on steady "
            "progress. Recruiting two teachers through the Trust's own course pays for "
            "itself in refunds avoided."
        ),
        inherent=inherent(
            4,
            2,
            3,
            1,
            "Lessons were cancelled or merged in most months this year: Likely (L4). Parents "
            "complain as a group on the swim school Facebook page: reputation Moderate (C3).",
        ),
        residual=residual(
            3,
            2,
            2,
            1,
            "Wider casual list and earlier texts to parents; the two trainee teachers start "
            "their course next month. Possible (L3), complaints now Minor (C2).",
        ),
        reratings=(
            re_rated(
                2,
                2,
                2,
                1,
                "Both new teachers have qualified and teach four evenings a week; two lessons "
                "cancelled in the last ten weeks. Unlikely (L2). 4, Low.",
            ),
        ),
    ),
    # Gym induction (a moment of truth). No financial risk: the deliberate coverage gap.
    RiskSpec(
        key="induction-wait",
        stage="gym",
        category="reputational",
        title="New members wait weeks for a gym induction",
        cause=(
            "Inductions are one-to-one and only four instructor hours a week are set aside; "
            "joining peaks in January and September."
        ),
        event="New members cannot use the gym for two to three weeks after joining.",
        consequence=(
            "They feel they are paying for nothing, complain, post reviews, and many cancel "
            "in the first three months."
        ),
        affected="New gym members; instructors; advisors taking the complaints",
        existing_controls="Induction diary at the desk; instructors add slots when they can.",
        outcome="Induction within 7 days of joining; three-month retention",
        owner="member",
        at_moment_of_truth=True,
        references=(CONSUMER_RIGHTS,),
        decision="treat",
        decision_rationale=(
            "The wait sits right at the moment of truth. Group inductions and a video in the "
            "app let the same instructor hours induct three times as many people."
        ),
        inherent=inherent(
            4,
            2,
            3,
            1,
            "Every joining peak brings waits of two weeks or more: Likely (L4). Complaints "
            "and reviews mention it by name: reputation Moderate (C3).",
        ),
        residual=residual(
            2,
            1,
            3,
            1,
            "Two group inductions a week added and the video is live: waits over a week are "
            "now Unlikely (L2). 6, Medium.",
        ),
        reratings=(
            re_rated(
                2,
                1,
                2,
                1,
                "Average wait over the autumn joining peak was five days; no complaints. "
                "Reputation Minor (C2): 4, Low.",
            ),
        ),
    ),
    RiskSpec(
        key="health-screening",
        stage="gym",
        category="health_safety",
        title="A member with an undisclosed health condition is hurt in the gym",
        cause=(
            "The health questionnaire (PAR-Q) is filled in at joining, often in a hurry, and "
            "the instructor does not always read it before the induction."
        ),
        event=(
            "A member with a heart condition, high blood pressure or a recent operation "
            "exercises beyond safe limits."
        ),
        consequence="A cardiac event or serious injury, a RIDDOR report, a claim.",
        affected="New and older members; members returning after illness",
        existing_controls=(
            "PAR-Q at joining; defibrillator and trained first aiders; qualified instructors."
        ),
        outcome="Safe exercise; members' confidence",
        owner_name="Tom Price (senior fitness instructor)",
        tags=("data protection",),
        references=(HSWA, MHSWR, RIDDOR, UK_GDPR, DATA_PROTECTION_ACT, EQUALITY),
        decision="treat",
        decision_rationale=(
            "A serious consequence and a gap in a control we already have. The instructor "
            "now reads and signs the PAR-Q at every induction and follows up any 'yes'."
        ),
        inherent=inherent(
            3,
            2,
            3,
            4,
            "An audit found a third of induction cards with the PAR-Q unread: Possible (L3). "
            "A cardiac event would be a serious, reportable injury: H&S Major (C4).",
        ),
        residual=residual(
            2,
            2,
            3,
            4,
            "The PAR-Q is read and signed at every induction: Unlikely (L2), same "
            "consequence (C4). 8, Medium.",
        ),
        reratings=(
            re_rated(
                2,
                2,
                3,
                4,
                "Audit of 40 induction cards: all PAR-Qs signed, three members referred to "
                "their GP before starting. No change: the consequence keeps it Medium.",
            ),
        ),
    ),
    RiskSpec(
        key="rushed-induction",
        stage="gym",
        category="substandard_delivery",
        title="Gym inductions are rushed or inconsistent",
        cause="No standard content; cover instructors run inductions between classes.",
        event="Members are shown a few machines in 20 minutes and leave without a programme.",
        consequence=(
            "Members use the equipment wrongly or stop coming; the induction promised when "
            "they joined is not delivered."
        ),
        affected="New gym members",
        existing_controls="Qualified instructors; instruction cards on the machines.",
        outcome="Induction satisfaction; three-month retention",
        owner_name="Tom Price (senior fitness instructor)",
        at_moment_of_truth=True,
        references=(CONSUMER_RIGHTS,),
        decision="treat",
        decision_rationale=(
            "A standard checklist and a starter programme card make every induction the "
            "same, whoever runs it."
        ),
        inherent=inherent(
            4,
            1,
            3,
            2,
            "New members tell the desk most months that their induction was rushed: Likely "
            "(L4). It shows in reviews (reputation C3) and a member using kit wrongly could "
            "need first aid (H&S C2).",
        ),
        residual=residual(
            2,
            1,
            2,
            2,
            "Induction checklist and programme card in use, signed by member and "
            "instructor: Unlikely (L2). 4, Low.",
        ),
    ),
    # Feedback, complaints and refunds (a moment of truth)
    RiskSpec(
        key="refunds",
        stage="feedback",
        category="financial",
        title="Refunds and goodwill credits given inconsistently at the desk",
        cause=(
            "No written limit on what an advisor can refund; the loudest customers get the "
            "most; refunds are keyed as 'other' on the till."
        ),
        event="Refunds are given that the policy does not support, or refused when it does.",
        consequence=(
            "Lost income (£2,100 of unsupported refunds in the last audit), unfair "
            "treatment of quieter customers, and room for fraud."
        ),
        affected="The Trust; customers; advisors",
        existing_controls="Refunds and cancellations policy; daily till reconciliation.",
        outcome="Fair, consistent refunds; till accuracy",
        owner="supervisor",
        references=(CONSUMER_RIGHTS, REFUNDS_POLICY),
        decision="treat",
        decision_rationale=(
            "Clear limits protect the advisors as well as the income: they no longer have to "
            "decide alone in front of an angry customer."
        ),
        inherent=inherent(
            4,
            2,
            2,
            1,
            "Unsupported refunds found in most weekly checks: Likely (L4). Each is under "
            "£100 but they add up: finance Minor (C2).",
        ),
        residual=residual(
            2,
            2,
            1,
            1,
            "Refund limits for advisors, the duty manager above them, every refund has a "
            "reason code and is checked weekly: Unlikely (L2). A wrong refund that slips "
            "through still costs up to £300 over a year: finance Minor (C2). 4, Low.",
        ),
    ),
    RiskSpec(
        key="complaints",
        stage="feedback",
        category="reputational",
        title="Complaints are not logged, passed around, or answered late",
        cause=(
            "Complaints arrive at the desk, by email, phone, card and social media; there is "
            "no single log and nobody owns the reply."
        ),
        event=(
            "A complaint is not acknowledged within 2 working days or answered within 10, "
            "or it is lost."
        ),
        consequence=(
            "The customer escalates to the chief executive or a councillor, posts online "
            "and leaves; we lose the chance to put things right."
        ),
        affected="Customers who complain; duty managers",
        existing_controls="Trust complaints procedure; head office customer relations inbox.",
        outcome="Complaints answered within 10 working days (target 95%)",
        owner="member",
        at_moment_of_truth=True,
        references=(COMPLAINTS_PROCEDURE,),
        decision="treat",
        decision_rationale=(
            "This is the service-recovery moment of truth and it was our highest risk. One "
            "log, one owner per complaint and a refresher on acknowledge, apologise, act, "
            "follow up."
        ),
        inherent=inherent(
            4,
            1,
            3,
            1,
            "Last quarter 40% of complaints missed the 10-day target: Likely (L4). Two went "
            "to councillors and one to the local paper: reputation Moderate (C3), where the "
            "matrix puts local press. 12, Medium.",
        ),
        residual=residual(
            3,
            1,
            3,
            1,
            "Single complaints log started, each complaint with a named owner: Possible "
            "(L3), and escalations should now be caught earlier (C3). 9, Medium.",
        ),
        reratings=(
            re_rated(
                2,
                1,
                3,
                1,
                "93% answered within 10 working days this quarter, none escalated. Unlikely "
                "(L2); still Moderate if one slips (C3). 6, Medium.",
            ),
        ),
    ),
    RiskSpec(
        key="injury-complaints",
        stage="feedback",
        category="health_safety",
        title="Injuries reported in complaints are not treated as incidents",
        cause=(
            "A customer who slips or is hurt often tells us later, in an email or on a "
            "comment card, and the complaint goes to customer relations, not the duty "
            "manager."
        ),
        event=(
            "An injury that should be investigated, or reported under RIDDOR, is handled "
            "only as a complaint."
        ),
        consequence=(
            "The hazard is not fixed and someone else is hurt; a late or missed RIDDOR "
            "report; a weak position if a claim follows."
        ),
        affected="Customers; staff; the Trust",
        existing_controls="Accident book at the desk; duty manager investigates accidents.",
        outcome="Every incident investigated within 24 hours",
        owner="supervisor",
        tags=("legal",),
        references=(RIDDOR, HSWA, MHSWR),
        decision="treat",
        decision_rationale=(
            "Found while mapping the feedback stage: two slips last year reached us only as "
            "complaints. Checking every complaint for an injury costs a minute each."
        ),
        inherent=inherent(
            3,
            3,
            3,
            4,
            "Two cases last year: Possible (L3). A missed hazard could lead to a serious, "
            "reportable injury (H&S C4) and a claim (finance C3).",
        ),
        residual=residual(
            2,
            2,
            2,
            4,
            "The complaints log now asks 'was anyone hurt?': Unlikely (L2), same worst "
            "consequence (C4). 8, Medium.",
        ),
        reratings=(
            re_rated(
                2,
                2,
                2,
                4,
                "One complaint this quarter mentioned a fall and went to the duty manager "
                "the same day. The written triage procedure is still in progress, so no "
                "change yet.",
            ),
        ),
    ),
    RiskSpec(
        key="feedback-trends",
        stage="feedback",
        category="substandard_delivery",
        title="Repeated problems are missed because feedback is never looked at together",
        cause=(
            "Comment cards, emails, reviews and survey results are read by different people "
            "and never put side by side."
        ),
        event=(
            "The same problem (cold showers, broken lockers, cancelled classes) keeps coming "
            "back without anyone tackling the cause."
        ),
        consequence="Service stays below standard and customers feel nobody listens.",
        affected="All customers",
        existing_controls="Monthly customer survey from head office.",
        outcome="Customer satisfaction score (target 85%)",
        owner="member",
        decision="treat",
        decision_rationale=(
            "Plan-Do-Check-Act only works if we check. A monthly feedback summary at the team "
            "meeting, with one improvement chosen each month, costs an hour."
        ),
        inherent=inherent(
            4,
            1,
            2,
            1,
            "Repeat themes in most months' comments: Likely (L4). Each adds to poor reviews "
            "rather than a crisis: reputation Minor (C2).",
        ),
        residual=residual(
            2,
            1,
            2,
            1,
            "First monthly feedback summary held and the team picked the changing village "
            "as its first improvement: Unlikely (L2). 4, Low.",
        ),
    ),
)

# --- Actions (the treatment plan) ---------------------------------------------------------------

ACTIONS = (
    ActionSpec(
        key="closure-credits",
        description=(
            "Offer lesson families a make-up lesson instead of a refund, and text them "
            "within 30 minutes of an unplanned pool closure with its date."
        ),
        kind="communication",
        risks=("pool-closure",),
        owner="member",
        due=-75,
        status="done",
        completed=-78,
        evidence_note="Booking system sends the text and books the make-up lesson.",
        benefit_annual=3000,
        cost_annual=600,
        benefit_other="Families keep their lessons; fewer complaints at a moment of truth.",
    ),
    ActionSpec(
        key="lesson-texts",
        description=(
            "Text lesson parents at least three hours before a cancelled or covered lesson."
        ),
        kind="communication",
        risks=("lesson-cancellations",),
        owner="member",
        due=-30,
        status="done",
        completed=-33,
        evidence_note="Swim school coordinator sends the texts from the booking system.",
    ),
    ActionSpec(
        key="cover-sheets",
        description=("Give cover teachers the class progress sheet for every lesson they cover."),
        kind="directive",
        risks=("lesson-cancellations",),
        owner_name="Swim school coordinator",
        due=14,
        status="in_progress",
    ),
    ActionSpec(
        key="pay-at-booking",
        description=(
            "Take payment at the time of booking for all classes and swims, and apply the "
            "24-hour cancellation rule in the booking system."
        ),
        kind="preventive",
        risks=("no-shows",),
        owner="member",
        due=-130,
        status="done",
        completed=-128,
        benefit_annual=2400,
        evidence_note="Booking settings changed by Jordan Reid; weekly no-show report kept.",
        references=(CONSUMER_RIGHTS,),
    ),
    ActionSpec(
        key="stop-phone-cards",
        description=(
            "Stop taking card payments over the phone: send callers a secure pay-by-link text "
            "instead, remove the phone terminal and shred the remaining paper notes."
        ),
        kind="directive",
        risks=("phone-card",),
        owner="supervisor",
        due=-125,
        status="done",
        completed=-122,
        cost_annual=180,
        evidence_note=(
            "Procedure note issued to all advisors; shredding of old notes witnessed by "
            "Gareth Owen."
        ),
        references=(UK_GDPR, DATA_PROTECTION_ACT, PCI_DSS),
        benefit_other="Card data no longer kept at the desk (card-payment rules, UK GDPR).",
    ),
    ActionSpec(
        key="age-question",
        description=(
            "Add children's ages and the admission policy to the online booking form and a "
            "prompt to the phone booking script."
        ),
        kind="preventive",
        risks=("under-8s",),
        owner="member",
        due=-126,
        status="done",
        completed=-124,
        references=(ADMISSION_POLICY,),
    ),
    ActionSpec(
        key="supplier-capacity",
        description=(
            "Agree with the booking system supplier extra capacity for the Monday release, a "
            "staggered release over an hour and a public status page."
        ),
        kind="preventive",
        risks=("booking-outage",),
        owner="admin",
        due=-124,
        status="done",
        completed=-126,
        cost_annual=1200,
        benefit_annual=1500,
        evidence_note="Contract variation signed; service credits unchanged.",
    ),
    ActionSpec(
        key="turnstiles",
        description=(
            "Option considered: full-height turnstiles with photo membership cards to stop "
            "tailgating."
        ),
        kind="preventive",
        risks=("tailgating",),
        owner="supervisor",
        due=-110,
        status="cancelled",
        cost_one_off=18000,
        cost_annual=1200,
        benefit_annual=1500,
        evidence_note=(
            "Rejected at the managers' meeting: a net benefit of £300 a year would take about "
            "60 years to repay £18,000. Risk tolerated instead."
        ),
    ),
    ActionSpec(
        key="second-advisor",
        description=(
            "Roster a second advisor from 6.30 to 9 am on weekdays in school holidays and at "
            "the start of holiday fun sessions."
        ),
        kind="preventive",
        risks=("queues", "abuse"),
        owner="supervisor",
        due=-127,
        status="done",
        completed=-124,
        cost_annual=3900,
        benefit_annual=5200,
        evidence_note="Holiday rota; queue counts logged by advisors for two weeks.",
    ),
    ActionSpec(
        key="queue-tablet",
        description=(
            "Buy a tablet and card scanner so an advisor can check people in along the queue."
        ),
        kind="preventive",
        risks=("queues",),
        owner="member",
        due=-60,
        status="in_progress",
        cost_one_off=450,
        evidence_note="Tablet bought; waiting for IT to install the check-in app.",
        benefit_other="Shorter waits at the desk's busiest moment of truth.",
    ),
    ActionSpec(
        key="late-shift-pairs",
        description="Nobody works the desk alone after 8 pm: late shifts are rostered in pairs.",
        kind="directive",
        risks=("abuse",),
        owner="supervisor",
        due=-124,
        status="done",
        completed=-123,
        cost_annual=2600,
        references=(VIOLENCE_POLICY,),
        benefit_other="Staff safety: nobody works the desk alone after 8 pm.",
    ),
    ActionSpec(
        key="conflict-training",
        description="Conflict-resolution and de-escalation training for every front desk advisor.",
        kind="training",
        risks=("abuse", "complaints"),
        owner="supervisor",
        due=-90,
        status="done",
        completed=-84,
        cost_one_off=1100,
        benefit_annual=1500,
        evidence_note="Attendance list: 9 of 9 advisors; trainer's feedback sheets.",
        references=(HSWA, VIOLENCE_POLICY),
    ),
    ActionSpec(
        key="loop-test",
        description=(
            "Add a weekly hearing loop test to the opening checklist, put a loop sign on the "
            "desk and fit a call bell at the accessible door."
        ),
        kind="detective",
        risks=("access-needs",),
        owner="member",
        due=-128,
        status="done",
        completed=-126,
        cost_one_off=160,
        references=(EQUALITY,),
        benefit_other="Legal duty: reasonable adjustments for customers with hearing loss.",
    ),
    ActionSpec(
        key="bank-validation",
        description=(
            "Switch on bank-detail validation in the membership system and move desk joins to "
            "the tablet form."
        ),
        kind="preventive",
        risks=("direct-debit",),
        owner="admin",
        due=-128,
        status="done",
        completed=-127,
        benefit_annual=2500,
    ),
    ActionSpec(
        key="terms-summary",
        description=(
            "Publish an online cancellation form and give every new member a one-page "
            "plain-English summary of the terms."
        ),
        kind="communication",
        risks=("cancellation", "wrong-terms"),
        owner="member",
        due=-122,
        status="done",
        completed=-123,
        cost_one_off=250,
        benefit_annual=1200,
        references=(CONSUMER_RIGHTS, DMCC),
    ),
    ActionSpec(
        key="hardship-waiver",
        description=(
            "Give duty managers authority to waive the final month in hardship or medical "
            "cases, and record every waiver."
        ),
        kind="directive",
        risks=("cancellation",),
        owner="supervisor",
        due=20,
        status="planned",
        cost_annual=600,
        references=(REFUNDS_POLICY,),
        benefit_other="Fairness to members in hardship and fewer complaints about the terms.",
    ),
    ActionSpec(
        key="junior-form",
        description=(
            "Make medical details and a second emergency contact mandatory on the junior "
            "swim school join form."
        ),
        kind="preventive",
        risks=("junior-medical",),
        owner="admin",
        due=-121,
        status="done",
        completed=-121,
        references=(
            UK_GDPR,
            DATA_PROTECTION_ACT,
        ),
    ),
    ActionSpec(
        key="junior-check",
        description="Text every swim school parent once a year to check their child's details.",
        kind="corrective",
        risks=("junior-medical",),
        owner="member",
        due=-30,
        status="done",
        completed=-32,
        cost_annual=90,
        evidence_note="612 records checked; 97% complete; the rest chased at lessons.",
        benefit_other="Child safety: current medical and emergency details for every child.",
    ),
    ActionSpec(
        key="membership-guide",
        description=(
            "Write a one-page membership guide and joining checklist; new starters shadow two "
            "joining appointments before selling memberships."
        ),
        kind="training",
        risks=("wrong-terms",),
        owner="member",
        due=-124,
        status="done",
        completed=-123,
    ),
    ActionSpec(
        key="cleaning-hours",
        description=(
            "Move the evening cleaner's hours to 5-8 pm and put a 'report a problem' QR code "
            "in the changing village."
        ),
        kind="corrective",
        risks=("changing-village", "feedback-trends"),
        owner="supervisor",
        due=-126,
        status="done",
        completed=-125,
        benefit_annual=800,
    ),
    ActionSpec(
        key="lockers",
        description="Repair or replace the 24 broken lockers in the changing village.",
        kind="corrective",
        risks=("changing-village",),
        owner_name="Facilities team",
        due=-20,
        status="planned",
        cost_one_off=2600,
        evidence_note="Waiting for a second quote before the budget can be approved.",
        benefit_other="Belongings kept safe; the changing village's top complaint answered.",
    ),
    ActionSpec(
        key="lifeguard-rotation",
        description=(
            "Change the lifeguard rotation so nobody spends more than an hour in the chair "
            "without a break."
        ),
        kind="preventive",
        risks=("pool-incident",),
        owner_name="Marcus Bell (pool supervisor)",
        due=-129,
        status="done",
        completed=-127,
        references=(HSG179, POOL_PROCEDURE),
    ),
    ActionSpec(
        key="blinds",
        description="Fit blinds to the west windows to cut the afternoon glare over zone 3.",
        kind="preventive",
        risks=("pool-incident",),
        owner_name="Facilities team",
        due=-90,
        status="done",
        completed=-100,
        cost_one_off=3200,
        references=(HSG179,),
        benefit_other="Swimmer safety: lifeguards can see the whole pool without glare.",
    ),
    ActionSpec(
        key="allergen-labels",
        description=(
            "Label everything made on site with full ingredients and allergens, put the "
            "allergen chart on the counter and train all café staff."
        ),
        kind="preventive",
        risks=("allergens",),
        owner_name="Aisha Karim (café lead)",
        due=-123,
        status="done",
        completed=-124,
        cost_one_off=380,
        cost_annual=150,
        references=(FOOD_INFORMATION, NATASHAS_LAW),
        benefit_other="Customer safety and a legal duty (Natasha's Law) for food made on site.",
    ),
    ActionSpec(
        key="swim-teachers",
        description=(
            "Recruit two swimming teachers and put them through the Trust's teacher course."
        ),
        kind="corrective",
        risks=("lesson-cancellations",),
        owner="supervisor",
        due=-30,
        status="done",
        completed=-35,
        cost_one_off=1400,
        benefit_annual=6000,
        evidence_note="Both teachers qualified; teaching four evenings a week.",
    ),
    ActionSpec(
        key="group-inductions",
        description=(
            "Add two group inductions a week (up to six people) and an induction video in the app."
        ),
        kind="preventive",
        risks=("induction-wait",),
        owner_name="Tom Price (senior fitness instructor)",
        due=-126,
        status="done",
        completed=-124,
        cost_annual=2100,
        benefit_annual=7800,
        evidence_note=(
            "Benefit: 20 fewer cancellations a year in the first three months, at £32.50 a "
            "month for an average of 12 months."
        ),
    ),
    ActionSpec(
        key="par-q-check",
        description=(
            "The instructor reads and signs the PAR-Q before every induction and follows up "
            "every 'yes' answer before the member starts."
        ),
        kind="directive",
        risks=("health-screening",),
        owner_name="Tom Price (senior fitness instructor)",
        due=-128,
        status="done",
        completed=-127,
        references=(HSWA,),
    ),
    ActionSpec(
        key="induction-checklist",
        description=(
            "Standard induction checklist and a starter programme card, signed by the member "
            "and the instructor."
        ),
        kind="directive",
        risks=("rushed-induction", "health-screening"),
        owner_name="Tom Price (senior fitness instructor)",
        due=-124,
        status="done",
        completed=-125,
    ),
    ActionSpec(
        key="refund-limits",
        description=(
            "Set refund limits (advisors up to £30, the duty manager above), add reason codes "
            "to the till and check refunds weekly."
        ),
        kind="directive",
        risks=("refunds",),
        owner="supervisor",
        due=-126,
        status="done",
        completed=-126,
        benefit_annual=1800,
        references=(REFUNDS_POLICY,),
    ),
    ActionSpec(
        key="complaints-log",
        description=(
            "One complaints log for the centre, with a named owner for every complaint and a "
            "'was anyone hurt?' question; acknowledge within 2 working days."
        ),
        kind="directive",
        risks=("complaints", "injury-complaints"),
        owner="member",
        due=-128,
        status="done",
        completed=-127,
        references=(COMPLAINTS_PROCEDURE,),
    ),
    ActionSpec(
        key="injury-triage",
        description=(
            "Written procedure: every complaint mentioning an injury goes to the duty manager "
            "the same day and into the accident book."
        ),
        kind="detective",
        risks=("injury-complaints",),
        owner="supervisor",
        due=14,
        status="in_progress",
        references=(RIDDOR,),
    ),
    ActionSpec(
        key="feedback-summary",
        description=(
            "Monthly feedback summary (cards, emails, reviews, survey) at the team meeting, "
            "choosing one improvement each month."
        ),
        kind="detective",
        risks=("feedback-trends", "complaints"),
        owner="member",
        due=-121,
        status="done",
        completed=-121,
    ),
    ActionSpec(
        key="complaints-refresher",
        description=(
            "Refresher for all advisors on acknowledge, apologise, act, follow up, using "
            "real complaints from the log."
        ),
        kind="training",
        risks=("complaints",),
        owner="member",
        due=35,
        status="planned",
        references=(COMPLAINTS_PROCEDURE,),
    ),
)

# --- Consultations (NOS PC11; OCR evidence requirement 7) -------------------------------------

CONSULTATIONS = (
    ConsultationSpec(
        key="team-workshop",
        day=-146,
        group="team",
        people="Priya Shah, Leah Collins, Ben Hughes, Sophie Turner (front desk advisors)",
        method="Team meeting, 45 minutes, with the journey map on the wall",
        summary=(
            "We walked through the journey stage by stage and asked 'what goes wrong here, "
            "and who does it hurt?'. Advisors raised abuse on late shifts, the holiday "
            "queues, card numbers written on paper, the hearing loop, and the complaints "
            "that never get answered. Sophie pointed out that injuries often reach us only "
            "as complaints."
        ),
        actions_agreed=(
            "Add all of these to the register: not needed because they are the risks "
            "recorded here.\n"
            "Advisors log queue lengths and abuse incidents for two weeks: not needed because "
            "the log was finished before the first ratings, which quote it."
        ),
    ),
    ConsultationSpec(
        key="lifeguards",
        day=-140,
        group="team",
        people="Marcus Bell (pool supervisor) and four lifeguards",
        method="Poolside debrief after the monthly rescue drill",
        summary=(
            "The lifeguards said long stints in the chair and the afternoon glare over zone 3 "
            "are what worry them most. They agreed the rating of a serious incident as "
            "Severe on every dimension."
        ),
        actions_agreed="Change the rotation; ask facilities for blinds on the west windows.",
        risk="pool-incident",
    ),
    ConsultationSpec(
        key="booking-supplier",
        day=-135,
        group="partners",
        people="Account manager at the booking system supplier; Jordan Reid (systems)",
        method="Video call",
        summary=(
            "We shared the dates and times of the Monday failures. The supplier confirmed "
            "our plan was too small for the 7 am peak and that service credits apply below "
            "99.5% availability."
        ),
        actions_agreed=(
            "Move to the larger plan, stagger the release over an hour, publish a status page."
        ),
        risk="booking-outage",
    ),
    ConsultationSpec(
        key="food-supplier",
        day=-132,
        group="partners",
        people="Aisha Karim (café lead); technical manager at our sandwich supplier",
        method="Meeting at the café",
        summary=(
            "Checked which products arrive labelled and which we make or re-pack on site. "
            "The supplier will send updated specifications whenever a recipe changes."
        ),
        actions_agreed="Label everything made on site; allergen chart on the counter.",
        risk="allergens",
    ),
    ConsultationSpec(
        key="managers",
        day=-128,
        group="managers",
        people="Gareth Owen (duty manager); Rachel Adams (centre manager)",
        method="Meeting",
        summary=(
            "Went through the inherent ratings and the proposed decisions. The managers "
            "agreed to stop phone card payments, to tolerate tailgating after comparing the "
            "turnstile quote with the losses, to tolerate pool closure refunds as budgeted, "
            "and to fund a second advisor on holiday mornings."
        ),
        actions_agreed=(
            "Second advisor rostered from the next holiday.\n"
            "Turnstile option dropped: not needed because the managers rejected it on cost "
            "(it is kept as an option considered).\n"
            "Refund limits to be written by Gareth."
        ),
    ),
    ConsultationSpec(
        key="data-protection",
        day=-126,
        group="compliance",
        people="The Trust's data protection officer",
        method="Phone call and email",
        summary=(
            "Confirmed the card notes were a personal data breach risk and that junior "
            "medical details are special-category data: only teachers and the desk should "
            "see them."
        ),
        actions_agreed="Stop phone card payments; restrict access to junior medical details.",
        risk="phone-card",
    ),
    ConsultationSpec(
        key="parents-forum",
        day=-60,
        group="customers",
        people="Swim school parents' forum (eight parents)",
        method="Forum meeting in the café",
        summary=(
            "Parents said the text messages about cancelled lessons come too late, and that "
            "a cover teacher who does not know their child's stage wastes the lesson."
        ),
        actions_agreed=(
            "Texts at least three hours before the lesson; cover teachers get the class "
            "progress sheet."
        ),
        risk="lesson-cancellations",
    ),
)

# --- Making customers aware and briefing staff (NOS PC6, PC7) -----------------------------

AWARENESS = (
    AwarenessSpec(
        risk="abuse",
        audience="customers",
        method="signage",
        day=-90,
        delivered_by="Gareth Owen",
        details=(
            "Notice at the desk: staff are here to help; abuse is not accepted and CCTV is in use."
        ),
    ),
    AwarenessSpec(
        risk="junior-medical",
        audience="customers",
        method="email",
        day=-100,
        delivered_by="Swim school coordinator",
        details=(
            "Letter to swim school parents asking them to check their child's medical and "
            "emergency details each term."
        ),
    ),
    AwarenessSpec(
        risk="pool-incident",
        audience="customers",
        method="signage",
        day=-120,
        delivered_by="Marcus Bell",
        details=(
            "Pool rules and depth signs at every entrance; weak swimmers asked to tell a "
            "lifeguard and use the learner pool."
        ),
    ),
    AwarenessSpec(
        risk="injury-complaints",
        audience="customers",
        method="website",
        day=-40,
        delivered_by="Priya Shah",
        details=(
            "The complaints page asks customers to tell the desk about any injury, so it is "
            "recorded and looked into as an incident."
        ),
    ),
    AwarenessSpec(
        risk="under-8s",
        audience="customers",
        method="website",
        day=-124,
        delivered_by="Priya Shah",
        details="Admission policy shown on every public swim booking page.",
    ),
    AwarenessSpec(
        risk="under-8s",
        audience="customers",
        method="signage",
        day=-120,
        delivered_by="Priya Shah",
        details="A4 sign at the desk and the pool entrance: under-8s need an adult in the water.",
    ),
    AwarenessSpec(
        risk="allergens",
        audience="customers",
        method="signage",
        day=-124,
        delivered_by="Aisha Karim",
        details=(
            "'Please ask us about allergens' sign and the allergen chart on the café counter."
        ),
    ),
    AwarenessSpec(
        risk="cancellation",
        audience="customers",
        method="verbal",
        day=-123,
        delivered_by="Front desk advisors",
        details="Every new member is taken through the one-page terms summary when they join.",
    ),
    AwarenessSpec(
        risk="pool-closure",
        audience="customers",
        method="website",
        day=-118,
        delivered_by="Jordan Reid",
        details="Closure banner on the website and app, with how to get a credit or refund.",
    ),
    AwarenessSpec(
        risk="lesson-cancellations",
        audience="customers",
        method="email",
        day=-58,
        delivered_by="Gareth Owen",
        details="Email to swim school parents: how we tell you about cancellations and cover.",
    ),
    AwarenessSpec(
        risk="health-screening",
        audience="customers",
        method="signage",
        day=-110,
        delivered_by="Tom Price",
        details="Sign in the gym: tell an instructor about any change in your health.",
    ),
    AwarenessSpec(
        risk="phone-card",
        audience="staff",
        method="briefing",
        day=-122,
        delivered_by="Gareth Owen",
        details="Shift briefing: no card numbers by phone or on paper; how to send pay-by-link.",
    ),
    AwarenessSpec(
        risk="abuse",
        audience="staff",
        method="training",
        day=-84,
        delivered_by="External trainer",
        details="Conflict-resolution training for all advisors; reporting abuse on the form.",
    ),
    AwarenessSpec(
        risk="pool-incident",
        audience="staff",
        method="briefing",
        day=-127,
        delivered_by="Marcus Bell",
        details="Lifeguards briefed on the new rotation and the emergency action plan.",
    ),
    AwarenessSpec(
        risk="complaints",
        audience="staff",
        method="briefing",
        day=-126,
        delivered_by="Priya Shah",
        details="Team meeting: how to use the complaints log and who owns each complaint.",
    ),
    AwarenessSpec(
        risk="refunds",
        audience="staff",
        method="email",
        day=-126,
        delivered_by="Gareth Owen",
        details="Refund limits and reason codes, with examples of what the policy covers.",
    ),
    AwarenessSpec(
        risk="allergens",
        audience="staff",
        method="training",
        day=-125,
        delivered_by="Aisha Karim",
        details="Allergen training for every café worker, including casual staff.",
    ),
    AwarenessSpec(
        risk="no-shows",
        audience="customers",
        method="email",
        day=-118,
        delivered_by="Priya Shah",
        details=(
            "Booking confirmations now say a class not cancelled 12 hours ahead is charged, so "
            "members know a no-show costs them and frees nobody's place."
        ),
    ),
    AwarenessSpec(
        risk="tailgating",
        audience="customers",
        method="signage",
        day=-110,
        delivered_by="Gareth Owen",
        details=(
            "Signs at the turnstiles: one card, one person; cards are checked at random and a "
            "shared card is suspended."
        ),
    ),
    AwarenessSpec(
        risk="queues",
        audience="customers",
        method="website",
        day=-105,
        delivered_by="Priya Shah",
        details=(
            "The website's opening-times page shows the busy times (opening and school-holiday "
            "mornings) and points to self-service entry with a membership card."
        ),
    ),
    AwarenessSpec(
        risk="access-needs",
        audience="customers",
        method="website",
        day=-100,
        delivered_by="Gareth Owen",
        details=(
            "The accessibility page tells customers about the lowered desk section, the hearing "
            "loop and that they can ask for a quiet time to join or book."
        ),
    ),
    AwarenessSpec(
        risk="direct-debit",
        audience="customers",
        method="email",
        day=-115,
        delivered_by="Priya Shah",
        details=(
            "The joining email asks new members to check their bank details on the mandate within "
            "a week, and says what happens if a payment fails."
        ),
    ),
    AwarenessSpec(
        risk="wrong-terms",
        audience="customers",
        method="website",
        day=-95,
        delivered_by="Priya Shah",
        details=(
            "Prices and membership terms are published on the website, and the desk hands out the "
            "same printed price list, so customers can check what they were told."
        ),
    ),
    AwarenessSpec(
        risk="changing-village",
        audience="customers",
        method="signage",
        day=-90,
        delivered_by="Marcus Bell",
        details=(
            "Notices in the changing village give the cleaning rota and ask customers to tell the "
            "desk about an untidy or dirty area."
        ),
    ),
    AwarenessSpec(
        risk="induction-wait",
        audience="customers",
        method="website",
        day=-85,
        delivered_by="Priya Shah",
        details=(
            "The gym page gives the current wait for an induction and the extra Saturday sessions,"
            " so new members know when to expect one."
        ),
    ),
    AwarenessSpec(
        risk="rushed-induction",
        audience="customers",
        method="verbal",
        day=-80,
        delivered_by="Gym instructors",
        details=(
            "Instructors tell each new member at the start of the induction what it will cover and"
            " that they can book a free follow-up session."
        ),
    ),
    AwarenessSpec(
        risk="refunds",
        audience="customers",
        method="signage",
        day=-75,
        delivered_by="Gareth Owen",
        details=(
            "The refunds and goodwill credits policy is displayed at the desk, so customers and "
            "advisors read the same rules."
        ),
    ),
    AwarenessSpec(
        risk="complaints",
        audience="customers",
        method="website",
        day=-70,
        delivered_by="Priya Shah",
        details=(
            "The complaints page sets out how to complain and the times: an acknowledgement in 2 "
            "working days, a reply in 10."
        ),
    ),
    AwarenessSpec(
        risk="feedback-trends",
        audience="customers",
        method="signage",
        day=-30,
        delivered_by="Gareth Owen",
        details=(
            "A 'You said, we did' board in reception shows what customers told us last month and "
            "what changed because of it."
        ),
    ),
)

# --- Reviews (Plan-Do-Check-Act) --------------------------------------------------------------

ATTENDEES = (
    "Priya Shah (register owner, customer service advisor); Gareth Owen (duty manager); "
    "Marcus Bell (pool supervisor); Aisha Karim (café lead); Tom Price (senior fitness "
    "instructor); Leah Collins (customer service advisor)"
)

REVIEWS = (
    ReviewSpec(
        key="first",
        day=FIRST_REVIEW,
        reviewer="member",
        attendees=ATTENDEES,
        minutes=(
            "Plan: we went through the register stage by stage: 24 risks across six stages, "
            "two of them High before any action (holiday queues, the changing village).\n"
            "Do: actions completed so far: payment at booking, phone card payments stopped, "
            "bank validation switched on, allergen labels, the new lifeguard rotation, group "
            "inductions, refund limits and the complaints log.\n"
            "Check: residual ratings agreed for every risk; no High risk remains. The pool "
            "incident risk stays escalated because its consequence is Severe. Gym induction "
            "has no financial risk: inductions are free with membership; agreed to look "
            "again next time.\n"
            "Act: the tablet for queue check-in and conflict training to be finished; the "
            "duty managers take the escalated pool risk each month."
        ),
        outcome=(
            "Register accepted as the baseline. One risk tolerated (tailgating), one "
            "transferred (booking system outage) and closed, one terminated (phone card "
            "payments) and closed. Next review in three months, or sooner after a serious "
            "incident; the escalated pool risk each month with the duty managers."
        ),
        next_review=-21,
        submitted=-111,
        submitted_by="member",
        signed_off=-105,
        signed_off_by="supervisor",
        sign_off_comment=(
            "A thorough first review. I agree the ratings, the decision to tolerate "
            "tailgating on cost grounds and to treat pool closures by telling families "
            "sooner. Keep the escalated pool risk on the monthly duty managers' agenda."
        ),
    ),
    ReviewSpec(
        key="second",
        day=SECOND_REVIEW,
        reviewer="member",
        attendees=ATTENDEES + "; Sophie Turner (customer service advisor)",
        minutes=(
            "Plan: held two weeks after the date the first review set, because the duty "
            "manager was on leave; the fifteen risks still Medium were re-rated before the "
            "meeting.\n"
            "Do: since the last review the conflict training, the blinds, the junior records "
            "check and the two new swimming teachers are done. Two actions are overdue: the "
            "queue tablet (waiting for IT) and the locker repairs (waiting for a quote).\n"
            "Check: no-shows, the booking system, junior medical details, lesson "
            "cancellations and induction waits fell to Low. Cleanliness complaints halved, "
            "but lockers are now the top complaint. The parents' forum asked for earlier "
            "texts about cancelled lessons.\n"
            "Act: chase IT and facilities; finish the injury triage procedure; plan the "
            "complaints refresher."
        ),
        outcome=(
            "Overall profile improved: no High risks, more Low risks, one escalated risk "
            "(pool incident) under monthly review, so the next review is in a month. "
            "Submitted for sign-off."
        ),
        next_review=23,
        submitted=-6,
        submitted_by="member",
    ),
)

# --- The learner's notes (annotations for the evidence pack) --------------------------------

ANNOTATIONS = (
    AnnotationSpec(
        target="stage",
        key="arrival",
        day=-148,
        text=(
            "I marked arrival as a moment of truth because it is where I work most of my "
            "shifts and where customers form their view of the whole visit (OCR 1.1)."
        ),
    ),
    AnnotationSpec(
        target="stage",
        key="gym",
        day=-112,
        text=(
            "There is no financial risk at this stage yet. Inductions are free with the "
            "membership and run in instructors' paid hours, so I could not find a direct "
            "cost. The review agreed to look again: members who cancel early could be a "
            "financial risk here."
        ),
    ),
    AnnotationSpec(
        target="risk",
        key="phone-card",
        day=-122,
        text=(
            "I chose to terminate rather than treat: no procedure at a busy desk makes a "
            "card number on paper safe, and stopping phone payments cost us almost nothing "
            "because pay-by-link texts do the same job."
        ),
    ),
    AnnotationSpec(
        target="risk",
        key="tailgating",
        day=-128,
        text=(
            "This is my example of a tolerated risk (evidence requirement 8b). The cost and "
            "benefit figures are on the cancelled turnstile action: the fix would cost far "
            "more than the loss."
        ),
    ),
    AnnotationSpec(
        target="risk",
        key="booking-outage",
        day=-135,
        text=(
            "Transferred, not ignored: the supplier carries the cost through the contract, "
            "and we still handle the customers when it fails."
        ),
    ),
    AnnotationSpec(
        target="risk",
        key="queues",
        day=-120,
        text=(
            "My own idea: I logged queue lengths for two weeks, proposed the second advisor "
            "and the tablet, and presented the figures to Gareth."
        ),
    ),
    AnnotationSpec(
        target="assessment",
        key="pool-incident:0",
        day=-140,
        text=(
            "I rated every dimension at 5 because a drowning would be a fatality, a claim "
            "over £100,000 and national news. The likelihood is low because of the "
            "lifeguards, but the matrix sends it to a supervisor anyway."
        ),
    ),
    AnnotationSpec(
        target="assessment",
        key="complaints:0",
        day=-142,
        text=(
            "I first rated it Major for reputation because two complaints reached councillors "
            "and one the local paper, but our matrix puts local press at Moderate (C3), so "
            "12, Medium: still one of our highest risks."
        ),
    ),
    AnnotationSpec(
        target="action",
        key="queue-tablet",
        day=-30,
        text=(
            "Overdue: the tablet arrived but IT have not installed the check-in app. I have "
            "asked Jordan for a date and raised it at the review."
        ),
    ),
    AnnotationSpec(
        target="action",
        key="group-inductions",
        day=-100,
        text=(
            "Cost/benefit: £2,100 a year of instructor time against about £7,800 a year of "
            "membership income kept, so it pays for itself in the first few months."
        ),
    ),
    AnnotationSpec(
        target="consultation",
        key="team-workshop",
        day=-146,
        text=(
            "I ran this meeting myself. Asking 'who does it hurt?' helped the team see the "
            "difference between a hazard and a risk."
        ),
    ),
    AnnotationSpec(
        target="consultation",
        key="managers",
        day=-128,
        text="Private note: ask Rachel for the turnstile quote in writing for my portfolio.",
        include_in_pdf=False,
    ),
    AnnotationSpec(
        target="review",
        key="first",
        day=-105,
        text=(
            "The first Plan-Do-Check-Act cycle: the High risks all came down to Medium or "
            "Low once the actions were in place."
        ),
    ),
    AnnotationSpec(
        target="review",
        key="second",
        day=-6,
        text=(
            "This review shows the register is a living document: fifteen risks re-rated, "
            "five of them now Low, and new issues (lockers, late texts) picked up from "
            "customers."
        ),
    ),
)

# --- SWOT and PESTLE (knowledge 10-11, OCR 3.5) ------------------------------------------------

SWOT = (
    AnalysisSpec(
        "strength",
        "Experienced, qualified lifeguard team with monthly rescue drills.",
        ("pool-incident",),
    ),
    AnalysisSpec(
        "strength",
        "Desk advisors know regular customers by name; the welcome is praised in reviews.",
        ("queues", "complaints"),
    ),
    AnalysisSpec(
        "weakness",
        "No single place for complaints and feedback until the new log.",
        ("complaints", "feedback-trends", "injury-complaints"),
    ),
    AnalysisSpec(
        "weakness",
        "Reliance on casual swimming teachers and cover instructors.",
        ("lesson-cancellations", "rushed-induction"),
    ),
    AnalysisSpec(
        "weakness",
        "Paper processes at the desk: join forms and, until recently, card notes.",
        ("direct-debit", "phone-card"),
    ),
    AnalysisSpec(
        "opportunity",
        "Group inductions and the app video let us induct more new members in the same hours.",
        ("induction-wait",),
    ),
    AnalysisSpec(
        "opportunity",
        "The swim school parents' forum gives early warning of problems.",
        ("lesson-cancellations", "junior-medical"),
    ),
    AnalysisSpec(
        "threat",
        "A low-cost 24-hour gym is opening on the retail park.",
        ("induction-wait", "cancellation"),
    ),
    AnalysisSpec(
        "threat",
        "Rising energy costs could force shorter pool hours.",
        ("pool-closure",),
    ),
)

PESTLE = (
    AnalysisSpec(
        "political",
        "The council's leisure contract sets targets (visits, complaints answered in 10 days) "
        "that our funding depends on.",
        ("complaints", "feedback-trends"),
    ),
    AnalysisSpec(
        "economic",
        "Cost of living: more members freezing or cancelling, more refund requests, higher "
        "energy bills for heating the pool.",
        ("cancellation", "pool-closure", "refunds"),
    ),
    AnalysisSpec(
        "social",
        "More older and disabled customers through the GP referral scheme; families expect "
        "to book and pay on their phones.",
        ("access-needs", "health-screening", "booking-outage"),
    ),
    AnalysisSpec(
        "technological",
        "We depend on a hosted booking system and card payments; pay-by-link now lets us "
        "take payments without handling card numbers.",
        ("booking-outage", "phone-card"),
    ),
    AnalysisSpec(
        "legal",
        "UK GDPR, allergen labelling for food made on site, consumer law on membership terms "
        "and RIDDOR all apply at the desk.",
        ("phone-card", "allergens", "cancellation", "injury-complaints"),
    ),
    AnalysisSpec(
        "environmental",
        "Hot summers bring crowded family swims; low afternoon sun causes glare on the water; "
        "storms cut power to the pool plant.",
        ("pool-incident", "pool-closure"),
    ),
)

# --- Consistency-check findings the learner dismissed, with why ----------------------------

DISMISSALS = (
    DismissalSpec(
        rule="stage-category-gap",
        target="stage",
        key="gym",
        part="financial",
        day=-110,
        reason=(
            "Inductions are free with membership and take no payment, so nothing at this "
            "stage can lose or cost the Trust money; the first review agreed to look again "
            "if inductions are ever charged for."
        ),
    ),
    DismissalSpec(
        rule="consequence-words",
        target="risk",
        key="cancellation",
        day=-60,
        reason=(
            "Trading Standards only asked for a copy of our membership terms and closed the "
            "enquiry without action. That is not the regulator involvement with lasting loss "
            "of trust that Severe (C5) describes; several complaints and social-media posts "
            "are Moderate (C3)."
        ),
    ),
)

REGISTER = RegisterSpec(
    team="riverside",
    title="Front desk customer journey",
    organisation="Riverside Leisure Trust",
    service="Front desk: bookings, memberships, swimming, gym inductions and the café",
    customers="external",
    scope=(
        "Everything a customer meets through the front desk team, from booking to feedback. "
        "Pool plant, building maintenance and the Trust's head office systems are covered "
        "by their own registers and appear here only where they reach our customers."
    ),
    context=(
        "A council-owned leisure centre run by a charitable trust: 25 m pool, learner pool, "
        "gym, studios and café; about 1,400 visits a day in the school holidays. The front "
        "desk has nine advisors and a duty manager on every shift. Customers range from "
        "6.30 am lane swimmers to swim school families, GP-referral clients and children's "
        "parties."
    ),
    owner="member",
    team_references=TEAM_REFERENCES,
    stages=STAGES,
    risks=RISKS,
    actions=ACTIONS,
    consultations=CONSULTATIONS,
    awareness=AWARENESS,
    reviews=REVIEWS,
    annotations=ANNOTATIONS,
    swot=SWOT,
    pestle=PESTLE,
    dismissals=DISMISSALS,
    portfolio=PORTFOLIO,
)
