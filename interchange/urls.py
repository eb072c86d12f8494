from django.urls import path

from interchange import views

app_name = "interchange"

urlpatterns = [
    path("", views.start, name="start"),
    path("<uuid:session_id>/sheet/", views.sheet, name="sheet"),
    path("<uuid:session_id>/mapping/", views.mapping, name="mapping"),
    path("<uuid:session_id>/preview/", views.preview, name="preview"),
]
