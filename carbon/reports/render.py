"""The ISO 14064-1:2018 inventory report: its contents built from a ReportJob's calculation snapshot and
inventory, rendered to HTML and then to PDF by WeasyPrint. Every mandatory item (a)–(t) of seed 002 §陸
has a labelled section; where the inventory lacks the information the report says so."""

from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from carbon import charts
from carbon.calc import UnitError, calculate
from carbon.calc.compute import CO2E, t4
from carbon.calculation import inventory_activities
from carbon.models import FactorKind, GwpSet, Inventory, InventoryCalculation, ReportJob, Subcategory
from carbon.models.inventory import CATEGORY_LABELS, CATEGORY_SHORT, DataQuality, VerificationStatus
from carbon.seed import methodology
from portal.dates import roc_date
from portal.language import text_in_language
from portal.pdf import css_string, page_counter_css

from .figures import (
    ZERO,
    change_percent,
    combined_uncertainty,
    dec,
    factor_value,
    gas_family,
    kg,
    percent,
    share,
    signed,
    tco2e,
)
from .tables import activity_groups, activity_rows, direct_by_gas, gas_label

CATEGORIES = ("1", "2", "3", "4", "5", "6")
REQUIRED_RESULTS = ("total", "by_category", "by_gas", "mass_by_gas_kg", "by_month", "by_source", "excluded")

# The mandatory contents of an ISO 14064-1:2018 GHG report (clause 9.3.1; seed 002 §陸 一).
ISO_ITEMS = {
    "a": gettext_lazy("Description of the reporting organisation"),
    "b": gettext_lazy("Person or unit responsible for the report"),
    "c": gettext_lazy("Reporting period covered"),
    "d": gettext_lazy("Documentation of the organisational boundaries"),
    "e": gettext_lazy("Documentation of the reporting boundaries, with the criteria for significant emissions"),
    "f": gettext_lazy("Direct GHG emissions in tCO2e, separately for each gas"),
    "g": gettext_lazy("Biogenic CO2 emissions and removals: treatment and quantities"),
    "h": gettext_lazy("Direct GHG removals in tCO2e"),
    "i": gettext_lazy("Exclusion of any significant GHG sources or sinks, with the reasons"),
    "j": gettext_lazy("Indirect GHG emissions in tCO2e, by category"),
    "k": gettext_lazy("Historical base year and base-year GHG inventory"),
    "l": gettext_lazy("Changes to the base year or other historical data, recalculations and their limits"),
    "m": gettext_lazy("Quantification methods and the reasons for choosing them"),
    "n": gettext_lazy("Changes to previously used quantification methods, with the reasons"),
    "o": gettext_lazy("References of the emission or removal factors used"),
    "p": gettext_lazy("Effect of uncertainties on the accuracy of the emission data, by category"),
    "q": gettext_lazy("Description and results of the uncertainty assessment"),
    "r": gettext_lazy("Statement that the report has been prepared in accordance with ISO 14064-1:2018"),
    "s": gettext_lazy("Whether the inventory, report or statement has been verified, and the level of assurance"),
    "t": gettext_lazy("GWP values used and their source"),
}
# Where each item is in the report (the section anchors of the template).
ITEM_SECTIONS = {
    "a": "s1",
    "b": "s1",
    "c": "s1",
    "d": "s2",
    "e": "s2",
    "f": "s3",
    "g": "s3",
    "h": "s3",
    "i": "s3",
    "j": "s3",
    "k": "s4",
    "l": "s4",
    "m": "s5",
    "n": "s5",
    "o": "s5",
    "p": "s6",
    "q": "s6",
    "r": "s8",
    "s": "s8",
    "t": "s5",
}


class ReportDataError(Exception):
    """The snapshot cannot make a report; the message is for the user."""


def _subcategory_label(code: str) -> str:
    try:
        return str(Subcategory(code).label)
    except ValueError:
        return code or "—"


def _recalculated(inventory: Inventory, calculation: InventoryCalculation):
    """The calculation again from the activity data, with the snapshot's GWP values, when it still gives the
    snapshot's total (it gives each line's gases per category, which the snapshot does not keep); else None."""
    try:
        activities, _factors, _excluded = inventory_activities(inventory)
        gwp = {gas: Decimal(value) for gas, value in calculation.gwp.items()}
        result = calculate(activities, gwp, methodology()["grade_bands"])
    except (UnitError, KeyError):
        return None
    return result if t4(result.total) == t4(dec(calculation.results["total"])) else None


def _calculation_summary(calculation: InventoryCalculation | None) -> dict | None:
    if calculation is None:
        return None
    by_category = calculation.results.get("by_category", {})
    return {
        "calculation": calculation,
        "inventory": calculation.inventory,
        "total": dec(calculation.total_tco2e),
        "by_category": {c: dec(by_category.get(c)) for c in CATEGORIES},
        "date": roc_date(calculation.created_at, english="iso"),
    }


def _latest_calculation(queryset):
    return (
        InventoryCalculation.objects.filter(inventory__in=queryset)
        .select_related("inventory")
        .order_by("-inventory__period_end", "-created_at", "-id")
        .first()
    )


def _comparison(now: dict, before: dict | None) -> dict | None:
    if before is None:
        return None
    rows = []
    for c in CATEGORIES:
        a, b = now["by_category"][c], before["by_category"][c]
        rows.append(
            {
                "label": CATEGORY_LABELS[c],
                "now": tco2e(a),
                "before": tco2e(b),
                "difference": signed(a - b),
                "change": signed(change_percent(a, b), 2),
            }
        )
    return {
        **before,
        "total_text": tco2e(before["total"]),
        "difference": signed(now["total"] - before["total"]),
        "change": signed(change_percent(now["total"], before["total"]), 2),
        "rows": rows,
    }


def report_context(*, job: ReportJob) -> dict:
    """Everything the report template prints, as exact figures formatted for the job's language (call it
    inside ``translation.override(job.language)``), built section by section as the report reads."""
    calculation, inventory = _report_data(job)
    results = calculation.results
    sources = {s.name: s for s in inventory.sources.select_related("facility", "factor")}
    # the calculation again from the activity data, when it still gives the snapshot's figures (None if not)
    recalculated = _recalculated(inventory, calculation)
    return {
        **_contents(job, inventory, calculation),
        **_boundaries(inventory),
        **_emissions(results, sources, recalculated, calculation.gwp),
        **_base_year(inventory, calculation),
        **_methods(calculation, recalculated),
        **_uncertainty(results),
        **_statement(inventory),
        **_charts(results),
    }


def _report_data(job: ReportJob) -> tuple[InventoryCalculation, Inventory]:
    """The job's calculation and inventory; ReportDataError when either is gone or the snapshot is incomplete."""
    try:
        calculation = InventoryCalculation.objects.get(pk=job.calculation_id)
        inventory = (
            Inventory.objects.select_related("company", "gwp_set")
            .prefetch_related("facilities")
            .get(pk=job.inventory_id)
        )
    except (InventoryCalculation.DoesNotExist, Inventory.DoesNotExist):
        raise ReportDataError(_("The inventory or its calculation no longer exists.")) from None
    results = calculation.results if isinstance(calculation.results, dict) else {}
    missing = [key for key in REQUIRED_RESULTS if key not in results]
    if missing:
        raise ReportDataError(
            _("The calculation lacks %(keys)s; calculate the inventory again and request a new report.")
            % {"keys": ", ".join(missing)}
        )
    return calculation, inventory


def _contents(job: ReportJob, inventory: Inventory, calculation: InventoryCalculation) -> dict:
    """The cover, the index of ISO items and section 1's dates: (a) organisation, (b) responsible, (c) period."""
    return {
        "job": job,
        "inventory": inventory,
        "calculation": calculation,
        "company": inventory.company,
        "items": ISO_ITEMS,
        "index": [{"letter": k, "text": v, "section": ITEM_SECTIONS[k]} for k, v in ISO_ITEMS.items()],
        "page_counter": page_counter_css(_("Page %(page)s of %(pages)s")),
        "running_head": css_string(f"{inventory.company.name} · {inventory.title}"),
        "dates": {
            "start": roc_date(inventory.period_start, english="iso"),
            "end": roc_date(inventory.period_end, english="iso"),
            "report": roc_date(job.created_at, english="iso"),
            "calculated": roc_date(calculation.created_at, english="iso"),
        },
    }


def _boundaries(inventory: Inventory) -> dict:
    """Section 2: (d) organisational and (e) reporting boundaries, with the significance threshold."""
    return {"facility_list": list(inventory.facilities.all()), "threshold": percent(inventory.significance_threshold)}


def _emissions(results: dict, sources: dict, recalculated, gwp: dict) -> dict:
    """Section 3: (f) direct emissions per gas, (i) exclusions, (j) indirect emissions per category, per source,
    facility and month."""
    total = dec(results["total"])
    source_rows, category_parts = _source_rows(results, sources, recalculated)
    categories = _category_rows(results, category_parts, total)
    indirect = sum((dec(results["by_category"].get(c)) for c in CATEGORIES[1:]), ZERO)
    return {
        "total": tco2e(total),
        "direct": tco2e(dec(results["by_category"].get("1"))),
        "indirect": tco2e(indirect),
        "indirect_share": percent(share(indirect, total)),
        "categories": categories,
        "indirect_categories": categories[1:],
        "unquantified": [c for c in categories if not c["quantified"]],
        "gases": _gas_rows(results, {gas: dec(v) for gas, v in gwp.items()}, total),
        "direct_gases": direct_by_gas(recalculated),
        "sources": source_rows,
        "facilities": _facility_rows(results, sources, total),
        "excluded": [{**e, "subcategory": _subcategory_label(e.get("subcategory", ""))} for e in results["excluded"]],
        "months": [{"month": m, "tco2e": tco2e(v)} for m, v in results["by_month"].items()],
        "records": results.get("records", 0),
    }


def _source_rows(results: dict, sources: dict, recalculated) -> tuple[list[dict], dict[str, list]]:
    """Each source with its share, significance and uncertainty; and per category its sources' (emissions,
    uncertainty) — unrounded when the calculation can be repeated, else the snapshot's rounded figures."""
    exact = (recalculated.by_source, recalculated.source_uncertainty) if recalculated else ({}, {})
    rows, category_parts = [], {c: [] for c in CATEGORIES}
    for row in results["by_source"]:
        value, source = dec(row["tco2e"]), sources.get(row["source"])
        category = (row.get("subcategory") or "0").split(".")[0]
        category_parts.setdefault(category, []).append(
            (exact[0].get(row["source"], value), exact[1].get(row["source"], dec(row.get("uncertainty"))))
        )
        rows.append(
            {
                "name": row["source"],
                "subcategory": _subcategory_label(row.get("subcategory", "")),
                "facility": source.facility.name if source and source.facility else "—",
                "factor": source.factor.code if source else "—",
                "tco2e": tco2e(value),
                "share": percent(row["share"]),
                "significant": row.get("significant", False),
                "uncertainty": percent(row.get("uncertainty")),
                "quality": source.get_data_quality_display() if source else "—",
            }
        )
    return rows, category_parts


def _category_rows(results: dict, category_parts: dict[str, list], total: Decimal) -> list[dict]:
    rows = []
    for c in CATEGORIES:
        value = dec(results["by_category"].get(c))
        u = combined_uncertainty(category_parts.get(c, []))
        rows.append(
            {
                "code": c,
                "label": CATEGORY_LABELS[c],
                "tco2e": tco2e(value),
                "share": percent(share(value, total)),
                "quantified": c in results["by_category"],
                "sources": len(category_parts.get(c, [])),
                "uncertainty": None if u is None else percent(u),
            }
        )
    return rows


def _gas_rows(results: dict, gwp_used: dict[str, Decimal], total: Decimal) -> list[dict]:
    return [
        {
            "gas": gas_label(gas),
            "family": gas_family(gas),
            "tco2e": tco2e(value),
            "kg": kg(results["mass_by_gas_kg"].get(gas)),
            "share": percent(share(dec(value), total)),
            "gwp": "1" if gas == CO2E else (f"{gwp_used[gas].normalize():f}" if gas in gwp_used else "—"),
        }
        for gas, value in results["by_gas"].items()
    ]


def _facility_rows(results: dict, sources: dict, total: Decimal) -> list[dict]:
    facilities: dict[str, Decimal] = {}
    for row in results["by_source"]:
        source = sources.get(row["source"])
        name = source.facility.name if source and source.facility else _("Not assigned to a facility")
        facilities[name] = facilities.get(name, ZERO) + dec(row["tco2e"])
    return [
        {"name": name, "tco2e": tco2e(v), "share": percent(share(v, total))}
        for name, v in sorted(facilities.items(), key=lambda item: -item[1])
    ]


def _base_year(inventory: Inventory, calculation: InventoryCalculation) -> dict:
    """Section 4: (k) the base year and its inventory, (l) comparison with the base year and the year before."""
    this = _calculation_summary(calculation)
    company_inventories = Inventory.objects.filter(company_id=inventory.company_id).exclude(pk=inventory.pk)
    previous = _calculation_summary(
        _latest_calculation(company_inventories.filter(period_end__lt=inventory.period_start))
    )
    is_base_year = inventory.period_start.year <= inventory.base_year <= inventory.period_end.year
    base = (
        None
        if is_base_year
        else _calculation_summary(
            _latest_calculation(company_inventories.filter(period_start__year=inventory.base_year))
        )
    )
    return {"is_base_year": is_base_year, "base": _comparison(this, base), "previous": _comparison(this, previous)}


def _methods(calculation: InventoryCalculation, recalculated) -> dict:
    """Section 5: (m) quantification, (o) the factors used with their references, (t) the GWP values used."""
    units = {code: f.get("unit", "") for code, f in calculation.factors.items()}
    gwp_used = {gas: dec(v) for gas, v in calculation.gwp.items()}
    used_gases = [g for g in calculation.results["by_gas"] if g != CO2E]
    gwp_set = GwpSet.objects.filter(code=calculation.gwp_code).first()
    latest_gwp = GwpSet.objects.order_by("-year", "-code").first()
    return {
        "factors": [_factor_row(code, f) for code, f in sorted(calculation.factors.items())],
        "activity_rows": (rows := activity_rows(recalculated, units)),
        "activity_groups": activity_groups(rows),
        "gwp_code": calculation.gwp_code,
        "gwp_set": gwp_set,
        "gwp_title": text_in_language(gwp_set.title) if gwp_set else calculation.gwp_code,
        "gwp_rows": [{"gas": g, "value": f"{gwp_used[g].normalize():f}" if g in gwp_used else "—"} for g in used_gases],
        "gwp_is_latest": latest_gwp is None or latest_gwp.code == calculation.gwp_code,
        "latest_gwp": latest_gwp,
    }


def _factor_row(code: str, f: dict) -> dict:
    """A factor of the snapshot as the report lists it."""
    return {
        "code": code,
        "name": text_in_language(f.get("name")) if isinstance(f.get("name"), dict) else f.get("name", ""),
        "kind": str(FactorKind(f["kind"]).label) if f.get("kind") in FactorKind.values else f.get("kind", ""),
        "values": [f"{gas_label(g)} {factor_value(v)} kg/{f.get('unit', '')}" for g, v in f.get("gases", {}).items()],
        "uncertainty": percent(f.get("uncertainty")),
        "quality": f.get("quality", ""),
        "set": f.get("set", ""),
        "source": f.get("source", ""),
        "year": f.get("year", ""),
        "data_year": f.get("data_year"),
    }


def _uncertainty(results: dict) -> dict:
    """Section 6: (p, q) the uncertainty assessment and the data-quality grade."""
    grade_bands = [{"max": f"{limit.normalize():f}", "grade": grade} for limit, grade in methodology()["grade_bands"]]
    return {
        "uncertainty": None if results.get("uncertainty") is None else percent(results["uncertainty"]),
        "quality_score": None if results.get("quality_score") is None else percent(results["quality_score"]),
        "quality_grade": results.get("quality_grade", ""),
        "grade_bands": grade_bands,
        "activity_levels": DataQuality.choices,
    }


def _statement(inventory: Inventory) -> dict:
    """Section 8: (r) conformity with ISO 14064-1:2018, (s) verification and its level of assurance."""
    return {
        "verified": inventory.verification in (VerificationStatus.LIMITED, VerificationStatus.REASONABLE),
        "verification": inventory.get_verification_display(),
    }


def _charts(results: dict) -> dict:
    categories = {c: t4(dec(results["by_category"].get(c))) for c in CATEGORIES}
    return {
        "category_chart": charts.category_bars(categories, {c: str(v) for c, v in CATEGORY_SHORT.items()}),
        "monthly_chart": charts.monthly_columns(results["by_month"]) if results["by_month"] else "",
    }


def report_html(context: dict) -> str:
    return render_to_string("carbon/reports/inventory_report.html", context)
