"""What the parts of a rule set are called, in both languages: the kinds, their parameters, the fields of
items and the values of choices. The edition editor labels its forms with these and the diff between two
versions writes its sentences with them, so a form and a diff line name a parameter the same way."""

from __future__ import annotations

from .text import EN, SIDE_LABELS, UNITS, ZH, Text, pick


def _t(zh: str, en: str) -> Text:
    return {ZH: zh, EN: en}


KIND_TITLES: dict[str, Text] = {
    "amount_max": _t("金額上限", "Amount at most"),
    "amount_min": _t("金額下限", "Amount at least"),
    "share_max": _t("比例上限", "Share at most"),
    "share_min": _t("比例下限", "Share at least"),
    "line_share_max": _t("科目比例上限", "Budget line's share at most"),
    "line_side_forbidden": _t("科目不得由一方支應", "Budget line not paid by one side"),
    "line_nonzero": _t("科目不得為零", "Budget line not zero"),
    "line_forbidden": _t("不得編列之科目", "Budget line not allowed"),
    "compare_lines": _t("兩項數額比較", "Two quantities compared"),
    "split_required": _t("經費須按各方分列", "Budget split by party"),
    "in_set": _t("值須為所列之一", "Value among a list"),
    "prefix_match": _t("代碼屬所列範圍", "Code under listed prefixes"),
    "bool_fact": _t("是非條件", "Yes-or-no condition"),
    "range": _t("數值範圍", "Number within a range"),
    "band_in": _t("規模級距", "Size band"),
    "count_min": _t("項目數量", "Number of items"),
    "contains_all": _t("須包含全部項目", "Includes every required item"),
    "increasing": _t("逐項遞增", "Rises item by item"),
    "each_max": _t("每項上限", "Each item at most"),
    "date_window": _t("日期範圍", "Date within a window"),
    "date_between": _t("日期介於兩日之間", "Date between two dates"),
    "spending_within": _t("科目支出不超過核定", "Line spending within its approved amount"),
    "line_not_in": _t("不得報支之科目", "Lines nothing may be claimed on"),
    "period_length": _t("計畫期間長度", "Length of the period"),
    "date_order": _t("日期先後", "Dates in order"),
    "qualification_valid": _t("能量登錄有效", "Registration valid"),
    "derived_tax": _t("營業稅計算", "Business tax computed"),
    "derived_cap": _t("依比率計算之上限", "Cap computed at a rate"),
    "line_ratio": _t("各科目依經費比例編列", "Lines in the funding ratio"),
    "all_of": _t("全部符合", "All of these"),
    "any_of": _t("符合其一", "Any of these"),
    "none_of": _t("皆不符合", "None of these"),
}

PARAM_TITLES: dict[str, Text] = {
    "quantity": _t("金額項目", "amount"),
    "max": _t("上限", "cap"),
    "min": _t("下限", "minimum"),
    "strict": _t("不含等於（等於即不符合）", "strict (equal does not pass)"),
    "part": _t("部分", "part"),
    "whole": _t("全體", "whole"),
    "unit": _t("單位", "unit"),
    "share_decimals": _t("比例四捨五入之小數位數", "share rounded to decimals"),
    "line": _t("經費科目", "budget line"),
    "side": _t("款別", "funding side"),
    "of": _t("占比之基準", "share of"),
    "left": _t("比較項目", "quantity compared"),
    "op": _t("比較方式", "comparison"),
    "right": _t("比較基準", "compared with"),
    "into": _t("分列之科目", "split into lines"),
    "fact": _t("判斷事項", "fact"),
    "values": _t("所列之值", "listed values"),
    "value_labels": _t("各值之名稱", "names of the values"),
    "prefixes": _t("代碼前綴", "code prefixes"),
    "expected": _t("須為", "required answer"),
    "min_inclusive": _t("下限含等於", "minimum included"),
    "max_inclusive": _t("上限含等於", "maximum included"),
    "bands": _t("級距", "bands"),
    "allowed": _t("允許之級距", "allowed bands"),
    "among": _t("計入之項目", "items counted"),
    "catalogue": _t("清單", "catalogue"),
    "only_listed": _t("僅限所列項目", "only listed items"),
    "end": _t("最後一項", "last item"),
    "after": _t("晚於", "after"),
    "on_or_after": _t("當日或之後", "on or after"),
    "before": _t("早於", "before"),
    "on_or_before": _t("當日或之前", "on or before"),
    "start_fact": _t("起始日", "start date"),
    "end_fact": _t("結束日", "end date"),
    "spent": _t("累計支出", "spending"),
    "approved": _t("核定金額", "approved amount"),
    "lines": _t("科目", "lines"),
    "min_months": _t("最少月數", "at least (months)"),
    "max_months": _t("最多月數", "at most (months)"),
    "categories": _t("登錄類別", "categories"),
    "after_fact": _t("效期須晚於", "valid after"),
    "rate": _t("比率", "rate"),
    "output": _t("計算結果代碼", "result code"),
    "base": _t("計算基礎之科目", "base lines"),
    "base_side": _t("計算基礎之款別", "base funding side"),
    "tolerance": _t("容許誤差", "tolerance"),
    "exclude": _t("不計入之科目", "lines left out"),
    "rules": _t("子規則", "sub-rules"),
}

# the fields every rule has besides its parameters
RULE_FIELD_TITLES: dict[str, Text] = {
    "id": _t("規則代碼", "rule id"),
    "kind": _t("規則種類", "kind of rule"),
    "level": _t("層級", "level"),
    "on_missing": _t("缺少資料時", "when data is missing"),
    "label": _t("規則名稱", "rule name"),
    "note": _t("說明（僅內部）", "note (internal)"),
    "source": _t("出處", "source"),
    "when": _t("適用條件", "applies when"),
}

# the fields of coded items (documents, deadlines, KPIs, budget lines, catalogue entries, rubric, instalments)
ITEM_FIELD_TITLES: dict[str, Text] = {
    "code": _t("代碼", "code"),
    "label": _t("名稱", "name"),
    "required": _t("必備", "required"),
    "stage": _t("階段", "stage"),
    "formats": _t("檔案格式", "file formats"),
    "working_days": _t("工作天數", "working days"),
    "calendar_days": _t("日曆天數", "calendar days"),
    "months": _t("月數", "months"),
    "every_months": _t("每隔月數填報一次", "a report every … months"),
    "anchor": _t("起算基準", "counted from"),
    "before": _t("於基準日之前", "before the anchor"),
    "mandatory": _t("必要指標", "mandatory"),
    "unit": _t("單位", "unit"),
    "max": _t("上限", "cap"),
    "weight": _t("權重", "weight"),
    "points": _t("評分重點", "points looked at"),
    "number": _t("期別", "instalment"),
    "share": _t("比例", "share"),
    "final": _t("尾款", "final instalment"),
    "settle_on_actual": _t("按實際支用結算", "settled on actual spending"),
    "name": _t("代碼", "name"),
    "type": _t("型別", "type"),
    "path": _t("位置", "where"),
    "note": _t("說明", "note"),
}

CARBON_TITLES: dict[str, Text] = {
    "electricity_factor": _t("電力排放係數", "electricity factor"),
    "water_factor": _t("自來水排放係數", "water factor"),
    "saving_share_of_self": _t("減碳效益占自籌款之比例", "saving as a share of the self-funding"),
    "saving_share_decimals": _t("比例之小數位數", "decimals of the share"),
    "inventory_required": _t("須完成溫室氣體盤查", "GHG inventory required"),
}
EDITION_FIELD_TITLES: dict[str, Text] = {
    "title": _t("計畫名稱", "title"),
    "track": _t("類別", "track"),
    "year": _t("年度", "year"),
    "application_opens": _t("受理申請起日", "applications open"),
    "application_closes": _t("受理申請迄日", "applications close"),
    "document_ref": _t("依據文件章節", "document reference"),
    "legal_source": _t("法源", "legal source"),
    "tax_inclusive": _t("金額含稅", "amounts include tax"),
    "scale_min": _t("評分下限", "lowest score"),
    "scale_max": _t("評分上限", "highest score"),
    "bonus_max": _t("加分上限", "bonus cap"),
}

LEVEL_TITLES: dict[str, Text] = {
    "error": _t("必要條件", "requirement"),
    "warning": _t("建議（警示）", "advice (warning)"),
}
MISSING_TITLES: dict[str, Text] = {
    "error": _t("視為不符合", "counts as not met"),
    "warning": _t("僅提醒，提案時再檢核", "a reminder, checked at filing"),
}
OP_TITLES: dict[str, Text] = {
    ">=": _t("不得低於", "at least"), ">": _t("須高於", "more than"), "<=": _t("不得超過", "at most"),
    "<": _t("須低於", "less than"), "==": _t("須等於", "equal to"),
}  # fmt: skip
CHOICE_TITLES: dict[str, dict[str, Text]] = {
    "stage": {"application": _t("申請時", "at application"), "contract": _t("簽約時", "for the contract")},
    "anchor": {
        "notice": _t("通知日", "the day of notice"),
        "approval": _t("核定", "the approval"),
        "review": _t("審查會議", "the review meeting"),
        "end": _t("計畫結束日", "the project's end date"),
        "closing": _t("結案", "the closing"),
    },
    "formats": {
        "pdf": _t("PDF", "PDF"),
        "image": _t("圖檔", "image"),
        "xlsx": _t("Excel", "Excel"),
        "docx": _t("Word", "Word"),
    },
    "type": {
        "str": _t("文字", "text"),
        "bool": _t("是非", "yes or no"),
        "int": _t("整數", "whole number"),
        "number": _t("數字", "number"),
        "money": _t("金額", "amount"),
        "signed_money": _t("金額（可為負）", "amount (may be negative)"),
        "percent": _t("百分比", "percentage"),
        "date": _t("日期", "date"),
        "str_list": _t("文字清單", "list of texts"),
        "number_list": _t("數字清單", "list of numbers"),
        "qualifications": _t("能量登錄", "registrations"),
    },
    "side": SIDE_LABELS,
    "op": OP_TITLES,
    "unit": {key: (value if key else _t("無", "none")) for key, value in UNITS.items()},
    "level": LEVEL_TITLES,
    "on_missing": MISSING_TITLES,
    "tax_basis": {
        "taxed": _t("含稅（含營業稅）", "with tax"),
        "untaxed": _t("未稅（不含營業稅）", "without business tax"),
    },
}
for _side in ("side", "base_side"):
    CHOICE_TITLES.setdefault(_side, SIDE_LABELS)

SECTION_TITLES: dict[str, Text] = {
    "edition": _t("版本資料", "edition"),
    "company": _t("申請資格", "eligibility of the applicant"),
    "unit": _t("輔導單位資格", "eligibility of the counselling unit"),
    "budget": _t("經費", "budget"),
    "plan": _t("計畫內容", "plan"),
    "period": _t("計畫期間", "period"),
    "rubric": _t("審查評分", "review rubric"),
    "instalments": _t("撥款", "instalments"),
    "documents": _t("應備文件", "documents"),
    "deadlines": _t("期限", "deadlines"),
    "catalogues": _t("清單", "catalogues"),
    "facts": _t("事項與名稱", "facts and names"),
    "kpis": _t("績效指標", "KPIs"),
    "to_configure": _t("待確認事項", "to confirm"),
    "carbon": _t("碳排計算", "carbon"),
    "expense": _t("經費核銷", "expenses and their verification"),
}


def title(table: dict[str, Text], key: str, lang: str) -> str:
    """The name of ``key`` in ``lang`` (the key itself when the table has none)."""
    return pick(table.get(key), lang, key)


def choice_title(param: str, value, lang: str) -> str:
    return pick(CHOICE_TITLES.get(param, {}).get(str(value)), lang, str(value))


__all__ = [
    "CARBON_TITLES", "CHOICE_TITLES", "EDITION_FIELD_TITLES", "ITEM_FIELD_TITLES", "KIND_TITLES", "LEVEL_TITLES", "MISSING_TITLES", "OP_TITLES",  # noqa: E501
    "PARAM_TITLES", "RULE_FIELD_TITLES", "SECTION_TITLES", "choice_title", "title",
]  # fmt: skip
