"""The bridge between stored factors / inventories and the pure calculation in carbon.calc."""

from decimal import Decimal

from carbon.calc import Activity, FactorData, InventoryResult, calculate
from carbon.calc.compute import t4
from carbon.models import Factor, GwpSet, Inventory
from carbon.seed import methodology


def factor_data(factor: Factor) -> FactorData:
    """Needs ``gases`` and ``factor_set`` fetched (prefetch_related / select_related)."""
    return FactorData(
        code=factor.code, unit=factor.unit, gases={g.gas: g.value for g in factor.gases.all()},
        uncertainty=factor.uncertainty, quality=factor.quality, source=factor.factor_set.source_document,
        year=factor.factor_set.year,
    )  # fmt: skip


def gwp_values(gwp_set: GwpSet) -> dict[str, Decimal]:
    return {v.gas: v.value for v in gwp_set.gwp_values.all()}


def factor_snapshot(data: FactorData, factor: Factor) -> dict:
    return {
        "code": data.code, "name": factor.name, "unit": data.unit, "kind": factor.kind,
        "gases": {gas: str(value) for gas, value in data.gases.items()}, "uncertainty": str(data.uncertainty),
        "quality": data.quality, "set": factor.factor_set.code, "source": data.source, "year": data.year,
        "data_year": factor.factor_set.data_year,
    }  # fmt: skip


def inventory_activities(inventory: Inventory) -> tuple[list[Activity], dict[str, dict], list[dict]]:
    """Every included source's monthly records as activities; the factors used; the excluded sources."""
    activities, factors, excluded = [], {}, []
    sources = inventory.sources.select_related("factor__factor_set").prefetch_related("factor__gases", "records")
    for source in sources:
        if not source.included:
            excluded.append(
                {"source": source.name, "subcategory": source.subcategory, "reason": source.exclusion_reason}
            )
            continue
        data = factor_data(source.factor)
        factors[data.code] = factor_snapshot(data, source.factor)
        for record in source.records.all():
            activities.append(Activity(
                source=source.name, category=source.category, factor=data, quantity=record.quantity, unit=record.unit,
                month=f"{record.month:%Y-%m}", uncertainty=source.activity_uncertainty, quality=source.data_quality,
            ))  # fmt: skip
    return activities, factors, excluded


def result_json(result: InventoryResult, *, sources: dict[str, str], excluded: list[dict], threshold: Decimal) -> dict:
    """The figures a page or report needs, as JSON (tCO2e as strings with four decimals)."""
    total = result.total

    def share(value: Decimal) -> str:
        return "0.00" if total == 0 else f"{(value * 100 / total).quantize(Decimal('0.01'))}"

    rows = sorted(result.by_source.items(), key=lambda item: (-item[1], item[0]))
    return {
        "total": t4(total),
        "by_category": {c: t4(v) for c, v in sorted(result.by_category.items())},
        "by_gas": {g: t4(v) for g, v in sorted(result.by_gas.items())},
        "mass_by_gas_kg": {g: f"{v.quantize(Decimal('0.001'))}" for g, v in sorted(result.mass_by_gas_kg.items())},
        "by_month": {m: t4(v) for m, v in result.by_month.items()},
        "by_source": [
            {
                "source": name,
                "subcategory": sources.get(name, ""),
                "tco2e": t4(value),
                "share": share(value),
                "significant": total != 0 and value * 100 / total >= threshold,
                "uncertainty": f"{result.source_uncertainty.get(name, Decimal(0)).quantize(Decimal('0.01'))}",
            }
            for name, value in rows
        ],  # fmt: skip
        "uncertainty": None if result.uncertainty is None else f"{result.uncertainty.quantize(Decimal('0.01'))}",
        "quality_score": None if result.quality_score is None else f"{result.quality_score.quantize(Decimal('0.01'))}",
        "quality_grade": result.quality_grade,
        "excluded": excluded,
        "records": len(result.lines),
    }


def calculate_inventory(inventory: Inventory) -> tuple[dict, dict, dict]:
    """(results, factors used, GWP used) of an inventory, ready to snapshot."""
    activities, factors, excluded = inventory_activities(inventory)
    gwp = gwp_values(inventory.gwp_set)
    result = calculate(activities, gwp, methodology()["grade_bands"])
    sources = dict(inventory.sources.values_list("name", "subcategory"))
    results = result_json(result, sources=sources, excluded=excluded, threshold=inventory.significance_threshold)
    return results, factors, {gas: str(v) for gas, v in gwp.items()}
