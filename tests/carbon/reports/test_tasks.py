"""The report rendered by a real Celery worker into a real PDF (WeasyPrint), read back with poppler-utils."""

import hashlib
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from carbon.models import ReportJob
from carbon.models.inventory import CATEGORY_LABELS
from carbon.reports import services as report_services
from carbon.reports.figures import tco2e
from carbon.reports.tasks import report_file_name, report_render
from portal.models import JobStatus
from portal.pdf import PERCENT, STEP_LAYOUT, STEP_WRITTEN
from tests.carbon.factories import ReportJobFactory, carbon_library_load, report_demo_inventory
from tests.carbon.reports.helpers import ARTIFACTS, pdf_pages, pdf_text, squeeze, wait_for_job
from tests.factories import UserFactory
from tests.workers import worker_running

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def applicant_inventory(worker, media_reports):
    carbon_library_load()  # transactional tests flush what the migration loaded
    user = UserFactory(role="applicant")
    return user, report_demo_inventory(company=user.company)


def files_of(job: ReportJob, folder: Path) -> list[str]:
    stem = Path(report_file_name(job)).name
    return sorted(name for name in os.listdir(folder) if stem in name)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_worker_renders_the_report(applicant_inventory, media_reports):
    user, inventory = applicant_inventory
    job = report_services.report_request(actor=user, inventory=inventory, language="zh-hant")
    job = wait_for_job(job.pk)
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert (job.progress, job.attempts, job.file.name) == (100, 1, report_file_name(job))
    path = Path(job.file.path)
    assert path.read_bytes().startswith(b"%PDF-")
    pages = pdf_pages(path)
    assert 10 <= pages <= 16, pages
    text = squeeze(pdf_text(path))
    results = job.calculation.results
    assert squeeze(tco2e(results["total"])) in text
    with translation.override("zh-hant"):
        for code, value in results["by_category"].items():
            assert squeeze(tco2e(value)) in text and squeeze(CATEGORY_LABELS[code]) in text, code
        assert squeeze(_("Page %(page)s of %(pages)s") % {"page": 1, "pages": pages}) in text
    for letter in "abcdefghijklmnopqrst":
        assert f"({letter})" in text, letter
    # Traditional Chinese, drawn with Noto Sans CJK TC
    for words in (inventory.company.name, "民國113年1月1日", "台南永康廠", "員工餐廳液化石油氣", "未達顯著性門檻"):
        assert squeeze(words) in text, words
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    embedded = [line.split()[0] for line in fonts.splitlines()[2:] if line.strip()]
    assert embedded and all("Noto-Sans-CJK-TC" in font for font in embedded), fonts  # no fallback font
    # the first pages as images, to look at
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "6", str(path), str(ARTIFACTS / "report-zh")], check=True
    )
    shutil.copyfile(path, ARTIFACTS / "report-zh.pdf")
    assert len(list(ARTIFACTS.glob("report-zh-*.png"))) == 6


def test_the_job_shows_each_step_of_the_render_as_it_happens(applicant_inventory, media_reports, tmp_path):
    """Watched from outside, as the page polls it: while the worker renders, the job's row goes through the
    steps — contents, HTML, styles, each page laid out (the count rising), drawing, written — never backwards.
    A worker of its own saves every page (by default at most one save in PDF_PROGRESS_INTERVAL_MS)."""
    user, inventory = applicant_inventory
    seen = []
    extra_env = {"PDF_PROGRESS_INTERVAL_MS": "0"}
    with worker_running(log_path=tmp_path / "worker.log", extra_env=extra_env, prefix="test-progress"):
        job = report_services.report_request(actor=user, inventory=inventory, language="en")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            row = ReportJob.objects.values("status", "progress", "message", "pages").get(pk=job.pk)
            if not seen or seen[-1] != row:
                seen.append(row)
            if row["status"] in (JobStatus.SUCCEEDED, JobStatus.FAILED):
                break
            time.sleep(0.005)
    assert seen[-1]["status"] == JobStatus.SUCCEEDED, seen
    running = [row for row in seen if row["status"] == JobStatus.RUNNING]
    progress = [row["progress"] for row in running] + [seen[-1]["progress"]]
    assert progress == sorted(progress), seen  # never backwards
    layout = [row for row in running if row["message"] == STEP_LAYOUT]
    assert len({row["pages"] for row in layout}) >= 3, seen  # the page count rises while the pages are laid out
    assert [row["pages"] for row in layout] == sorted(row["pages"] for row in layout), seen
    assert all(PERCENT["styled"] < row["progress"] < PERCENT["drawn"] for row in layout), seen
    steps = [row["message"] for row in running]
    # styles, drawing and the file's write may each be over between two looks (the order is checked above by the
    # progress never going backwards); a write that is seen comes after the layout
    assert STEP_WRITTEN not in steps or steps.index(STEP_LAYOUT) < steps.index(STEP_WRITTEN), seen
    assert (seen[-1]["progress"], seen[-1]["pages"]) == (100, pdf_pages(Path(ReportJob.objects.get().file.path)))


def test_running_the_task_twice_gives_one_file_and_one_job(applicant_inventory, media_reports):
    user, inventory = applicant_inventory
    job = wait_for_job(report_services.report_request(actor=user, inventory=inventory, language="zh-hant").pk)
    path = Path(job.file.path)
    before, stamp = digest(path), path.stat().st_mtime_ns
    assert report_render.delay(job.pk).get(timeout=60) == "nothing to do"
    job.refresh_from_db()
    assert (job.status, job.attempts, job.file.name) == (JobStatus.SUCCEEDED, 1, report_file_name(job))
    assert (digest(path), path.stat().st_mtime_ns) == (before, stamp)
    assert files_of(job, media_reports) == [path.name] and ReportJob.objects.count() == 1


def test_a_redelivered_job_replaces_the_half_written_file(applicant_inventory, media_reports):
    """What a worker killed mid-write leaves: the job running, a truncated file and a temporary part."""
    _user, inventory = applicant_inventory
    job = ReportJobFactory(inventory=inventory)
    media_reports.mkdir(parents=True, exist_ok=True)
    path = media_reports / Path(report_file_name(job)).name
    path.write_bytes(b"%PDF-1.7\n1 0 obj <</Type /Catalog")  # truncated
    (media_reports / f".{path.name}.partial-dead.pdf").write_bytes(b"%PDF-1.7\n")
    ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, progress=60, attempts=1)
    assert report_render.delay(job.pk).get(timeout=120) == "succeeded"
    job.refresh_from_db()
    assert (job.status, job.attempts, job.progress) == (JobStatus.SUCCEEDED, 2, 100)
    assert files_of(job, media_reports) == [path.name]
    assert pdf_pages(path) >= 10 and ReportJob.objects.count() == 1


def test_a_failed_job_says_why_and_a_retry_renders_it(applicant_inventory, media_reports, client):
    """A real error in the worker: the report's path is taken by a folder, so the file cannot be written."""
    user, inventory = applicant_inventory
    job = ReportJobFactory(inventory=inventory, requested_by=user)
    blocker = media_reports / Path(report_file_name(job)).name
    blocker.mkdir(parents=True)
    assert report_render.delay(job.pk).get(timeout=120) == "failed"
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.attempts == 1 and not job.file
    with translation.override("zh-hant"):
        assert job.error.startswith(
            _(
                "The report could not be made: %(reason)s. Try again; if it fails again, tell the programme office."
            ).split("%(reason)s")[0]
        )
    assert "Is a directory" in job.error and job.message  # the reason, in the report's language
    client.force_login(user)
    panel = client.get(reverse("carbon-report-jobs", args=[inventory.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert reverse("carbon-report-retry", args=[job.pk]) in panel
    blocker.rmdir()
    client.post(reverse("carbon-report-retry", args=[job.pk]), HTTP_HX_REQUEST="true")
    job = wait_for_job(job.pk)
    assert (job.status, job.attempts, job.error) == (JobStatus.SUCCEEDED, 2, "")
    assert pdf_pages(Path(job.file.path)) >= 10


def test_a_worker_killed_mid_job_loses_nothing_and_duplicates_nothing(applicant_inventory, media_reports, tmp_path):
    """A prefork worker's process is killed while it renders: acks_late + reject_on_worker_lost put the task
    back, the worker runs it again, and the job ends with one report (attempts 2)."""
    _user, inventory = applicant_inventory
    with worker_running(log_path=tmp_path / "worker.log", pool="prefork", prefix="test-kill") as prefork:
        job = ReportJobFactory(inventory=inventory)
        report_render.apply_async(args=[job.pk], queue=prefork.queue)
        wait_for_job(job.pk, statuses=(JobStatus.RUNNING,), timeout=60)
        prefork.kill_pool_process()
        job = wait_for_job(job.pk, timeout=120)
        worker_log = prefork.log_text()
        assert job.status == JobStatus.SUCCEEDED, worker_log[-3000:]
        assert job.attempts == 2, worker_log[-3000:]
        assert "WorkerLostError" in worker_log or "exited prematurely" in worker_log
        assert files_of(job, media_reports) == [Path(report_file_name(job)).name]
        assert pdf_pages(Path(job.file.path)) >= 10 and ReportJob.objects.count() == 1
