"""Exhibits in the admin: listed and captioned for the teams a supervisor supervises.

Files are attached on the register's pages, which check them and number them; here a
title can be corrected and an exhibit read, never uploaded or moved to another record.
"""

from __future__ import annotations

from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html

from assessments.admin import CreatedInTheAppMixin
from exhibits.models import Exhibit
from riskportal.admin_scoping import ScopedAdmin


@admin.register(Exhibit)
class ExhibitAdmin(CreatedInTheAppMixin, ScopedAdmin):
    list_display = ["label", "title", "register", "supports", "content_type", "uploaded_at"]
    list_filter = ["content_type", "register__team"]
    list_select_related = [
        "register",
        "risk",
        "action",
        "consultation",
        "awareness__risk",
        "review",
    ]
    search_fields = ["title", "sha256"]
    fields = [
        "register",
        *Exhibit.TARGETS,
        "title",
        "file_link",
        "content_type",
        "file_size",
        "pages",
        "sha256",
        "uploaded_by",
        "uploaded_at",
    ]
    readonly_fields = [
        "file_link",
        "content_type",
        "file_size",
        "pages",
        "sha256",
        "uploaded_by",
        "uploaded_at",
    ]

    @admin.display(description="No.", ordering="number")
    def label(self, obj: Exhibit) -> str:
        return obj.label

    @admin.display(description="Supports")
    def supports(self, obj: Exhibit) -> str:
        return obj.target_label

    @admin.display(description="Size")
    def file_size(self, obj: Exhibit) -> str:
        return filesizeformat(obj.size)

    @admin.display(description="File")
    def file_link(self, obj: Exhibit):
        url = reverse(
            "exhibits:exhibit_download",
            kwargs={"register_id": obj.register_id, "exhibit_number": obj.number},
        )
        return format_html('<a href="{}">Download {}</a>', url, obj.label)
