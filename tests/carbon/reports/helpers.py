"""Helpers of the report tests: wait for a job, read a PDF with poppler-utils."""

import subprocess
import time
from pathlib import Path

import pytest

from carbon.models import ReportJob
from portal.models import JobStatus

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "reports"


def wait_for_job(pk: int, statuses=(JobStatus.SUCCEEDED, JobStatus.FAILED), timeout: float = 120) -> ReportJob:
    deadline = time.monotonic() + timeout
    while True:
        job = ReportJob.objects.get(pk=pk)
        if job.status in statuses:
            return job
        if time.monotonic() > deadline:
            pytest.fail(f"report job {pk} still {job.status} ({job.progress} %, {job.message!r}) after {timeout} s")
        time.sleep(0.1)


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split(":")[1] for line in info.splitlines() if line.startswith("Pages:")))


def squeeze(text: str) -> str:
    """Without any whitespace: table cells wrap, and pdftotext breaks lines inside words and CJK runs."""
    return "".join(str(text).split())
