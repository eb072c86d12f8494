"""Attaching an exhibit on a risk's page in the browser, then finding it in the exported
pack, rendered by a real worker: its number, title and full SHA-256 in the index."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from exhibits.models import Exhibit
from tests import builders
from tests.evidence import workers
from tests.evidence.reading import all_text
from tests.exhibits import samples

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def database_url(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with workers.shared_database(tmp_path) as url:
        yield url


def test_an_exhibit_added_on_a_risk_page_is_in_the_exported_pack(
    page, sign_in, database_url, tmp_path, register, stage, member
):
    risk = builders.make_risk(register, stage=stage, title="Wet floor at the pool entrance")
    photo = tmp_path / "IMG_0042.jpg"
    photo.write_bytes(samples.jpeg_with_exif(size=(320, 240)))
    sign_in(member)
    page.goto(risk.get_absolute_url())
    block = page.locator("#exhibits")
    # With nothing attached yet the form is open at once.
    block.get_by_label("Title or caption").fill("Wet-floor sign by the pool doors")
    block.get_by_label("File").set_input_files(str(photo))
    block.get_by_role("button", name="Attach file").click()
    expect(page.locator("#exhibits .exhibit-item")).to_contain_text(
        "Wet-floor sign by the pool doors"
    )
    expect(page.locator("#exhibits .exhibit-number")).to_have_text("E1")
    exhibit = Exhibit.objects.get()

    page.goto(f"/registers/{register.pk}/evidence/")
    page.get_by_role("button", name="Prepare the PDF").click()
    env = workers.worker_environment(database_url, TASKS_BACKEND="database", TASKS_QUEUE="default")
    worker = workers.start_db_worker(env, batch=False, log=tmp_path / "worker.log")
    try:
        download_link = page.get_by_role("link", name="Download")
        expect(download_link).to_be_visible(timeout=180_000)
    finally:
        workers.stop(worker)
    with page.expect_download() as downloaded:
        download_link.click()
    pdf = tmp_path / "pack.pdf"
    downloaded.value.save_as(pdf)
    text = re.sub(r"\s+", "", all_text(pdf.read_bytes()))
    assert exhibit.sha256 in text
    assert "E1Wet-floorsignbythepooldoors" in text
