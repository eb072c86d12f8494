"""Exporting the evidence pack in the browser: the click answers at once with a progress page
that updates itself while a real worker (``manage.py db_worker`` in its own process)
renders the PDF, and the PDF it offers is one pypdf reads."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from evidence.models import PackExport
from tests import builders
from tests.evidence import workers
from tests.evidence.reading import outline_titles, reader

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def database_url(tmp_path):
    with workers.shared_database(tmp_path) as url:
        yield url


def test_export_shows_progress_and_downloads_a_pdf(
    page, sign_in, database_url, tmp_path, register, stage, member
):
    for number in range(10):  # enough pages for the layout to be seen under way
        builders.make_risk(
            register, stage=stage, title=f"Queue at the desk {number}", rating=(3, 3, 2, 2)
        )
    sign_in(member)
    page.goto(f"/registers/{register.pk}/evidence/")
    button = page.get_by_role("button", name="Prepare the PDF")
    expect(button).to_be_enabled()

    clicked = time.monotonic()
    button.click()
    status = page.locator("#export-status")
    expect(status).to_be_visible()
    first_progress = time.monotonic() - clicked
    expect(page.locator(".export-step-current", has_text="Queued")).to_be_visible()
    expect(page.get_by_role("button", name="Preparing the PDF…")).to_be_disabled()
    progress_url = page.url

    # Nothing renders until a worker runs: the web only queued it.
    export = PackExport.objects.get()
    assert export.status == PackExport.Status.QUEUED

    # Leave and come back: the export button waits for the running export.
    page.goto(f"/registers/{register.pk}/evidence/")
    expect(page.get_by_role("button", name="Prepare the PDF")).to_be_disabled()
    page.get_by_role("link", name="See its progress").click()
    expect(page).to_have_url(progress_url)

    env = workers.worker_environment(database_url, TASKS_BACKEND="database", TASKS_QUEUE="default")
    worker = workers.start_db_worker(env, batch=False, log=tmp_path / "worker.log")
    try:
        # htmx polls the status: the page moves on by itself, step by step.
        expect(page.locator(".export-step-current", has_text="Laying out the pages")).to_be_visible(
            timeout=90_000
        )
        download_link = page.get_by_role("link", name="Download")
        expect(download_link).to_be_visible(timeout=120_000)
    finally:
        workers.stop(worker)
    assert page.locator(".export-step-done").count() == 4

    with page.expect_download() as downloaded:
        download_link.click()
    pdf = tmp_path / "pack.pdf"
    downloaded.value.save_as(pdf)
    content = pdf.read_bytes()
    assert len(reader(content).pages) == PackExport.objects.get().pages
    assert "R-001 Queue at the desk 0" in outline_titles(content)
    print(f"first progress shown {first_progress * 1000:.0f} ms after the click")
