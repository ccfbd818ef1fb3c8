"""Totals that follow the data: an import recalculates the inventory in its own transaction (the page that sees
the import done sees the new total), and any change after a calculation marks its totals out of date."""

import datetime
from decimal import Decimal

import pytest

from carbon import services
from carbon.imports import services as import_services
from carbon.models import InventoryCalculation
from tests.carbon.factories import ActivityRecordFactory, EmissionSourceFactory

from .workbooks import GOOD_ROWS, xlsx
from .workbooks import upload as as_upload

pytestmark = pytest.mark.django_db


def import_rows(inventory, rows, *, user, capture):
    with capture(execute=True):
        job = import_services.activity_import_request(actor=user, inventory=inventory, upload=as_upload(xlsx(rows)))
    job.refresh_from_db()
    return job


def test_an_import_recalculates_the_totals_it_changes(inventory, applicant, django_capture_on_commit_callbacks):
    before = services.calculation_run(actor=applicant, inventory=inventory)
    job = import_rows(inventory, GOOD_ROWS, user=applicant, capture=django_capture_on_commit_callbacks)
    assert job.status == "succeeded"
    latest = InventoryCalculation.objects.filter(inventory=inventory).latest("created_at", "id")
    assert latest.pk != before.pk and latest.created_by == applicant
    assert latest.total_tco2e > before.total_tco2e == Decimal(0)
    inventory.refresh_from_db()
    assert inventory.data_changed_at <= latest.created_at  # not out of date


def test_the_workspace_says_when_its_totals_are_out_of_date(client, inventory, applicant):
    source = EmissionSourceFactory(inventory=inventory)
    ActivityRecordFactory(source=source, month=datetime.date(2024, 1, 1))
    services.calculation_run(actor=applicant, inventory=inventory)
    client.force_login(applicant)
    page = f"/carbon/inventories/{inventory.pk}/"
    assert 'id="results-out-of-date"' not in client.get(page).content.decode()
    services.activity_set(
        actor=applicant, source=source, month=datetime.date(2024, 2, 1), quantity=Decimal(5), unit=source.factor.unit
    )
    html = client.get(page).content.decode()
    assert 'id="results-out-of-date"' in html and "計算結果已非最新" in html
    client.post(f"/carbon/inventories/{inventory.pk}/calculate/")
    assert 'id="results-out-of-date"' not in client.get(page).content.decode()
    services.source_delete(actor=applicant, source=source)
    assert 'id="results-out-of-date"' in client.get(page).content.decode()


def test_describing_the_inventory_does_not_make_its_totals_out_of_date(inventory, applicant):
    services.calculation_run(actor=applicant, inventory=inventory)
    services.inventory_update(actor=applicant, inventory=inventory, data={"description": "沖壓與焊接"})
    inventory.refresh_from_db()
    assert inventory.data_changed_at is None
