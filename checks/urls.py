from django.urls import path

from checks import views

app_name = "checks"

urlpatterns = [
    path("dismiss/", views.dismiss_finding, name="dismiss"),
    path("reopen/", views.reopen_finding, name="reopen"),
]
