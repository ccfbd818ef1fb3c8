"""Public pages: the programme catalogue, an edition's rules in plain language, the screener, the
budget checker (live, with an Excel download)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from portal.audit import audit_stores_nothing
from portal.language import current_lang
from portal.models import Role
from portal.views.pages import paginate
from programs import selectors
from programs.exports import budget_workbook
from programs.forms import BudgetLineFormSet, ScreenerForm
from programs.models import Edition
from programs.rules import budget_check, screen
from programs.rulesets import (
    budget_context_facts,
    budget_field_labels,
    derived_labels,
    ruleset_for,
    ruleset_text,
    rulesets_for,
    self_only_lines,
)

EDITIONS_PER_PAGE = 50


def _edition_or_404(request, code: str) -> Edition:
    try:
        return selectors.edition_for_viewer(code=code, user=request.user)
    except Edition.DoesNotExist:
        raise Http404 from None


@audit_stores_nothing
def catalogue(request):
    today = timezone.localdate()
    q = request.GET.get("q", "")
    page = paginate(request, selectors.editions_search(selectors.editions_published(), q), EDITIONS_PER_PAGE)
    shown = selectors.mark_budget(list(page.object_list))
    groups = [
        (p, [(e, e.is_open_on(today)) for e in editions]) for p, editions in selectors.programmes_with_editions(shown)
    ]
    return render(request, "programs/catalogue.html", {"groups": groups, "page": page, "q": q})


@audit_stores_nothing
def edition_detail(request, code: str):
    edition = _edition_or_404(request, code)
    ruleset = ruleset_for(edition)
    lang = current_lang()
    text = ruleset_text(edition, lang)
    return render(
        request,
        "programs/edition_detail.html",
        {
            "edition": edition,
            "ruleset": ruleset,
            "lang": lang,
            "text": text,
            "instalment_rows": list(zip(ruleset.instalments, text["instalments"], strict=True)),
            "self_only": self_only_lines(ruleset),
            "is_open": edition.is_open_on(timezone.localdate()),
            "can_manage": request.user.has_perm("programs.change_edition"),
            "contract_documents": [d for d in ruleset.documents if d.extra["stage"] == "contract"],
        },
    )


@require_http_methods(["GET", "POST"])
def screener(request):
    user = request.user
    if request.method == "POST":
        form = ScreenerForm(request.POST)
    elif user.is_authenticated and user.role == Role.APPLICANT and request.GET.get("profile") != "no":
        form = ScreenerForm(initial=ScreenerForm.initial_from_company(user.company))
    else:
        form = ScreenerForm()
    results = None
    if request.method == "POST" and form.is_valid():
        lang, facts = current_lang(), form.facts()
        results = []
        editions = selectors.editions_open()
        for edition, ruleset in zip(editions, rulesets_for(editions), strict=True):
            result = screen(ruleset, facts, lang=lang)
            results.append(
                {
                    "edition": edition,
                    "eligible": result.ok,
                    "outcomes": result.outcomes,
                    "failed": [o for o in result.outcomes if o.blocking],
                }
            )
        results.sort(key=lambda r: (not r["eligible"], r["edition"].programme.code, r["edition"].code))
    template = (
        "programs/_screener_results.html" if request.htmx and request.method == "POST" else "programs/screener.html"
    )
    return render(request, template, {"form": form, "results": results})


@require_http_methods(["GET", "POST"])
def budget_checker(request, code: str):
    edition = _edition_or_404(request, code)
    ruleset = ruleset_for(edition)
    facts = budget_context_facts(ruleset)
    table = BudgetLineFormSet(
        lines=ruleset.budget_lines,
        context_facts=facts,
        data=request.POST or None,
        labels=budget_field_labels(ruleset, current_lang()),
    )
    result = None
    if request.method == "POST" and table.is_valid():
        result = budget_check(ruleset, table.rows(), lang=current_lang(), context=table.context)
    context = {
        "edition": edition,
        "ruleset": ruleset,
        "table": table,
        "result": result,
        "facts": facts,
        "self_only": self_only_lines(ruleset),
        "data": request.POST,
        "derived_labels": derived_labels(ruleset, current_lang()),
    }
    template = "programs/_budget_result.html" if request.htmx else "programs/budget_checker.html"
    return render(request, template, context)


@require_http_methods(["POST"])
def budget_download(request, code: str):
    edition = _edition_or_404(request, code)
    ruleset = ruleset_for(edition)
    table = BudgetLineFormSet(
        lines=ruleset.budget_lines,
        context_facts=budget_context_facts(ruleset),
        data=request.POST,
        labels=budget_field_labels(ruleset, current_lang()),
    )
    if not table.is_valid():
        return budget_checker(request, code)
    lang = current_lang()
    result = budget_check(ruleset, table.rows(), lang=lang, context=table.context)
    content = budget_workbook(edition=edition, ruleset=ruleset, lines=table.rows(), result=result, lang=lang)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{edition.code}-budget.xlsx"'
    return response
