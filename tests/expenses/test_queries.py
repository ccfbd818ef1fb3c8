"""Every figure of the ledger equals the sum of its rows, and the ledger's page, its API, the report and its
downloads run the same number of queries at 5 and at 5,000 expenses; the verification queue likewise."""

import io

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from expenses.models import Expense, ExpenseStatus
from expenses.selectors import line_figures
from programs.rulesets import ruleset_for
from tests.expenses.builders import machinery_contracted
from tests.expenses.bulk import grow_expenses
from tests.helpers import assert_constant_queries

pytestmark = pytest.mark.django_db

SIZES = (5, 5000)


def _sums(case) -> dict:
    rows = list(Expense.objects.filter(case=case).values("line", "amount", "gov_share", "self_share", "status"))
    sums: dict = {}
    for row in rows:
        entry = sums.setdefault(
            row["line"], dict.fromkeys(("spent", "gov", "own", "verified", "pending", "rejected"), 0)
        )
        if row["status"] != ExpenseStatus.REJECTED:
            entry["spent"] += row["amount"]
            entry["gov"] += row["gov_share"]
            entry["own"] += row["self_share"]
        entry[{"accepted": "verified", "pending": "pending", "rejected": "rejected"}[row["status"]]] += row["amount"]
    return sums


@pytest.mark.parametrize("size", SIZES)
def test_every_ledger_figure_is_the_sum_of_its_rows(size):
    case = machinery_contracted()
    grow_expenses(case, case.counsellor)(size)
    figures = line_figures(case=case, ruleset=ruleset_for(case.edition), lang="zh-hant")
    sums = _sums(case)
    for line in figures.lines:
        expected = sums.get(line.code, dict.fromkeys(("spent", "gov", "own", "verified", "pending", "rejected"), 0))
        got = {
            "spent": line.spent,
            "gov": line.spent_gov,
            "own": line.spent_self,
            "verified": line.verified,
            "pending": line.pending,
            "rejected": line.rejected,
        }
        assert got == expected, line.code
        assert line.remaining == line.approved - line.spent
    assert figures.total.spent == sum(e["spent"] for e in sums.values())
    assert figures.total.rows == size
    assert figures.total.approved == sum(r["gov"] + r["self"] for r in case.budget_lines)


def test_the_ledger_page_is_constant(client):
    case = machinery_contracted()
    client.force_login(case.counsellor)
    queries = assert_constant_queries(
        lambda: client.get(f"/cases/{case.pk}/expenses/?status=pending"),
        grow_expenses(case, case.counsellor),
        sizes=SIZES,
    )
    assert queries <= 30


def test_the_api_list_and_summary_are_constant():
    case = machinery_contracted()
    client = APIClient()
    client.force_authenticate(case.office)
    grow = grow_expenses(case, case.counsellor)
    assert_constant_queries(lambda: client.get(f"/api/v1/cases/{case.pk}/expenses/"), grow, sizes=SIZES)
    assert_constant_queries(lambda: client.get(f"/api/v1/cases/{case.pk}/expenses/summary/"), grow, sizes=(5, 50))


def test_the_report_and_its_excel_are_constant_and_the_excel_totals_are_right(client):
    case = machinery_contracted()
    client.force_login(case.office)
    grow = grow_expenses(case, case.counsellor)
    assert_constant_queries(lambda: client.get(f"/cases/{case.pk}/expenses/report/"), grow, sizes=SIZES)
    assert_constant_queries(lambda: client.get(f"/cases/{case.pk}/expenses/report.xlsx"), grow, sizes=(5, 50))
    response = client.get(f"/cases/{case.pk}/expenses/report.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = list(sheet.iter_rows(values_only=True))
    assert cells[0][0] == "經費累計表 Accumulated spending report" and cells[2][5] == case.reference
    first = next(n for n, r in enumerate(cells) if r[0] == "經費科目 Budget line") + 2  # under the two heading rows
    last = next(n for n, r in enumerate(cells) if r[0] == "合計 Total")
    rows, total = cells[first:last], cells[last]
    sums = _sums(case)
    assert len(rows) == len(case.budget_lines)
    assert total[6] == sum(e["spent"] for e in sums.values()) == sum(r[6] for r in rows)
    assert total[4] == sum(e["gov"] for e in sums.values()) == sum(r[4] for r in rows)
    assert total[3] == sum(r["gov"] + r["self"] for r in case.budget_lines) == cells[5][1]  # the title block's
    assert total[8] == total[3] - total[6]
    assert abs(total[7] - total[6] / total[3]) <= 0.00005  # the rate as shown: a percent to two places


def test_the_verification_queue_is_constant(client):
    case = machinery_contracted()
    client.force_login(case.office)
    assert_constant_queries(lambda: client.get("/office/expenses/"), grow_expenses(case, case.counsellor), sizes=SIZES)


def test_the_report_pdf_opens(client):
    case = machinery_contracted()
    client.force_login(case.office)
    grow_expenses(case, case.counsellor)(12)
    response = client.get(f"/cases/{case.pk}/expenses/report.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
