"""Follow-up reports after closing: scheduled from the edition's ``follow_up`` deadline at final acceptance
(machinery: five yearly reports over the 60 months after closing; lean 2026: one, 12 months after the end),
asked for by a daily Celery beat task that a real worker runs, and filed with the KPIs reached."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from applications.services import CaseRefused, TransitionNotAllowed
from disbursements.models import FollowUp
from disbursements.services import follow_up_submit
from disbursements.tasks import follow_ups_remind
from programs.rules.kinds_dates import add_months
from tests.disbursements.builders import closed, contracted, lean_approved, machinery_approved, officer, report
from tests.disbursements.support import wait_for_mail

TODAY = timezone.localdate


def _closed(case):
    office = officer()
    case = contracted(case, office)
    people = case.applicant, getattr(case, "counsellor", None)
    report(case, case.applicant, progress="100", spent_gov=case.approved_gov, spent_self=10, kind="final")
    case = closed(case, office)
    case.applicant, case.counsellor = people
    return case


@pytest.mark.django_db
def test_machinery_asks_for_five_yearly_reports_after_closing():
    case = _closed(machinery_approved())
    dues = list(FollowUp.objects.filter(case=case).order_by("no").values_list("due", flat=True))
    assert dues == [add_months(TODAY(), 12 * year) for year in range(1, 6)]


@pytest.mark.django_db
def test_lean_asks_for_one_report_a_year_after_the_end():
    case = _closed(lean_approved())
    assert list(FollowUp.objects.filter(case=case).values_list("due", flat=True)) == [add_months(case.period_end, 12)]


@pytest.mark.django_db
def test_a_follow_up_is_filed_once_with_the_case_s_kpis():
    case = _closed(machinery_approved())
    first = FollowUp.objects.get(case=case, no=1)
    with pytest.raises(TransitionNotAllowed):  # not open yet: a year ahead
        follow_up_submit(actor=case.applicant, follow_up=first, kpi_actuals={"能耗降低（%）": "8"})
    FollowUp.objects.filter(pk=first.pk).update(due=TODAY() + datetime.timedelta(days=20))
    first.refresh_from_db()
    with pytest.raises(PermissionDenied):
        follow_up_submit(actor=officer(), follow_up=first, kpi_actuals={"能耗降低（%）": "8"})
    for bad in ({}, {"能耗降低（%）": "八"}, {"營收": "1"}, {"能耗降低（%）": "1e999"}, ["8"]):
        with pytest.raises(CaseRefused):
            follow_up_submit(actor=case.applicant, follow_up=first, kpi_actuals=bad)
    first.refresh_from_db()
    assert first.submitted_at is None
    follow_up_submit(
        actor=case.counsellor, follow_up=first, kpi_actuals={"能耗降低（%）": "8.5", "設備稼動率（%）": "77"}
    )
    first.refresh_from_db()
    assert first.kpi_actuals == {"能耗降低（%）": "8.5", "設備稼動率（%）": "77"}
    with pytest.raises(TransitionNotAllowed):
        follow_up_submit(actor=case.applicant, follow_up=first, kpi_actuals={"能耗降低（%）": "9"})


@pytest.mark.django_db
def test_the_follow_up_page_takes_the_kpis(client):
    case = _closed(lean_approved())
    follow_up = FollowUp.objects.get(case=case)
    FollowUp.objects.filter(pk=follow_up.pk).update(due=TODAY() + datetime.timedelta(days=10))
    client.force_login(case.applicant)
    assert client.post(f"/cases/{case.pk}/follow-ups/1/", {"kpi__換模時間（分）": "abc"}).status_code == 200
    response = client.post(f"/cases/{case.pk}/follow-ups/1/", {"kpi__換模時間（分）": "38", "note": "持續改善"})
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.kpi_actuals == {"換模時間（分）": "38"} and follow_up.note == "持續改善"


def test_beat_runs_the_reminders_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["follow-ups-remind"]
    assert entry["task"] == follow_ups_remind.name and entry["schedule"] == 24 * 60 * 60


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_reminds_the_company_once_a_week_of_a_follow_up_due(worker):
    case = _closed(lean_approved())
    follow_up = FollowUp.objects.get(case=case)
    FollowUp.objects.filter(pk=follow_up.pk).update(due=TODAY() + datetime.timedelta(days=12))
    assert follow_ups_remind.delay().get(timeout=60) == 1
    (mail,) = wait_for_mail(worker["mail_dir"], lambda m: "/follow-ups/" in m["body"])
    assert mail["to"] == case.applicant.email and case.reference in mail["subject"]
    assert f"/cases/{case.pk}/follow-ups/1/" in mail["body"]
    follow_up.refresh_from_db()
    assert follow_up.reminders == 1 and follow_up.reminded_at is not None
    assert follow_ups_remind.delay().get(timeout=60) == 0  # reminded this week already
    FollowUp.objects.filter(pk=follow_up.pk).update(reminded_at=timezone.now() - datetime.timedelta(days=8))
    assert follow_ups_remind.delay().get(timeout=60) == 1
    follow_up_submit(actor=case.applicant, follow_up=follow_up, kpi_actuals={"換模時間（分）": "38"})
    FollowUp.objects.filter(pk=follow_up.pk).update(reminded_at=None)
    assert follow_ups_remind.delay().get(timeout=60) == 0  # filed: no more reminders
