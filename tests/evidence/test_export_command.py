"""manage.py export_evidence: the pack from the command line, at any size."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests import builders
from tests.evidence.reading import all_text, outline_titles, reader


@pytest.fixture
def small(register, stage):
    builders.make_risk(register, stage=stage, title="Slippery floor", rating=(2, 2, 2, 2))
    return register


def test_it_writes_the_pack_to_a_file(small, member, tmp_path):
    target = tmp_path / "pack.pdf"
    out = StringIO()
    call_command("export_evidence", str(small.pk), "-o", str(target), stdout=out)
    assert f"Wrote {target}:" in out.getvalue()
    titles = outline_titles(target.read_bytes())
    assert "Risk details" in titles and "Criteria coverage" in titles
    assert reader(target.read_bytes()).metadata.author == "Mia Member"  # the owner


def test_it_takes_sections_and_options(small, supervisor, tmp_path):
    target = tmp_path / "pack.pdf"
    call_command(
        "export_evidence",
        small.title,
        "-o",
        str(target),
        "--sections",
        "register,risks",
        "reviews",
        "--no-annotations",
        "--redact-names",
        "--as",
        "sam",
    )
    titles = outline_titles(target.read_bytes())
    assert {"Risk register", "Risk details", "Reviews and sign-off"} <= set(titles)
    assert "Action log" not in titles
    text = all_text(target.read_bytes())
    assert "Sam Supervisor" not in text and "Learner" in text


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["No such register", "-o", "x.pdf"], "No register is called"),
        (["00000000-0000-0000-0000-000000000000", "-o", "x.pdf"], "No register with id"),
        (["Front desk register", "-o", "x.pdf", "--sections", "nonsense"], "Unknown sections"),
        (["Front desk register", "-o", "x.pdf", "--as", "nobody"], "No user 'nobody'"),
        (["Front desk register"], "Give a register and -o FILE.pdf"),
    ],
)
def test_it_explains_what_is_wrong(small, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_evidence", *arguments)
