"""The admin site: Django's, with its "view on site" shortcut scoped like everything else.

Django's ``admin/r/<content type>/<id>/`` redirects any staff user to any object's page,
which would reveal another team's register id. Here it answers 404 unless the object is
in what the model's admin shows the user. Enabled by listing
``riskportal.admin_site.AdminConfig`` instead of ``django.contrib.admin`` in settings.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.http import Http404
from django.urls import path


class ScopedAdminSite(admin.AdminSite):
    site_header = "riskportal admin"
    site_title = "riskportal admin"
    index_title = "Administration"
    # The app's pages have no side menu either; without it the lists fit 1280 px.
    enable_nav_sidebar = False

    def view_on_site(self, request, content_type_id, object_id):
        from django.contrib.contenttypes.models import ContentType
        from django.contrib.contenttypes.views import shortcut

        from riskportal.admin_scoping import TeamScopedAdminMixin

        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except ContentType.DoesNotExist:
            raise Http404("No such object.") from None
        model_admin = self._registry.get(model)
        if not isinstance(model_admin, TeamScopedAdminMixin):
            raise Http404("No such object.")
        model_admin.get_object(request, object_id)  # 404 outside the user's teams
        return shortcut(request, content_type_id, object_id)

    def get_urls(self):
        scoped = path(
            "r/<int:content_type_id>/<path:object_id>/",
            self.admin_view(self.view_on_site),
            name="view_on_site",
        )
        return [
            scoped,
            *(url for url in super().get_urls() if getattr(url, "name", None) != "view_on_site"),
        ]


class AdminConfig(DjangoAdminConfig):
    default_site = "riskportal.admin_site.ScopedAdminSite"
