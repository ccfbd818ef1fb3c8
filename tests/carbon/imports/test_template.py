"""The template workbook: what it holds, and that it imports cleanly once filled in."""

import io

import pytest
from openpyxl import load_workbook

from carbon.imports.parse import DATA_SHEET
from carbon.models import ActivityRecord
from portal.models import JobStatus
from tests.carbon.factories import EmissionSourceFactory, InventoryFactory

from .workbooks import DIESEL, ELECTRICITY, HEADER, upload

pytestmark = pytest.mark.django_db


def download(client, inventory):
    response = client.get(f"/carbon/inventories/{inventory.pk}/import/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == f'attachment; filename="activity-import-{inventory.pk}.xlsx"'
    return load_workbook(io.BytesIO(response.content))


def test_the_template_lists_sources_months_factors_and_instructions(client, applicant, inventory):
    EmissionSourceFactory(inventory=inventory, name="廠區用電", subcategory="2.1", factor_code=ELECTRICITY)
    EmissionSourceFactory(inventory=inventory, name="堆高機柴油", subcategory="1.2", factor_code=DIESEL)
    client.force_login(applicant)
    book = download(client, inventory)
    assert book.sheetnames == [
        DATA_SHEET,
        "說明 Instructions",
        "排放係數 Factors",
        "類別 Categories",
        "排放源 Sources",
        "單位 Units",
    ]
    data = book[DATA_SHEET]
    assert inventory.title in data["A1"].value
    assert [c.value.split("\n")[0] for c in data[3]] == HEADER
    prefilled = [[c.value for c in row] for row in data.iter_rows(min_row=4) if row[0].value]
    assert len(prefilled) == 2 * 12
    assert prefilled[0] == ["堆高機柴油", "1.2", DIESEL, "2024-01", None, "L", None]
    assert prefilled[-1] == ["廠區用電", "2.1", ELECTRICITY, "2024-12", None, "kWh", None]
    assert data["D4"].number_format == "@"  # months stay text in Excel
    validated = {str(v.sqref).split(":")[0]: v for v in data.data_validations.dataValidation}
    assert set(validated) == {"A4", "B4", "C4", "D4", "E4", "F4"}
    assert validated["C4"].formula1.startswith("'排放係數 Factors'!$A$2")  # as Excel writes it: no =
    assert validated["E4"].type == "decimal" and validated["E4"].operator == "greaterThanOrEqual"
    factors = [row[0] for row in book["排放係數 Factors"].iter_rows(min_row=2, values_only=True)]
    assert ELECTRICITY in factors and DIESEL in factors and "dmmap-water" in factors
    categories = list(book["類別 Categories"].iter_rows(min_row=2, values_only=True))
    assert (categories[0][0], categories[0][2]) == ("1.1", "1.1 Stationary combustion")
    assert len(categories) == 22
    instructions = " ".join(str(c) for row in book["說明 Instructions"].iter_rows(values_only=True) for c in row if c)
    assert "YYYY-MM" in instructions and "整份檔案都不會匯入" in instructions
    assert "nothing of the file is imported" in instructions


def test_the_filled_template_imports_cleanly(client, applicant, inventory, django_capture_on_commit_callbacks):
    EmissionSourceFactory(inventory=inventory, name="廠區用電", subcategory="2.1", factor_code=ELECTRICITY)
    EmissionSourceFactory(inventory=inventory, name="堆高機柴油", subcategory="1.2", factor_code=DIESEL)
    client.force_login(applicant)
    book = download(client, inventory)
    data = book[DATA_SHEET]
    expected = 0
    for n, row in enumerate(data.iter_rows(min_row=4), start=1):
        if row[0].value:
            row[4].value = n * 10
            expected += n * 10
    next_row = 4 + 24
    for column, value in enumerate(["新增空壓機用電", "2.1", ELECTRICITY, "2024-05", 500, "MWh", "新排放源"], start=1):
        data.cell(row=next_row, column=column, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/carbon/inventories/{inventory.pk}/import/",
            {"workbook": upload(buffer.getvalue())},
            headers={"HX-Request": "true"},
        )
    assert response.status_code == 200
    job = inventory.import_jobs.get()
    assert job.status == JobStatus.SUCCEEDED, job.row_errors
    assert job.rows_imported == 25
    records = ActivityRecord.objects.filter(source__inventory=inventory)
    assert records.count() == 25
    assert sum(r.quantity for r in records if r.source.name != "新增空壓機用電") == expected
    assert records.get(source__name="新增空壓機用電").unit == "MWh"


def test_the_template_of_an_inventory_without_sources_imports_nothing_until_filled(
    client, applicant, library, django_capture_on_commit_callbacks
):
    inventory = InventoryFactory(company=applicant.company)
    client.force_login(applicant)
    book = download(client, inventory)
    assert book[DATA_SHEET]["A4"].value is None
    buffer = io.BytesIO()
    book.save(buffer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/carbon/inventories/{inventory.pk}/import/", {"workbook": upload(buffer.getvalue())})
    job = inventory.import_jobs.get()
    assert job.status == JobStatus.FAILED and job.row_errors[0]["code"] == "no_rows"


ROLES = [("officer", 200), ("admin_user", 200), ("counsellor", 404), ("reviewer", 404)]


@pytest.mark.parametrize(("role", "status"), ROLES)
def test_who_may_download_the_template(client, request, inventory, role, status):
    client.force_login(request.getfixturevalue(role))
    assert client.get(f"/carbon/inventories/{inventory.pk}/import/template.xlsx").status_code == status
