"""The 經費累計表 as a printed document, laid out as the documents' budget table (經費預算表) is: a title block
(計畫名稱, 計畫編號, 執行單位, 計畫期間, 填表日期 in ROC dates, the approved funds and their shares), one row per
budget line with the approved funds and the accumulated spending each as government funds / self-funding / total,
the share of the approved spent (執行率) and the remaining (餘額), the totals, and the signature block the
會計報表 is sent with (製表、會計、負責人, 單位印章). Rendered by WeasyPrint with Noto Sans CJK TC."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Case
from disbursements.models import Contract
from portal.language import text_in_language
from portal.pdf import css_string, html_to_pdf, page_counter_css
from programs.rules import ZH, RuleSet
from programs.rules.money import percent_text

from .selectors import LedgerFigures


def accumulated_context(*, case: Case, ruleset: RuleSet, figures: LedgerFigures, lang: str) -> dict:
    contract = Contract.objects.filter(case=case).first()
    total = figures.total
    unit = case.unit.name if case.unit_id else ""
    return {
        "html_lang": "zh-Hant" if lang == ZH else "en",
        "case": case,
        "figures": figures,
        "tax_basis": ruleset.tax_basis,
        "gov_label": text_in_language(ruleset.labels.get("gov_total"), lang) or _("Government funds"),
        "self_label": text_in_language(ruleset.labels.get("self_total"), lang) or _("Self-funding"),
        "edition": text_in_language(case.edition.title, lang),
        "executing": unit or case.company.name,
        "company": case.company.name if unit else "",
        "period_start": contract.period_start if contract else case.period_start,
        "period_end": contract.period_end if contract else case.period_end,
        "filled_on": timezone.localdate(),
        "gov_share": percent_text(total.approved_gov, total.approved),
        "self_share": percent_text(total.approved_self, total.approved),
        "page_counter": page_counter_css(_("Page %(page)s of %(pages)s")),
        "running_title": css_string(f"{case.reference} {_('Accumulated spending report')}"),
    }


def accumulated_pdf(*, case: Case, ruleset: RuleSet, figures: LedgerFigures, lang: str) -> bytes:
    context = accumulated_context(case=case, ruleset=ruleset, figures=figures, lang=lang)
    pdf, _pages = html_to_pdf(render_to_string("expenses/report_print.html", context))
    return pdf
