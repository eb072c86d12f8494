"""Register pages about risks; included under ``registers/<uuid:register_id>/``."""

from django.urls import path

from assessments.views import (
    actions,
    analysis,
    annotations,
    awareness,
    consultations,
    rating,
    reviews,
    risks,
)

app_name = "assessments"

urlpatterns = [
    path("risks/", risks.risk_list, name="risk_list"),
    path("risks/new/", risks.risk_create, name="risk_create"),
    path("risks/rating-preview/", rating.rating_preview, name="rating_preview"),
    path("risks/<int:number>/", risks.risk_detail, name="risk_detail"),
    path("risks/<int:number>/edit/", risks.risk_edit, name="risk_edit"),
    path("risks/<int:number>/rate/", rating.risk_rate, name="risk_rate"),
    path("risks/<int:number>/awareness/new/", awareness.awareness_create, name="awareness_create"),
    path("actions/", actions.action_list, name="action_list"),
    path("actions/new/", actions.action_create, name="action_create"),
    path("actions/<int:action_id>/edit/", actions.action_edit, name="action_edit"),
    path("actions/<int:action_id>/complete/", actions.action_complete, name="action_complete"),
    path("consultations/", consultations.consultation_list, name="consultation_list"),
    path("consultations/new/", consultations.consultation_create, name="consultation_create"),
    path(
        "consultations/<int:consultation_id>/edit/",
        consultations.consultation_edit,
        name="consultation_edit",
    ),
    path("awareness/", awareness.awareness_list, name="awareness_list"),
    path("awareness/<int:record_id>/edit/", awareness.awareness_edit, name="awareness_edit"),
    path(
        "annotations/new/<slug:kind>/<int:target_id>/",
        annotations.annotation_create,
        name="annotation_create",
    ),
    path(
        "annotations/<int:annotation_id>/edit/",
        annotations.annotation_edit,
        name="annotation_edit",
    ),
    path(
        "annotations/<int:annotation_id>/delete/",
        annotations.annotation_delete,
        name="annotation_delete",
    ),
    path("analysis/", analysis.analysis, name="analysis"),
    path("analysis/<slug:kind>/new/", analysis.analysis_item_create, name="analysis_item_create"),
    path(
        "analysis/<slug:kind>/<int:item_id>/edit/",
        analysis.analysis_item_edit,
        name="analysis_item_edit",
    ),
    path(
        "analysis/<slug:kind>/<int:item_id>/delete/",
        analysis.analysis_item_delete,
        name="analysis_item_delete",
    ),
    path("reviews/", reviews.review_list, name="review_list"),
    path("reviews/new/", reviews.review_create, name="review_create"),
    path("reviews/<int:review_id>/", reviews.review_detail, name="review_detail"),
    path("reviews/<int:review_id>/edit/", reviews.review_edit, name="review_edit"),
    path("reviews/<int:review_id>/submit/", reviews.review_submit, name="review_submit"),
]
