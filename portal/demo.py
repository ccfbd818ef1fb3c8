"""Demo organisations and users (one per role), created through the services."""

import datetime

from django.db import transaction

from portal import services
from portal.models import Company, CounsellingUnit, ProgrammeOffice, Role, User

DEMO_PASSWORD = "portal-demo-2026"

OFFICE = {"name": "產業升級輔導計畫辦公室", "ministry_unit": "經濟部產業發展署"}

UNITS = [
    {
        "data": {
            "kind": "company", "ubn": "53102462", "name": "智聯系統整合股份有限公司", "registration": "company",
            "industry_codes": ["6201", "6202"], "net_worth": 85_000_000, "address": "臺北市內湖區瑞光路 100 號",
        },
        "qualifications": [
            {"category": "AU", "registration_no": "AU-112-0031", "expires_on": datetime.date(2027, 12, 31)},
            {"category": "IT", "registration_no": "IT-112-0107", "expires_on": datetime.date(2027, 12, 31)},
            {"category": "SI", "registration_no": "SI-111-0018", "expires_on": datetime.date(2026, 6, 30)},
        ],
    },
    {
        "data": {
            "kind": "university", "ubn": "86420971", "name": "國立中部科技大學", "registration": "none",
            "moe_accredited": True, "address": "臺中市南區大學路 1 號",
        },
        "qualifications": [
            {"category": "SD", "registration_no": "SD-113-0009", "expires_on": datetime.date(2028, 3, 31)},
        ],
    },
    {
        "data": {
            "kind": "company", "ubn": "35791351", "name": "精工機械股份有限公司", "registration": "company",
            "factory_registered": True, "factory_registration_no": "66012345", "industry_codes": ["2912", "2929"],
            "net_worth": 420_000_000, "address": "臺中市大雅區科雅路 8 號",
        },
        "qualifications": [
            {"category": "AU", "registration_no": "AU-113-0044", "expires_on": datetime.date(2027, 9, 30)},
            {"category": "SD3", "registration_no": "SD3-113-0002", "expires_on": datetime.date(2027, 9, 30)},
        ],
    },
]  # fmt: skip

COMPANIES = [
    {
        "ubn": "22099131", "name": "鴻昇金屬工業股份有限公司", "registration": "company", "factory_registered": True,
        "factory_registration_no": "99612345", "industry_codes": ["2599"], "business_items": ["CA02010"],
        "employees": 48, "paid_in_capital": 30_000_000, "net_worth": 12_000_000, "address": "臺南市永康區工業路 12 號",
    },
    {
        "ubn": "12456784", "name": "台佳精密機械股份有限公司", "registration": "company", "factory_registered": True,
        "factory_registration_no": "65023456", "industry_codes": ["2912"], "business_items": ["CB01010"],
        "employees": 150, "paid_in_capital": 120_000_000, "net_worth": 210_000_000, "address": "臺中市西屯區工業區一路 3 號",
    },
    {
        "ubn": "24680241", "name": "大成電機股份有限公司", "registration": "company", "factory_registered": True,
        "factory_registration_no": "68034567", "industry_codes": ["2810"], "business_items": ["CC01010"],
        "employees": 320, "paid_in_capital": 500_000_000, "net_worth": 1_250_000_000, "address": "桃園市觀音區工業五路 20 號",
    },
    {
        "ubn": "13579134", "name": "小巧五金行", "registration": "business", "factory_registered": False,
        "industry_codes": ["2593"], "business_items": ["CA01"],
        "employees": 4, "paid_in_capital": 2_000_000, "net_worth": 800_000, "address": "彰化縣和美鎮和線路 5 號",
    },
    {
        "ubn": "97531351", "name": "綠能表面處理有限公司", "registration": "company", "factory_registered": True,
        "factory_registration_no": "67045678", "industry_codes": ["2544"], "business_items": ["CA02090"],
        "employees": 35, "paid_in_capital": 15_000_000, "net_worth": 9_000_000, "prc_capital": True,
        "address": "高雄市岡山區本工路 7 號",
    },
    {
        "ubn": "80808081", "name": "新味食品股份有限公司", "registration": "company", "factory_registered": True,
        "factory_registration_no": "64056789", "industry_codes": ["0891"], "business_items": ["C102010"],
        "employees": 60, "paid_in_capital": 40_000_000, "net_worth": -3_000_000, "tax_arrears_3y": True,
        "address": "屏東縣屏東市民生路 9 號",
    },
]  # fmt: skip

CONTACTS = {
    "22099131": [{"name": "林美華", "title": "管理部經理", "phone": "06-2031234", "email": "mh.lin@example.com.tw", "is_primary": True}],
    "12456784": [{"name": "陳志明", "title": "廠長", "phone": "04-23591234", "email": "cm.chen@example.com.tw", "is_primary": True}],
}  # fmt: skip

USERS = [
    {"email": "applicant@demo.tw", "full_name": "王大明", "role": Role.APPLICANT, "org": ("company", "22099131")},
    {"email": "counsellor@demo.tw", "full_name": "李佳穎", "role": Role.COUNSELLOR, "org": ("unit", "53102462")},
    {"email": "reviewer@demo.tw", "full_name": "張教授", "role": Role.REVIEWER, "org": None, "affiliation": "國立臺灣科技大學"},
    {"email": "officer@demo.tw", "full_name": "黃承辦", "role": Role.OFFICER, "org": ("office", None)},
    {"email": "admin@demo.tw", "full_name": "系統管理員", "role": Role.ADMIN, "org": ("office", None)},
]  # fmt: skip


@transaction.atomic
def demo_load() -> list[tuple[str, str, str]]:
    """Create what is missing; return (role, email, password) of the demo users."""
    office, _ = ProgrammeOffice.objects.get_or_create(name=OFFICE["name"], defaults=OFFICE)
    units = {}
    for spec in UNITS:
        unit = CounsellingUnit.objects.filter(ubn=spec["data"]["ubn"]).first()
        units[spec["data"]["ubn"]] = unit or services.counselling_unit_create(
            actor=None, data=spec["data"], qualifications=spec["qualifications"]
        )
    companies = {}
    for data in COMPANIES:
        company = Company.objects.filter(ubn=data["ubn"]).first()
        companies[data["ubn"]] = company or services.company_create(
            actor=None, data=data, contacts=CONTACTS.get(data["ubn"])
        )
    logins = []
    for spec in USERS:
        if not User.objects.filter(email=spec["email"]).exists():
            org_kind, key = spec["org"] or (None, None)
            services.user_create(
                actor=None,
                email=spec["email"],
                full_name=spec["full_name"],
                role=spec["role"],
                password=DEMO_PASSWORD,
                company=companies[key] if org_kind == "company" else None,
                counselling_unit=units[key] if org_kind == "unit" else None,
                programme_office=office if org_kind == "office" else None,
                affiliation=spec.get("affiliation", ""),
            )
        logins.append((str(Role(spec["role"]).label), spec["email"], DEMO_PASSWORD))
    demo_inventory_load(user=User.objects.get(email="applicant@demo.tw"))
    return logins


def demo_inventory_load(*, user: User) -> None:
    """A year of activity data for the demo applicant's company, so the workspace and report have content."""
    import datetime
    from decimal import Decimal

    from carbon import services as carbon_services
    from carbon.models import Factor, GwpSet, Inventory

    company = user.company
    if Inventory.objects.filter(company=company).exists():
        return
    inventory = carbon_services.inventory_create(actor=user, company=company, data={
        "title": "114 年度組織型溫室氣體盤查", "period_start": datetime.date(2025, 1, 1),
        "period_end": datetime.date(2025, 12, 31), "base_year": 2025, "gwp_set": GwpSet.objects.get(code="AR5"),
        "description": "金屬製品製造，主要製程為沖壓、焊接與表面處理。", "responsible": "管理部 林美華",
        "boundary_note": "以營運控制權法界定，涵蓋永康廠全廠。",
        "reporting_boundary_note": "類別 1、2 全數量化；類別 3 至 6 依顯著性評估（門檻：總排放量 1%）本年度未量化。",
        "base_year_policy": "基準年排放量變動達 5% 以上時重新計算。", "methods_note": "排放係數法：活動數據 × 排放係數 × GWP。",
    })  # fmt: skip
    facility = carbon_services.facility_add(actor=user, inventory=inventory, name="永康廠", address=company.address)
    sources = [
        ("廠區用電", "2.1", "tw-electricity-113", "kWh", [41800, 38200, 43500, 44100, 47900, 52300, 55800, 56100, 50200, 46300, 42700, 43900], 1),
        ("堆高機柴油", "1.2", "epa-6.0.4-diesel-mobile", "L", [320, 290, 335, 340, 360, 355, 370, 365, 340, 330, 310, 325], 2),
        ("熱處理爐天然氣", "1.1", "epa-6.0.4-natural-gas", "m3", [5200, 4700, 5400, 5300, 5600, 5500, 5900, 6000, 5400, 5300, 5000, 5100], 1),
        ("空調冷媒補充", "1.4", "refrigerant-r-410a", "kg", [0, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0], 2),
        ("自來水", "4.5", "dmmap-water", "m3", [310, 280, 330, 340, 360, 390, 410, 420, 370, 340, 320, 330], 1),
    ]  # fmt: skip
    for name, subcategory, code, unit, monthly, quality in sources:
        source = carbon_services.source_save(actor=user, inventory=inventory, data={
            "name": name, "subcategory": subcategory, "factor": Factor.objects.get(code=code), "facility": facility,
            "data_quality": quality, "activity_uncertainty": Decimal(2 if quality == 1 else 5),
        })  # fmt: skip
        for month, quantity in enumerate(monthly, start=1):
            carbon_services.activity_set(actor=user, source=source, month=datetime.date(2025, month, 1),
                                         quantity=Decimal(quantity), unit=unit)  # fmt: skip
    carbon_services.calculation_run(actor=user, inventory=inventory)
