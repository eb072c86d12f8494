"""``LongSelect`` writes exactly the HTML of Django's ``Select``, only faster, and takes
choices worked out as it is written."""

from __future__ import annotations

import pytest
from django import forms
from django.test.html import parse_html

from riskportal.widgets import LongSelect

CHOICES = [
    ("", "Choose a record"),
    ("Risks", [("risk:1", "R-001 <script>alert(1)</script>"), ("risk:2", 'R-002 "Tom" & co')]),
    ("Stages & steps", [("stage:7", "Arrival")]),
    ("plain", "Not in a group"),
]


@pytest.mark.parametrize("value", [None, "", "risk:2", "stage:7", "plain", "not offered"])
@pytest.mark.parametrize(
    "attrs",
    [{}, {"id": "id_record", "class": "form-select is-invalid", "aria-describedby": "x y"}],
)
def test_it_renders_as_django_select_does(value, attrs):
    expected = forms.Select(choices=CHOICES).render("record", value, attrs=attrs)
    found = LongSelect(choices=CHOICES).render("record", value, attrs=attrs)
    assert parse_html(found) == parse_html(expected)
    assert "<script>" not in found


def test_a_required_field_keeps_its_required_attribute():
    class Form(forms.Form):
        record = forms.ChoiceField(choices=CHOICES, widget=LongSelect)

    expected = forms.Select(choices=CHOICES).render(
        "record", None, attrs={"required": True, "id": "id_record"}
    )
    assert parse_html(str(Form()["record"])) == parse_html(expected)


class WorkedOut:
    """``CHOICES`` worked out afresh on each pass, each group's options an iterator."""

    def __iter__(self):
        for value, label in CHOICES:
            yield value, iter(label) if isinstance(label, list) else label


def test_it_takes_choices_worked_out_on_each_pass():
    widget = LongSelect(choices=WorkedOut())
    expected = forms.Select(choices=CHOICES).render("record", "risk:2")
    # The form renders it once; another pass finds every option again.
    passes = [parse_html(widget.render("record", "risk:2")) for _ in range(2)]
    assert passes == [parse_html(expected)] * 2
