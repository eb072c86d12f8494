"""A URL conf with one careless view added, to show the access tests would catch it."""

from django.http import HttpResponse
from django.urls import path

from registers.models import Register
from riskportal.urls import urlpatterns as project_urlpatterns


def leaky_register_title(request, register_id):
    # Fetched without visible_to(): the mistake the access suite exists to catch.
    return HttpResponse(Register.objects.get(pk=register_id).title)


def mystery(request, mystery_id):
    return HttpResponse("?")


urlpatterns = [
    path("registers/<uuid:register_id>/leak/", leaky_register_title, name="leak"),
    *project_urlpatterns,
]

mystery_urlpatterns = [path("mystery/<int:mystery_id>/", mystery, name="mystery")]
