from django.urls import path

from interchange import views

app_name = "interchange_register"

urlpatterns = [
    path("export/", views.export, name="export"),
    path("export/<str:fmt>/", views.download, name="download"),
]
