"""Portal's demo data: the programme office, counselling units, companies and one user per role, created
through the services. The ``load_demo`` command runs every app's ``<app>/demo.py`` in INSTALLED_APPS order,
so the apps after portal build on these (carbon's demo inventory belongs to DEMO_APPLICANT)."""

import datetime

from portal import services
from portal.models import Company, CounsellingUnit, ProgrammeOffice, Role, User

DEMO_PASSWORD = "portal-demo-2026"
DEMO_APPLICANT = "applicant@demo.tw"

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
        "employees": 150, "paid_in_capital": 120_000_000, "net_worth": 210_000_000, "address": "臺中市西屯區工業區一路 3 號",  # noqa: E501
    },
    {
        "ubn": "24680241", "name": "大成電機股份有限公司", "registration": "company", "factory_registered": True,
        "factory_registration_no": "68034567", "industry_codes": ["2810"], "business_items": ["CC01010"],
        "employees": 320, "paid_in_capital": 500_000_000, "net_worth": 1_250_000_000, "address": "桃園市觀音區工業五路 20 號",  # noqa: E501
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
    "22099131": [{"name": "林美華", "title": "管理部經理", "phone": "06-2031234", "email": "mh.lin@example.com.tw", "is_primary": True}],  # noqa: E501
    "12456784": [{"name": "陳志明", "title": "廠長", "phone": "04-23591234", "email": "cm.chen@example.com.tw", "is_primary": True}],  # noqa: E501
}  # fmt: skip

USERS = [
    {"email": DEMO_APPLICANT, "full_name": "王大明", "role": Role.APPLICANT, "org": ("company", "22099131")},
    {"email": "counsellor@demo.tw", "full_name": "李佳穎", "role": Role.COUNSELLOR, "org": ("unit", "53102462")},
    {"email": "applicant2@demo.tw", "full_name": "陳志明", "role": Role.APPLICANT, "org": ("company", "12456784")},
    {"email": "counsellor2@demo.tw", "full_name": "吳俊宏", "role": Role.COUNSELLOR, "org": ("unit", "35791351")},
    {"email": "reviewer@demo.tw", "full_name": "張教授", "role": Role.REVIEWER, "org": None, "affiliation": "國立臺灣科技大學"},  # noqa: E501
    {"email": "reviewer2@demo.tw", "full_name": "劉教授", "role": Role.REVIEWER, "org": None, "affiliation": "國立成功大學"},  # noqa: E501
    {"email": "reviewer3@demo.tw", "full_name": "蔡顧問", "role": Role.REVIEWER, "org": None, "affiliation": "精實管理顧問有限公司"},  # noqa: E501
    {"email": "officer@demo.tw", "full_name": "黃承辦", "role": Role.OFFICER, "org": ("office", None)},
    {"email": "admin@demo.tw", "full_name": "系統管理員", "role": Role.ADMIN, "org": ("office", None)},
    {"email": "accountant@demo.tw", "full_name": "鄭會計師", "role": Role.ACCOUNTANT, "org": None, "affiliation": "正信聯合會計師事務所"},  # noqa: E501
]  # fmt: skip


def load_demo() -> list[tuple[str, str, str]]:
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
    return logins
