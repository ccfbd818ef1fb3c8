"""In Chromium, with a real worker: request the report from the workspace, watch it progress, download it."""

import pytest

from carbon.models import ReportJob
from portal.models import JobStatus
from tests.browser import browser_log_in
from tests.carbon.factories import carbon_library_load, report_demo_inventory
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_generate_and_download_the_report(page, worker, media_reports, screenshot_dir, tmp_path):
    carbon_library_load()
    user = UserFactory(role="applicant")
    inventory = report_demo_inventory(company=user.company)
    browser_log_in(page, user)
    page.goto(f"/carbon/inventories/{inventory.pk}/")
    panel = page.locator("#report-jobs")
    panel.locator("button[type=submit]").first.click()
    panel.locator("progress").first.wait_for()  # the job is listed, and the panel polls itself
    download_link = panel.locator("a[download]")
    download_link.wait_for(timeout=120_000)
    job = ReportJob.objects.get()
    assert job.status == JobStatus.SUCCEEDED and job.language == "zh-hant"
    # the live region outside the polled panel says the latest state in words (swapped in out of band)
    status = page.locator("#report-status[role=status][aria-live=polite]")
    status.filter(has_text=f"最新的報告已備妥（{job.pages} 頁）").wait_for()
    panel.screenshot(path=str(screenshot_dir / "carbon-report-panel.png"))
    with page.expect_download() as info:
        download_link.click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert info.value.suggested_filename == f"inventory-{inventory.pk}-job-{job.pk}.pdf"
    assert path.read_bytes().startswith(b"%PDF-")
    assert page.locator("#report-jobs[hx-trigger]").count() == 0  # done: no more polling
