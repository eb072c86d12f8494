"""Top-level URLs: authentication, the admin and each app's pages.

Register pages nest under ``registers/<uuid>/``; each app includes its own part.
"""

from django.contrib import admin
from django.urls import include, path

from riskportal.password_reset import ThrottledPasswordResetView
from riskportal.views import healthz

register_pages = [
    path("journey/", include("journeys.urls")),
    path("", include("assessments.urls")),
    path("evidence/", include("evidence.urls")),
    path("coverage/", include("criteria.urls")),
    path("", include("interchange.register_urls")),
]

urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    path(
        "accounts/password_reset/",
        ThrottledPasswordResetView.as_view(),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("registers/", include("registers.urls")),
    path("registers/<uuid:register_id>/", include(register_pages)),
    path("import/", include("interchange.urls")),
    path("", include("dashboard.urls")),
]
