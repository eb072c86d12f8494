"""Form widgets the project needs beyond Django's own."""

from __future__ import annotations

from collections.abc import Iterator
from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe


class LongSelect(forms.Select):
    """A ``Select`` for choices that run into thousands (every record of a large register).

    Django's ``Select`` renders each option through a template include of its own, after
    building a dictionary of attributes for it: for 11,000 options, most of the coverage
    page's time. This writes the same HTML straight from ``choices`` (groups one level
    deep, as ``Select`` allows). Options carry only their value, ``selected`` (the first
    option matching the value, as ``Select`` marks it) and label.

    ``choices`` are kept as given, not normalised option by option as ``Select`` does:
    give pairs, ``(value, label)`` or ``(group, options)`` with ``options`` a list, tuple
    or iterator of pairs; an iterable that works the options out on each pass keeps a long
    list from being held in memory.
    """

    @property
    def choices(self):
        return self._choices

    @choices.setter
    def choices(self, value):
        self._choices = value

    def render(self, name, value, attrs=None, renderer=None):
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        wanted = set(widget["value"])
        parts = []
        for group, label in self.choices:
            grouped = isinstance(label, list | tuple | Iterator)
            if grouped:
                parts.append(f'<optgroup label="{escape(str(group))}">')
            for option_value, option_label in label if grouped else ((group, label),):
                option_value = "" if option_value is None else str(option_value)
                selected = ""
                if option_value in wanted:  # the first option of the value only
                    selected, wanted = " selected", ()
                parts.append(
                    f'<option value="{escape(option_value)}"{selected}>'
                    f"{escape(str(option_label))}</option>"
                )
            if grouped:
                parts.append("</optgroup>")
        return mark_safe(  # every value and label escaped above
            f'<select name="{escape(name)}"{flatatt(widget["attrs"])}>{"".join(parts)}</select>'
        )
