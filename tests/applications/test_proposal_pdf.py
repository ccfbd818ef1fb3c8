"""The proposal (計畫書) printed by a real Celery worker into a real PDF (WeasyPrint), read back with poppler-utils."""

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone, translation

from applications import services as case_services
from applications.models import ProposalJob
from applications.proposals import services
from applications.proposals.selectors import submission_evaluation
from applications.proposals.tasks import proposal_file_name, proposal_render
from portal.dates import roc_date
from portal.jobs import job_open
from portal.models import JobEvent, JobStatus
from programs.rulesets import ruleset_for
from programs.selectors import edition_current
from tests.applications.builders import MACHINERY_LINES, applicant_for
from tests.applications.proposal_data import full_machinery_case, pdf_text, wait_for_proposal
from tests.carbon.reports.helpers import pdf_pages, squeeze

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "proposals"


@pytest.fixture
def drafted(worker, media_proposals):
    return full_machinery_case()


def page_texts(path: Path, pages: int) -> list[str]:
    return [pdf_text(path, first=n, last=n) for n in range(1, pages + 1)]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def events_of(job: ProposalJob) -> list[tuple[str, str]]:
    rows = JobEvent.objects.filter(job_type=ContentType.objects.get_for_model(job), job_id=job.pk).order_by("id")
    return list(rows.values_list("from_status", "to_status"))


def test_a_worker_prints_the_proposal(drafted, media_proposals):
    case = drafted
    job = services.proposal_request(actor=case.counsellor, case=case, language="zh-hant")
    job = wait_for_proposal(job.pk)
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert (job.progress, job.attempts, job.file.name) == (100, 1, proposal_file_name(job))
    assert (job.case_version, job.evaluation_id) == (case.version, None)
    assert events_of(job) == [("", "queued"), ("queued", "running"), ("running", "succeeded")]
    path = Path(job.file.path)
    assert path.read_bytes().startswith(b"%PDF-")
    pages = pdf_pages(path)
    assert 6 <= pages <= 12, pages
    with translation.override("zh-hant"):
        assert (job.message, job.pages) == ("Done", pages)  # the message id; the page translates it for its reader
    text = squeeze(pdf_text(path))
    # the cover: programme, title, company, unit, period, amounts
    for words in (
        "專案計畫書",
        case.title,
        case.company.name,
        case.unit.name,
        "經濟部產業發展署",
        "受輔導業者",
        "輔導單位",
        "計畫期間：自民國114年3月1日至民國114年10月31日止（共8個月）",
        "計畫總經費新臺幣5,000,000元",
    ):
        assert squeeze(words) in text, words
    # the template's table of contents
    for heading in (
        "壹、基本資料",
        "一、輔導單位基本資料",
        "二、受輔導業者基本資料",
        "貳、計畫內容",
        "一、受輔導業者面臨問題與需求",
        "二、解決方案",
        "三、本計畫查核工作項目及執行進度說明",
        "四、人力與經費說明",
        "參、預期效益",
        "一、量化效益",
    ):
        assert text.count(heading) >= 2, heading  # in the contents and as the section's heading
    assert squeeze(case.needs) in text and squeeze(case.solution) in text
    # every budget line of the edition with its label, and each amount the case gives
    for line in ruleset_for(case.edition).budget_lines:
        assert squeeze(line.label["zh-hant"]) in text, line.code
    for line in MACHINERY_LINES:
        row = f"{line['gov']:,}{line['self']:,}{line['gov'] + line['self']:,}"
        assert row in text, line
    assert "3,500,0001,500,0005,000,000100.00" in text  # 合計金額: government, self, total, %
    # derived by the budget rules beside their lines: the business tax per side and the public fee's cap
    assert "政府輔導經費166,667；業者自籌款71,429；合計238,096" in text
    assert "公費上限" in text
    # staffing, checkpoints and the company's own indicator
    for words in (
        "王大明",
        "林小華",
        "人月合計10.00",
        "設備聯網與能耗模組架構規劃",
        "民國114年4月30日",
        "換線時間分鐘4530.5-14.5",
    ):
        assert squeeze(words) in text, words
    assert "二、質化效益無" in text  # nothing to report says 「無」
    assert "附錄、聲明事項及規則檢核結果" in text and "全部要求均符合。" in text
    # every page carries the reference, the edition version and its number
    for number, page in enumerate(page_texts(path, pages), start=1):
        page = squeeze(page)
        assert f"{case.reference}·{case.edition_code}規則第{case.edition.version}版" in page, number
        assert f"第{number}頁／共{pages}頁" in page, number
        assert "草稿：內容仍可能變動" in page, number  # a draft says so on every page
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    embedded = [line.split()[0] for line in fonts.splitlines()[2:] if line.strip()]
    assert embedded and all("Noto-Sans-CJK-TC" in font for font in embedded), fonts
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "70", "-png", str(path), str(ARTIFACTS / "proposal-zh")], check=True)
    shutil.copyfile(path, ARTIFACTS / "proposal-zh.pdf")


def test_an_empty_proposal_says_none_and_dash(worker, media_proposals):
    """撰寫說明 4: no item is left out; a section with nothing in it says 「無」, an empty table cell 「-」."""
    applicant = applicant_for()
    case = case_services.case_create(
        actor=applicant, edition=edition_current(code="lean-2026-basic"), data={"title": "數位化精實管理導入"}
    )
    job = wait_for_proposal(services.proposal_request(actor=applicant, case=case, language="zh-hant").pk)
    assert job.status == JobStatus.SUCCEEDED, job.error
    text = squeeze(pdf_text(Path(job.file.path)))
    for empty in (
        "一、輔導單位基本資料無",
        "一、受輔導業者面臨問題與需求無",
        "二、解決方案無",
        "一、量化效益無",
        "二、質化效益無",
        "計畫期間：無",
    ):
        assert empty in text, empty
    assert "累計執行進度%----" in text  # the checkpoint table: one row of dashes
    assert "投入人月數-----人月合計0.00" in text  # the staffing table
    for line in ruleset_for(case.edition).budget_lines:
        assert squeeze(line.label["zh-hant"]) + "-----" in text, line.code  # amounts, total, share, explanation
    assert "尚未填列經費。" in text
    assert "要求不符合" in text  # the rules check lists what is missing


def test_a_submitted_case_keeps_its_pdf_with_the_evaluation_time(drafted, media_proposals):
    case = drafted
    case_services.case_transition(actor=case.counsellor, case=case, action="submit")
    case.refresh_from_db()
    evaluation = submission_evaluation(case=case)
    job = wait_for_proposal(services.proposal_request(actor=case.applicant, case=case, language="zh-hant").pk)
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert (job.evaluation_id, job.case_version) == (evaluation.pk, case.version)
    text = squeeze(pdf_text(Path(job.file.path)))
    with translation.override("zh-hant"):
        evaluated = f"{roc_date(evaluation.created_at)}{timezone.localtime(evaluation.created_at):%H:%M}"
    assert squeeze(f"已於提交時（{evaluated}）依本計畫規則（規則第 {case.edition.version} 版）完成檢核") in text
    assert "草稿" not in text
    # asked again, by anyone who sees the case: the kept PDF, not a new one
    again = services.proposal_request(actor=case.counsellor, case=case, language="zh-hant")
    assert again.pk == job.pk and ProposalJob.objects.filter(case=case).count() == 1
    # another language is another PDF
    english = wait_for_proposal(services.proposal_request(actor=case.applicant, case=case, language="en").pk)
    assert english.pk != job.pk and english.status == JobStatus.SUCCEEDED
    assert squeeze("Checked against the programme's rules") in squeeze(pdf_text(Path(english.file.path)))


def test_a_redelivered_task_finding_the_job_done_changes_nothing(drafted, media_proposals):
    case = drafted
    job = wait_for_proposal(services.proposal_request(actor=case.applicant, case=case, language="zh-hant").pk)
    path = Path(job.file.path)
    before, stamp, events = digest(path), path.stat().st_mtime_ns, events_of(job)
    assert proposal_render.delay(job.pk).get(timeout=60) == "nothing to do"
    job.refresh_from_db()
    assert (job.status, job.attempts, job.file.name) == (JobStatus.SUCCEEDED, 1, proposal_file_name(job))
    assert (digest(path), path.stat().st_mtime_ns, events_of(job)) == (before, stamp, events)
    assert sorted(os.listdir(media_proposals)) == [path.name]


def test_a_failed_job_says_why_and_a_retry_prints_it(drafted, media_proposals, client):
    """A real error in the worker: the PDF's path is taken by a folder, so the file cannot be written."""
    case = drafted
    job = job_open(job=ProposalJob(case=case, language="zh-hant"), actor=case.applicant)
    blocker = media_proposals / Path(proposal_file_name(job)).name
    blocker.mkdir(parents=True)
    assert proposal_render.delay(job.pk).get(timeout=120) == "failed"
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.attempts == 1 and not job.file
    assert job.error.startswith("計畫書 PDF 無法產製：PDF 檔案無法寫入（Is a directory）") and job.message == "Failed"
    client.force_login(case.applicant)
    panel = client.get(reverse("case-proposal-jobs", args=[case.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert reverse("case-proposal-retry", args=[case.pk, job.pk]) in panel and "Is a directory" in panel
    blocker.rmdir()
    client.post(reverse("case-proposal-retry", args=[case.pk, job.pk]), HTTP_HX_REQUEST="true")
    job = wait_for_proposal(job.pk)
    assert (job.status, job.attempts, job.error) == (JobStatus.SUCCEEDED, 2, "")
    assert events_of(job) == [
        ("", "queued"),
        ("queued", "running"),
        ("running", "failed"),
        ("failed", "queued"),
        ("queued", "running"),
        ("running", "succeeded"),
    ]
    response = client.get(reverse("case-proposal-download", args=[case.pk, job.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
