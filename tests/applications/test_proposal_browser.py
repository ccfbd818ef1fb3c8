"""In Chromium, with a real worker: print the proposal from the case workspace, watch it progress, download it."""

import pytest

from applications.models import ProposalJob
from portal.models import JobStatus
from tests.applications.proposal_data import full_machinery_case
from tests.browser import browser_log_in

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_print_and_download_the_proposal_from_the_workspace(page, worker, media_proposals, screenshot_dir, tmp_path):
    case = full_machinery_case()
    browser_log_in(page, case.applicant)
    page.goto(f"/cases/{case.pk}/")
    panel = page.locator("#proposal-jobs")  # loaded into the workspace by htmx
    panel.get_by_role("button", name="產製計畫書（PDF）").click()
    panel.locator("progress").first.wait_for()  # the job is listed, and the panel polls itself
    download_link = panel.locator("a[download]")
    download_link.wait_for(timeout=120_000)
    job = ProposalJob.objects.get(case=case)
    assert job.status == JobStatus.SUCCEEDED and job.language == "zh-hant" and job.requested_by == case.applicant
    page.locator("#proposal-panel").screenshot(path=str(screenshot_dir / "proposal-panel.png"))
    with page.expect_download() as info:
        download_link.click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert info.value.suggested_filename == f"{case.reference}-計畫書.pdf"
    assert path.read_bytes().startswith(b"%PDF-")
    assert page.locator("#proposal-jobs[hx-trigger]").count() == 0  # done: no more polling
