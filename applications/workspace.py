"""What the proposal workspace shows: each section with what is still missing, the check grouped by where a
problem lies, the documents checklist, the open supplement request, the timeline and the actions the user
may take. Reads only."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications import selectors
from applications.checks import case_check
from applications.facts import DERIVED, STAFFING_BY_RANK, declared_fact_names, derived_facts
from applications.models import Case, StaffRole
from applications.services import action_label, actions_for
from applications.services.documents import UPLOAD_STATUSES
from applications.uploads import formats_text
from portal.language import current_lang, text_in_language
from programs.rules.proposal import fact_choices
from programs.rulesets import ruleset_for

SECTIONS = {
    "basic": gettext_lazy("Basic data"),
    "plan": gettext_lazy("Needs and solution"),
    "facts": gettext_lazy("Programme items"),
    "kpis": gettext_lazy("Key performance indicators"),
    "checkpoints": gettext_lazy("Checkpoints"),
    "staff": gettext_lazy("Staffing"),
    "budget": gettext_lazy("Budget"),
    "declarations": gettext_lazy("Declarations"),
}
CHECK_GROUPS = {
    "portal": gettext_lazy("Filing"),
    "company": gettext_lazy("The company"),
    "unit": gettext_lazy("The counselling unit"),
    "budget": gettext_lazy("Budget"),
    "plan": gettext_lazy("Plan"),
    "period": gettext_lazy("Period"),
}
# Actions with a page of their own (the workspace links to it instead of offering a button).
DEDICATED_ACTIONS = {"request_supplement", "decide", "contract", "terminate", "lapse"}
# Actions whose form asks for text, and what the text is called.
ACTION_TEXT = {
    "withdraw": ("reason", gettext_lazy("Why the proposal is withdrawn"), True),
    "supplement": ("answer", gettext_lazy("Your answer to the supplement request"), False),
}


def section_title(code: str) -> str:
    return str(SECTIONS[code])


@dataclass
class Section:
    code: str
    title: str
    missing: list[str] = field(default_factory=list)
    edit_url: str = ""

    @property
    def complete(self) -> bool:
        return not self.missing


def section_codes(ruleset) -> list[str]:
    """The proposal's sections under an edition: no KPI table where it lists no KPIs, no programme items
    where it declares no facts to enter."""
    codes = list(SECTIONS)
    if not ruleset.kpis:
        codes.remove("kpis")
    if not declared_fact_names(ruleset):
        codes.remove("facts")
    return codes


def _sections(case: Case, ruleset, check, staff, lang, editable: bool) -> list[Section]:
    result = []
    for code in section_codes(ruleset):
        section = Section(code, section_title(code))
        if editable:
            section.edit_url = reverse("case-section", args=[case.pk, code])
        result.append(section)
    by_code = {s.code: s for s in result}
    basic = by_code["basic"]
    if case.period_start is None or case.period_end is None:
        basic.missing.append(_("the project period"))
    if ruleset.unit_rules and case.unit_id is None:
        basic.missing.append(_("the counselling / executing unit"))
    plan = by_code["plan"]
    if not case.needs.strip():
        plan.missing.append(_("the needs and problems"))
    if not case.solution.strip():
        plan.missing.append(_("the proposed solution"))
    if "facts" in by_code:
        for name in declared_fact_names(ruleset):
            if case.facts.get(name) is None:
                by_code["facts"].missing.append(text_in_language(ruleset.facts[name]["label"], lang) or name)
    if "kpis" in by_code:
        given = {row.get("code") for row in case.kpis}
        for item in ruleset.kpis:
            if item.extra.get("mandatory") and item.code not in given:
                by_code["kpis"].missing.append(text_in_language(item.label, lang))
        if not case.kpis:
            by_code["kpis"].missing.append(_("at least one indicator"))
    checkpoints = by_code["checkpoints"]
    if not case.checkpoints:
        checkpoints.missing.append(_("the checkpoints"))
    elif str(case.checkpoints[-1].get("percent")) not in ("100", "100.00"):
        checkpoints.missing.append(_("a last checkpoint at 100 %"))
    if not any(s.role == StaffRole.PI for s in staff):
        by_code["staff"].missing.append(_("the principal investigator"))
    budget = by_code["budget"]
    if not case.budget_lines:
        budget.missing.append(_("the budget lines"))
    elif not check.result.budget["valid"]:
        budget.missing.extend(o.message for o in check.section("budget") if o.blocking)
    if not all(case.declarations.get(name) for name in ("truthful", "personal_data")):
        by_code["declarations"].missing.append(_("the declarations"))
    return result


def _documents(case: Case, ruleset, lang, can_upload: bool) -> list[dict]:
    versions: dict[str, list] = {}
    for document in selectors.case_documents(case=case):
        versions.setdefault(document.kind, []).append(document)
    checks = selectors.document_checks(case=case)
    return [
        {
            "code": item.code,
            "label": text_in_language(item.label, lang),
            "required": item.extra.get("required", True),
            "formats": formats_text(item.extra.get("formats")),
            "versions": versions.get(item.code, []),
            "check": checks.get(item.code),
            "stage": item.extra.get("stage", "application"),
            "can_upload": can_upload and case.status in UPLOAD_STATUSES[item.extra.get("stage", "application")],
        }
        for item in ruleset.documents
    ]


def fact_text(ruleset, name: str, value, lang: str) -> str:
    """A fact's value as people read it: yes/no, the catalogue's words for codes, numbers as typed."""
    if value is None or value == []:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    choices = {code: text_in_language(label, lang) or code for code, label in (fact_choices(ruleset, name) or [])}
    if isinstance(value, list):
        return "、".join(choices.get(v, v) if isinstance(v, str) else str(v) for v in value)
    return choices.get(value, str(value)) if isinstance(value, str) else str(value)


def facts_shown(case: Case, ruleset, staff, lang) -> tuple[list[dict], list[dict]]:
    declared = []
    for name in declared_fact_names(ruleset):
        label = text_in_language(ruleset.facts[name]["label"], lang) or name
        declared.append({"label": label, "text": fact_text(ruleset, name, case.facts.get(name), lang)})
    derived = []
    values = derived_facts(case, ruleset, staff)
    for name, value in values.items():
        if name in DERIVED or name.startswith(STAFFING_BY_RANK):
            label = text_in_language(ruleset.facts[name]["label"], lang) or name
            derived.append(
                {
                    "name": name,
                    "label": label,
                    "value": fact_text(ruleset, name, value, lang) if value is not None else None,
                }
            )
    return declared, derived


def workspace_context(request, case: Case) -> dict:
    user = request.user
    lang = current_lang()
    ruleset = ruleset_for(case.edition)
    staff = list(case.staff.all())
    check = case_check(case, lang=lang, staff=staff)
    is_party = user.has_perm("applications.change_case", case)
    editable = is_party and case.is_editable
    groups = [("portal", CHECK_GROUPS["portal"], check.portal)] + [
        (name, CHECK_GROUPS[name], check.section(name)) for name in ("company", "unit", "budget", "plan", "period")
    ]
    declared, derived = facts_shown(case, ruleset, staff, lang)
    actions = [
        {"code": a, "label": action_label(a), "text": ACTION_TEXT.get(a)}
        for a in actions_for(user, case)
        if a not in DEDICATED_ACTIONS
    ]
    line_labels = {line.code: text_in_language(line.label, lang) for line in ruleset.budget_lines}
    return {
        "case": case,
        "ruleset": ruleset,
        "lang": lang,
        "check": check,
        "check_groups": [
            (code, title, outcomes, any(not o.passed for o in outcomes)) for code, title, outcomes in groups if outcomes
        ],
        "warnings": [o for o in check.outcomes if not o.passed and not o.blocking],
        "sections": _sections(case, ruleset, check, staff, lang, editable),
        "documents": _documents(case, ruleset, lang, is_party),
        "events": list(selectors.case_events(case=case)),
        "open_supplement": selectors.open_supplement(case=case),
        "document_labels": {item.code: text_in_language(item.label, lang) for item in ruleset.documents},
        "supplements": list(selectors.supplements(case=case)),
        "actions": actions,
        "staff": staff,
        "declared_facts": declared,
        "derived_facts": derived,
        "budget_rows": [{**line, "label": line_labels.get(line["code"], line["code"])} for line in case.budget_lines],
        "kpi_labels": {item.code: text_in_language(item.label, lang) for item in ruleset.kpis},
        "is_party": is_party,
        "editable": editable,
        "can_upload": is_party and any(case.status in statuses for statuses in UPLOAD_STATUSES.values()),
        "is_office": user.has_perm("applications.screen_case", case),
        "edition_title": f"{case.edition.programme.title_text}：{case.edition.track_text}",
    }
