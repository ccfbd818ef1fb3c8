"""The import panel and the job status partial: access per role, the upload form's checks, polling,
problems paginated, constant queries."""

import pytest
from django.test import Client
from django.utils import timezone

from carbon.imports.problems import Problem, stored_problems
from carbon.models import ImportJob
from portal.models import JobStatus
from tests.carbon.factories import InventoryFactory
from tests.factories import UserFactory
from tests.helpers import assert_constant_queries

from .workbooks import GOOD_ROWS, upload, xlsx

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def panel_url(inventory) -> str:
    return f"/carbon/inventories/{inventory.pk}/import/"


def job_url(job) -> str:
    return f"/carbon/inventories/{job.inventory_id}/import/{job.pk}/"


def make_job(inventory, user, **fields) -> ImportJob:
    return ImportJob.objects.create(
        inventory=inventory, upload="imports/x.xlsx", filename="活動數據.xlsx", requested_by=user, **fields
    )


@pytest.mark.parametrize(
    ("role", "get", "can_upload", "post"),
    [("applicant", 200, True, 200), ("admin_user", 200, True, 200), ("officer", 200, False, 403),
     ("counsellor", 404, False, 404), ("reviewer", 404, False, 404)],
)  # fmt: skip
def test_access_per_role(client, request, inventory, role, get, can_upload, post, django_capture_on_commit_callbacks):
    client.force_login(request.getfixturevalue(role))
    response = client.get(panel_url(inventory), headers=HTMX)
    assert response.status_code == get
    if get == 200:
        html = response.content.decode()
        assert ('name="workbook"' in html) is can_upload
        assert f"/carbon/inventories/{inventory.pk}/import/template.xlsx" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(panel_url(inventory), {"workbook": upload(xlsx(GOOD_ROWS))}, headers=HTMX)
    assert response.status_code == post
    assert inventory.import_jobs.count() == (1 if post == 200 else 0)


def test_another_company_applicant_sees_nothing(client, inventory):
    client.force_login(UserFactory())
    assert client.get(panel_url(inventory), headers=HTMX).status_code == 404
    assert client.post(panel_url(inventory), {"workbook": upload(xlsx(GOOD_ROWS))}).status_code == 404
    job = make_job(inventory, None)
    assert client.get(job_url(job), headers=HTMX).status_code == 404


def test_anonymous_is_sent_to_log_in(client, inventory):
    response = client.get(panel_url(inventory))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.post(panel_url(inventory), {"workbook": upload(xlsx(GOOD_ROWS))}).status_code == 302
    assert not ImportJob.objects.exists()


def test_a_job_of_another_inventory_is_not_found(client, applicant, inventory):
    other = make_job(InventoryFactory(), None)
    client.force_login(applicant)
    assert client.get(f"/carbon/inventories/{inventory.pk}/import/{other.pk}/", headers=HTMX).status_code == 404


def test_upload_and_see_the_result_in_the_panel(client, applicant, inventory, django_capture_on_commit_callbacks):
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(panel_url(inventory), {"workbook": upload(xlsx(GOOD_ROWS), "一月份.xlsx")}, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    job = inventory.import_jobs.get()
    assert job.filename == "一月份.xlsx" and job.requested_by == applicant
    assert 'class="import-panel"' in html and "<html" not in html  # a partial for htmx
    assert f'id="import-job-{job.pk}"' in html and 'hx-trigger="every 2s"' in html  # the worker has not run yet
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED  # now it has
    html = client.get(job_url(job) + "?poll=1", headers={**HTMX, "Accept-Language": "en"}).content.decode()
    assert "4 rows of activity data imported." in html and 'hx-trigger="every 2s"' not in html


def test_a_post_without_htmx_goes_to_the_job_page(client, applicant, inventory, django_capture_on_commit_callbacks):
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(panel_url(inventory), {"workbook": upload(xlsx(GOOD_ROWS))})
    job = inventory.import_jobs.get()
    assert response.status_code == 302 and response["Location"] == job_url(job)
    page = client.get(job_url(job), headers={"Accept-Language": "en"})
    assert "<html" in page.content.decode() and "4 rows of activity data imported." in page.content.decode()


@pytest.mark.parametrize(
    ("files", "message"),
    [({}, "This field is required."),
     ({"workbook": upload(b"a,b\n1,2\n", "activity.csv")}, "Upload an Excel workbook (.xlsx)."),
     ({"workbook": upload(b"", "empty.xlsx")}, "The submitted file is empty."),
     ({"workbook": upload(b"PK" + b"\0" * (5 * 1024 * 1024), "big.xlsx")}, "The file is larger than 5 MB."),
     ({"workbook": upload(b"PK" + b"\0" * (6 * 1024 * 1024), "huge.xlsx")}, "The file is larger than 5 MB.")],
)  # fmt: skip
def test_the_upload_form_refuses_bad_files_and_creates_no_job(client, applicant, inventory, files, message):
    client.force_login(applicant)
    response = client.post(panel_url(inventory), files, headers={**HTMX, "Accept-Language": "en"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_running_job_polls_every_two_seconds(client, applicant, inventory):
    job = make_job(
        inventory, applicant, status=JobStatus.RUNNING, progress=45, message="Checking every row", rows_total=10_000
    )
    client.force_login(applicant)
    html = client.get(job_url(job), headers={**HTMX, "Accept-Language": "en"}).content.decode()
    assert f'hx-get="{job_url(job)}?poll=1"' in html and 'hx-trigger="every 2s"' in html
    assert 'value="45"' in html and "Checking every row" in html and "10,000 rows" in html
    panel = client.get(panel_url(inventory), headers=HTMX).content.decode()
    assert 'hx-trigger="every 2s"' in panel  # the panel shows the job still running


def test_a_finished_job_stops_polling_and_tells_the_page(client, applicant, inventory):
    job = make_job(
        inventory,
        applicant,
        status=JobStatus.SUCCEEDED,
        progress=100,
        rows_total=10_005,
        rows_imported=10_000,
        finished_at=timezone.now(),
    )
    client.force_login(applicant)
    response = client.get(job_url(job) + "?poll=1", headers={**HTMX, "Accept-Language": "en"})
    html = response.content.decode()
    assert "every 2s" not in html
    assert "10,000 rows of activity data imported." in html and "5 rows without a quantity were skipped." in html
    assert response["HX-Trigger"] == "carbonImportDone"


def test_thousands_of_problems_are_paginated(client, applicant, inventory):
    problems = [Problem("negative", row, "E") for row in range(2, 1502)]
    job = make_job(inventory, applicant, status=JobStatus.FAILED, row_errors=stored_problems(problems))
    client.force_login(applicant)
    first = client.get(job_url(job), headers={**HTMX, "Accept-Language": "en"}).content.decode()
    assert first.count("A quantity cannot be negative.") == 50
    assert "Page 1 of 21 (1001 items)" in first and f'hx-get="{job_url(job)}?page=2"' in first
    last = client.get(job_url(job) + "?page=21", headers={**HTMX, "Accept-Language": "en"}).content.decode()
    assert "… and 500 more problems, not listed. Correct these first." in last
    assert client.get(job_url(job) + "?page=zzz", headers=HTMX).status_code == 200


def test_problems_are_worded_in_the_reader_language(client, applicant, inventory):
    job = make_job(
        inventory,
        applicant,
        status=JobStatus.FAILED,
        row_errors=[
            {
                "row": 3,
                "column": "D",
                "code": "month_outside",
                "message": "stored",
                "params": {"month": "2023-12", "start": "2024-01", "end": "2024-12"},
            },
            {"row": 4, "column": "Z", "code": "retired-code", "message": "kept as stored"},
        ],
    )
    client.force_login(applicant)
    html = client.get(job_url(job), headers={**HTMX, "Accept-Language": "en"}).content.decode()
    assert "2023-12 is outside the reporting period (2024-01 to 2024-12)." in html and "kept as stored" in html


def test_the_panel_lists_recent_jobs_in_constant_queries(client, applicant, inventory):
    client.force_login(applicant)
    users = [UserFactory(company=applicant.company) for _ in range(3)]

    def grow(n: int) -> None:
        for i in range(n - inventory.import_jobs.count()):
            errors = [{"row": 2, "code": "negative"}] * 200
            make_job(inventory, users[i % 3], status=JobStatus.FAILED, row_errors=errors)

    count = assert_constant_queries(lambda: client.get(panel_url(inventory), headers=HTMX), grow, sizes=(3, 9))
    assert count <= 6


def test_the_job_partial_in_constant_queries(client, applicant, inventory):
    client.force_login(applicant)
    job = make_job(inventory, applicant, status=JobStatus.FAILED)

    def grow(n: int) -> None:
        job.row_errors = [Problem("negative", row, "E").as_json() for row in range(n * 20)]
        job.save(update_fields=["row_errors"])

    assert_constant_queries(lambda: client.get(job_url(job), headers=HTMX), grow, sizes=(1, 30))


def test_an_upload_without_the_csrf_token_is_refused(applicant, inventory):
    client = Client(enforce_csrf_checks=True)
    client.force_login(applicant)
    response = client.post(panel_url(inventory), {"workbook": upload(xlsx(GOOD_ROWS))}, headers=HTMX)
    assert response.status_code == 403
    assert not ImportJob.objects.exists()
    page = client.get(panel_url(inventory), headers=HTMX)
    token = page.cookies["csrftoken"].value
    response = client.post(
        panel_url(inventory), {"workbook": upload(xlsx(GOOD_ROWS))}, headers={**HTMX, "X-CSRFToken": token}
    )
    assert response.status_code == 200 and ImportJob.objects.count() == 1


@pytest.mark.parametrize(
    "path",
    [
        "{pk}/import/99999999999999999999999/",
        "99999999999999999999999/import/",
        "99999999999999999999999/import/template.xlsx",
        "{pk}/import/0/",
    ],
)
def test_ids_out_of_range_are_not_found(client, applicant, inventory, path):
    client.force_login(applicant)
    assert client.get("/carbon/inventories/" + path.format(pk=inventory.pk), headers=HTMX).status_code == 404


def test_methods_other_than_get_and_post_are_refused(client, applicant, inventory):
    client.force_login(applicant)
    assert client.put(panel_url(inventory)).status_code == 405
    assert client.post(f"/carbon/inventories/{inventory.pk}/import/template.xlsx").status_code == 405
