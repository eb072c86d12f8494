"""One of everything a team can own, with every free-text field filled by ``text(name)``.

The security tests build it for team A and then attack it: an outsider requests every URL
with its real ids, a viewer posts to every write view, hostile text is rendered on every
page. ``text`` names each field (``"risk.title"``), so a test can put a marker or a
payload in each one and tell afterwards which field leaked or was shown unescaped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django_tasks_db.models import DBTaskResult

from assessments.models import (
    Action,
    Annotation,
    Assessment,
    AwarenessRecord,
    Consultation,
    PestleItem,
    Reference,
    ReminderLog,
    Review,
    Risk,
    SwotItem,
)
from assessments.reviews import submit_review
from assessments.services import create_risk, rate_risk
from criteria.models import Criterion, CriterionTag
from evidence.models import PackExport
from evidence.tasks import render_export
from exhibits.files import check_upload
from exhibits.models import Exhibit
from exhibits.services import attach_exhibit
from interchange.models import ImportSession
from interchange.services import start_import
from journeys.models import Stage
from registers.models import Membership, Register, RiskMatrix, Team

#: Every free-text field the world fills, as ``model.field``.
TEXT_FIELDS = {
    "team": ["name", "organisation"],
    "user": ["first_name", "last_name"],
    "register": ["title", "organisation", "service", "scope", "context"],
    "stage": ["name", "description", "customer_actions", "channels", "moment_of_truth_note"],
    "risk": [
        "title",
        "cause",
        "event",
        "consequence",
        "affected",
        "existing_controls",
        "outcome",
        "owner_name",
        "decision_rationale",
        "notes",
    ],
    "assessment": ["rationale"],
    "action": ["description", "owner_name", "evidence_note"],
    "consultation": ["people", "method", "summary", "actions_agreed"],
    "awareness": ["delivered_by", "details"],
    "review": ["attendees", "minutes", "outcome"],
    "annotation": ["text"],
    "swot": ["text"],
    "pestle": ["text"],
    "reference": ["title", "citation"],
    "exhibit": ["title"],
}


def text_fields(prefix: str, text: Callable[[str], str]) -> dict[str, str]:
    return {name: text(f"{prefix}.{name}") for name in TEXT_FIELDS[prefix]}


@dataclass
class World:
    team: Team
    register: Register
    member: object
    stage: Stage
    risk: Risk
    rating: Assessment
    action: Action
    consultation: Consultation
    awareness: AwarenessRecord
    review: Review
    submitted_review: Review
    annotations: dict[str, Annotation]
    swot: SwotItem
    pestle: PestleItem
    reference: Reference
    tag: CriterionTag
    export_job: PackExport
    import_session: ImportSession
    reminder: ReminderLog
    access_attempt: AccessAttempt
    access_log: AccessLog
    failure_log: AccessFailureLog
    #: Rows no team owns (the matrix, the criteria, the Supervisors group), by model.
    shared: dict = field(default_factory=dict)
    exhibit: Exhibit | None = None

    def objects(self) -> list[models.Model]:
        """Every row of the world (for "nothing changed" and the admin's object ids)."""
        return [
            self.team,
            self.register,
            self.member,
            Membership.objects.get(team=self.team, user=self.member),
            self.stage,
            self.risk,
            self.rating,
            self.action,
            self.consultation,
            self.awareness,
            self.review,
            self.submitted_review,
            *self.annotations.values(),
            self.swot,
            self.pestle,
            self.reference,
            self.tag,
            self.export_job,
            self.import_session,
            self.reminder,
            self.access_attempt,
            self.access_log,
            self.failure_log,
            *([self.exhibit] if self.exhibit else []),
        ]

    def object_of(self, model: type[models.Model]) -> models.Model | None:
        """The world's row of ``model`` (the first one, for models it has several of)."""
        return next((obj for obj in self.objects() if isinstance(obj, model)), None)


def build_world(team: Team, register: Register, member, text: Callable[[str], str]) -> World:
    """Fill ``register`` of ``team`` with one record of every kind, written by ``member``."""
    for obj, prefix in ((team, "team"), (member, "user"), (register, "register")):
        for name, value in text_fields(prefix, text).items():
            setattr(obj, name, value)
        obj.save()

    stage = Stage.objects.create(
        register=register, order=1, is_moment_of_truth=True, **text_fields("stage", text)
    )
    risk_text = text_fields("risk", text)
    risk = create_risk(
        register=register,
        stage=stage,
        at_moment_of_truth=True,
        category="reputational",
        tags=[text("risk.tags")],
        decision="treat",
        owner=member,
        **risk_text,
    )
    for tier, (likelihood, finance, reputation, health_safety) in (
        ("inherent", (4, 3, 4, 2)),
        ("residual", (2, 2, 2, 1)),
    ):
        rate_risk(
            risk=risk,
            tier=tier,
            likelihood=likelihood,
            finance=finance,
            reputation=reputation,
            health_safety=health_safety,
            **text_fields("assessment", text),
            assessed_by=member,
        )
    risk.refresh_from_db()
    rating = risk.inherent_rating
    reference = Reference.objects.create(team=team, kind="policy", **text_fields("reference", text))
    risk.references.add(reference)
    action = Action.objects.create(
        register=register,
        owner=member,
        due_date=dt.date(2026, 6, 30),
        cost_one_off=Decimal("120.00"),
        benefit_annual=Decimal("300.00"),
        **text_fields("action", text),
    )
    action.risks.add(risk)
    consultation = Consultation.objects.create(
        register=register, risk=risk, group="team", **text_fields("consultation", text)
    )
    awareness = AwarenessRecord.objects.create(
        risk=risk, audience="customers", method="signage", **text_fields("awareness", text)
    )
    review = Review.objects.create(
        register=register, reviewer=member, date=dt.date(2026, 3, 2), **text_fields("review", text)
    )
    review.risks.add(risk)
    submitted = Review.objects.create(
        register=register, reviewer=member, date=dt.date(2026, 3, 1), **text_fields("review", text)
    )
    submitted.risks.add(risk)
    submitted = submit_review(review=submitted, by=member)
    targets = {
        "risk": risk,
        "assessment": rating,
        "action": action,
        "stage": stage,
        "consultation": consultation,
        "review": review,
    }
    annotations = {
        kind: Annotation.objects.create(
            register=register, author=member, **{kind: target}, **text_fields("annotation", text)
        )
        for kind, target in targets.items()
    }
    swot = SwotItem.objects.create(
        register=register, quadrant="threat", **text_fields("swot", text)
    )
    swot.risks.add(risk)
    pestle = PestleItem.objects.create(
        register=register, factor="social", **text_fields("pestle", text)
    )
    pestle.risks.add(risk)
    tag = CriterionTag.objects.create(
        register=register,
        criterion=Criterion.objects.order_by("position").first(),
        content_type=ContentType.objects.get_for_model(Annotation),
        object_id=annotations["risk"].pk,
        tagged_by=member,
    )
    exhibit = attach_exhibit(
        record=risk,
        checked=check_upload(_png_upload()),
        uploaded_by=member,
        **text_fields("exhibit", text),
    )
    export_job = PackExport.objects.create(register=register, requested_by=member, options={})
    import_session = start_import(
        user=member,
        data=b"Title,Category\nTills run out of change,financial\n",
        filename="risks.csv",
        kind="risks",
        register=register,
    )
    reminder = ReminderLog.objects.create(
        kind="overdue_action", object_id=str(action.pk), recipient=member, sent_on=dt.date.today()
    )
    access_attempt = AccessAttempt.objects.create(
        username=member.username,
        ip_address="198.51.100.7",
        user_agent="test",
        failures_since_start=1,
        get_data="",
        post_data="",
        path_info="/accounts/login/",
    )
    seen = {"username": member.username, "ip_address": "198.51.100.7", "user_agent": "test"}
    access_log = AccessLog.objects.create(**seen, path_info="/accounts/login/")
    failure_log = AccessFailureLog.objects.create(**seen, path_info="/accounts/login/")
    return World(
        team=team,
        register=register,
        member=member,
        stage=stage,
        risk=risk,
        rating=rating,
        action=action,
        consultation=consultation,
        awareness=awareness,
        review=review,
        submitted_review=submitted,
        annotations=annotations,
        swot=swot,
        pestle=pestle,
        reference=reference,
        tag=tag,
        export_job=export_job,
        import_session=import_session,
        reminder=reminder,
        access_attempt=access_attempt,
        access_log=access_log,
        failure_log=failure_log,
        exhibit=exhibit,
        shared={
            RiskMatrix: register.matrix,
            Criterion: tag.criterion,
            Group: Group.objects.get_or_create(name="Supervisors")[0],
            # The export's task in the queue's table (its admin is for superusers).
            DBTaskResult: DBTaskResult.objects.get(id=render_export.enqueue(str(export_job.pk)).id),
        },
    )


def _png_upload():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "orange").save(out, "PNG")
    return SimpleUploadedFile("sign.png", out.getvalue())


def snapshot(world: World) -> dict:
    """Every row of the world and everything in its register, as comparable values."""
    rows = {}
    for obj in world.objects():
        model = type(obj)
        values = model._default_manager.filter(pk=obj.pk).values().first()
        values.pop("last_login", None)  # signing in as the member is no change to the data
        rows[f"{model._meta.label} {obj.pk}"] = values
    for model in (Stage, Risk, Assessment, Action, Consultation, Review, Annotation):
        rows[f"count {model._meta.label}"] = model.objects.filter(
            **({"risk__register": world.register} if model is Assessment else {})
            | ({} if model is Assessment else {"register": world.register})
        ).count()
    rows["count awareness"] = AwarenessRecord.objects.filter(risk__register=world.register).count()
    rows["count swot"] = SwotItem.objects.filter(register=world.register).count()
    rows["count tags"] = CriterionTag.objects.filter(register=world.register).count()
    rows["risk links"] = sorted(world.action.risks.values_list("pk", flat=True))
    rows["review links"] = sorted(world.review.risks.values_list("pk", flat=True))
    rows["registers of the team"] = sorted(
        str(pk) for pk in Register.objects.filter(team=world.team).values_list("pk", flat=True)
    )
    return rows
