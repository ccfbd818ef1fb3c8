"""The carbon workspace: factor library, inventories by role, sources, monthly activity data, results."""

import datetime
from decimal import Decimal

import pytest

from carbon.models import ActivityRecord, EmissionSource, Factor, GwpSet, Inventory, InventoryCalculation
from tests.carbon.workspace_data import inventory_with
from tests.factories import UserFactory
from tests.helpers import assert_constant_queries

pytestmark = pytest.mark.django_db

YEAR = [41800, 38200, 43500, 44100, 47900, 52300, 55800, 56100, 50200, 46300, 42700, 43900]


@pytest.fixture
def inventory(applicant):
    return inventory_with(
        applicant,
        [
            ("廠區用電", "2.1", "tw-electricity-113", "kWh", YEAR),
            ("堆高機", "1.2", "epa-6.0.4-diesel-mobile", "L", [300] * 12),
        ],
    )


def test_factor_library_is_public_and_complete(client):
    html = client.get("/carbon/factors/").content.decode()
    assert Factor.objects.filter(code__startswith="epa-6.0.4-").count() == 43
    for code in (
        "tw-electricity-111",
        "tw-electricity-112",
        "tw-electricity-113",
        "dmmap-water",
        "epa-6.0.4-diesel-mobile",
    ):
        assert code in html


def test_an_applicant_creates_an_inventory(client, applicant):
    client.force_login(applicant)
    response = client.post(
        "/carbon/inventories/new/",
        {
            "title": "114 年度盤查",
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
            "base_year": "2025",
            "gwp_set": GwpSet.objects.get(code="AR6").pk,
            "boundary_approach": "operational_control",
            "significance_threshold": "1",
            "verification": "none",
        },
    )
    inventory = Inventory.objects.get()
    assert response["Location"] == f"/carbon/inventories/{inventory.pk}/"
    assert inventory.company == applicant.company


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"period_end": "2024-12-31"}, "period_end"),
        ({"period_end": "2026-06-30"}, "period_end"),
        ({"base_year": "2030"}, "base_year"),
        ({"significance_threshold": "150"}, "significance_threshold"),
        ({"gwp_set": "999"}, "gwp_set"),
        ({"period_start": "2025-02-30"}, "period_start"),
        ({"title": ""}, "title"),
    ],
)
def test_inventory_form_bad_input(client, applicant, change, field):
    client.force_login(applicant)
    data = {
        "title": "x",
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "base_year": "2025",
        "gwp_set": GwpSet.objects.get(code="AR6").pk,
        "boundary_approach": "operational_control",
        "significance_threshold": "1",
        "verification": "none",
        **change,
    }
    response = client.post("/carbon/inventories/new/", data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Inventory.objects.exists()


@pytest.mark.parametrize(("role", "status"), [("counsellor", 403), ("reviewer", 403), ("officer", 403)])
def test_only_applicants_create_inventories(client, request, role, status):
    client.force_login(request.getfixturevalue(role))
    assert client.get("/carbon/inventories/new/").status_code == status


def test_who_sees_an_inventory(client, inventory, officer, counsellor):
    other = UserFactory(role="applicant")
    url = f"/carbon/inventories/{inventory.pk}/"
    client.force_login(other)
    assert client.get(url).status_code == 404
    client.force_login(counsellor)
    assert client.get(url).status_code == 404
    client.force_login(officer)
    assert client.get(url).status_code == 200
    assert client.post(f"/carbon/inventories/{inventory.pk}/calculate/").status_code == 403


def test_calculate_and_see_the_totals(client, applicant, inventory):
    client.force_login(applicant)
    client.post(f"/carbon/inventories/{inventory.pk}/calculate/")
    calculation = InventoryCalculation.objects.get(inventory=inventory)
    # 562,800 kWh × 0.494 = 278.0232 t; 3,600 L × 2.606 = 9.3816 t
    assert calculation.results["total"] == "287.4048"
    assert calculation.results["by_category"] == {"1": "9.3816", "2": "278.0232"}
    assert calculation.factors["tw-electricity-113"]["gases"] == {"CO2e": "0.49400000"}
    html = client.get(f"/carbon/inventories/{inventory.pk}/").content.decode()
    assert "287.4048" in html and "<svg" in html


def test_add_a_source_then_its_monthly_data(client, applicant, inventory):
    client.force_login(applicant)
    response = client.post(
        f"/carbon/inventories/{inventory.pk}/sources/new/",
        {
            "name": "熱處理爐",
            "subcategory": "1.1",
            "factor": Factor.objects.get(code="epa-6.0.4-natural-gas").pk,
            "data_quality": "1",
            "activity_uncertainty": "2",
            "included": "on",
        },
    )
    source = EmissionSource.objects.get(name="熱處理爐")
    assert response["Location"] == f"/carbon/inventories/{inventory.pk}/sources/{source.pk}/activity/"
    response = client.post(
        response["Location"], {"q-2025-01": "5,200", "u-2025-01": "m3", "q-2025-02": "4.7", "u-2025-02": "千立方公尺"}
    )
    assert response.status_code == 302
    assert list(source.records.values_list("quantity", "unit")) == [
        (Decimal(5200), "m3"),
        (Decimal("4.7"), "千立方公尺"),
    ]
    client.post(
        f"/carbon/inventories/{inventory.pk}/sources/{source.pk}/activity/",
        {"q-2025-01": "", "q-2025-02": "4.7", "u-2025-02": "千立方公尺"},
    )
    assert source.records.count() == 1  # an emptied month is removed


@pytest.mark.parametrize(
    ("quantity", "unit"), [("-5", "m3"), ("abc", "m3"), ("5", "kWh"), ("1e400", "m3"), ("NaN", "m3")]
)
def test_activity_bad_input_stores_nothing(client, applicant, inventory, quantity, unit):
    source = inventory.sources.get(name="堆高機")
    client.force_login(applicant)
    before = list(source.records.values_list("month", "quantity"))
    response = client.post(
        f"/carbon/inventories/{inventory.pk}/sources/{source.pk}/activity/",
        {"q-2025-01": quantity, "u-2025-01": unit, "q-2025-02": "1"},
    )
    assert response.status_code == 200
    assert "2025-01" in response.context["grid"].errors
    assert list(source.records.values_list("month", "quantity")) == before


def test_excluded_sources_need_a_reason(client, applicant, inventory):
    source = inventory.sources.get(name="堆高機")
    client.force_login(applicant)
    data = {
        "name": source.name,
        "subcategory": "1.2",
        "factor": source.factor_id,
        "data_quality": "2",
        "activity_uncertainty": "5",
    }
    response = client.post(f"/carbon/inventories/{inventory.pk}/sources/{source.pk}/", data)
    assert "exclusion_reason" in response.context["form"].errors
    client.post(
        f"/carbon/inventories/{inventory.pk}/sources/{source.pk}/", {**data, "exclusion_reason": "不具顯著性（<1%）"}
    )
    client.post(f"/carbon/inventories/{inventory.pk}/calculate/")
    results = InventoryCalculation.objects.latest("id").results
    assert results["excluded"] == [{"source": "堆高機", "subcategory": "1.2", "reason": "不具顯著性（<1%）"}]
    assert results["by_category"] == {"2": "278.0232"}


def test_changing_a_factor_to_an_incompatible_unit_is_refused(client, applicant, inventory):
    source = inventory.sources.get(name="堆高機")
    client.force_login(applicant)
    response = client.post(
        f"/carbon/inventories/{inventory.pk}/sources/{source.pk}/",
        {
            "name": source.name,
            "subcategory": "1.2",
            "factor": Factor.objects.get(code="tw-electricity-113").pk,
            "data_quality": "2",
            "activity_uncertainty": "5",
            "included": "on",
        },
    )
    assert response.status_code == 200
    source.refresh_from_db()
    assert source.factor.code == "epa-6.0.4-diesel-mobile"


def test_a_month_outside_the_period_is_refused(applicant, inventory):
    from django.core.exceptions import ValidationError

    from carbon import services

    with pytest.raises(ValidationError):
        services.activity_set(
            actor=applicant, source=inventory.sources.first(), month=datetime.date(2026, 1, 1), quantity=1, unit="kWh"
        )


def test_inventory_list_queries_do_not_grow(client, officer, applicant):
    client.force_login(officer)

    def grow(n):
        while Inventory.objects.count() < n:
            inventory_with(applicant, [("電", "2.1", "tw-electricity-113", "kWh", [1])])

    assert_constant_queries(lambda: client.get("/carbon/inventories/"), grow)


def test_workspace_queries_do_not_grow_with_sources(client, applicant):
    inventory = inventory_with(applicant, [])
    client.force_login(applicant)
    factor = Factor.objects.get(code="tw-electricity-113")

    def grow(n):
        from carbon import services

        while inventory.sources.count() < n:
            source = services.source_save(
                actor=applicant,
                inventory=inventory,
                data={"name": f"電 {inventory.sources.count()}", "subcategory": "2.1", "factor": factor},
            )
            services.activity_set(
                actor=applicant, source=source, month=datetime.date(2025, 3, 1), quantity=5, unit="kWh"
            )
        services.calculation_run(actor=applicant, inventory=inventory)

    assert_constant_queries(lambda: client.get(f"/carbon/inventories/{inventory.pk}/"), grow, (3, 55))


def test_factor_library_queries_do_not_grow(client):
    from carbon.models import FactorGas, FactorSet

    def grow(n):
        while FactorSet.objects.filter(code__startswith="t-").count() < n:
            fs = FactorSet.objects.create(
                code=f"t-{FactorSet.objects.count()}",
                title={"zh-hant": "測", "en": "t"},
                source_document="x",
                year=2026,
            )
            f = Factor.objects.create(
                factor_set=fs, code=f"t-{fs.pk}", name={"zh-hant": "測", "en": "t"}, kind="other", unit="kg"
            )
            FactorGas.objects.create(factor=f, gas="CO2", value=1)

    assert_constant_queries(lambda: __import__("django.test").test.Client().get("/carbon/factors/"), grow)


def test_demo_inventory(settings):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("load_demo", stdout=__import__("io").StringIO())
    inventory = Inventory.objects.get(title="114 年度組織型溫室氣體盤查")
    assert ActivityRecord.objects.filter(source__inventory=inventory).count() == 60
    assert InventoryCalculation.objects.filter(inventory=inventory).exists()


def test_a_gas_missing_from_the_gwp_set_is_a_message_not_a_500(client, applicant):
    bare = GwpSet.objects.create(
        code="CO2-ONLY", title={"zh-hant": "僅 CO2", "en": "CO2 only"}, source="test", year=2026
    )
    bare.gwp_values.create(gas="CO2", value=1)
    inventory = inventory_with(applicant, [("冷氣", "1.4", "refrigerant-r-410a", "kg", [3])], gwp="CO2-ONLY")
    client.force_login(applicant)
    response = client.post(f"/carbon/inventories/{inventory.pk}/calculate/", follow=True)
    assert response.status_code == 200
    assert "R-410A" in response.content.decode()
    assert not InventoryCalculation.objects.filter(inventory=inventory).exists()


def test_the_workspace_s_sources_are_a_searchable_page(client, applicant):
    """Issue 12: a thousand sources are pages of 50, in constant queries (above); the search keeps matches."""
    from carbon import services

    inventory = inventory_with(applicant, [])
    factor = Factor.objects.get(code="tw-electricity-113")
    for n in range(55):
        services.source_save(
            actor=applicant,
            inventory=inventory,
            data={"name": f"鍋爐 {n}" if n % 10 == 0 else f"電 {n}", "subcategory": "2.1", "factor": factor},
        )
    client.force_login(applicant)
    response = client.get(f"/carbon/inventories/{inventory.pk}/")
    page = response.context["page"]
    assert page.paginator.count == 55 and len(page.object_list) == 50
    html = response.content.decode()
    assert 'class="pagination"' in html and 'type="search"' in html
    assert len(client.get(f"/carbon/inventories/{inventory.pk}/", {"page": 2}).context["page"].object_list) == 5
    found = client.get(f"/carbon/inventories/{inventory.pk}/", {"q": "鍋爐"}).context["page"].object_list
    assert sorted(s.name for s in found) == sorted(f"鍋爐 {n}" for n in range(0, 55, 10))
    html = client.get(f"/carbon/inventories/{inventory.pk}/", {"q": "nothing"}).content.decode()
    assert "沒有符合搜尋條件的排放源" in html
