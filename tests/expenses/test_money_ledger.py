"""The money ledger of a case, the office's edition ledger (page, Excel, dashboard totals) and the ledger API
take their spending from the verified expense ledger where a case keeps one: every figure equals the sum of the
accepted expenses' shares, the progress report's declared figure stays visible, labelled, where it differs; a
case without expenses keeps its declared figures."""

import io

import pytest
from django.test import Client
from openpyxl import load_workbook
from rest_framework.test import APIClient

from applications.models import Case
from disbursements.conditions import Spending
from expenses.models import Expense, ExpenseStatus
from expenses.selectors import ledger_is_the_source, verified_spending, verified_spending_many
from programs.models import Edition, EditionStatus
from tests.disbursements.builders import report
from tests.expenses.builders import machinery_contracted
from tests.expenses.bulk import grow_expenses
from tests.helpers import assert_constant_queries

pytestmark = pytest.mark.django_db


def _verified(case) -> tuple[int, int]:
    rows = Expense.objects.filter(case=case).values_list("status", "gov_share", "self_share")
    accepted = [(gov, own) for status, gov, own in rows if status == ExpenseStatus.ACCEPTED]
    return sum(gov for gov, _own in accepted), sum(own for _gov, own in accepted)


@pytest.fixture
def two_cases():
    kept, declared_only = machinery_contracted(), machinery_contracted()
    report(kept, kept.counsellor, progress="50", spent_gov=1_200_000, spent_self=500_000, backed=False)
    report(declared_only, declared_only.counsellor, progress="40", spent_gov=300_000, spent_self=100_000, backed=False)
    grow_expenses(kept, kept.counsellor)(30)  # a third of them accepted
    return kept, declared_only


@pytest.mark.parametrize("lang", ["zh-hant", "en"])
def test_the_case_ledger_page_and_api_show_verified_spending_and_the_declared_figure(two_cases, lang):
    kept, declared_only = two_cases
    gov, own = _verified(kept)
    assert 0 < gov < 1_200_000
    client = Client(headers={"accept-language": lang})
    client.force_login(kept.office)
    client.cookies["django_language"] = lang
    page = client.get(f"/cases/{kept.pk}/ledger/")
    ledger = page.context["ledger"]
    assert (ledger.spent_gov, ledger.spent_self, ledger.verified) == (gov, own, True)
    assert (ledger.declared_gov, ledger.declared_self) == (1_200_000, 500_000)
    text = page.content.decode()
    if lang == "zh-hant":
        assert "最近一次進度報告申報：NT$1,200,000" in text and "已核銷支出" in text
    else:
        assert "Declared in the latest progress report: NT$1,200,000" in text and "verified expenses" in text
    instalments = client.get(f"/cases/{kept.pk}/instalments/").content.decode()
    assert f"{gov:,}" in instalments and 'id="verified-spending"' in instalments
    # machinery pays on the ledger alone: a case that recorded nothing has spent nothing, its declaration aside
    other = client.get(f"/cases/{declared_only.pk}/ledger/").context["ledger"]
    assert (other.spent_gov, other.spent_self, other.verified, other.declared_differs) == (0, 0, True, True)
    assert (other.declared_gov, other.declared_self) == (300_000, 100_000)

    api = APIClient()
    api.force_authenticate(kept.office)
    data = api.get(f"/api/v1/cases/{kept.pk}/ledger/").json()
    assert (data["spent_gov"], data["spent_self"], data["spent_source"]) == (gov, own, "verified")
    assert (data["declared_gov"], data["declared_self"]) == (1_200_000, 500_000)
    data = api.get(f"/api/v1/cases/{declared_only.pk}/ledger/").json()
    assert (data["spent_gov"], data["spent_source"], data["declared_gov"]) == (0, "verified", 300_000)


def test_the_edition_ledger_its_excel_and_the_dashboard_sum_the_verified_rows(client, two_cases):
    kept, declared_only = two_cases
    gov, own = _verified(kept)
    client.force_login(kept.office)
    code = kept.edition_code
    rows = {r["case_id"]: r for r in client.get(f"/office/money/{code}/").context["rows"]}
    assert (rows[kept.pk]["spent_gov"], rows[kept.pk]["spent_self"]) == (gov, own)
    assert rows[kept.pk]["verified"] and rows[kept.pk]["declared_gov"] == 1_200_000
    assert rows[declared_only.pk]["spent_gov"] == 0 and rows[declared_only.pk]["verified"]
    sheet = load_workbook(io.BytesIO(client.get(f"/office/money/{code}/ledger.xlsx").content)).active
    by_ref = {row[0]: row for row in sheet.values if row and row[0] in (kept.reference, declared_only.reference)}
    # columns: …, spent (government, self-funding), spent from, declared (government, self-funding), …
    assert by_ref[kept.reference][9:14] == (gov, own, "已核銷支出", 1_200_000, 500_000)
    assert by_ref[declared_only.reference][9:14] == (0, 0, "已核銷支出", 300_000, 100_000)
    totals = client.get("/office/money/").context["editions"]
    entry = next(t for c, _title, t in totals if c == code)
    assert entry.spent_gov == gov and entry.declared_gov == 1_500_000
    assert entry.spent_self == own


@pytest.mark.parametrize("with_expense", [False, True])
def test_an_edition_without_an_expenses_section_counts_declared_spending_until_a_ledger_is_kept(with_expense):
    case = machinery_contracted()
    plain = Edition.objects.filter(status=EditionStatus.PUBLISHED, code="smu-2024").get()
    assert not ledger_is_the_source(plain) and ledger_is_the_source(case.edition)
    Case.objects.filter(pk=case.pk).update(edition=plain, edition_code=plain.code)
    if with_expense:
        grow_expenses(case, case.counsellor)(3)
    expected = (
        Spending(gov=_verified(case)[0], own=_verified(case)[1]) if with_expense else None
    )  # none recorded: the reports' declared figures count
    assert verified_spending(case.pk) == expected
    assert verified_spending_many([case.pk]) == ({case.pk: expected} if with_expense else {})


def test_the_edition_ledger_page_is_constant_in_cases_with_expenses(client):
    case = machinery_contracted()
    client.force_login(case.office)
    made = []

    def grow(size):
        while len(made) < size:
            other = machinery_contracted()
            grow_expenses(other, other.counsellor)(3)
            made.append(other)

    assert_constant_queries(lambda: client.get(f"/office/money/{case.edition_code}/"), grow, sizes=(1, 4))
