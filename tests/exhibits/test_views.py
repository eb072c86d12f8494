"""The exhibit pages: upload, list, download and delete, for each kind of person."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from assessments.models import Action, AwarenessRecord, Consultation
from exhibits.models import Exhibit
from tests.exhibits import samples
from tests.exhibits.conftest import make_exhibit

pytestmark = pytest.mark.django_db


def upload_url(register, kind, pk):
    return reverse(
        "exhibits:exhibit_upload_for",
        kwargs={"register_id": register.pk, "kind": kind, "target_id": pk},
    )


def list_url(register):
    return reverse("exhibits:exhibit_list", kwargs={"register_id": register.pk})


def download_url(exhibit):
    return reverse(
        "exhibits:exhibit_download",
        kwargs={"register_id": exhibit.register_id, "exhibit_number": exhibit.number},
    )


def delete_url(exhibit):
    return reverse(
        "exhibits:exhibit_delete",
        kwargs={"register_id": exhibit.register_id, "exhibit_number": exhibit.number},
    )


def post_file(client, url, name, data, title="Photo of the sign", **extra):
    return client.post(url, {"title": title, "file": samples.upload(name, data), **extra})


def stored_files() -> list[str]:
    try:
        folders = default_storage.listdir("exhibits")[0]
    except FileNotFoundError:
        return []
    return [name for folder in folders for name in default_storage.listdir(f"exhibits/{folder}")[1]]


def test_it_attaches_a_file_to_a_risk_with_number_hash_and_uploader(client, member, risk):
    client.force_login(member)
    response = post_file(
        client, upload_url(risk.register, "risk", risk.pk), "IMG_2041.JPG", samples.jpeg_with_exif()
    )
    assert response.status_code == 302
    assert response["Location"] == f"{risk.get_absolute_url()}#exhibits"
    exhibit = Exhibit.objects.get()
    assert (exhibit.label, exhibit.risk, exhibit.uploaded_by) == ("E1", risk, member)
    assert exhibit.content_type == "image/jpeg"
    with default_storage.open(exhibit.file.name, "rb") as stored:
        data = stored.read()
    assert exhibit.sha256 == hashlib.sha256(data).hexdigest()
    assert exhibit.size == len(data)
    assert samples.SECRET.encode() not in data
    # The name the browser sent is never part of the stored name.
    assert "IMG_2041" not in exhibit.file.name
    assert exhibit.file.name.startswith(f"exhibits/{risk.register_id}/")
    assert exhibit.file.name.endswith(".jpg")


def test_numbers_count_up_within_each_register(member, risk, other_risk):
    first, second = make_exhibit(risk), make_exhibit(risk)
    elsewhere = make_exhibit(other_risk)
    assert [first.label, second.label, elsewhere.label] == ["E1", "E2", "E1"]


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("virus.png", b"MZ\x90\x00" + b"\x00" * 300, "is not a PDF, PNG or JPEG file"),
        ("notes.txt", b"hello", "is not a PDF, PNG or JPEG file"),
        ("cut.pdf", b"%PDF-1.4\nbroken", "cannot be opened"),
    ],
)
def test_a_refused_file_shows_a_clear_error_and_saves_nothing(
    client, member, risk, name, data, message
):
    client.force_login(member)
    response = post_file(client, upload_url(risk.register, "risk", risk.pk), name, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert not Exhibit.objects.exists()
    assert stored_files() == []


def test_an_oversize_file_is_refused_with_its_size(client, member, risk, settings):
    settings.EXHIBIT_MAX_BYTES = 2048
    client.force_login(member)
    response = post_file(
        client, upload_url(risk.register, "risk", risk.pk), "big.pdf", samples.pdf() + b" " * 3000
    )
    assert response.status_code == 400
    assert "at most 2.0\xa0KB is accepted" in response.content.decode()
    assert not Exhibit.objects.exists()


def test_too_many_pixels_is_refused(client, member, risk, settings):
    settings.EXHIBIT_MAX_MEGAPIXELS = 1
    client.force_login(member)
    response = post_file(
        client, upload_url(risk.register, "risk", risk.pk), "big.png", samples.png((1200, 1000))
    )
    assert response.status_code == 400
    assert "megapixels are accepted" in response.content.decode()
    assert not Exhibit.objects.exists()


def test_the_list_page_uploads_to_the_chosen_record(client, member, risk):
    action = Action.objects.create(register=risk.register, description="Mop rota every hour")
    action.risks.add(risk)
    client.force_login(member)
    page = client.get(list_url(risk.register)).content.decode()
    assert f'value="action-{action.pk}"' in page
    response = post_file(
        client,
        reverse("exhibits:exhibit_upload", kwargs={"register_id": risk.register_id}),
        "quote.pdf",
        samples.pdf(),
        record=f"action-{action.pk}",
    )
    assert response.status_code == 302
    assert Exhibit.objects.get().action == action


def test_every_kind_of_record_takes_an_exhibit(client, member, risk):
    register = risk.register
    records = {
        "risk": risk,
        "action": Action.objects.create(register=register, description="Buy signs"),
        "consultation": Consultation.objects.create(
            register=register, group="team", people="Desk team", summary="Talked it through"
        ),
        "awareness": AwarenessRecord.objects.create(risk=risk, audience="staff", method="briefing"),
        "review": builders_review(register, member),
    }
    client.force_login(member)
    for kind, record in records.items():
        response = post_file(client, upload_url(register, kind, record.pk), "a.png", samples.png())
        assert response.status_code == 302, kind
    assert sorted(e.kind for e in Exhibit.objects.all()) == sorted(records)
    assert len(records) == 5


def builders_review(register, member, **kwargs):
    from tests.builders import make_review

    return make_review(register, reviewer=member, **kwargs)


def test_download_sends_the_stored_bytes_as_an_attachment(client, viewer, exhibit):
    client.force_login(viewer)
    response = client.get(download_url(exhibit))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == exhibit.sha256
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="E1-wet-floor-sign-at-the-entrance.png"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_delete_removes_the_row_and_the_file(
    client, member, exhibit, django_capture_on_commit_callbacks
):
    name = exhibit.file.name
    assert default_storage.exists(name)
    client.force_login(member)
    assert client.get(delete_url(exhibit)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url(exhibit))
    assert response.status_code == 302
    assert not Exhibit.objects.exists()
    assert not default_storage.exists(name)


# --- who may do what ----------------------------------------------------------------------


def test_a_viewer_reads_but_cannot_upload_or_delete(client, viewer, risk, exhibit):
    client.force_login(viewer)
    page = client.get(list_url(risk.register)).content.decode()
    assert "Wet-floor sign at the entrance" in page
    assert "Attach a file" not in page
    assert "Delete" not in page
    response = post_file(client, upload_url(risk.register, "risk", risk.pk), "a.png", samples.png())
    assert response.status_code == 403
    assert client.post(delete_url(exhibit)).status_code == 403
    assert Exhibit.objects.count() == 1


def test_the_risk_page_shows_the_block_with_a_file_input_for_members(
    client, member, viewer, exhibit
):
    client.force_login(member)
    page = client.get(exhibit.risk.get_absolute_url()).content.decode()
    assert 'id="exhibits"' in page and "E1" in page
    assert 'type="file"' in page and 'enctype="multipart/form-data"' in page
    client.force_login(viewer)
    page = client.get(exhibit.risk.get_absolute_url()).content.decode()
    assert "Wet-floor sign at the entrance" in page
    assert 'type="file"' not in page


def test_another_teams_records_and_exhibits_answer_404(
    client, member, register, risk, other_risk, other_exhibit
):
    client.force_login(member)
    # Their record, through our register and through theirs.
    for register_id in (register.pk, other_risk.register_id):
        url = reverse(
            "exhibits:exhibit_upload_for",
            kwargs={"register_id": register_id, "kind": "risk", "target_id": other_risk.pk},
        )
        assert post_file(client, url, "a.png", samples.png()).status_code == 404
    # Their record chosen on our list page: refused, nothing saved.
    response = post_file(
        client,
        reverse("exhibits:exhibit_upload", kwargs={"register_id": register.pk}),
        "a.png",
        samples.png(),
        record=f"risk-{other_risk.pk}",
    )
    assert response.status_code == 400
    # Their exhibit: download and delete.
    assert client.get(download_url(other_exhibit)).status_code == 404
    assert client.post(delete_url(other_exhibit)).status_code == 404
    assert client.get(list_url(other_risk.register)).status_code == 404
    assert Exhibit.objects.filter(register=register).count() == 0
    assert Exhibit.objects.count() == 1


def test_anonymous_visitors_are_sent_to_sign_in(client, exhibit):
    for url in (list_url(exhibit.register), download_url(exhibit), delete_url(exhibit)):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_wrong_methods_answer_405(client, member, exhibit):
    client.force_login(member)
    assert client.post(list_url(exhibit.register)).status_code == 405
    assert client.post(download_url(exhibit)).status_code == 405


def test_a_signed_off_review_takes_no_new_exhibit(client, member, supervisor, register):
    from assessments.reviews import sign_off_review

    review = builders_review(register, member, submit_by=member)
    review = sign_off_review(review=review, by=supervisor)
    client.force_login(member)
    response = post_file(client, upload_url(register, "review", review.pk), "a.png", samples.png())
    assert response.status_code == 403
    assert not Exhibit.objects.exists()
    page = client.get(list_url(register)).content.decode()
    assert f'value="review-{review.pk}"' not in page


# --- query counts --------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 6])
def test_the_list_page_query_count_does_not_grow_with_exhibits(
    client, member, risk, count, django_assert_num_queries
):
    for _ in range(count):
        make_exhibit(risk)
    client.force_login(member)
    client.get(list_url(risk.register))  # session and caches warm
    # Session, user, register, exhibits, then the five kinds of record for the form.
    with django_assert_num_queries(9):
        response = client.get(list_url(risk.register))
    assert response.content.decode().count('class="exhibit-number"') == count


@pytest.mark.parametrize("count", [1, 6])
def test_download_query_count_is_fixed(client, member, risk, count, django_assert_num_queries):
    exhibits = [make_exhibit(risk) for _ in range(count)]
    client.force_login(member)
    client.get(download_url(exhibits[0]))  # the session is touched once, then not again
    with django_assert_num_queries(4):
        assert client.get(download_url(exhibits[-1])).status_code == 200


def test_a_request_over_the_size_limit_is_refused_before_it_is_read(client, member, risk, settings):
    from django.conf import settings as live

    assert live.MAX_REQUEST_BYTES > live.EXHIBIT_MAX_BYTES  # room for the largest exhibit
    settings.MAX_REQUEST_BYTES = 4096
    client.force_login(member)
    body = samples.pdf() + b" " * 5000
    response = post_file(client, upload_url(risk.register, "risk", risk.pk), "big.pdf", body)
    assert response.status_code == 413
    assert not Exhibit.objects.exists()
