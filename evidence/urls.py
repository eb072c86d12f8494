from django.urls import path

from evidence import views

app_name = "evidence"

# Included at registers/<uuid:register_id>/evidence/.
urlpatterns = [
    path("", views.pack, name="pack"),
    path("preview/", views.preview, name="preview"),
    path("exports/<uuid:export_id>/", views.export, name="export"),
    path("exports/<uuid:export_id>/download/", views.download, name="download"),
]
