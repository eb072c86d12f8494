"""Exhibit pages; included under ``registers/<uuid:register_id>/exhibits/``."""

from django.urls import path

from exhibits import views

app_name = "exhibits"

urlpatterns = [
    path("", views.exhibit_list, name="exhibit_list"),
    path("new/", views.exhibit_upload, name="exhibit_upload"),
    path("new/<slug:kind>/<int:target_id>/", views.exhibit_upload, name="exhibit_upload_for"),
    path("E<int:exhibit_number>/download/", views.exhibit_download, name="exhibit_download"),
    path("E<int:exhibit_number>/delete/", views.exhibit_delete, name="exhibit_delete"),
]
