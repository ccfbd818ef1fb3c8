"""The report's contents, built from a calculation snapshot (in-process; the worker tests render the PDF)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.translation import gettext as _

from carbon import services
from carbon.models import ActivityRecord, InventoryCalculation
from carbon.models.inventory import CATEGORY_LABELS
from carbon.reports.figures import combined_uncertainty, gas_family, tco2e
from carbon.reports.render import ISO_ITEMS, ReportDataError, report_context, report_html
from portal.dates import roc_date
from portal.pdf import page_counter_css
from tests.carbon.factories import InventoryFactory, ReportJobFactory, report_demo_inventory
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def context_html(job) -> tuple[dict, str]:
    with translation.override(job.language):
        context = report_context(job=job)
        return context, report_html(context)


@pytest.fixture
def job():
    return ReportJobFactory(inventory=report_demo_inventory())


def test_every_mandatory_item_has_a_labelled_section(job):
    _context, html = context_html(job)
    for letter in "abcdefghijklmnopqrst":
        assert f'id="item-{letter}"' in html
        assert f'<span class="marker">({letter})</span>' in html
    with translation.override("zh-hant"):
        for text in ISO_ITEMS.values():
            assert str(text) in html


def test_the_figures_are_the_snapshot(job):
    context, html = context_html(job)
    results = job.calculation.results
    assert context["total"] == tco2e(results["total"]) and context["total"] in html
    for row in context["categories"]:
        assert row["tco2e"] == tco2e(results["by_category"].get(row["code"], "0"))
    assert [row["code"] for row in context["categories"]] == ["1", "2", "3", "4", "5", "6"]
    # categories 5 and 6 have no source: shown, with zero, as not quantified
    assert [row["quantified"] for row in context["categories"]] == [True, True, True, True, False, False]
    indirect = sum(Decimal(results["by_category"][c]) for c in "234")
    assert context["indirect"] == tco2e(indirect)
    shares = sum(Decimal(row["share"]) for row in context["sources"])
    assert abs(shares - 100) < Decimal("0.1")
    assert {row["name"] for row in context["sources"] if row["significant"]} >= {"永康廠用電", "熱處理爐天然氣"}
    assert "<svg" in context["category_chart"] and "<svg" in context["monthly_chart"]
    assert len(context["months"]) == 12


def test_direct_emissions_by_gas_add_up_to_category_1(job):
    context, _html = context_html(job)
    rows = {row["gas"]: row for row in context["direct_gases"]}
    assert list(rows)[:7] == ["CO2", "CH4", "N2O", "NF3", "SF6", "HFCs", "PFCs"]
    total = sum(Decimal(row["tco2e"].replace(",", "")) for row in rows.values())
    assert abs(total - Decimal(job.calculation.results["by_category"]["1"])) <= Decimal("0.0002")
    assert rows["HFCs"]["kg"] == "9.000"  # 6 + 3 kg of R-410A
    assert rows["CH4"]["quantified"] is False and rows["CH4"]["tco2e"] == "0.0000"


def test_uncertainty_by_category_combines_to_the_total(job):
    context, _html = context_html(job)
    results = job.calculation.results
    assert context["uncertainty"] == results["uncertainty"]
    # the six categories combine (approach 1, a sum) to the total's uncertainty
    parts = [(Decimal(c["tco2e"].replace(",", "")), Decimal(c["uncertainty"] or 0)) for c in context["categories"]]
    assert abs(combined_uncertainty(parts) - Decimal(results["uncertainty"])) < Decimal("0.01")
    category_1 = [
        (Decimal(r["tco2e"]), Decimal(r["uncertainty"])) for r in results["by_source"] if r["subcategory"] < "2"
    ]
    assert abs(Decimal(context["categories"][0]["uncertainty"]) - combined_uncertainty(category_1)) < Decimal("0.01")
    assert context["categories"][5]["uncertainty"] is None


def test_factors_and_gwp_come_with_their_sources(job):
    context, html = context_html(job)
    codes = {row["code"] for row in context["factors"]}
    assert codes == set(job.calculation.factors)
    electricity = next(row for row in context["factors"] if row["code"] == "tw-electricity-113")
    assert electricity["year"] and "經濟部" in electricity["source"]
    assert context["gwp_code"] == "AR5" and context["gwp_set"].source in html
    assert {"gas": "R-410A", "value": "1923.5"} in context["gwp_rows"]
    assert context["gwp_is_latest"] is False  # AR6 exists: the report says so


def test_exclusions_keep_their_reasons(job):
    context, html = context_html(job)
    assert [row["source"] for row in context["excluded"]] == ["員工餐廳液化石油氣"]
    assert "未達顯著性門檻" in html


def test_roc_dates_in_chinese_and_iso_dates_in_english(job):
    context, html = context_html(job)
    assert context["dates"]["start"] == "民國 113 年 1 月 1 日" and "民國 113 年 12 月 31 日" in html
    job.language = "en"
    context, html = context_html(job)
    assert context["dates"]["start"] == "2024-01-01" and "民國" not in html
    with translation.override("en"):
        assert roc_date(datetime.date(2025, 3, 5), english="iso") == "2025-03-05"
    with translation.override("zh-hant"):
        assert roc_date(datetime.date(2025, 3, 5), english="iso") == "民國 114 年 3 月 5 日"


def test_the_language_follows_the_job(job):
    job.language = "en"
    _context, html = context_html(job)
    with translation.override("en"):
        assert str(CATEGORY_LABELS["1"]) in html
        assert 'lang="en"' in html


def test_missing_information_is_stated_explicitly():
    inventory = InventoryFactory(
        description="",
        responsible="",
        boundary_note="",
        reporting_boundary_note="",
        base_year_policy="",
        methods_note="",
        policy_note="",
        base_year=2022,
    )
    job = ReportJobFactory(inventory=inventory)  # no source at all: a zero inventory still reports
    context, html = context_html(job)
    with translation.override(job.language):
        for text in (
            "The inventory gives no description of the organisation beyond its name and registration.",
            "The inventory does not name the person or unit responsible for the report.",
            "This report does not quantify GHG removals.",
            "This report does not quantify biogenic CO2 emissions or removals separately.",
            "The inventory states no base-year recalculation policy.",
            "No inventory of an earlier reporting period is recorded for this organisation.",
            "No intensity indicator (e.g. emissions per unit of production) was given for this inventory.",
            "No GHG source or sink within the boundary was excluded from quantification.",
        ):
            assert _(text) in html, text
        assert (
            _(
                "The inventory of the base year, %(year)s, is not recorded in this system, so its emissions "
                "cannot be reported here."
            ).replace("%(year)s", "民國 111 年")
            in html
        )
    assert context["total"] == "0.0000" and context["uncertainty"] is None


def test_previous_period_and_base_year_are_compared():
    company = CompanyFactory()
    before = report_demo_inventory(company=company, year=2023)
    services.calculation_run(actor=None, inventory=before)
    job = ReportJobFactory(inventory=report_demo_inventory(company=company, year=2024, base_year=2023))
    context, _html = context_html(job)
    for key in ("previous", "base"):
        comparison = context[key]
        assert comparison["inventory"] == before
        assert comparison["difference"] == "0.0000"  # the same activity data both years
        assert comparison["change"] == "0.00"
    assert context["is_base_year"] is False


def test_activity_changed_after_the_calculation(job):
    ActivityRecord.objects.filter(source__inventory=job.inventory).update(quantity=1)
    context, html = context_html(job)
    assert context["direct_gases"] is None and context["activity_rows"] is None
    assert context["total"] == tco2e(job.calculation.results["total"])  # the snapshot still decides


def test_user_text_is_escaped(job):
    job.inventory.description = '<img src="file:///etc/passwd"> & <script>alert(1)</script>'
    job.inventory.save()
    _context, html = context_html(job)
    assert "<img src=" not in html and "<script>" not in html
    assert "&lt;img src=" in html


def test_an_incomplete_snapshot_is_a_readable_error(job):
    InventoryCalculation.objects.filter(pk=job.calculation_id).update(results={"total": "1.0000"})
    with translation.override("en"), pytest.raises(ReportDataError, match="by_category"):
        report_context(job=job)


def test_page_counter_and_gases():
    assert page_counter_css("第 %(page)s 頁／共 %(pages)s 頁") == '"第 " counter(page) " 頁／共 " counter(pages) " 頁"'
    assert page_counter_css('Page %(page)s of "%(pages)s"') == '"Page " counter(page) " of \\"" counter(pages) "\\""'
    assert [gas_family(g) for g in ("CO2", "ch4", "HFC-134a", "R-410A", "CF4", "CO2e", "SF6")] == [
        "CO2",
        "CH4",
        "HFCs",
        "HFCs",
        "PFCs",
        "CO2e",
        "SF6",
    ]
