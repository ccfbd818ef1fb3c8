"""ROC years wherever the UI is Chinese: the catalogue, the screener, the office's queue, inventories and their
report, the factor library; dates and times as ROC dates; an ROC base year is understood when typed."""

import datetime

import pytest
from django.utils import translation

from portal.dates import roc_datetime, roc_month, roc_year_text
from tests.carbon.factories import InventoryFactory, carbon_library_load


def test_years_dates_and_months_in_each_language():
    with translation.override("zh-hant"):
        assert roc_year_text(2023) == "民國 112 年" and roc_year_text("x") == "x" and roc_year_text(None) == ""
        assert roc_month(datetime.date(2025, 2, 1)) == "民國 114 年 2 月"
        moment = datetime.datetime(2025, 3, 4, 17, 30, tzinfo=datetime.UTC)  # 01:30 on 5 March in Taipei
        assert roc_datetime(moment) == "民國 114 年 3 月 5 日 01:30"
    with translation.override("en"):
        assert roc_year_text(2023) == "2023 (ROC 112)" and roc_year_text(2023, "iso") == "2023"
        assert roc_month(datetime.date(2025, 2, 1)) == "February 2025"
        assert roc_datetime(moment) == "5 March 2025 (ROC 114), 01:30"


@pytest.mark.django_db
def test_the_catalogue_counts_in_roc_years_in_chinese(client):
    html = client.get("/programmes/").content.decode()
    assert "<td>民國 112 年</td>" in html and "<td>2023</td>" not in html
    client.post("/i18n/setlang/", {"language": "en"})
    assert "<td>2023 (ROC 112)</td>" in client.get("/programmes/").content.decode()


@pytest.mark.django_db
def test_an_inventory_s_base_year_is_an_roc_year_and_may_be_typed_as_one(client, applicant):
    carbon_library_load()
    inventory = InventoryFactory(company=applicant.company, base_year=2024)
    client.force_login(applicant)
    assert "<dd>民國 113 年</dd>" in client.get(f"/carbon/inventories/{inventory.pk}/").content.decode()
    assert "<td>民國 113 年</td>" in client.get("/carbon/inventories/").content.decode()
    from carbon.forms import InventoryForm

    data = {
        "title": "盤查",
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "base_year": "114",
        "gwp_set": inventory.gwp_set_id,
        "boundary_approach": "operational_control",
        "significance_threshold": "1",
        "verification": "none",
    }
    form = InventoryForm(data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["base_year"] == 2025
