"""The audit trail: who, when, what changed — including bulk updates on PostgreSQL."""

import pytest
from django.db import DatabaseError, connection, transaction

from portal import services
from portal.audit import audit_context, audited_models
from portal.models import AuditEvent, Company
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def events_for(obj):
    return list(AuditEvent.objects.filter(table_name=obj._meta.db_table, object_id=str(obj.pk)).order_by("id"))


def test_create_update_delete_are_recorded_with_actor_and_changes(officer):
    with audit_context(actor=officer, reason="test"):
        company = services.company_create(actor=officer, data={"ubn": "22099131", "name": "甲公司"})
        services.company_update(actor=officer, company=company, data={"name": "乙公司", "employees": 12})
    company_id = company.pk
    with audit_context(actor=officer):
        Company.objects.filter(pk=company_id).delete()

    events = AuditEvent.objects.filter(table_name="portal_company", object_id=str(company_id)).order_by("id")
    assert [e.action for e in events] == ["insert", "update", "delete"]
    insert, update, delete = events
    assert insert.changes["ubn"] == "22099131"
    assert update.changes == {"name": ["甲公司", "乙公司"], "employees": [0, 12]}
    assert delete.changes["name"] == "乙公司"
    assert all(e.actor_id == officer.pk for e in events)
    assert update.context["action"] == "company_update"


def test_an_update_that_changes_nothing_writes_no_event(officer):
    company = CompanyFactory()
    before = len(events_for(company))
    services.company_update(actor=officer, company=company, data={"name": company.name})
    assert len(events_for(company)) == before


def test_passwords_are_masked_and_last_login_ignored(applicant):
    applicant.set_password("another-secret-pass-1")
    applicant.save()
    update = events_for(applicant)[-1]
    assert update.changes["password"] == ["***", "***"]
    assert "another-secret-pass-1" not in str(update.changes)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="bulk updates are caught by the PostgreSQL trigger")
def test_bulk_update_and_raw_sql_are_caught_on_postgresql(admin_user):
    companies = CompanyFactory.create_batch(3, employees=10)
    with audit_context(actor=admin_user, reason="bulk"):
        Company.objects.filter(pk__in=[c.pk for c in companies]).update(employees=11)
        with connection.cursor() as cursor:
            cursor.execute("UPDATE portal_company SET net_worth = 1 WHERE id = %s", [companies[0].pk])
    for company in companies:
        update = events_for(company)[1]
        assert update.action == "update"
        assert update.changes["employees"] == [10, 11]
        assert update.actor_id == admin_user.pk
        assert update.context["reason"] == "bulk"
    assert events_for(companies[0])[2].changes["net_worth"] == [12_000_000, 1]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the guard is a PostgreSQL trigger")
def test_audit_events_cannot_be_changed_or_deleted():
    company = CompanyFactory()
    event = events_for(company)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="delete")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="triggers exist on PostgreSQL")
def test_every_audited_model_has_its_trigger():
    from portal.audit.postgres import installed_audit_triggers, trigger_name

    installed = installed_audit_triggers()
    for model in audited_models():
        assert trigger_name(model._meta.db_table) in installed, model


def test_changes_outside_any_context_have_no_actor():
    company = CompanyFactory()
    assert events_for(company)[0].actor_id is None


def test_request_changes_are_attributed_to_the_signed_in_user(client, applicant):
    client.force_login(applicant)
    company = applicant.company
    data = {
        "name": "新名稱股份有限公司",
        "registration": "company",
        "factory_registered": "on",
        "factory_registration_no": company.factory_registration_no,
        "industry_codes": "2912",
        "business_items": "CB01",
        "employees": "50",
        "paid_in_capital": "30000000",
        "net_worth": "1",
        "site_in_roc": "on",
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
    }
    response = client.post(f"/companies/{company.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    update = events_for(company)[-1]
    assert update.actor_id == applicant.pk
    assert update.changes["name"][1] == "新名稱股份有限公司"
    assert update.context["path"] == f"/companies/{company.pk}/edit/"


def test_the_sqlite_fallback_records_an_uploaded_file_by_its_name(tmp_path, settings):
    """run.sh's default database is SQLite, where model signals write the trail: a row with a file must not
    break an upload (the trigger records the column's text; the fallback the file's name)."""
    from portal.audit.signals import _row
    from tests.applications.builders import machinery_case

    settings.MEDIA_ROOT = tmp_path
    document = machinery_case().documents.first()
    assert _row(document)["file"] == document.file.name and document.file.name.startswith("cases/")
