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

        def option(value, label) -> None:
            nonlocal wanted
            value = "" if value is None else str(value)
            selected = ""
            if value in wanted:
                selected, wanted = " selected", set()
            parts.append(f'<option value="{escape(value)}"{selected}>{escape(str(label))}</option>')

        for value, label in self.choices:
            if isinstance(label, list | tuple | Iterator):
                parts.append(f'<optgroup label="{escape(str(value))}">')
                for option_value, option_label in label:
                    option(option_value, option_label)
                parts.append("</optgroup>")
            else:
                option(value, label)
        return mark_safe(  # every value and label escaped above
            f'<select name="{escape(name)}"{flatatt(widget["attrs"])}>{"".join(parts)}</select>'
        )
