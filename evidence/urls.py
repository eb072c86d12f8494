from django.urls import path

from evidence import views

app_name = "evidence"

# Included at registers/<uuid:register_id>/evidence/.
urlpatterns = [
    path("", views.pack, name="pack"),
    path("preview/", views.preview, name="preview"),
    path("jobs/<uuid:job_id>/", views.job, name="job"),
    path("jobs/<uuid:job_id>/download/", views.job_download, name="job_download"),
]
