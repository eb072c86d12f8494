"""The seal of a signed-off review: a keyed HMAC over every field the sign-off vouches for,
which only this instance can make. Each sealed field, changed alone, breaks it; an erased,
plain-hash or foreign seal never passes; key order in the JSON does not matter."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import json

import pytest
from django.apps import apps
from django.utils import timezone

from assessments import reviews
from assessments.models import Review
from assessments.reviews import SealStatus, sign_off_review
from tests.builders import force_update, make_review

pytestmark = pytest.mark.django_db

#: What a sign-off vouches for, written out here rather than read from ``SEALED_FIELDS``:
#: leaving any of them out of the seal must fail a test. Each maps to a changed value.
VOUCHED_FOR = {
    "date": lambda review, other: dt.date(2020, 1, 1),
    "reviewer": lambda review, other: other,
    "attendees": lambda review, other: review.attendees + " and a visitor",
    "minutes": lambda review, other: review.minutes + " (edited)",
    "outcome": lambda review, other: "Everything is fine.",
    "next_review_date": lambda review, other: dt.date(2031, 5, 5),
    "snapshot": lambda review, other: [
        {**review.snapshot[0], "inherent": {**review.snapshot[0]["inherent"], "level": "low"}},
        *review.snapshot[1:],
    ],
    "signed_off_by": lambda review, other: other,
    "signed_off_at": lambda review, other: review.signed_off_at - dt.timedelta(days=30),
    "sign_off_comment": lambda review, other: "Approved without reading.",
}
if any(f.name == "witness_statement" for f in Review._meta.concrete_fields):
    VOUCHED_FOR["witness_statement"] = lambda review, other: "Saw nothing of the kind."
VOUCHED_FOR["witnessed_criteria"] = lambda review, other: ["OCR ER1", "NOS PC6"]
VOUCHED_FOR["learner_part"] = lambda review, other: "led"

#: Fields of a review outside the seal, each with the reason.
NOT_SEALED = {
    "id": "sealed as review_id",
    "register": "sealed as register_id",
    "state": "only a signed-off review is checked at all",
    "submitted_by": "workflow before sign-off",
    "submitted_at": "workflow before sign-off",
    "returned_by": "workflow before sign-off",
    "returned_at": "workflow before sign-off",
    "return_comment": "workflow before sign-off",
    "content_hash": "the seal itself",
    "version": "a counter for concurrent edits",
}


@pytest.fixture
def signed(register, stage, member, supervisor) -> Review:
    review = make_review(register, stage=stage, submit_by=member, outcome="Mats ordered.")
    review = sign_off_review(review=review, by=supervisor, comment="Good review, Mia.")
    return Review.objects.get(pk=review.pk)


def test_a_review_signed_off_here_verifies(signed):
    assert len(signed.content_hash) == 64
    assert reviews.seal_status(signed) == SealStatus.VERIFIED
    check = reviews.integrity(signed)
    assert check.verified and check.intact and not check.altered
    assert check.message == "Unchanged since sign-off (seal verified by this instance)."


@pytest.mark.parametrize("name", sorted(VOUCHED_FOR))
def test_changing_any_sealed_field_alone_breaks_the_seal(signed, second_supervisor, name):
    field = Review._meta.get_field(name)
    value = VOUCHED_FOR[name](signed, second_supervisor)
    assert getattr(signed, field.name) != value
    force_update(Review.objects.filter(pk=signed.pk), **{field.name: value})
    tampered = Review.objects.get(pk=signed.pk)
    assert tampered.content_hash == signed.content_hash
    assert reviews.seal_status(tampered) == SealStatus.ALTERED
    assert not reviews.verify(tampered)
    assert reviews.integrity(tampered).message.startswith("Snapshot altered after sign-off")


def test_every_field_of_a_review_is_sealed_or_named_as_outside_the_seal():
    fields = {f.name for f in Review._meta.concrete_fields}
    sealed = {f.name for f in reviews.sealed_fields()}
    assert sealed == set(VOUCHED_FOR)
    assert fields - sealed == set(NOT_SEALED), "seal the new field, or say why not here"


@pytest.mark.parametrize("erased", ["", "0" * 64, "not a seal"])
def test_an_erased_or_blank_seal_is_never_intact(signed, erased):
    review = Review.objects.get(pk=signed.pk)
    review.content_hash = erased  # the database refuses a signed-off row without a seal
    assert not reviews.verify(review)
    assert reviews.seal_status(review) == SealStatus.ALTERED
    assert reviews.integrity(review).altered


def test_a_plain_sha256_of_the_content_is_not_a_seal(signed):
    """What a file or a database edit could compute without the key."""
    content = reviews.frozen_content(signed)
    for text in (reviews.canonical(content), json.dumps(content, sort_keys=True).encode()):
        force_update(
            Review.objects.filter(pk=signed.pk), content_hash=hashlib.sha256(text).hexdigest()
        )
        assert reviews.seal_status(Review.objects.get(pk=signed.pk)) == SealStatus.ALTERED


def test_a_seal_made_with_another_key_does_not_verify_until_that_key_is_a_fallback(
    signed, settings
):
    settings.SIGN_OFF_SEAL_KEY = "a-new-seal-key-of-at-least-thirty-two-characters"
    settings.SIGN_OFF_SEAL_FALLBACK_KEYS = []
    assert reviews.seal_status(signed) == SealStatus.ALTERED
    settings.SIGN_OFF_SEAL_FALLBACK_KEYS = [settings.SECRET_KEY]
    assert reviews.verify(signed)
    # New sign-offs are sealed with the new key only.
    assert reviews.content_hash(signed) != signed.content_hash


def test_the_seal_follows_secret_key_rotation_when_it_has_no_key_of_its_own(signed, settings):
    old = settings.SECRET_KEY
    settings.SECRET_KEY = "another-secret-key-of-at-least-thirty-two-characters"
    settings.SECRET_KEY_FALLBACKS = []
    assert not reviews.verify(signed)
    settings.SECRET_KEY_FALLBACKS = [old]
    assert reviews.verify(signed)


def test_the_order_of_keys_in_the_snapshot_does_not_change_the_seal(signed):
    """A database may hand a JSON object's keys back in any order (PostgreSQL's jsonb
    sorts them its own way); the seal is computed over sorted keys."""
    assert any(len(entry) > 1 for entry in signed.snapshot)
    signed.snapshot = [
        {key: _reversed(value) for key, value in reversed(entry.items())}
        for entry in signed.snapshot
    ]
    assert list(signed.snapshot[0]) != sorted(signed.snapshot[0])
    assert reviews.verify(signed)
    stored = Review.objects.get(pk=signed.pk)  # as this database gives it back
    assert reviews.verify(stored)


def _reversed(value):
    return dict(reversed(value.items())) if isinstance(value, dict) else value


def test_a_restored_sign_off_that_was_not_verified_says_so_and_shows_later_edits(signed):
    # Signed off weeks ago: the sentence gives that day, not today's.
    force_update(
        Review.objects.filter(pk=signed.pk),
        signed_off_at=signed.signed_off_at - dt.timedelta(days=40),
    )
    signed = Review.objects.get(pk=signed.pk)
    force_update(Review.objects.filter(pk=signed.pk), content_hash=reviews.restored_seal(signed))
    restored = Review.objects.select_related("signed_off_by").get(pk=signed.pk)
    assert reviews.seal_status(restored) == SealStatus.UNVERIFIED_RESTORE
    assert not reviews.verify(restored)
    check = reviews.integrity(restored)
    assert check.unverified_restore and not check.verified and not check.altered
    when = timezone.localtime(signed.signed_off_at)
    assert check.message == (
        f"Signed off on {when.day} {when:%B %Y} by Sam Supervisor according to the backup; "
        "not verified by this instance."
    )
    force_update(Review.objects.filter(pk=signed.pk), minutes="Changed after the restore.")
    altered = Review.objects.get(pk=signed.pk)
    assert reviews.seal_status(altered) == SealStatus.ALTERED
    assert reviews.integrity(altered).message == (
        "Snapshot altered after sign-off: the review no longer matches the seal stored when it "
        "was signed off. Treat it as unreliable evidence and tell a site administrator."
    )


def test_the_migration_reseals_the_old_hashes_that_still_match(signed, register, stage, member):
    def old_hash(review):
        text = json.dumps(reviews.frozen_content(review), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    force_update(Review.objects.filter(pk=signed.pk), minutes="Über-long queue, café closed")
    force_update(
        Review.objects.filter(pk=signed.pk), content_hash=old_hash(Review.objects.get(pk=signed.pk))
    )
    assert reviews.seal_status(Review.objects.get(pk=signed.pk)) == SealStatus.ALTERED
    altered = make_review(register, stage=stage, submit_by=member, date=dt.date(2026, 3, 9))
    force_update(
        Review.objects.filter(pk=altered.pk),
        state="signed_off",
        signed_off_by=member,
        signed_off_at=signed.signed_off_at,
        content_hash="f" * 64,
    )
    migration = importlib.import_module("assessments.migrations.0005_seal_signed_off_reviews")
    migration.seal_signed_off_reviews(apps, None)
    assert reviews.verify(Review.objects.get(pk=signed.pk))
    assert Review.objects.get(pk=altered.pk).content_hash == "f" * 64


# --- the format of the seal: stored seals must stay valid from one version to the next ---


def test_the_sealed_content_has_a_fixed_shape(signed):
    """Changing a key or an encoding here would turn every stored seal into "altered"."""
    signed = Review.objects.select_related("reviewer").get(pk=signed.pk)
    expected = {
        "review_id": signed.pk,
        "register_id": str(signed.register_id),
        "date": signed.date.isoformat(),
        "reviewer_id": signed.reviewer_id,
        "attendees": signed.attendees,
        "minutes": signed.minutes,
        "outcome": signed.outcome,
        "next_review_date": signed.next_review_date and signed.next_review_date.isoformat(),
        "snapshot": signed.snapshot,
        "signed_off_by_id": signed.signed_off_by_id,
        "signed_off_at": signed.signed_off_at.astimezone(dt.UTC).isoformat(),
        "sign_off_comment": signed.sign_off_comment,
    }
    if "witness_statement" in VOUCHED_FOR:
        expected["witness_statement"] = signed.witness_statement
    expected["witnessed_criteria"] = signed.witnessed_criteria
    expected["learner_part"] = signed.learner_part
    assert reviews.frozen_content(signed) == expected


def test_a_witness_statement_is_sealed_with_the_criteria_ticked(
    register, stage, member, supervisor
):
    review = make_review(register, stage=stage, submit_by=member)
    review = sign_off_review(
        review=review,
        by=supervisor,
        witness_statement="I saw Mia brief the desk team.",
        witnessed_criteria=["NOS PC7", "OCR ER1"],
    )
    stored = Review.objects.get(pk=review.pk)
    assert stored.witnessed_criteria == ["OCR ER1", "NOS PC7"]  # in the form's order
    assert reviews.verify(stored)
    force_update(Review.objects.filter(pk=review.pk), witnessed_criteria=["OCR ER1"])
    assert reviews.seal_status(Review.objects.get(pk=review.pk)) == SealStatus.ALTERED


def test_the_migration_reseals_reviews_sealed_before_the_new_fields(signed, register, stage):
    """A seal made over the content without the learner's part and the witnessed criteria
    is resealed with them; a seal that did not match before still does not."""
    new = ("learner_part", "witnessed_criteria")
    before = {k: v for k, v in reviews.frozen_content(signed).items() if k not in new}
    force_update(
        Review.objects.filter(pk=signed.pk),
        content_hash=reviews.sign(before, reviews.SIGNED_HERE),
    )
    assert reviews.seal_status(Review.objects.get(pk=signed.pk)) == SealStatus.ALTERED
    force_update(Review.objects.filter(pk=signed.pk), content_hash="e" * 64)
    forged = Review.objects.get(pk=signed.pk).content_hash
    force_update(
        Review.objects.filter(pk=signed.pk),
        content_hash=reviews.sign(before, reviews.SIGNED_HERE),
    )
    migration = importlib.import_module(
        "assessments.migrations.0011_review_witnessed_criteria_learner_part_rating_provenance"
    )
    migration.seal_with_the_new_fields(apps, None)
    assert reviews.verify(Review.objects.get(pk=signed.pk))
    force_update(Review.objects.filter(pk=signed.pk), content_hash=forged)
    migration.seal_with_the_new_fields(apps, None)
    assert Review.objects.get(pk=signed.pk).content_hash == forged


def test_the_canonical_bytes_are_sorted_compact_utf8():
    data = {"b": [1, {"z": None, "a": "é"}], "a": True}
    assert reviews.canonical(data) == '{"a":true,"b":[1,{"a":"é","z":null}]}'.encode()


def test_the_seal_is_django_salted_hmac_sha256_of_the_canonical_bytes(signed, settings):
    """Computed here without the app's code: HMAC-SHA256 keyed with SHA-256(purpose + key)."""
    import hmac

    settings.SIGN_OFF_SEAL_KEY = "k" * 40
    message = reviews.canonical(reviews.frozen_content(signed))
    key = hashlib.sha256((reviews.SIGNED_HERE + "k" * 40).encode()).digest()
    assert reviews.content_hash(signed) == hmac.new(key, message, hashlib.sha256).hexdigest()
    assert reviews.SIGNED_HERE != reviews.RESTORED_UNVERIFIED != reviews.BACKUP
    assert reviews.restored_seal(signed) != reviews.content_hash(signed)


def test_the_keys_come_from_the_seal_setting_else_from_secret_key(settings):
    settings.SECRET_KEY = "s" * 40
    settings.SECRET_KEY_FALLBACKS = ["old-secret"]
    settings.SIGN_OFF_SEAL_KEY = ""
    settings.SIGN_OFF_SEAL_FALLBACK_KEYS = ["ignored without a seal key"]
    assert reviews.seal_keys() == ["s" * 40, "old-secret"]
    settings.SIGN_OFF_SEAL_KEY = "n" * 40
    settings.SIGN_OFF_SEAL_FALLBACK_KEYS = ["o" * 40, "p" * 40]
    assert reviews.seal_keys() == ["n" * 40, "o" * 40, "p" * 40]
    del settings.SIGN_OFF_SEAL_FALLBACK_KEYS  # a settings module that leaves it out
    assert reviews.seal_keys() == ["n" * 40]
    del settings.SIGN_OFF_SEAL_KEY
    assert reviews.seal_keys() == ["s" * 40, "old-secret"]
    del settings.SECRET_KEY_FALLBACKS
    assert reviews.seal_keys() == ["s" * 40]


def test_a_seal_that_is_not_text_never_matches(signed):
    content = reviews.frozen_content(signed)
    good = reviews.sign(content, reviews.SIGNED_HERE)
    assert reviews.signature_matches(content, reviews.SIGNED_HERE, good)
    assert not reviews.signature_matches(content, reviews.SIGNED_HERE, good.encode())


def test_the_time_zone_a_sign_off_is_read_in_does_not_change_the_seal(signed):
    from zoneinfo import ZoneInfo

    signed.signed_off_at = signed.signed_off_at.astimezone(ZoneInfo("America/New_York"))
    assert reviews.verify(signed)


def test_every_status_carries_the_stored_seal_and_its_sentence(signed, register, member):
    assert reviews.integrity(signed).content_hash == signed.content_hash
    draft = make_review(register, risks=[], date=dt.date(2026, 4, 1))
    check = reviews.integrity(draft)
    assert (check.status, check.message, check.content_hash) == (
        SealStatus.NOT_SIGNED_OFF,
        "Not signed off yet.",
        "",
    )
    assert check.intact and not check.signed_off and not check.verified
    for seal in (reviews.restored_seal(signed), "f" * 64):
        force_update(Review.objects.filter(pk=signed.pk), content_hash=seal)
        assert reviews.integrity(Review.objects.get(pk=signed.pk)).content_hash == seal


def test_a_signer_without_a_full_name_is_named_by_username(signed, supervisor):
    supervisor.first_name = supervisor.last_name = ""
    supervisor.save()
    force_update(Review.objects.filter(pk=signed.pk), content_hash=reviews.restored_seal(signed))
    review = Review.objects.select_related("signed_off_by").get(pk=signed.pk)
    assert f" by {supervisor.get_username()} according to the backup" in (
        reviews.integrity(review).message
    )
    assert (
        " by R. Person according"
        in reviews.integrity(review, person=lambda user: "R. Person").message
    )
