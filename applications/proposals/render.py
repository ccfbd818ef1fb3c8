"""The proposal (計畫書) of a case as the programmes' proposal template lays it out (seed 002's 專案計畫書 and its
計畫書撰寫說明, the format seed 003 asks for as 附件二): cover; 壹 basic data of the counselling unit and the
company; 貳 needs, solution, checkpoints, staffing and budget; 參 expected benefits (KPIs); an annex with the
declarations and the rules check. Per 撰寫說明 4 no item is left out: an empty section says 「無」 and an empty
table cell 「-」. Built for the job's language (call inside ``translation.override(job.language)``)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from applications.checks import case_check
from applications.facts import STAFFING_BY_RANK
from applications.models import Case, ProposalJob
from applications.workspace import CHECK_GROUPS, facts_shown
from portal.dates import roc_date
from portal.language import current_lang, text_in_language
from portal.pdf import css_string, page_counter_css
from programs.rules import ZH
from programs.rules.kinds_dates import months_between
from programs.rules.money import percent_text
from programs.rules.proposal import fact_choices
from programs.rulesets import derived_labels, ruleset_for

from . import selectors

NONE = gettext_lazy("None")  # 撰寫說明 4: an item with nothing to fill in says 「無」 …
DASH = "-"  # … and an empty table cell 「-」
VERDICTS = {"passed": gettext_lazy("met"), "warning": gettext_lazy("to check"), "failed": gettext_lazy("not met")}


class ProposalDataError(Exception):
    """The case cannot make a proposal; the message is for the user."""


def money(value) -> str:
    """Whole NT$ with thousands separators; "-" for nothing."""
    return DASH if value is None else f"{int(value):,}"


def number(value) -> str:
    """A figure as typed (1,234.5; 72), "-" for nothing; text that is not a number as it is."""
    if value in (None, ""):
        return DASH
    try:
        figure = Decimal(str(value)).normalize()
    except InvalidOperation:
        return str(value)
    return f"{figure:,f}" if figure != figure.to_integral() else f"{int(figure):,}"


def _text(value) -> str:
    return str(value).strip() if value not in (None, "") and str(value).strip() else DASH


def _when(moment) -> str:
    return f"{roc_date(moment)} {timezone.localtime(moment):%H:%M}"


def proposal_context(*, job: ProposalJob) -> dict:
    """Everything the proposal template prints, section by section as the proposal reads."""
    case = _case(job)
    lang = current_lang()
    ruleset = ruleset_for(case.edition)
    staff = list(case.staff.all())
    evaluation = selectors.submission_evaluation(case=case)
    # the application window as on the day of submission: a submitted case was filed in time
    check_day = timezone.localtime(case.submitted_at).date() if case.submitted_at else None
    check = case_check(case, lang=lang, staff=staff, documents=list(case.documents.all()), today=check_day)
    return {
        "job": job,
        "case": case,
        "evaluation": evaluation,
        "lang": lang,
        "NONE": NONE,
        "DASH": DASH,
        **_cover(case, ruleset, check, evaluation),
        **_parties(case),
        **_plan(case, ruleset, staff, lang),
        "checkpoints": _checkpoints(case, ruleset, lang),
        **_staffing(staff, ruleset, lang),
        **_budget(case, ruleset, check, lang),
        **_benefits(case, ruleset, lang),
        **_annex(case, check),
    }


def _case(job: ProposalJob) -> Case:
    try:
        return Case.objects.select_related("edition", "edition__programme", "company", "unit").get(pk=job.case_id)
    except Case.DoesNotExist:
        raise ProposalDataError(_("The case no longer exists.")) from None


def _cover(case: Case, ruleset, check, evaluation) -> dict:
    """The cover (programme, title, period, company, unit, host agency, amounts) and what every page repeats."""
    now = timezone.now()
    labels = {name: text_in_language(ruleset.labels.get(name)) for name in ("gov_total", "self_total", "total")}
    totals = check.result.budget["totals"]
    period = None
    if case.period_start and case.period_end and case.period_end >= case.period_start:
        months, days = months_between(case.period_start, case.period_end)
        length = (
            _("%(months)s months") % {"months": months}
            if not days
            else (_("%(months)s months and %(days)s days") % {"months": months, "days": days})
        )
        period = {"start": roc_date(case.period_start), "end": roc_date(case.period_end), "length": length}
    version = case.edition.version
    return {
        "programme": case.edition.programme.title_text,
        "edition_title": text_in_language(case.edition.title),
        "track": case.edition.track_text,
        "host": text_in_language(case.edition.programme.ministry_unit) or DASH,
        "has_unit": bool(ruleset.unit_rules),
        "period": period,
        "labels": labels,
        "amounts": {
            "gov": money(totals["gov"]),
            "self": money(totals["self"]),
            "total": money(totals["total"]),
            "gov_share": totals["gov_share"],
            "self_share": totals["self_share"],
        },
        "status": case.get_status_display(),
        "draft": case.is_editable,
        "printed": _when(now),
        "printed_day": roc_date(now),
        "evaluated": _when(evaluation.created_at) if evaluation else "",
        "submitted": _when(case.submitted_at) if case.submitted_at else "",
        "running_head": css_string(
            _("%(reference)s · %(edition)s, rules version %(version)s")
            % {"reference": case.reference, "edition": case.edition_code, "version": version}
        ),
        "running_status": css_string(
            _("%(status)s: may still change") % {"status": case.get_status_display()}
            if case.is_editable
            else case.get_status_display()
        ),
        "page_counter": page_counter_css(_("Page %(page)s of %(pages)s")),
    }


def _parties(case: Case) -> dict:
    """壹 一 the counselling unit's and 二 the company's basic data, as far as the portal holds them."""
    company = case.company
    contact = company.contacts.filter(is_primary=True).first() or company.contacts.first()
    company_rows = [
        (_("Company name"), company.name),
        (_("Unified Business Number"), company.ubn),
        (_("Registration"), company.get_registration_display()),
        (_("Paid-in capital (NT$)"), money(company.paid_in_capital) if company.paid_in_capital else DASH),
        (_("Regular employees"), company.employees or DASH),
        (_("Registered address"), company.address),
        (_("Factory registration number"), company.factory_registration_no if company.factory_registered else DASH),
        (_("Industry (ROC SIC codes)"), "、".join(company.industry_codes or [])),
        (_("Contact person"), " ".join(x for x in (contact.name, contact.title) if x) if contact else ""),
        (_("Contact phone"), contact.phone if contact else ""),
        (_("Contact e-mail"), contact.email if contact else ""),
    ]
    unit_rows = None
    if case.unit_id:
        unit = case.unit
        qualifications = [
            _("%(category)s (valid until %(date)s)")
            % {"category": q.get_category_display(), "date": roc_date(q.expires_on)}
            for q in unit.qualifications.all()
        ]
        unit_rows = [
            (_("Unit name"), unit.name),
            (_("Unified Business Number"), unit.ubn),
            (_("Kind"), unit.get_kind_display()),
            (_("Registered address"), unit.address),
            (_("Industry (ROC SIC codes)"), "、".join(unit.industry_codes or [])),
            (_("Technical service registrations of the IDA"), "；".join(qualifications)),
        ]
    return {
        "company_rows": [(label, _text(value)) for label, value in company_rows],
        "unit_rows": [(label, _text(value)) for label, value in unit_rows] if unit_rows is not None else None,
    }


def _shown_in_tables(name: str) -> bool:
    """A counted fact that the checkpoint, KPI or staffing tables already show, row by row."""
    return name in ("kpis", "checkpoint_items", "checkpoint_progress") or name.startswith(STAFFING_BY_RANK)


def _plan(case: Case, ruleset, staff, lang: str) -> dict:
    """貳 一 needs and 二 solution, with the edition's declared items and the figures the portal counts."""
    declared, derived = facts_shown(case, ruleset, staff, lang)
    return {
        "needs": case.needs.strip(),
        "solution": case.solution.strip(),
        "declared_facts": [
            {"label": f["label"], "text": DASH if f["text"] in ("—", "") else f["text"]} for f in declared
        ],
        "derived_facts": [
            {"label": f["label"], "text": f["value"] if f["value"] not in (None, "—", "") else DASH}
            for f in derived
            if not _shown_in_tables(f["name"])
        ],
    }


def _checkpoints(case: Case, ruleset, lang: str) -> list[dict]:
    """貳 三 本計畫查核工作項目及執行進度說明: item no., date, work item (and the mandatory item it is),
    cumulative %."""
    codes = dict(fact_choices(ruleset, "checkpoint_items") or []) if "checkpoint_items" in ruleset.facts else {}
    return [
        {
            "no": index,
            "date": roc_date(row.get("date")) or DASH,
            "item": _text(row.get("item")),
            "mandatory": text_in_language(codes[row["code"]], lang) if row.get("code") in codes else "",
            "percent": number(row.get("percent")),
        }
        for index, row in enumerate(case.checkpoints, start=1)
    ]


def _staffing(staff, ruleset, lang: str) -> dict:
    """貳 四 (一) 總計畫人力需求, and the person-months per rank (執行人力工時統計表) where the edition has ranks."""
    ranks = {item.code: text_in_language(item.label, lang) for item in ruleset.catalogues.get("staff_ranks", [])}
    rows = [
        {
            "name": person.name,
            "role": person.get_role_display(),
            "rank": ranks.get(person.rank, person.rank) or DASH,
            "title": _text(person.title),
            "months": number(person.person_months),
        }
        for person in staff
    ]
    total = sum((person.person_months for person in staff), Decimal(0))
    by_rank = [
        {"rank": label, "months": f"{sum((p.person_months for p in staff if p.rank == code), Decimal(0)):.2f}"}
        for code, label in ranks.items()
    ]
    return {"staff_rows": rows, "staff_total": f"{total:.2f}", "rank_rows": by_rank}


def _derived_notes(ruleset, derived: dict, labels: dict, lang: str) -> dict[str, list[str]]:
    """What the budget rules compute for a line (business tax, a cap), as 計算方式說明 beside that line."""
    titles = derived_labels(ruleset, lang)
    notes: dict[str, list[str]] = {}
    for rule in ruleset.budget_rules:
        if rule.kind not in ("derived_tax", "derived_cap"):
            continue
        default = "business_tax" if rule.kind == "derived_tax" else "cap"
        output = rule.params.get("output", default)
        if output not in derived:
            continue
        value = derived[output]
        separator = "；" if lang == ZH else "; "
        if isinstance(value, dict):
            shown = separator.join(f"{labels[side]} {money(value[side])}" for side in ("gov", "self", "total"))
        else:
            shown = money(value)
        note = _("%(rule)s: %(value)s") % {"rule": capfirst(titles.get(output, output)), "value": shown}
        notes.setdefault(rule.params.get("line", default), []).append(note)
    return notes


def _budget(case: Case, ruleset, check, lang: str) -> dict:
    """貳 四 (二) 經費預算表: the edition's lines, government / self / total and share of the total, with the
    values the budget rules derive (business tax, caps) in the explanation column."""
    budget = check.result.budget
    totals = budget["totals"]
    labels = {
        "gov": text_in_language(ruleset.labels.get("gov_total")),
        "self": text_in_language(ruleset.labels.get("self_total")),
        "total": _("total"),
    }
    notes = _derived_notes(ruleset, budget.get("derived", {}), labels, lang)
    given = {line["code"]: line for line in case.budget_lines}
    rows = []
    for line in ruleset.budget_lines:
        amounts = given.get(line.code)
        row_total = None if amounts is None else amounts["gov"] + amounts["self"]
        rows.append(
            {
                "label": text_in_language(line.label, lang),
                "gov": money(amounts and amounts["gov"]),
                "self": money(amounts and amounts["self"]),
                "total": money(row_total),
                "share": percent_text(row_total, totals["total"])
                if row_total is not None and totals["total"]
                else DASH,
                "notes": notes.get(line.code, []),
            }
        )
    return {
        "budget_rows": rows,
        "budget_given": bool(case.budget_lines),
        "budget_total": {
            "gov": money(totals["gov"]),
            "self": money(totals["self"]),
            "total": money(totals["total"]),
            "gov_share": totals["gov_share"] if totals["total"] else DASH,
            "self_share": totals["self_share"] if totals["total"] else DASH,
        },
    }


def _difference(before, after) -> str:
    try:
        change = Decimal(str(after)) - Decimal(str(before))
    except (InvalidOperation, TypeError):
        return DASH
    text = number(abs(change))
    return f"+{text}" if change > 0 else (f"-{text}" if change < 0 else "0")


def _benefits(case: Case, ruleset, lang: str) -> dict:
    """參 一 量化效益: each KPI before and after, and the difference (the template's 合計 = after − before)."""
    items = {item.code: item for item in ruleset.kpis}

    def unit(row) -> str:  # the row's own unit, else the edition's for its indicator
        item = items.get(row.get("code"))
        return _text(row.get("unit") or (text_in_language(item.extra.get("unit"), lang) if item else ""))

    rows = [
        {
            "label": text_in_language(items[row["code"]].label, lang)
            if row.get("code") in items
            else _text(row.get("name")),
            "unit": unit(row),
            "before": number(row.get("before")),
            "after": number(row.get("after")),
            "difference": _difference(row.get("before"), row.get("after"))
            if row.get("before") is not None and row.get("after") is not None
            else DASH,
        }
        for row in case.kpis
    ]
    return {"kpi_rows": rows}


def _annex(case: Case, check) -> dict:
    """The declarations, and every outcome of the rules check as it stands (messages only, never rule ids)."""
    groups = [("portal", check.portal)] + [(name, check.section(name)) for name in CHECK_GROUPS if name != "portal"]
    rows = []
    for code, outcomes in groups:
        for outcome in outcomes:
            verdict = "passed" if outcome.passed else ("failed" if outcome.blocking else "warning")
            rows.append(
                {
                    "group": CHECK_GROUPS[code],
                    "verdict": verdict,
                    "verdict_text": VERDICTS[verdict],
                    "message": outcome.message,
                }
            )
    return {
        "check_rows": rows,
        "check_ready": check.ready,
        "check_blocking": sum(1 for row in rows if row["verdict"] == "failed"),
        "check_warnings": sum(1 for row in rows if row["verdict"] == "warning"),
        "declarations": [
            (
                pgettext("proposal PDF", "The information is true and complete."),
                bool(case.declarations.get("truthful")),
            ),
            (
                pgettext("proposal PDF", "Personal data consent of the people named."),
                bool(case.declarations.get("personal_data")),
            ),
        ],
    }


def proposal_html(context: dict) -> str:
    return render_to_string("applications/proposals/proposal.html", context)
