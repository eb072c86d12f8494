"""A restore trusts nothing in the file: a sign-off counts as verified only with a seal this
instance made for that very content; every rating is rated again; history says it was
restored; a damaged or hostile file gets a sentence, never a traceback, and writes nothing.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import random

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.urls import reverse

from assessments import reviews
from assessments.models import Assessment, Review, Risk
from assessments.reviews import SealStatus
from evidence.pack import PackOptions, build_pack
from interchange import backup
from registers.models import Register
from riskportal.admin_scoping import ensure_supervisors_group
from riskportal.history import RESTORED_REASON
from tests.builders import add_member, force_update, make_review, row_counts

pytestmark = pytest.mark.django_db

NOT_VERIFIED = "according to the backup; not verified by this instance."


def restored_review(register) -> Review:
    return Review.objects.select_related("signed_off_by").get(
        register=register, state=Review.State.SIGNED_OFF
    )


@pytest.fixture
def data(register_with_history):
    return json.loads(backup.dump_json(register_with_history))


@pytest.fixture
def signed_item(data) -> dict:
    (item,) = [r for r in data["reviews"] if r["state"] == "signed_off"]
    return item


# --- the seal ---------------------------------------------------------------------------


def test_a_genuine_backup_restored_here_keeps_its_sign_off_verified(data, other_team):
    copy_ = backup.load_register(data, team=other_team, users="all")
    review = restored_review(copy_)
    assert reviews.seal_status(review) == SealStatus.VERIFIED


@pytest.mark.parametrize("ticked", [[], ["OCR ER1"]], ids=["empty", "with a value"])
def test_a_backup_sealed_before_the_newer_sealed_fields_still_verifies(
    data, signed_item, other_team, register_with_history, ticked
):
    """A file written before the learner's part and the witnessed criteria joined the seal
    lacks them and was sealed without them: restored empty, it still verifies; a value the
    old seal never covered does not."""
    newer = ("learner_part", "witnessed_criteria")
    for name in newer:
        signed_item.pop(name)
    old_shape = {
        k: v
        for k, v in backup._sealed_part(signed_item, register_with_history.title).items()
        if k not in newer
    }
    signed_item["seal"] = reviews.sign(old_shape, reviews.BACKUP)
    if ticked:
        signed_item["witnessed_criteria"] = ticked
    review = restored_review(backup.load_register(data, team=other_team, users="all"))
    expected = SealStatus.UNVERIFIED_RESTORE if ticked else SealStatus.VERIFIED
    assert reviews.seal_status(review) == expected


def test_a_draft_turned_into_a_sign_off_in_the_file_is_not_verified(
    register_with_history, supervisor, other_team, client
):
    make_review(
        register_with_history,
        risks=list(register_with_history.risks.all()),
        date=dt.date(2026, 3, 20),
    )
    data = json.loads(backup.dump_json(register_with_history))
    draft = next(r for r in data["reviews"] if r["state"] == "draft")
    genuine = next(r for r in data["reviews"] if r["state"] == "signed_off")
    draft.update(
        state="signed_off",
        signed_off_by="sam",
        signed_off_at="2026-03-21T09:30:00+00:00",
        sign_off_comment="Looks fine.",
        seal=genuine["seal"],  # a real seal, of another review
        content_hash_verified=True,  # what the old format trusted
        content_hash=genuine["content_hash"],
    )
    add_member(other_team, supervisor, "supervisor")
    restored = backup.load_register(data, team=other_team)
    forged = Review.objects.get(register=restored, date=dt.date(2026, 3, 20))
    assert forged.state == Review.State.SIGNED_OFF
    assert reviews.seal_status(forged) == SealStatus.UNVERIFIED_RESTORE
    assert not reviews.verify(forged)
    message = reviews.integrity(forged).message
    assert message == f"Signed off on 21 March 2026 by Sam Supervisor {NOT_VERIFIED}"

    # The page, the admin and the PDF all say so, and none says "unchanged".
    supervisor.is_staff = True
    supervisor.save()
    supervisor.groups.add(ensure_supervisors_group(Group, Permission))
    client.force_login(supervisor)
    page = client.get(
        reverse(
            "assessments:review_detail",
            kwargs={"register_id": restored.pk, "review_id": forged.pk},
        )
    ).content.decode()
    assert message in page and "Unchanged since sign-off" not in page
    assert "Signed off according to a backup" in page
    admin = client.get(reverse("admin:assessments_review_change", args=[forged.pk]))
    assert admin.status_code == 200
    assert message in admin.content.decode()
    assert "Unchanged since sign-off" not in admin.content.decode()
    pack = build_pack(
        Register.objects.get(pk=restored.pk), learner=supervisor, options=PackOptions()
    )
    (entry,) = [r for r in pack.content.reviews if r.date == dt.date(2026, 3, 20)]
    assert entry.seal_status == SealStatus.UNVERIFIED_RESTORE
    assert entry.seal_message == message


def test_minutes_edited_in_a_sealed_review_are_not_verified(data, signed_item, other_team):
    signed_item["minutes"] = "We decided nothing needed doing."
    signed_item["content_hash_verified"] = True
    review = restored_review(backup.load_register(data, team=other_team, users="all"))
    assert review.minutes == "We decided nothing needed doing."
    assert reviews.seal_status(review) == SealStatus.UNVERIFIED_RESTORE


@pytest.mark.parametrize("name", [f.name for f in reviews.sealed_fields()])
def test_any_sealed_field_edited_in_the_file_loses_the_verification(
    data, signed_item, other_team, name
):
    changed = {
        "date": "2020-01-01",
        "reviewer": None,
        "next_review_date": "2031-01-01",
        "snapshot": signed_item["snapshot"][:-1],
        "signed_off_by": "mia",
        "signed_off_at": "2026-03-01T08:00:00+00:00",
        "learner_part": "led",
        "witnessed_criteria": ["OCR ER1", "NOS PC6"],
    }.get(name, f"{signed_item.get(name)} (edited)")
    assert changed != signed_item.get(name)
    signed_item[name] = changed
    review = restored_review(backup.load_register(data, team=other_team, users="all"))
    assert reviews.seal_status(review) == SealStatus.UNVERIFIED_RESTORE


def test_a_backup_of_another_instance_is_not_verified_here(data, other_team, settings):
    settings.SIGN_OFF_SEAL_KEY = "the-seal-key-of-another-instance-32-chars-long"
    review = restored_review(backup.load_register(data, team=other_team, users="all"))
    assert reviews.seal_status(review) == SealStatus.UNVERIFIED_RESTORE


def test_a_signer_not_found_here_means_the_sign_off_is_not_verified(data, other_team, supervisor):
    add_member(other_team, supervisor, "supervisor")  # the reviewer, mia, is not a member
    review = restored_review(backup.load_register(data, team=other_team))
    assert review.reviewer is None
    assert reviews.seal_status(review) == SealStatus.UNVERIFIED_RESTORE


def test_an_unverified_sign_off_stays_unverified_through_another_backup(
    data, signed_item, other_team, team
):
    signed_item["minutes"] = "Edited."
    first = backup.load_register(data, team=other_team, users="all", title="First copy")
    again = json.loads(backup.dump_json(first))
    assert next(r for r in again["reviews"] if r["state"] == "signed_off")["seal"] == ""
    second = backup.load_register(again, team=team, users="all", title="Second copy")
    assert reviews.seal_status(restored_review(second)) == SealStatus.UNVERIFIED_RESTORE


def test_a_sign_off_whose_snapshot_has_older_wording_still_verifies(
    register_with_history, other_team
):
    """Snapshots are sealed as written: a review signed off before ratings were worded in
    plain words keeps its text through a restore, and its seal."""
    review = Review.objects.get(register=register_with_history, state=Review.State.SIGNED_OFF)
    snapshot = copy.deepcopy(review.snapshot)
    for entry in snapshot:
        for tier in ("inherent", "residual"):
            if entry.get(tier):
                entry[tier]["explanation"] = "L3 x C4 (health & safety) = 12 -> Medium"
    review.snapshot = snapshot
    force_update(
        Review.objects.filter(pk=review.pk),
        snapshot=snapshot,
        content_hash=reviews.content_hash(review),
    )
    data = json.loads(backup.dump_json(register_with_history))
    restored = restored_review(backup.load_register(data, team=other_team, users="all"))
    assert restored.snapshot[0]["inherent"]["explanation"].startswith("L3 x C4")
    assert reviews.seal_status(restored) == SealStatus.VERIFIED


# --- history ----------------------------------------------------------------------------


def test_every_restored_history_row_is_marked_restored(
    register_with_history, data, other_team, client
):
    copy_ = backup.load_register(data, team=other_team, users="all")
    rows = []
    for model in (Register, Risk, Assessment, Review):
        if model is Register:
            rows += list(model.history.filter(id=copy_.pk))
        elif model is Assessment:
            rows += list(model.history.filter(risk__register=copy_))
        else:
            rows += list(model.history.filter(register_id=copy_.pk))
    assert len(rows) >= 8
    assert all(row.history_change_reason.startswith(RESTORED_REASON) for row in rows)
    original = Risk.history.filter(register_id=register_with_history.pk)
    assert original.exists()
    assert not any(
        (row.history_change_reason or "").startswith(RESTORED_REASON) for row in original
    )

    risk = copy_.risks.get(number=1)
    member = risk.owner
    add_member(other_team, member, "member")
    client.force_login(member)
    page = client.get(risk.get_absolute_url()).content.decode()
    assert "restored from a backup" in page


# --- ratings ----------------------------------------------------------------------------


def test_a_rating_whose_score_and_level_disagree_with_the_matrix_is_refused(data, other_team):
    item = data["assessments"][0]
    item.update(
        likelihood=5,
        consequence_finance=5,
        consequence_reputation=5,
        consequence_health_safety=5,
        score=4,
        level_code="low",
        level_label="Low",
        consequence=5,
    )
    before = row_counts()
    with pytest.raises(backup.BackupError) as caught:
        backup.load_register(data, team=other_team, users="all")
    message = str(caught.value)
    assert message.startswith("Rating 1 (risk R-001, inherent): the file says score 4")
    assert "Likelihood 5 × consequence 5" in message and "= 25: High" in message
    assert row_counts() == before


def test_a_level_alone_forged_is_refused_too(data, other_team):
    data["assessments"][0]["level_code"] = "low"
    data["assessments"][0]["level_label"] = "Low"
    assert data["assessments"][0]["score"] >= 8  # not a Low rating
    with pytest.raises(backup.BackupError, match="the file says level 'low'"):
        backup.load_register(data, team=other_team, users="all")


def test_a_rating_off_the_matrix_is_refused(data, other_team):
    data["assessments"][0]["likelihood"] = 9
    with pytest.raises(backup.BackupError, match="Rating 1 .*between 1 and 5"):
        backup.load_register(data, team=other_team, users="all")


def test_the_explanation_is_always_the_engines(data, other_team):
    item = data["assessments"][0]
    expected = item["explanation"]
    item["explanation"] = "Likelihood 1 × consequence 1 (finance) = 1: Low"
    item["needs_supervisor"] = not item["needs_supervisor"]
    for record in item["history"]:
        record["values"]["explanation"] = "Nothing to see"
    copy_ = backup.load_register(data, team=other_team, users="all")
    rating = Assessment.objects.filter(risk__register=copy_).order_by("pk").first()
    assert rating.explanation == expected
    assert rating.history.first().explanation == expected


def test_a_forged_rating_in_history_or_in_a_snapshot_is_refused(data, signed_item, other_team):
    forged = copy.deepcopy(data)
    forged["assessments"][0]["history"][0]["values"]["score"] = 1
    with pytest.raises(backup.BackupError, match=r"Rating 1 .*history record 1: the file says"):
        backup.load_register(forged, team=other_team, users="all")
    entry = signed_item["snapshot"][0]
    entry["inherent"].update(level="low", level_label="Low")
    with pytest.raises(backup.BackupError, match=r"Review 1 of .*snapshot of R-00\d"):
        backup.load_register(data, team=other_team, users="all")


# --- damaged and hostile files ----------------------------------------------------------


def _deep(depth: int):
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


def _set(path, value):
    def change(data):
        target = data
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return change


def _drop(path):
    def change(data):
        target = data
        for step in path[:-1]:
            target = target[step]
        del target[path[-1]]

    return change


DAMAGE = {
    "deep nesting in a snapshot": (_set(("reviews", 0, "snapshot"), _deep(5000)), "nested"),
    "deep nesting in minutes": (_set(("reviews", 0, "minutes"), {"a": _deep(40)}), "nested"),
    "reviews not a list": (_set(("reviews",), "all of them"), "'reviews': expected a list"),
    "a risk not an object": (_set(("risks", 0), 7), "record 1: expected an object"),
    "a risk without its key": (_drop(("risks", 0, "key")), "'key' is missing"),
    "a key used twice": (_set(("risks", 1, "key"), 1), "used twice"),
    "a title as a number": (_set(("risks", 0, "title"), 42), "'title': expected text"),
    "a title too long": (_set(("risks", 0, "title"), "x" * 5000), "at most"),
    "a huge likelihood": (_set(("assessments", 0, "likelihood"), 10**30), "'likelihood'"),
    "a huge risk number": (_set(("risks", 0, "number"), 2**70), "'number'"),
    "a negative cost": (_set(("actions", 0, "cost_one_off"), "-5"), "action_money_not_negative"),
    "a cost of too many digits": (_set(("actions", 0, "cost_one_off"), "1" * 40), "digits"),
    "a cost that is not a number": (_set(("actions", 0, "cost_one_off"), "NaN"), "amount"),
    "a score as text": (_set(("assessments", 0, "score"), "25"), "'score': expected a whole"),
    "a true/false as text": (_set(("assessments", 0, "escalated"), "yes"), "true or false"),
    "a date that is not one": (_set(("reviews", 0, "date"), "31/02/2026"), "is not a date"),
    "a state not in the choices": (_set(("reviews", 0, "state"), "approved"), "choices"),
    "a stage key not in the file": (_set(("risks", 0, "stage"), 99), "names key 99"),
    "an action linking a missing risk": (_set(("actions", 0, "risks"), [1, 77]), "key 77"),
    "a history record without values": (
        _drop(("risks", 0, "history", 0, "values")),
        "'values' is missing",
    ),
    "a history date as a number": (
        _set(("risks", 0, "history", 0, "date"), 20260101),
        "expected a date and time",
    ),
    "history not a list": (_set(("risks", 0, "history"), {"x": 1}), "expected a list"),
    "a sign-off without its date": (
        _set(("reviews", 0, "signed_off_at"), None),
        "no sign-off date",
    ),
    "a matrix without cells": (_drop(("matrix", "cells")), "'cells': expected a list"),
    "a matrix cell malformed": (_set(("matrix", "cells", 0), [1, 1]), "expected [likelihood"),
    "no register": (_drop(("register",)), "'register' is missing"),
    "a username as a number": (_set(("users", 0, "username"), 5), "expected text"),
    "a NUL in text": (_set(("risks", 0, "cause"), "a\x00b"), "NUL"),
    "a reference not shared or not": (_set(("references", 0, "shared"), "no"), "true or false"),
    "a snapshot entry not an object": (_set(("reviews", 0, "snapshot", 0), "x"), "an object"),
}


@pytest.mark.parametrize("name", sorted(DAMAGE))
def test_a_damaged_backup_gets_a_clear_message_and_writes_nothing(data, other_team, name):
    change, expected = DAMAGE[name]
    change(data)
    before = row_counts()
    with pytest.raises(backup.BackupError) as caught:
        backup.load_register(data, team=other_team, users="create")
    assert expected in str(caught.value)
    assert "Traceback" not in str(caught.value)
    assert row_counts() == before


def test_whatever_a_check_misses_is_still_a_message_and_writes_nothing(
    data, other_team, monkeypatch
):
    """The last line: a database refusal late in the restore is reported and undone."""
    from django.db import IntegrityError

    def refuse(*args, **kwargs):
        raise IntegrityError("CHECK constraint failed: review_signed_off_complete")

    monkeypatch.setattr(backup, "_load_tags", refuse)
    before = row_counts()
    with pytest.raises(backup.BackupError, match="nothing was written: the database refused"):
        backup.load_register(data, team=other_team, users="create")
    assert row_counts() == before


RAW = {
    "deeply nested": ("[" * 100_000 + "]" * 100_000, "nested"),
    "an integer of 5,000 digits": ('{"format": ' + "9" * 5000 + "}", "value no backup has"),
    "a number too large for a float": ('{"format": 1e400}', "too large"),
    "NaN": ('{"format": NaN}', "not a number"),
    "not JSON": ("{'format': 1}", "not valid JSON"),
}


@pytest.mark.parametrize("name", sorted(RAW))
def test_the_command_refuses_a_hostile_file_with_a_message(tmp_path, team, name):
    text, expected = RAW[name]
    path = tmp_path / "backup.json"
    path.write_text(text, encoding="utf-8")
    before = row_counts()
    with pytest.raises(CommandError, match=expected):
        call_command("import_register", str(path), "--team", team.slug)
    assert row_counts() == before


def test_the_command_refuses_a_file_that_is_not_utf8(tmp_path, team):
    path = tmp_path / "backup.json"
    path.write_bytes(b'{"format": "\xff"}')
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("import_register", str(path), "--team", team.slug)


def _leaves(value, path=()):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _leaves(inner, (*path, key))
    elif isinstance(value, list) and value:
        for index, inner in enumerate(value[:2]):
            yield from _leaves(inner, (*path, index))
    yield path


def test_no_single_wrong_value_anywhere_gets_past_as_anything_but_a_message(data, other_team):
    """A sample of every place in the file, each given a value of the wrong kind: the
    restore either takes it (a harmless value) or refuses it with ``BackupError``."""
    places = [p for p in _leaves(data) if p and p[0] not in ("exported_at", "format", "version")]
    sample = random.Random(14).sample(places, 60)
    refused = 0
    for number, path in enumerate(sample):
        damaged = copy.deepcopy(data)
        _set(path, [None, "x", 10**20, [], {"a": 1}, True][number % 6])(damaged)
        try:
            restored = backup.load_register(damaged, team=other_team, users="create")
        except backup.BackupError:
            refused += 1
        else:  # room for the next one (the audit trail refuses bulk deletes)
            for risk in restored.risks.all():
                risk.delete()
            restored.delete()
    assert refused >= 30, refused


# --- exports ----------------------------------------------------------------------------


def test_the_xlsx_export_says_whether_each_sign_off_verifies(
    register_with_history, data, other_team
):
    import io

    import openpyxl

    from interchange import exporters

    data["reviews"][0]["minutes"] = "Edited in the file."
    restored = backup.load_register(data, team=other_team, users="all")
    for register, expected in (
        (register_with_history, reviews.VERIFIED_MESSAGE),
        (restored, f"Signed off on 13 February 2026 by Sam Supervisor {NOT_VERIFIED}"),
    ):
        book = openpyxl.load_workbook(io.BytesIO(exporters.render(register, "xlsx")))
        rows = list(book["Reviews"].iter_rows(values_only=True))
        column = rows[0].index("Seal status")
        assert rows[0][column - 1] == "Seal (HMAC-SHA256)"
        assert [row[column] for row in rows[1:] if row[column] != "Not signed off yet."] == [
            expected
        ]
