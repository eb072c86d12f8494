"""Top-level URLs: authentication, the admin and each app's pages.

Register pages nest under ``registers/<uuid>/``; each app includes its own part.
"""

from django.contrib import admin
from django.contrib.auth import urls as auth_urls
from django.urls import include, path

from riskportal.password_reset import ThrottledPasswordResetView
from riskportal.views import healthz

register_pages = [
    path("journey/", include("journeys.urls")),
    path("", include("assessments.urls")),
    path("exhibits/", include("exhibits.urls")),
    path("evidence/", include("evidence.urls")),
    path("coverage/", include("criteria.urls")),
    path("checks/", include("checks.urls")),
    path("", include("interchange.register_urls")),
]

# Django's sign-in and password pages, the reset request replaced by the throttled one.
account_pages = [
    path(str(p.pattern), ThrottledPasswordResetView.as_view(), name=p.name)
    if p.name == "password_reset"
    else p
    for p in auth_urls.urlpatterns
]

urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    path("accounts/", include(account_pages)),
    path("admin/", admin.site.urls),
    path("registers/", include("registers.urls")),
    path("registers/<uuid:register_id>/", include(register_pages)),
    path("import/", include("interchange.urls")),
    path("", include("dashboard.urls")),
]
