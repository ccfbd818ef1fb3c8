"""The money pages in the programme office's and the parties' hands: each renders, each form does what its
service does and shows a refusal in the service's words, and nothing changes when it is refused."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from applications.models import Case
from disbursements.models import ChangeStatus, Clawback, Contract, FollowUp, Instalment, PlanChange, ProgressReport
from programs.rules.kinds_dates import add_months
from tests.disbursements.builders import (
    closed,
    contracted,
    lean_approved,
    machinery_approved,
    officer,
    release,
    report,
)

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_officer_records_the_contract_within_the_deadline_shown(client):
    approved_on = timezone.localdate() - datetime.timedelta(days=3)
    case = machinery_approved(approved_on=approved_on)
    office = officer()
    client.force_login(office)
    page = _text(client.get(f"/cases/{case.pk}/contract/"))
    deadline = add_months(approved_on, 1)
    assert f"民國 {deadline.year - 1911} 年 {deadline.month} 月 {deadline.day} 日" in page
    assert "核定後完成簽約" in page  # the edition's words for the deadline
    response = client.post(
        f"/cases/{case.pk}/contract/", {"signed_on": timezone.localdate().isoformat(), "self_amount": "1,500,000"}
    )
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/instalments/"
    contract = Contract.objects.get(case=case)
    assert (contract.self_amount, contract.sign_by) == (1_500_000, deadline)
    assert Instalment.objects.filter(case=case).count() == 3


def test_a_contract_signed_after_the_deadline_is_refused_with_the_deadline(client):
    approved_on = timezone.localdate() - datetime.timedelta(days=45)
    case = machinery_approved(approved_on=approved_on)
    client.force_login(officer())
    response = client.post(
        f"/cases/{case.pk}/contract/", {"signed_on": timezone.localdate().isoformat(), "self_amount": "1,500,000"}
    )
    page = _text(response)
    deadline = add_months(approved_on, 1)
    deadline_text = f"民國 {deadline.year - 1911} 年 {deadline.month} 月 {deadline.day} 日"
    assert f"契約應於 {deadline_text} 前簽訂（核定後完成簽約）" in page and "已逾期限" in page
    assert not Contract.objects.filter(case=case).exists()


def test_the_release_page_shows_each_condition_and_a_refusal_in_words(client):
    case = contracted(machinery_approved(), office := officer())
    release(case, office, 1)
    report(case, case.counsellor, progress="60", spent_gov=1_036_000, spent_self=400_000)
    client.force_login(office)
    page = _text(client.get(f"/cases/{case.pk}/instalments/"))
    assert "74.00%" in page and "75.00%" in page
    # the button is offered only when every condition holds; the reason is beside it
    assert 'disabled aria-describedby="unmet-2"' in page and 'id="unmet-2"' in page
    assert 'aria-describedby="unmet-3"' in page  # the final one waits too
    refused = _text(client.post(f"/cases/{case.pk}/instalments/2/release/"))  # a page opened before the change
    assert 'id="refusal"' in refused and "74.00%" in refused
    assert Instalment.objects.get(case=case, no=2).status == "planned"
    report(case, case.counsellor, progress="60", spent_gov=1_050_000, spent_self=400_000)
    assert 'id="unmet-2"' not in _text(client.get(f"/cases/{case.pk}/instalments/"))
    done = client.post(f"/cases/{case.pk}/instalments/2/release/")
    assert done.status_code == 302
    assert Instalment.objects.get(case=case, no=2).status == "released"


def test_parties_file_progress_reports_and_see_a_backward_figure_refused(client):
    case = contracted(machinery_approved(), officer())
    client.force_login(case.counsellor)
    today = timezone.localdate().isoformat()
    form = {
        "kind": "progress",
        "as_of": today,
        "progress": "30",
        "spent_gov": "500,000",
        "spent_self": "200,000",
        "site_visits": "1",
        "cp0_done": "on",
        "cp0_evidence": "聯網測試紀錄",
        "kpi__能耗降低（%）": "3",
    }
    assert client.post(f"/cases/{case.pk}/progress/", form).status_code == 302
    saved = ProgressReport.objects.get(case=case)
    assert saved.checkpoints == [{"index": 0, "done": True, "evidence": "聯網測試紀錄"}]
    assert saved.kpi_actuals == {"能耗降低（%）": "3"}
    page = _text(client.post(f"/cases/{case.pk}/progress/", {**form, "spent_gov": "400,000"}))
    assert "500,000" in page  # the figure it cannot go below
    assert ProgressReport.objects.filter(case=case).count() == 1


def test_a_plan_change_is_requested_then_approved_and_the_case_keeps_its_old_values(client):
    case = machinery_approved()
    case = contracted(case, office := officer())
    end = timezone.localdate() + datetime.timedelta(days=120)
    Case.objects.filter(pk=case.pk).update(period_end=end)
    client.force_login(case.counsellor)
    page = _text(client.get(f"/cases/{case.pk}/changes/"))
    last_day = end - datetime.timedelta(days=30)
    assert f"{last_day.day} 日" in page
    new_end = end + datetime.timedelta(days=20)
    response = client.post(
        f"/cases/{case.pk}/changes/",
        {
            "reason": "設備交期延後",
            "change": ["period"],
            "period_start": "2025-03-01",
            "period_end": new_end.isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    change = PlanChange.objects.get(case=case)
    assert change.status == ChangeStatus.PENDING and change.major
    case.refresh_from_db()
    assert case.period_end == end  # not yet
    client.force_login(office)
    response = client.post(f"/cases/{case.pk}/changes/{change.pk}/decide/", {f"c{change.pk}-decision": "approve"})
    assert response.status_code == 302
    case.refresh_from_db()
    change.refresh_from_db()
    assert case.period_end == new_end and change.status == ChangeStatus.APPROVED
    assert change.before["period"]["end"] == end.isoformat()


def test_ledger_page_chart_and_excel(client):
    case = contracted(machinery_approved(), office := officer())
    release(case, office, 1)
    client.force_login(case.applicant)
    page = _text(client.get(f"/cases/{case.pk}/ledger/"))
    assert "<svg" in page and "1,400,000" in page
    response = client.get(f"/cases/{case.pk}/ledger.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    values = [cell.value for row in book.active.iter_rows() for cell in row]
    assert 1_400_000 in values


def test_termination_with_clawback(client):
    case = contracted(machinery_approved(), office := officer())
    release(case, office, 1)
    client.force_login(office)
    assert "1,400,000" in _text(client.get(f"/cases/{case.pk}/terminate/"))
    too_much = _text(client.post(f"/cases/{case.pk}/terminate/", {"reason": "廠商停業", "clawback": "1,400,001"}))
    assert "1,400,000" in too_much and not Clawback.objects.exists()
    done = client.post(f"/cases/{case.pk}/terminate/", {"reason": "廠商停業", "clawback": "1,000,000"})
    assert done.status_code == 302
    assert Clawback.objects.get(case=case).amount == 1_000_000
    assert set(Instalment.objects.filter(case=case).values_list("status", flat=True)) == {"released", "withheld"}


def test_follow_up_form_after_closing(client):
    case = lean_approved()
    office = officer()
    case = contracted(case, office)
    report(case, case.applicant, progress="100", spent_gov=480_000, spent_self=560_000, kind="final")
    case = closed(case, office)
    follow_up = FollowUp.objects.get(case=case)
    assert follow_up.due == add_months(case.period_end, 12)
    client.force_login(case.applicant)
    page = _text(client.get(f"/cases/{case.pk}/follow-ups/1/"))
    assert "換模時間" in page


def test_office_dashboard_and_edition_ledger(client):
    case = contracted(machinery_approved(), office := officer())
    release(case, office, 1)
    client.force_login(office)
    page = _text(client.get("/office/money/"))
    assert "1,400,000" in page and "3,500,000" in page
    page = _text(client.get("/office/money/machinery-2025/"))
    assert case.reference in page
    response = client.get("/office/money/machinery-2025/ledger.xlsx")
    assert response.status_code == 200
    assert client.get("/office/money/no-such-edition/").status_code == 404


def test_the_workspace_shows_the_money_card(client):
    case = contracted(machinery_approved(), officer())
    client.force_login(case.applicant)
    page = _text(client.get(f"/cases/{case.pk}/"))
    assert f"/cases/{case.pk}/ledger/" in page


def test_an_instalment_withheld_with_its_reason(client):
    case = contracted(machinery_approved(), office := officer())
    release(case, office, 1)
    client.force_login(office)
    assert client.post(f"/cases/{case.pk}/instalments/2/withhold/", {"reason": "查核點延誤"}).status_code == 302
    page = _text(client.get(f"/cases/{case.pk}/instalments/"))
    assert "停撥：查核點延誤" in page
    ledger = _text(client.get(f"/cases/{case.pk}/ledger/"))
    assert "停撥（元）" in ledger and "1,400,000" in ledger
    assert client.post(f"/cases/{case.pk}/instalments/2/release/").status_code == 302  # 409 shown as a message
    assert "第 2 期款已停撥，不予撥付" in _text(client.get(f"/cases/{case.pk}/instalments/"))


def test_self_funding_paid_in_and_a_late_payment_flagged(client):
    case = contracted(machinery_approved(), officer())
    Case.objects.filter(pk=case.pk).update(period_end=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(case.applicant)
    response = client.post(
        f"/cases/{case.pk}/contract/self-funding/",
        {"paid_on": timezone.localdate().isoformat(), "amount": "1,500,000", "reference": "匯款 0001"},
    )
    assert response.status_code == 302
    page = _text(client.get(f"/cases/{case.pk}/contract/"))
    assert "已入帳 1,500,000 元" in page and "逾期入帳" in page  # paid after the end date (seed 003 陸五)
