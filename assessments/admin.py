"""Admin for risks and what is done about them, and the supervisors' sign-off of reviews.

Every class is scoped to the teams the signed-in supervisor supervises (see
``riskportal.admin_scoping``). Ratings are append-only and signed-off reviews frozen, so
neither can be changed or deleted here; history is shown read-only.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from assessments import review_changes, reviews
from assessments.models import (
    WITNESSABLE_CRITERIA,
    Action,
    Annotation,
    Assessment,
    AwarenessRecord,
    Category,
    Consultation,
    PestleItem,
    Reference,
    ReminderLog,
    Review,
    Risk,
    SwotItem,
)
from registers.models import Team
from registers.templatetags.levels import level_badge
from riskportal.admin_scoping import (
    ScopedAdmin,
    ScopedHistoryAdmin,
    ScopedInline,
    is_site_admin,
)
from riskportal.people import display_name


class CreatedInTheAppMixin:
    """Records made on the register's pages, whose workflows number, rate and link them;
    the admin reviews and corrects them but does not create them."""

    def has_add_permission(self, request):
        return False


@admin.register(Reference)
class ReferenceAdmin(ScopedAdmin):
    list_display = ["title", "kind", "citation", "team"]
    list_filter = ["kind", "team"]
    search_fields = ["title", "citation"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def scope_queryset(self, queryset, request):
        # Laws and national codes (no team) are shared by every team.
        teams = Team.objects.supervised_by(request.user)
        return queryset.filter(Q(team__isnull=True) | Q(team__in=teams))

    def has_change_permission(self, request, obj=None):
        shared = obj is not None and obj.team_id is None
        return super().has_change_permission(request, obj) and (
            not shared or is_site_admin(request)
        )

    def has_delete_permission(self, request, obj=None):
        shared = obj is not None and obj.team_id is None
        return super().has_delete_permission(request, obj) and (
            not shared or is_site_admin(request)
        )


# --- risks and ratings ------------------------------------------------------------------


class AwaitingSupervisorFilter(admin.SimpleListFilter):
    title = "supervisor"
    parameter_name = "awaiting"

    def lookups(self, request, model_admin):
        return [("1", "Awaiting supervisor"), ("0", "Not awaiting")]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.awaiting_supervisor()
        if self.value() == "0":
            return queryset.exclude(pk__in=Risk.objects.awaiting_supervisor().values("pk"))
        return queryset


class AssessmentInline(ScopedInline, admin.TabularInline):
    model = Assessment
    fields = ["tier", "explanation", "rationale", "assessed_by", "assessed_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["-assessed_at", "-pk"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Risk)
class RiskAdmin(CreatedInTheAppMixin, ScopedHistoryAdmin):
    list_display = [
        "reference",
        "title",
        "register",
        "current_level",
        "awaiting_supervisor",
        "decision",
        "status",
    ]
    list_display_links = ["reference", "title"]
    list_filter = [AwaitingSupervisorFilter, "category", "decision", "status", "register__team"]
    search_fields = ["title", "cause", "event", "consequence"]
    list_select_related = ["register", "inherent_rating", "residual_rating"]
    readonly_fields = [
        "register",
        "current_level",
        "awaiting_supervisor",
        "inherent_rating",
        "residual_rating",
        "cleared_rating",
        "next_review_date",
    ]
    autocomplete_fields = ["owner"]
    inlines = [AssessmentInline]

    def get_autocomplete_fields(self, request):
        # Only site administrators may search all users; supervisors pick from a list.
        return self.autocomplete_fields if is_site_admin(request) else []

    @admin.display(description="Current level")
    def current_level(self, risk: Risk):
        rating = risk.current_rating
        return level_badge(rating and rating.level_code, rating and rating.level_label)

    @admin.display(description="Awaiting supervisor")
    def awaiting_supervisor(self, risk: Risk) -> str:
        return "Awaiting supervisor" if risk.awaiting_supervisor else "No"


@admin.register(Assessment)
class AssessmentAdmin(CreatedInTheAppMixin, ScopedHistoryAdmin):
    """Ratings are append-only evidence: nobody adds, changes or deletes one here."""

    list_display = ["risk", "tier", "score", "level", "assessed_by", "assessed_at"]
    list_filter = ["tier", "level_code", "risk__register__team"]
    list_select_related = ["risk", "assessed_by"]

    @admin.display(description="Level", ordering="level_code")
    def level(self, rating: Assessment):
        return level_badge(rating.level_code, rating.level_label)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Action)
class ActionAdmin(CreatedInTheAppMixin, ScopedHistoryAdmin):
    list_display = ["description", "register", "status", "due_date", "owner", "overdue"]
    list_filter = ["status", "kind", "register__team"]
    search_fields = ["description"]
    list_select_related = ["register", "owner"]
    readonly_fields = ["register"]

    @admin.display(description="Overdue")
    def overdue(self, action: Action) -> str:
        return "Overdue" if action.is_overdue() else ""


@admin.register(Consultation)
class ConsultationAdmin(CreatedInTheAppMixin, ScopedHistoryAdmin):
    list_display = ["date", "group", "register", "people"]
    list_filter = ["group", "register__team"]
    list_select_related = ["register"]
    readonly_fields = ["register"]


@admin.register(AwarenessRecord)
class AwarenessRecordAdmin(CreatedInTheAppMixin, ScopedHistoryAdmin):
    list_display = ["risk", "audience", "method", "date"]
    list_filter = ["audience", "method", "risk__register__team"]
    list_select_related = ["risk"]
    readonly_fields = ["risk"]


# --- reviews and sign-off ---------------------------------------------------------------


class ReviewStateFilter(admin.SimpleListFilter):
    """The review list opens on the reviews awaiting sign-off."""

    title = "state"
    parameter_name = "state"
    AWAITING = Review.State.SUBMITTED.value

    def lookups(self, request, model_admin):
        return [
            (self.AWAITING, "Awaiting sign-off"),
            (Review.State.RETURNED.value, "Returned"),
            (Review.State.DRAFT.value, "Draft"),
            (Review.State.SIGNED_OFF.value, "Signed off"),
            ("all", "All"),
        ]

    def value(self):
        return super().value() or self.AWAITING

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == "all":
            return queryset
        return queryset.filter(state=self.value())


class CommentForm(forms.Form):
    comment = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text="Required when you return a review: say what needs changing.",
    )


class DecisionForm(CommentForm):
    """The sign-off panel of one review: its two buttons post ``decision``."""

    decision = forms.ChoiceField(choices=[("sign_off", "Sign off"), ("return", "Return")])
    witness_statement = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        help_text=(
            "What you saw the learner do at work yourself: when, where and how they assessed "
            "and handled these risks. It is sealed with the sign-off and printed in the "
            "evidence pack."
        ),
    )
    witnessed_criteria = forms.MultipleChoiceField(
        required=False,
        choices=list(WITNESSABLE_CRITERIA.items()),
        widget=forms.CheckboxSelectMultiple,
        label="What your statement witnesses",
        help_text=(
            "Tick only what you saw yourself. The evidence coverage shows these criteria as "
            "witnessed, quoting your statement."
        ),
    )

    #: Where a refused sign-off keeps what the supervisor typed for the next page.
    SESSION_KEY = "review-decision-{pk}"

    def keep(self, session, review) -> None:
        """Keep the typed statement, ticks and comment for the page shown after a refusal."""
        session[self.SESSION_KEY.format(pk=review.pk)] = {
            "comment": self.data.get("comment", ""),
            "witness_statement": self.data.get("witness_statement", ""),
            "witnessed_criteria": self.data.getlist("witnessed_criteria"),
        }

    @classmethod
    def kept(cls, session, review) -> DecisionForm:
        """The form as the supervisor left it when a sign-off was refused, else empty."""
        data = session.pop(cls.SESSION_KEY.format(pk=review.pk), None)
        return cls(initial=data) if data else cls()


MEETING_FIELDS = [
    "date",
    "reviewer",
    "attendees",
    "minutes",
    "outcome",
    "next_review_date",
    "risks",
    "learner_part",
]
WORKFLOW_FIELDS = [
    "state",
    "submitted_by",
    "submitted_at",
    "signed_off_by",
    "signed_off_at",
    "sign_off_comment",
    "witness_statement",
    "witnessed",
    "returned_by",
    "returned_at",
    "return_comment",
    "integrity_status",
]


@admin.register(Review)
class ReviewAdmin(CreatedInTheAppMixin, ScopedHistoryAdmin):
    list_display = [
        "register",
        "date",
        "team",
        "state",
        "submitter",
        "submitted_at",
        "high_or_escalated",
    ]
    list_display_links = ["register", "date"]
    list_filter = [ReviewStateFilter, "register__team"]
    list_select_related = ["register__team", "submitted_by"]
    search_fields = ["register__title", "attendees", "minutes"]
    actions = ["sign_off_selected", "return_selected"]

    # --- permissions ---

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_frozen:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_frozen:
            return False
        return super().has_delete_permission(request, obj)

    def has_sign_off_permission(self, request) -> bool:
        """May use the sign-off and return buttons; the workflow still checks the team."""
        return request.user.has_perm("assessments.change_review")

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # it would not spare signed-off reviews
        return actions

    # --- the change page ---

    def get_fieldsets(self, request, obj=None):
        meeting = ["register", *MEETING_FIELDS]
        if obj is not None and obj.is_editable and self.has_change_permission(request, obj):
            meeting.append("version")
        return [
            (None, {"fields": meeting}),
            ("Sign-off", {"fields": WORKFLOW_FIELDS}),
            ("Ratings reviewed", {"fields": ["snapshot_table"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), "register", *WORKFLOW_FIELDS]
        readonly.append("snapshot_table")
        if obj is None or not obj.is_editable:
            readonly += MEETING_FIELDS
        return list(dict.fromkeys(readonly))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        review = self.get_object(request, unquote(object_id))
        context = {
            # A review nobody may edit here reads as a page: what was reviewed, what changed
            # since the last review, the witness statement, then the decision.
            "reading_page": review is not None
            and not (review.is_editable and self.has_change_permission(request, review)),
            "integrity": reviews.integrity(review),
            "can_decide": review.state == Review.State.SUBMITTED
            and self.has_sign_off_permission(request),
            "decision_form": DecisionForm.kept(request.session, review),
            "decide_url": reverse("admin:assessments_review_decide", args=[review.pk]),
        }
        if context["reading_page"]:
            context.update(
                review=review,
                changes=review_changes.since_last_review(review),
                snapshot=self.snapshot_table(review),
                high_or_escalated=reviews.high_or_escalated(review.snapshot),
            )
        if context["can_decide"]:
            context["sign_off_refusal"] = reviews.sign_off_refusal(review, request.user)
            context["return_refusal"] = reviews.return_refusal(review, request.user)
        if not review.is_editable:
            context.update(
                show_save=False, show_save_and_continue=False, show_save_and_add_another=False
            )
        context.update(extra_context or {})
        return super().change_view(request, object_id, form_url, context)

    def changelist_view(self, request, extra_context=None):
        awaiting = (
            request.GET.get("state", ReviewStateFilter.AWAITING) == ReviewStateFilter.AWAITING
        )
        context = {"title": "Reviews awaiting sign-off"} if awaiting else {}
        return super().changelist_view(request, {**context, **(extra_context or {})})

    @admin.display(description="Submitted by", ordering="submitted_by__last_name")
    def submitter(self, review: Review) -> str:
        return display_name(review.submitted_by)

    @admin.display(description="Team", ordering="register__team__name")
    def team(self, review: Review) -> Team:
        return review.register.team

    @admin.display(description="High or escalated")
    def high_or_escalated(self, review: Review) -> int:
        return reviews.high_or_escalated(review.snapshot)

    @admin.display(description="Witness statement speaks for")
    def witnessed(self, review: Review) -> str:
        return "; ".join(review.witnessed_labels) or "—"

    @admin.display(description="Seal")
    def integrity_status(self, review: Review):
        check = reviews.integrity(review)
        if check.altered or check.unverified_restore:
            return format_html('<strong class="errornote">{}</strong>', check.message)
        if check.signed_off:
            return format_html("{}<br><code>{}</code>", check.message, check.content_hash)
        return check.message

    @admin.display(description="Snapshot of the ratings")
    def snapshot_table(self, review: Review):
        labels = dict(Category.choices)
        rows = [
            {
                **entry,
                "category_label": labels.get(entry.get("category"), entry.get("category")),
            }
            for entry in review.snapshot or []
        ]
        return render_to_string("admin/assessments/review/snapshot_table.html", {"rows": rows})

    # --- signing off and returning ---

    def get_urls(self):
        return [
            path(
                "<path:object_id>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="assessments_review_decide",
            ),
            *super().get_urls(),
        ]

    def _decide(
        self,
        request,
        review: Review,
        decision: str,
        comment: str,
        witness_statement: str = "",
        witnessed_criteria=(),
    ) -> bool:
        """Sign off or return ``review``; a refusal becomes an error message."""
        try:
            if decision == "sign_off":
                reviews.sign_off_review(
                    review=review,
                    by=request.user,
                    comment=comment,
                    witness_statement=witness_statement,
                    witnessed_criteria=witnessed_criteria,
                )
            else:
                reviews.return_review(review=review, by=request.user, comment=comment)
        except ValidationError as refusal:
            self.message_user(request, f"{review}: {' '.join(refusal.messages)}", messages.ERROR)
            return False
        return True

    def decide_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        review = self.get_object(request, unquote(object_id))
        if not self.has_sign_off_permission(request):
            raise PermissionDenied
        form = DecisionForm(request.POST)
        if not form.is_valid():
            self.message_user(request, "Choose to sign off or return the review.", messages.ERROR)
        elif self._decide(request, review, **form.cleaned_data):
            verb = "signed off" if form.cleaned_data["decision"] == "sign_off" else "returned"
            self.message_user(request, f"{review} {verb}.", messages.SUCCESS)
            return redirect("admin:assessments_review_changelist")
        form.keep(request.session, review)  # the page after the refusal shows it again
        return redirect("admin:assessments_review_change", review.pk)

    def _decide_selected(self, request, queryset, decision: str):
        """Bulk sign-off or return, with an intermediate page asking for the comment."""
        form = CommentForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            done = [
                review
                for review in queryset.select_related("register")
                if self._decide(request, review, decision, form.cleaned_data["comment"])
            ]
            if done:
                verb = "Signed off" if decision == "sign_off" else "Returned"
                count = len(done)
                self.message_user(
                    request, f"{verb} {count} review{'s' if count != 1 else ''}.", messages.SUCCESS
                )
            return None
        verb = "Sign off" if decision == "sign_off" else "Return"
        context = {
            **self.admin_site.each_context(request),
            "title": f"{verb} {queryset.count()} reviews",
            "opts": self.model._meta,
            "reviews": queryset.select_related("register__team", "submitted_by"),
            "form": CommentForm(),
            "decision": decision,
            "verb": verb,
            "action": f"{decision}_selected",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "select_across": request.POST.get("select_across", "0"),
        }
        return TemplateResponse(request, "admin/assessments/review/decide_selected.html", context)

    @admin.action(description="Sign off selected reviews", permissions=["sign_off"])
    def sign_off_selected(self, request, queryset):
        return self._decide_selected(request, queryset, "sign_off")

    @admin.action(description="Return selected reviews for changes", permissions=["sign_off"])
    def return_selected(self, request, queryset):
        return self._decide_selected(request, queryset, "return")


# --- analysis and notes -----------------------------------------------------------------


@admin.register(Annotation)
class AnnotationAdmin(CreatedInTheAppMixin, ScopedHistoryAdmin):
    list_display = ["text", "register", "include_in_pdf", "author", "created_at"]
    list_filter = ["include_in_pdf", "register__team"]
    list_select_related = ["register", "author"]
    readonly_fields = ["register", *Annotation.TARGETS, "author"]


@admin.register(SwotItem)
class SwotItemAdmin(CreatedInTheAppMixin, ScopedHistoryAdmin):
    list_display = ["quadrant", "text", "register"]
    list_filter = ["quadrant", "register__team"]
    list_select_related = ["register"]
    readonly_fields = ["register"]


@admin.register(PestleItem)
class PestleItemAdmin(CreatedInTheAppMixin, ScopedHistoryAdmin):
    list_display = ["factor", "text", "register"]
    list_filter = ["factor", "register__team"]
    list_select_related = ["register"]
    readonly_fields = ["register"]


@admin.register(ReminderLog)
class ReminderLogAdmin(ScopedAdmin):
    """What ``send_reminders`` sent, for site administrators; nobody edits it."""

    list_display = ["sent_on", "kind", "object_id", "recipient"]
    list_filter = ["kind", "sent_on"]
    list_select_related = ["recipient"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
