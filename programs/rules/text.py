"""Bilingual text for outcomes: zh-Hant first, English complete. Labels come from edition data."""

# The language rules themselves are floor zero's (twlocale), shared with portal; the engine takes them from here.
from twlocale import EN, ZH, Text, normalise_lang, pick  # noqa: F401

# Default labels of the quantities and facts the engine knows; an edition may override any of them.
DEFAULT_LABELS: dict[str, dict[str, str]] = {
    "gov_total": {ZH: "政府補助款", EN: "government funding"},
    "self_total": {ZH: "自籌款", EN: "self-funding"},
    "total": {ZH: "總經費", EN: "total budget"},
    "registration": {ZH: "登記類別", EN: "registration"},
    "factory_registered": {ZH: "工廠登記", EN: "factory registration"},
    "industry_codes": {ZH: "行業代碼", EN: "industry codes"},
    "business_items": {ZH: "營業項目代碼", EN: "business-item codes"},
    "employees": {ZH: "員工人數", EN: "employees"},
    "paid_in_capital": {ZH: "實收資本額", EN: "paid-in capital"},
    "net_worth": {ZH: "淨值", EN: "net worth"},
    "prc_capital": {ZH: "陸資投資成分", EN: "mainland-China (PRC) capital"},
    "bank_refused": {ZH: "銀行拒絕往來", EN: "refused by a bank"},
    "tax_arrears_3y": {ZH: "近 3 年欠繳應納稅捐", EN: "unpaid taxes in the last 3 years"},
    "pcc_refused": {ZH: "公共工程委員會拒絕往來廠商", EN: "on the PCC refused-vendor list"},
    "serious_violation_3y": {
        ZH: "近 3 年違反環保、勞工、食安或身障權益法規情節重大",
        EN: "serious environmental, labour, food-safety or disability-rights violation in 3 years",
    },
    "site_in_roc": {ZH: "輔導場域位於國內", EN: "site in the ROC"},
    "project_start": {ZH: "計畫起始日", EN: "project start"},
    "project_end": {ZH: "計畫結束日", EN: "project end"},
    "signed": {ZH: "契約已簽訂", EN: "contract signed"},
    "progress": {ZH: "工作進度", EN: "work progress"},
    "disbursed": {ZH: "已撥付金額", EN: "amount disbursed"},
    "spent": {ZH: "累計實支金額", EN: "cumulative actual spending"},
    "accepted": {ZH: "驗收通過", EN: "final acceptance"},
    "expense_date": {ZH: "支出日期", EN: "day of the expense"},
    "expense_line": {ZH: "經費科目", EN: "budget line"},
    "amount": {ZH: "支出金額", EN: "amount"},
    "line_spent": {ZH: "該科目累計支出", EN: "spending on the line"},
    "line_approved": {ZH: "該科目核定金額", EN: "approved amount of the line"},
}

SIDE_LABELS = {
    "gov": {ZH: "政府款", EN: "government"},
    "self": {ZH: "自籌款", EN: "self-funded"},
    "total": {ZH: "合計", EN: "total"},
}

UNITS = {
    "money": {ZH: "元", EN: "NT$"},
    "people": {ZH: "人", EN: "people"},
    "hours": {ZH: "小時", EN: "hours"},
    "times": {ZH: "次", EN: "times"},
    "items": {ZH: "項", EN: "items"},
    "months": {ZH: "個月", EN: "months"},
    "percent": {ZH: "%", EN: "%"},
    "cases": {ZH: "案", EN: "cases"},
    "copies": {ZH: "份", EN: "copies"},
    "students": {ZH: "名", EN: "students"},
    "visits_per_month": {ZH: "次／月", EN: "visits a month"},
    "schools": {ZH: "所", EN: "schools"},
    "topics": {ZH: "個", EN: "topics"},
    "person_months": {ZH: "人月", EN: "person-months"},
    "": {ZH: "", EN: ""},
}

YES_NO = {True: {ZH: "是", EN: "yes"}, False: {ZH: "否", EN: "no"}}


def join(items, lang: str) -> str:
    return ("、" if lang == ZH else ", ").join(str(i) for i in items)
