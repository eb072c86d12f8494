"""Widgets for the risk pickers: a register may hold thousands of risks."""

from __future__ import annotations

from django import forms
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe


class RiskCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes for many risks, rendered by one small template.

    Django's own widget builds a dict of attributes and renders a template for every
    option (and crispy renders its own per option), which at 5,000 risks takes seconds;
    this one writes the checkboxes as one string of HTML and its template only wraps
    it. Ids follow Django's: ``<id>_<index>``.
    """

    template_name = "assessments/widgets/risk_checkboxes.html"

    def get_context(self, name, value, attrs):
        context = forms.Widget.get_context(self, name, value, attrs)
        chosen = {str(v) for v in (value or [])}
        name, base = escape(name), escape(context["widget"]["attrs"].get("id", ""))
        context["widget"]["options"] = mark_safe(
            "".join(
                '<div class="form-check"><input type="checkbox" class="form-check-input" '
                f'name="{name}" value="{escape(str(key))}" id="{base}_{index}"'
                f"{' checked' if str(key) in chosen else ''}>"
                f'<label for="{base}_{index}" class="form-check-label">{escape(label)}</label>'
                "</div>\n"
                for index, (key, label) in enumerate(self.choices)
            )
        )
        return context

    def _render(self, template_name, context, renderer=None):
        # The project's templates, not the form renderer's (Django's own widgets only).
        return mark_safe(render_to_string(template_name, context))
