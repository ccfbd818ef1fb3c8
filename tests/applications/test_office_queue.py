"""The programme office's case queue and its Excel export: who sees them, each filter, pagination with a
constant number of queries, the workbook's contents and its guard against formula injection."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from openpyxl import load_workbook

from applications import services
from applications.models import Case, CaseStatus
from portal.dates import roc_date
from tests.applications.builders import machinery_case
from tests.applications.office_data import bulk_cases
from tests.factories import EditionFactory
from tests.helpers import assert_constant_queries

pytestmark = pytest.mark.django_db

QUEUE, EXPORT = "/office/cases/", "/office/cases/export.xlsx"
HEADER_ROW = 4  # title, filters, export time, then the column headings


def rows_of(response) -> list[tuple]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return list(sheet.iter_rows(min_row=HEADER_ROW, values_only=True))


def listed(response) -> set[str]:
    """The references on a queue page."""
    html = response.content.decode()
    return {case.reference for case in Case.objects.all() if f">{case.reference}</a>" in html}


@pytest.fixture
def submitted_case():
    case = machinery_case()
    return services.case_transition(actor=case.counsellor, case=case, action="submit")


# --- who sees the queue ------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [QUEUE, EXPORT])
@pytest.mark.parametrize(
    ("role", "status"),
    [("officer", 200), ("admin_user", 200), ("applicant", 404), ("counsellor", 404), ("reviewer", 404)],
)
def test_queue_and_export_are_the_office_s_alone(client, request, url, role, status):
    bulk_cases(2)
    client.force_login(request.getfixturevalue(role))
    assert client.get(url).status_code == status


@pytest.mark.parametrize("url", [QUEUE, EXPORT])
def test_queue_and_export_ask_an_anonymous_visitor_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# --- the page ---------------------------------------------------------------------------------------


def test_queue_row_shows_labels_not_codes(client, officer, submitted_case):
    client.force_login(officer)
    html = client.get(QUEUE).content.decode()
    case = submitted_case
    assert f">{case.reference}</a>" in html
    assert case.company.name in html and case.company.ubn in html and case.unit.name in html
    assert "機械設備產業智慧化及低碳化輔導（29 類製造業申請）" in html  # the track, not the edition code
    assert ">machinery-2025<" not in html
    assert '<td class="nowrap">已送出</td>' in html and ">submitted<" not in html
    assert "送件日期" in html
    assert f"{case.requested_gov:,}" in html
    with translation.override("zh-hant"):
        assert roc_date(case.submitted_at) in html
    assert "可送出" in html  # the stored check found it ready
    assert f'href="/cases/{case.pk}/"' in html and f'href="/office/cases/{case.pk}/screening/"' in html


def test_queue_rows_escape_what_people_typed(client, officer, submitted_case):
    Case.objects.filter(pk=submitted_case.pk).update(title="<script>alert(\"x\")</script> & 'co'")
    submitted_case.company.name = "<b>甲</b>公司"
    submitted_case.company.save(update_fields=["name"])
    client.force_login(officer)
    html = client.get(QUEUE).content.decode()
    assert "<script>alert" not in html and "<b>甲</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;co&#x27;" in html
    assert "&lt;b&gt;甲&lt;/b&gt;公司" in html


def test_queue_in_english(client, officer, submitted_case):
    client.force_login(officer)
    client.cookies["django_language"] = "en"
    html = client.get(QUEUE, headers={"Accept-Language": "en"}).content.decode()
    assert "Machinery sector smart and low-carbon counselling" in html
    assert ">Submitted<" in html and "Ready" in html


def test_queue_filters_by_edition(client, officer):
    machinery = bulk_cases(2)
    lean = bulk_cases(2, edition_code="lean-2026-basic")
    client.force_login(officer)
    assert listed(client.get(QUEUE, {"edition": "lean-2026-basic"})) == {c.reference for c in lean}
    assert listed(client.get(QUEUE, {"edition": "machinery-2025"})) == {c.reference for c in machinery}


def test_the_edition_filter_lists_an_edition_added_since_the_last_page(client, officer):
    """The labels are kept in the process under the editions' shared stamp: the next page after a new edition
    (a model save renews the stamp) lists it, and a page while nothing changed reads no editions."""
    client.force_login(officer)
    client.get(QUEUE)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(QUEUE).content.decode()
    assert not [q["sql"] for q in queries.captured_queries if 'FROM "programs_edition"' in q["sql"]]
    assert "test-2026-track" not in html
    added = EditionFactory(status="draft")
    assert f'value="{added.code}"' in client.get(QUEUE).content.decode()


def test_queue_filters_by_status(client, officer):
    submitted = bulk_cases(2)
    screening = bulk_cases(3, status=CaseStatus.SCREENING)
    client.force_login(officer)
    assert listed(client.get(QUEUE, {"status": "screening"})) == {c.reference for c in screening}
    assert listed(client.get(QUEUE, {"status": "submitted"})) == {c.reference for c in submitted}


def test_queue_filters_cases_due_soon(client, officer):
    today = timezone.localdate()
    soon = bulk_cases(1, status=CaseStatus.SUPPLEMENT_REQUESTED, due=today + datetime.timedelta(days=7))
    overdue = bulk_cases(1, status=CaseStatus.SUPPLEMENT_REQUESTED, due=today - datetime.timedelta(days=1))
    bulk_cases(1, status=CaseStatus.SUPPLEMENT_REQUESTED, due=today + datetime.timedelta(days=8))
    bulk_cases(2)
    client.force_login(officer)
    response = client.get(QUEUE, {"due_soon": "on"})
    assert listed(response) == {soon[0].reference, overdue[0].reference}
    assert 'class="badge error">' + roc_date(overdue[0].due) in response.content.decode()


@pytest.mark.parametrize("field", ["reference", "title", "company name", "ubn"])
def test_queue_search(client, officer, field):
    target, *others = bulk_cases(3)
    term = {
        "reference": target.reference,
        "title": target.title,
        "company name": target.company.name,
        "ubn": target.company.ubn,
    }[field]
    client.force_login(officer)
    assert listed(client.get(QUEUE, {"q": term})) == {target.reference}


def test_queue_filters_combine(client, officer):
    bulk_cases(2)
    target = bulk_cases(1, status=CaseStatus.SCREENING)[0]
    bulk_cases(1, edition_code="lean-2026-basic", status=CaseStatus.SCREENING)
    client.force_login(officer)
    response = client.get(QUEUE, {"status": "screening", "edition": "machinery-2025"})
    assert listed(response) == {target.reference}


def test_queue_orders_by_due_date(client, officer):
    today = timezone.localdate()
    later = bulk_cases(1, status=CaseStatus.SUPPLEMENT_REQUESTED, due=today + datetime.timedelta(days=5))[0]
    sooner = bulk_cases(1, status=CaseStatus.SUPPLEMENT_REQUESTED, due=today + datetime.timedelta(days=2))[0]
    client.force_login(officer)
    html = client.get(QUEUE, {"sort": "due"}).content.decode()
    assert html.index(sooner.reference) < html.index(later.reference)


def test_an_invalid_filter_is_reported_and_not_applied(client, officer):
    cases = bulk_cases(2)
    client.force_login(officer)
    response = client.get(QUEUE, {"status": "nonsense", "edition": "no-such-edition"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "部分篩選條件未套用" in html and "nonsense" in html
    assert listed(response) == {c.reference for c in cases}


def test_queue_paginates_newest_first(client, officer):
    cases = bulk_cases(30)  # each made a minute before the one before it
    client.force_login(officer)
    first, second = client.get(QUEUE), client.get(QUEUE, {"page": 2})
    assert len(listed(first)) == 25 and len(listed(second)) == 5
    assert not listed(first) & listed(second)
    html = first.content.decode() + second.content.decode()
    shown = sorted((html.index(f">{c.reference}</a>"), c.reference) for c in cases)
    assert [reference for _at, reference in shown] == [c.reference for c in cases]
    assert "第 1／2 頁" in first.content.decode()


@pytest.mark.parametrize("asked", ["3", "999", "abc", "-1", "0"])
def test_a_page_out_of_range_shows_the_nearest_page_with_the_right_total(client, officer, asked):
    bulk_cases(30)
    client.force_login(officer)
    response = client.get(QUEUE, {"page": asked})
    expected = {"3": 2, "999": 2}.get(asked, 1)  # past the end: the last page; not a number: the first
    assert response.status_code == 200
    assert len(listed(response)) == (5 if expected == 2 else 25)
    assert f"第 {expected}／2 頁（共 30 筆）" in response.content.decode()
    assert "共 30 件符合。" in response.content.decode()


def test_queue_empty_states(client, officer):
    client.force_login(officer)
    assert "尚無任何申請案" in client.get(QUEUE).content.decode()
    bulk_cases(1)
    html = client.get(QUEUE, {"status": "screening"}).content.decode()
    assert "沒有符合篩選條件的申請案" in html and "下載 Excel" not in html


def test_queue_runs_the_same_queries_at_5_and_500_cases(client, officer):
    client.force_login(officer)
    made = []

    def grow(n):
        made.extend(bulk_cases(n - len(made)))

    def fetch():
        return client.get(QUEUE, {"edition": "machinery-2025", "q": "批次"})

    fetch()  # the editions' labels are kept in the process, the page's statement prepared, from the first page on
    assert_constant_queries(fetch, grow, (5, 500))


# --- the export -------------------------------------------------------------------------------------


def test_export_holds_every_matching_case_with_chinese_headings(client, officer, submitted_case):
    bulk_cases(30)
    bulk_cases(2, status=CaseStatus.SCREENING)
    client.force_login(officer)
    response = client.get(EXPORT, {"status": "submitted"})
    assert response.status_code == 200
    assert "attachment;" in response["Content-Disposition"]
    header, *data = rows_of(response)
    assert header[:3] == ("案號", "計畫名稱", "公司")
    assert len(data) == 31  # every match, not only the first page
    row = next(r for r in data if r[0] == submitted_case.reference)
    assert row[2] == submitted_case.company.name and row[7] == "已送出" and row[8] == submitted_case.requested_gov
    assert row[5] == "機械設備產業智慧化及低碳化輔導（29 類製造業申請）"
    assert row[10] == timezone.localtime(submitted_case.submitted_at).replace(
        tzinfo=None, hour=0, minute=0, second=0, microsecond=0
    )
    assert row[12] == "是"


def test_export_in_english(client, officer):
    bulk_cases(1)
    client.force_login(officer)
    client.cookies["django_language"] = "en"
    header, row = rows_of(client.get(EXPORT))
    assert header[:3] == ("Reference", "Project title", "Company")
    assert row[7] == "Submitted" and row[12] == "Yes"


def test_export_applies_the_filters_and_names_them(client, officer):
    bulk_cases(3)
    target = bulk_cases(1, status=CaseStatus.SCREENING)[0]
    client.force_login(officer)
    response = client.get(EXPORT, {"status": "screening"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert "文件審查中" in sheet["A2"].value
    assert [r[0] for r in rows_of(response)[1:]] == [target.reference]


def test_export_with_an_invalid_filter_shows_the_queue_with_the_error(client, officer):
    bulk_cases(1)
    client.force_login(officer)
    response = client.get(EXPORT, {"status": "nonsense"})
    assert response["Content-Type"].startswith("text/html")
    assert "部分篩選條件未套用" in response.content.decode()


def test_export_never_writes_a_formula(client, officer):
    (case,) = bulk_cases(1)
    Case.objects.filter(pk=case.pk).update(title='=HYPERLINK("http://evil.example","x")')
    client.force_login(officer)
    sheet = load_workbook(io.BytesIO(client.get(EXPORT).content)).worksheets[0]
    cell = sheet.cell(row=HEADER_ROW + 1, column=2)
    assert cell.value == '=HYPERLINK("http://evil.example","x")'
    assert cell.data_type == "s" and cell.quotePrefix


def test_export_runs_the_same_queries_at_5_and_500_cases(client, officer):
    client.force_login(officer)
    made = []

    def grow(n):
        made.extend(bulk_cases(n - len(made)))

    client.get(EXPORT)  # the editions' labels are kept in the process from the first page on
    assert_constant_queries(lambda: client.get(EXPORT), grow, (5, 500))
