"""The savings check page of an edition (/carbon/savings/<code>/): 12 monthly rows per utility, live
results through htmx, each outcome with its numbers. Stores nothing."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from carbon import selectors as carbon_selectors
from portal.language import current_lang
from programs.models import Edition

from .calc import UTILITIES
from .check import savings_run
from .forms import COLUMN_LABELS, COLUMNS, MONTHS, SavingsTable, field_label
from .selectors import factor_choices, gwp_choices, gwp_default, savings_edition

CAPTIONS = {
    "electricity": _("Electricity (kWh)"),
    "water": _("Water (m³)"),
    "fuel": _("Fuel (L)"),
    "gas": _("Gas (m³)"),
}


def _sections(data, pickable) -> list[dict]:
    """One table per utility: 12 rows of four inputs, with what was typed."""
    sections = []
    for utility in UTILITIES:
        rows = [
            {
                "month": month,
                "cells": [
                    {
                        "name": f"{utility}-{month}-{column}",
                        "value": data.get(f"{utility}-{month}-{column}", ""),
                        "label": COLUMN_LABELS[column],
                        "money": column.endswith("cost"),
                    }
                    for column in COLUMNS
                ],
            }
            for month in MONTHS
        ]
        sections.append(
            {
                "utility": utility,
                "caption": CAPTIONS[utility],
                "rows": rows,
                "pickable": utility in pickable,
                "factor": data.get(f"{utility}-factor", ""),
            }
        )
    return sections


@require_http_methods(["GET", "POST"])
def savings_checker(request, code: str):
    try:
        edition, config = savings_edition(code=code)
    except Edition.DoesNotExist:
        raise Http404 from None
    if config is None:
        raise Http404
    pickable = tuple(u for u in UTILITIES if u not in config.factors)
    table = SavingsTable(data=request.POST if request.method == "POST" else None, pickable=pickable)
    run = None
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        if not table.is_valid():
            errors = {key: [message] for key, message in table.errors.items()}
        elif not table.empty:
            run = savings_run(
                config=config,
                self_funding=table.self_funding,
                gwp=table.gwp,
                utilities=table.utilities,
                lang=current_lang(),
            )
            errors = run.errors
    context = {
        "edition": edition,
        "config": config,
        "result": run.result if run else None,
        "gwp_used": run.gwp if run else None,
        "errors": [(field_label(key), messages) for key, messages in errors.items()],
        "data": request.POST,
    }
    if request.htmx:
        return render(request, "carbon/savings/_result.html", context)
    default = gwp_default()
    sections = _sections(request.POST, pickable)
    for section in sections:
        section["choices"] = list(factor_choices(utility=section["utility"])) if section["pickable"] else []
    fixed = carbon_selectors.factors_by_codes(codes=list(config.factors.values()))
    for section in sections:
        section["fixed"] = fixed.get(config.factors.get(section["utility"], ""))
    context.update(
        sections=sections,
        column_labels=[COLUMN_LABELS[c] for c in COLUMNS],
        gwp_sets=list(gwp_choices()),
        gwp_selected=request.POST.get("gwp") or (default.code if default else ""),
    )
    return render(request, "carbon/savings/checker.html", context)
