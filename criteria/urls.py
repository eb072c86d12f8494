from django.urls import path

from criteria import declaration_views, explanation_views, views

app_name = "criteria"

urlpatterns = [
    path("", views.coverage_page, name="coverage"),
    path("tags/", views.tag_create, name="tag_create"),
    path("tags/<int:tag_id>/delete/", views.tag_delete, name="tag_delete"),
    path("explain/<slug:anchor>/", explanation_views.explanation_page, name="explain"),
    path("declaration/", declaration_views.declaration_page, name="declaration"),
]
