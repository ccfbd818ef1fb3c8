"""The office's dashboard: cases per status and the deadlines of the coming days, each a link into the
queue with its filter applied; nobody else sees it."""

import datetime

import pytest
from django.utils import timezone

from applications.models import CaseStatus
from portal.dates import roc_date
from tests.applications.office_data import bulk_cases

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["officer", "admin_user"])
def test_office_dashboard_counts_cases_per_status(client, request, role):
    bulk_cases(3)
    bulk_cases(2, status=CaseStatus.SCREENING)
    bulk_cases(1, status=CaseStatus.WITHDRAWN)
    client.force_login(request.getfixturevalue(role))
    html = client.get("/dashboard/").content.decode()
    assert '<div class="stat">3</div><a href="/office/cases/?status=submitted">已送出</a>' in html
    assert '<div class="stat">2</div><a href="/office/cases/?status=screening">文件審查中</a>' in html
    assert '<div class="stat">0</div><a href="/office/cases/?status=under_review">審查中</a>' in html
    assert '<a href="/office/cases/?status=withdrawn">已撤案</a> 1' in html  # outside the pipeline, not empty
    assert "?status=closed" not in html  # no case: not listed
    assert "全部 6 件申請案" in html


def test_office_dashboard_lists_the_supplements_due_soon(client, officer):
    today = timezone.localdate()
    soon = bulk_cases(1, status=CaseStatus.SUPPLEMENT_REQUESTED, due=today + datetime.timedelta(days=3))[0]
    overdue = bulk_cases(1, status=CaseStatus.SUPPLEMENT_REQUESTED, due=today - datetime.timedelta(days=2))[0]
    later = bulk_cases(1, status=CaseStatus.SUPPLEMENT_REQUESTED, due=today + datetime.timedelta(days=20))[0]
    client.force_login(officer)
    html = client.get("/dashboard/").content.decode()
    section = html[html.index('id="cases-due"') :]
    assert section.index(overdue.reference) < section.index(soon.reference)  # soonest first
    assert later.reference not in section
    assert f'href="/office/cases/{soon.pk}/screening/"' in section
    assert f'<span class="badge error">{roc_date(overdue.due)}</span>' in section
    assert 'href="/office/cases/?due_soon=on&amp;sort=due"' in section


def test_office_dashboard_without_cases(client, officer):
    client.force_login(officer)
    html = client.get("/dashboard/").content.decode()
    assert "近日沒有到期的補件。" in html and "全部 0 件申請案" in html


@pytest.mark.parametrize("role", ["applicant", "counsellor", "reviewer"])
def test_others_do_not_get_the_office_overview(client, request, role):
    bulk_cases(2)
    client.force_login(request.getfixturevalue(role))
    html = client.get("/dashboard/").content.decode()
    assert 'id="case-overview"' not in html and "/office/cases/" not in html


def test_the_dashboard_s_links_apply_the_queue_filters(client, officer):
    bulk_cases(2)
    screening = bulk_cases(1, status=CaseStatus.SCREENING)[0]
    client.force_login(officer)
    html = client.get("/office/cases/", {"status": "screening"}).content.decode()
    assert screening.reference in html and html.count("/screening/") == 1
