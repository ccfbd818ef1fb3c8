"""factory_boy factories for carbon test data (no fixtures). Several helpers add to this file: add, don't rewrite."""

import datetime
from decimal import Decimal

import factory

from carbon.models import (
    ActivityRecord,
    EmissionSource,
    Facility,
    Factor,
    FactorGas,
    FactorSet,
    GwpSet,
    GwpValue,
    Inventory,
    InventoryCalculation,
    ReportJob,
)
from carbon.seed import load_library
from tests.factories import CompanyFactory


def carbon_library_load() -> None:
    """The factor library and GWP sets as ``migrate`` loads them (transactional tests flush them away)."""
    load_library(gwp_set=GwpSet, gwp_value=GwpValue, factor_set=FactorSet, factor=Factor, factor_gas=FactorGas)


def _gwp_set(code: str = "AR5") -> GwpSet:
    if not GwpSet.objects.filter(code=code).exists():
        carbon_library_load()
    return GwpSet.objects.get(code=code)


def _factor(code: str) -> Factor:
    if not Factor.objects.filter(code=code).exists():
        carbon_library_load()
    return Factor.objects.get(code=code)


# --- reports (carbon/reports) ----------------------------------------------------------------------


class InventoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inventory

    company = factory.SubFactory(CompanyFactory)
    title = factory.Sequence(lambda n: f"113 年度組織型溫室氣體盤查 {n}")
    description = "金屬製品製造業，主要製程為沖壓、焊接、熱處理與表面處理，員工 48 人。"
    responsible = "管理部 環安課 林美華"
    boundary_note = "以營運控制權法界定組織邊界，涵蓋台南永康廠與高雄路竹廠。"
    reporting_boundary_note = "類別 1、2 全數量化；類別 3 至 6 依顯著性評估（門檻：總排放量 1%）。"
    significance_threshold = Decimal("1.00")
    period_start = datetime.date(2024, 1, 1)
    period_end = datetime.date(2024, 12, 31)
    base_year = 2024
    base_year_policy = "基準年排放量因結構變更、計算方法改變或錯誤更正而變動達 5% 以上時，重新計算基準年排放量。"
    gwp_set = factory.LazyFunction(_gwp_set)
    methods_note = "採排放係數法：排放量 = 活動數據 × 排放係數 × 全球暖化潛勢。"
    policy_note = "本公司承諾於 2030 年前較基準年減少 30% 溫室氣體排放，推動空壓機汰換與屋頂太陽能。"


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility

    inventory = factory.SubFactory(InventoryFactory)
    name = factory.Sequence(lambda n: f"永康廠 {n}")
    address = "臺南市永康區中正路 1 號"


class EmissionSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmissionSource

    class Params:
        factor_code = "tw-electricity-113"

    inventory = factory.SubFactory(InventoryFactory)
    name = factory.Sequence(lambda n: f"排放源 {n}")
    subcategory = "2.1"
    factor = factory.LazyAttribute(lambda o: _factor(o.factor_code))


class ActivityRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityRecord

    source = factory.SubFactory(EmissionSourceFactory)
    month = datetime.date(2024, 1, 1)
    quantity = Decimal("1000")
    unit = factory.LazyAttribute(lambda o: o.source.factor.unit)


# (name, facility index or None, subcategory, factor code, unit, monthly quantities, data quality, ± % activity)
REPORT_DEMO_SOURCES = [
    ("永康廠用電", 0, "2.1", "tw-electricity-113", "kWh",
     [41800, 38200, 43500, 44100, 47900, 52300, 55800, 56100, 50200, 46300, 42700, 43900], 1, "2"),
    ("路竹廠用電", 1, "2.1", "tw-electricity-113", "kWh",
     [21800, 20200, 22500, 23100, 24900, 26300, 27800, 28100, 25200, 24300, 22700, 22900], 1, "2"),
    ("熱處理爐天然氣", 0, "1.1", "epa-6.0.4-natural-gas", "m3",
     [5200, 4700, 5400, 5300, 5600, 5500, 5900, 6000, 5400, 5300, 5000, 5100], 1, "2"),
    ("緊急發電機柴油", 1, "1.1", "epa-6.0.4-diesel", "L", [40, 0, 35, 0, 0, 60, 0, 0, 45, 0, 0, 30], 2, "5"),
    ("堆高機柴油", 0, "1.2", "epa-6.0.4-diesel-mobile", "L",
     [320, 290, 335, 340, 360, 355, 370, 365, 340, 330, 310, 325], 2, "5"),
    ("公務車汽油", None, "1.2", "epa-6.0.4-motor-gasoline-mobile", "L",
     [180, 160, 190, 175, 185, 170, 195, 200, 180, 175, 165, 190], 2, "5"),
    ("空調冷媒補充 R-410A", 0, "1.4", "refrigerant-r-410a", "kg", [0, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 3], 2, "5"),
    ("原料委外運輸", None, "3.1", "epa-6.0.4-diesel-mobile", "L",
     [410, 380, 420, 430, 450, 440, 460, 455, 430, 420, 400, 415], 3, "10"),
    ("自來水", 0, "4.5", "dmmap-water", "m3", [310, 280, 330, 340, 360, 390, 410, 420, 370, 340, 320, 330], 1, "2"),
]  # fmt: skip


def report_demo_inventory(*, company=None, year: int = 2024, **fields) -> Inventory:
    """A realistic inventory: two facilities, sources in categories 1–4, a year of monthly data, an excluded
    source. Written straight through the models (the services are tested elsewhere)."""
    carbon_library_load()
    inventory = InventoryFactory(
        company=company or CompanyFactory(),
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        base_year=fields.pop("base_year", year),
        **fields,
    )
    facilities = [
        FacilityFactory(inventory=inventory, name="台南永康廠", address="臺南市永康區中正路 1 號"),
        FacilityFactory(inventory=inventory, name="高雄路竹廠", address="高雄市路竹區中山路 2 號"),
    ]
    for name, facility, subcategory, code, unit, monthly, quality, uncertainty in REPORT_DEMO_SOURCES:
        source = EmissionSourceFactory(
            inventory=inventory,
            name=name,
            subcategory=subcategory,
            factor_code=code,
            facility=None if facility is None else facilities[facility],
            data_quality=quality,
            activity_uncertainty=Decimal(uncertainty),
        )
        ActivityRecord.objects.bulk_create(
            ActivityRecord(source=source, month=datetime.date(year, month, 1), quantity=Decimal(q), unit=unit)
            for month, q in enumerate(monthly, start=1)
        )
    EmissionSourceFactory(
        inventory=inventory,
        name="員工餐廳液化石油氣",
        subcategory="1.1",
        factor_code="epa-6.0.4-lpg",
        facility=facilities[0],
        included=False,
        exclusion_reason="年用量約 120 公升，估計排放量低於總排放量 0.1%，未達顯著性門檻。",
    )
    return inventory


def _calculation_of(inventory: Inventory) -> InventoryCalculation:
    from carbon.services import calculation_run

    return inventory.calculations.first() or calculation_run(actor=None, inventory=inventory)


class ReportJobFactory(factory.django.DjangoModelFactory):
    """A queued report job of an inventory's latest calculation (made now when it has none)."""

    class Meta:
        model = ReportJob

    inventory = factory.SubFactory(InventoryFactory)
    calculation = factory.LazyAttribute(lambda o: _calculation_of(o.inventory))
    language = "zh-hant"
