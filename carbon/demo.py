"""Carbon's demo data (run by portal's ``load_demo`` command after portal's own): an inventory of 2025 for the
demo applicant's company, with its sources, a year of monthly activity data and a calculation."""

import datetime
from decimal import Decimal

from carbon import services as carbon_services
from carbon.models import Factor, GwpSet, Inventory
from portal.demo import DEMO_APPLICANT
from portal.models import User


def load_demo() -> list[tuple[str, str, str]]:
    """A year of activity data for the demo applicant's company, so the workspace and report have content.
    Nothing when the company has an inventory already; no logins of its own."""
    user = User.objects.get(email=DEMO_APPLICANT)
    company = user.company
    if Inventory.objects.filter(company=company).exists():
        return []
    inventory = carbon_services.inventory_create(
        actor=user,
        company=company,
        data={
            "title": "114 年度組織型溫室氣體盤查",
            "period_start": datetime.date(2025, 1, 1),
            "period_end": datetime.date(2025, 12, 31),
            "base_year": 2025,
            "gwp_set": GwpSet.objects.get(code="AR5"),
            "description": "金屬製品製造，主要製程為沖壓、焊接與表面處理。",
            "responsible": "管理部 林美華",
            "boundary_note": "以營運控制權法界定，涵蓋永康廠全廠。",
            "reporting_boundary_note": (
                "類別 1、2 全數量化；類別 3 至 6 依顯著性評估（門檻：總排放量 1%）本年度未量化。"
            ),
            "base_year_policy": "基準年排放量變動達 5% 以上時重新計算。",
            "methods_note": "排放係數法：活動數據 × 排放係數 × GWP。",
        },
    )
    facility = carbon_services.facility_add(actor=user, inventory=inventory, name="永康廠", address=company.address)
    sources = [
        (
            "廠區用電",
            "2.1",
            "tw-electricity-113",
            "kWh",
            [41800, 38200, 43500, 44100, 47900, 52300, 55800, 56100, 50200, 46300, 42700, 43900],
            1,
        ),
        (
            "堆高機柴油",
            "1.2",
            "epa-6.0.4-diesel-mobile",
            "L",
            [320, 290, 335, 340, 360, 355, 370, 365, 340, 330, 310, 325],
            2,
        ),
        (
            "熱處理爐天然氣",
            "1.1",
            "epa-6.0.4-natural-gas",
            "m3",
            [5200, 4700, 5400, 5300, 5600, 5500, 5900, 6000, 5400, 5300, 5000, 5100],
            1,
        ),
        ("空調冷媒補充", "1.4", "refrigerant-r-410a", "kg", [0, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0], 2),
        ("自來水", "4.5", "dmmap-water", "m3", [310, 280, 330, 340, 360, 390, 410, 420, 370, 340, 320, 330], 1),
    ]
    for name, subcategory, code, unit, monthly, quality in sources:
        source = carbon_services.source_save(
            actor=user,
            inventory=inventory,
            data={
                "name": name,
                "subcategory": subcategory,
                "factor": Factor.objects.get(code=code),
                "facility": facility,
                "data_quality": quality,
                "activity_uncertainty": Decimal(2 if quality == 1 else 5),
            },
        )
        for month, quantity in enumerate(monthly, start=1):
            carbon_services.activity_set(
                actor=user, source=source, month=datetime.date(2025, month, 1), quantity=Decimal(quantity), unit=unit
            )
    carbon_services.calculation_run(actor=user, inventory=inventory)
    return []
