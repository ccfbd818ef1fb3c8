"""Stored submissions of lean-2026-basic, as the case services keep them (JSON: exact numbers as strings, dates
as ISO days), for the impact tests."""

COMPANY = {
    "registration": "company", "factory_registered": True, "industry_codes": ["2912"], "business_items": ["CB01"],
    "employees": 48, "paid_in_capital": 30000000, "net_worth": 12000000, "prc_capital": False, "bank_refused": False,
    "tax_arrears_3y": False, "pcc_refused": False, "serious_violation_3y": False, "site_in_roc": True,
}  # fmt: skip
FACTS = {
    "cases_this_year": 0, "debarred_this_subsidy": False, "debarred_government_plans": False,
    "pi_first_level_executive": True, "contact_formal_employee": True, "max_staff_person_months": "6.00",
    "staff_without_labour_insurance": 0, "staff_retired_uninsured": 0, "retirement_proof": False,
    "small_firm_declaration": False, "consultant_roles": ["lean_production"], "business_fee_consultants_only": True,
    "knowledge_base": ["value_stream_map", "kpi"], "slides_current_vsm": True, "slides_kpi_before_after": True,
    "digital_tools_only": False, "project_start": "2026-03-02", "project_end": "2026-09-30",
}  # fmt: skip


def lean_submission(gov: int, **facts) -> dict:
    """A whole proposal asking ``gov`` of subsidy, split 40 : 60 over personnel and business, matched 1 : 1."""
    personnel = gov * 2 // 5
    lines = [
        {"code": "personnel", "gov": personnel, "self": personnel},
        {"code": "business", "gov": gov - personnel, "self": gov - personnel},
    ]
    return {"company": dict(COMPANY), "unit": {}, "facts": {**FACTS, **facts}, "budget": {"lines": lines}}
