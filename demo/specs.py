"""The shape of the demo content: frozen dataclasses that ``demo.loader`` turns into rows.

Dates are whole days relative to the day the demo is loaded (negative is in the past), so
a fresh demo always looks current: some actions done, some overdue, reviews due ahead.
People are named by the ``key`` of a ``PersonSpec`` (see ``demo.people``), risks, actions,
consultations and reviews by their own ``key`` inside one register.
"""

from __future__ import annotations

from dataclasses import dataclass

# Titles in the shared reference library (team=None, assessments migrations 0002 and 0008).
HSWA = "Health and Safety at Work etc. Act 1974"
MHSWR = "Management of Health and Safety at Work Regulations 1999"
RIDDOR = "Reporting of Injuries, Diseases and Dangerous Occurrences Regulations 2013 (RIDDOR)"
UK_GDPR = "UK General Data Protection Regulation"
DATA_PROTECTION_ACT = "Data Protection Act 2018"
CONSUMER_RIGHTS = "Consumer Rights Act 2015"
EQUALITY = "Equality Act 2010"
#: Replaced the Consumer Protection from Unfair Trading Regulations 2008 on 6 April 2025.
DMCC = "Digital Markets, Competition and Consumers Act 2024"
NATASHAS_LAW = "Food Information (Amendment) (England) Regulations 2019 (Natasha's Law)"
FIRE_SAFETY = "Regulatory Reform (Fire Safety) Order 2005"


@dataclass(frozen=True)
class PersonSpec:
    """A demo login: one user and one membership."""

    key: str
    login_label: str  # printed before the username, e.g. "other-team member"
    username: str
    password: str
    first_name: str
    last_name: str
    team: str  # TeamSpec.key
    role: str  # Membership.Role value
    is_staff: bool = False
    is_superuser: bool = False
    groups: tuple[str, ...] = ()  # auth groups, e.g. the admin's "Supervisors"

    @property
    def email(self) -> str:
        return f"{self.username}@example.org"


@dataclass(frozen=True)
class TeamSpec:
    key: str
    name: str
    slug: str
    organisation: str


@dataclass(frozen=True)
class ReferenceSpec:
    """A code of practice or policy of the team itself (not in the shared library)."""

    kind: str  # Reference.Kind value
    title: str
    citation: str = ""
    url: str = ""
    last_checked: int | None = None  # the day someone last checked it is current


@dataclass(frozen=True)
class StageSpec:
    key: str
    name: str
    description: str
    customer_actions: str
    channels: str
    emotion: int
    moment_of_truth_note: str = ""  # a note makes the stage a moment of truth


@dataclass(frozen=True)
class RatingSpec:
    day: int
    likelihood: int
    finance: int
    reputation: int
    health_safety: int
    rationale: str
    by: str = "member"


@dataclass(frozen=True)
class RiskSpec:
    key: str
    stage: str
    category: str  # Category value
    title: str
    cause: str
    event: str
    consequence: str
    affected: str
    existing_controls: str
    outcome: str
    decision: str  # Decision value
    decision_rationale: str
    inherent: RatingSpec
    residual: RatingSpec
    reratings: tuple[RatingSpec, ...] = ()  # later residual ratings, oldest first
    owner: str | None = None
    owner_name: str = ""
    at_moment_of_truth: bool = False
    tags: tuple[str, ...] = ()
    references: tuple[str, ...] = ()  # reference titles
    status: str = "open"  # Risk.Status value


@dataclass(frozen=True)
class ActionSpec:
    key: str
    description: str
    kind: str  # Action.Kind value
    risks: tuple[str, ...]
    due: int
    status: str  # Action.Status value
    completed: int | None = None
    owner: str | None = None
    owner_name: str = ""
    cost_one_off: int = 0  # whole pounds
    cost_annual: int = 0
    benefit_annual: int = 0
    benefit_other: str = ""  # what it gives beyond money (safety, a legal duty...)
    evidence_note: str = ""
    references: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConsultationSpec:
    key: str
    day: int
    group: str  # Consultation.Group value
    people: str
    method: str
    summary: str
    actions_agreed: str = ""
    risk: str | None = None


@dataclass(frozen=True)
class AwarenessSpec:
    risk: str
    audience: str  # AwarenessRecord.Audience value
    method: str  # AwarenessRecord.Method value
    day: int
    delivered_by: str
    details: str


@dataclass(frozen=True)
class ReviewSpec:
    """A review meeting; it covers every risk of the register as rated on its ``day``."""

    key: str
    day: int
    reviewer: str
    attendees: str
    minutes: str
    outcome: str
    next_review: int
    submitted: int | None = None
    submitted_by: str | None = None
    signed_off: int | None = None
    signed_off_by: str | None = None
    sign_off_comment: str = ""


@dataclass(frozen=True)
class AnnotationSpec:
    """A learner's note on one record: ``target`` is one of ``Annotation.TARGETS``.

    ``key`` names the record; for a rating it is ``"<risk key>:<n>"``, n counting the
    risk's ratings from 0 (0 is the inherent rating, 1 the first residual one).
    """

    target: str
    key: str
    day: int
    text: str
    author: str = "member"
    include_in_pdf: bool = True


@dataclass(frozen=True)
class DismissalSpec:
    """A consistency-check finding the learner dismissed as a false alarm, with why.

    ``target`` is "risk" or "stage" and ``key`` names it; ``part`` is what the finding's
    record adds after the id (a category for a stage's gap).
    """

    rule: str
    target: str
    key: str
    reason: str
    day: int
    part: str = ""
    by: str = "member"


@dataclass(frozen=True)
class AnalysisSpec:
    """A SWOT item (``kind`` is a quadrant) or a PESTLE item (``kind`` is a factor)."""

    kind: str
    text: str
    risks: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExplanationSpec:
    """The learner's explanation of a criterion only a person can judge, with the risks and
    actions of the register it uses as examples (by key)."""

    code: str
    day: int
    text: str
    risks: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()


@dataclass(frozen=True)
class WitnessSpec:
    """The statement the supervisor writes when signing off ``review``, and the criteria
    (codes of ``assessments.models.WITNESSABLE_CRITERIA``) it witnesses."""

    review: str
    statement: str
    criteria: tuple[str, ...]


@dataclass(frozen=True)
class PortfolioSpec:
    """What shows whose work the register is, for the assessor: how each risk was
    identified, the learner's part in each record, their explanations, their declaration
    and a supervisor's witness statement.

    ``identified`` pairs a risk key with an ``Identification`` value; ``parts`` pairs a
    record ("action:<key>", "consultation:<key>", "review:<key>", or
    "awareness:<risk key>:<audience>:<method>") with a ``LearnerPart`` value.
    """

    identified: tuple[tuple[str, str], ...] = ()
    parts: tuple[tuple[str, str], ...] = ()
    explanations: tuple[ExplanationSpec, ...] = ()
    declaration_day: int | None = None
    witness: WitnessSpec | None = None

    def identified_how(self, risk: str) -> str:
        return dict(self.identified).get(risk, "")

    def part(self, record: str) -> str:
        return dict(self.parts).get(record, "")


@dataclass(frozen=True)
class RegisterSpec:
    team: str
    title: str
    organisation: str
    service: str
    customers: str  # Register.Customers value
    scope: str
    context: str
    owner: str
    stages: tuple[StageSpec, ...]
    risks: tuple[RiskSpec, ...]
    team_references: tuple[ReferenceSpec, ...] = ()
    actions: tuple[ActionSpec, ...] = ()
    consultations: tuple[ConsultationSpec, ...] = ()
    awareness: tuple[AwarenessSpec, ...] = ()
    reviews: tuple[ReviewSpec, ...] = ()
    annotations: tuple[AnnotationSpec, ...] = ()
    swot: tuple[AnalysisSpec, ...] = ()
    pestle: tuple[AnalysisSpec, ...] = ()
    dismissals: tuple[DismissalSpec, ...] = ()
    portfolio: PortfolioSpec = PortfolioSpec()
