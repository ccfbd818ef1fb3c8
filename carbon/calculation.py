"""The calculation of stored data: factors and inventories from the database into the pure calculation
(carbon.calc), and its results back as JSON figures — for an inventory (snapshotted by
services.calculation_run) and for activities posted to the calculate API (stored nowhere)."""

from decimal import Decimal

from carbon import selectors
from carbon.calc import Activity, FactorData, InventoryResult, calculate
from carbon.calc.compute import t4
from carbon.factor_checks import gwp_problem, unit_problem, unknown_factor
from carbon.models import ActivityRecord, Factor, GwpSet, Inventory
from carbon.seed import methodology


def factor_data(factor: Factor) -> FactorData:
    """Needs ``gases`` and ``factor_set`` fetched (prefetch_related / select_related)."""
    return FactorData(
        code=factor.code,
        unit=factor.unit,
        gases={g.gas: g.value for g in factor.gases.all()},
        uncertainty=factor.uncertainty,
        quality=factor.quality,
        source=factor.factor_set.source_document,
        year=factor.factor_set.year,
    )


def gwp_values(gwp_set: GwpSet) -> dict[str, Decimal]:
    return {v.gas: v.value for v in gwp_set.gwp_values.all()}


def factor_snapshot(data: FactorData, factor: Factor) -> dict:
    return {
        "code": data.code,
        "name": factor.name,
        "unit": data.unit,
        "kind": factor.kind,
        "gases": {gas: str(value) for gas, value in data.gases.items()},
        "uncertainty": str(data.uncertainty),
        "quality": data.quality,
        "set": factor.factor_set.code,
        "source": data.source,
        "year": data.year,
        "data_year": factor.factor_set.data_year,
    }


def inventory_activities(inventory: Inventory) -> tuple[list[Activity], dict[str, dict], list[dict]]:
    """Every included source's monthly records as activities; the factors used; the excluded sources. The records
    are read as plain values (tens of thousands after an import), each source's in month order."""
    activities, factors, excluded = [], {}, []
    sources = inventory.sources.select_related("factor__factor_set").prefetch_related("factor__gases")
    records: dict[int, list[tuple]] = {}
    rows = ActivityRecord.objects.filter(source__inventory=inventory, source__included=True)
    for source_id, month, quantity, unit in rows.order_by("source_id", "month").values_list(
        "source_id", "month", "quantity", "unit"
    ):
        records.setdefault(source_id, []).append((month, quantity, unit))
    data_of: dict[int, FactorData] = {}
    for source in sources:
        if not source.included:
            excluded.append(
                {"source": source.name, "subcategory": source.subcategory, "reason": source.exclusion_reason}
            )
            continue
        data = data_of.get(source.factor_id)
        if data is None:
            data = data_of[source.factor_id] = factor_data(source.factor)
            factors[data.code] = factor_snapshot(data, source.factor)
        name, category = source.name, source.category
        uncertainty, quality = source.activity_uncertainty, source.data_quality
        for month, quantity, unit in records.get(source.pk, ()):
            activities.append(
                Activity(
                    source=name,
                    category=category,
                    factor=data,
                    quantity=quantity,
                    unit=unit,
                    month=f"{month:%Y-%m}",
                    uncertainty=uncertainty,
                    quality=quality,
                )
            )
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
        ],
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


class ActivitiesInvalid(Exception):
    """Posted activities that cannot be calculated; ``errors`` are keyed like the API's fields."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("activities invalid")
        self.errors = errors


def activities_calculate(*, gwp_code: str, items: list[dict]) -> dict:
    """Emissions of posted activities ({source, category, factor, quantity, unit, uncertainty?} as validated)
    with the GWP set ``gwp_code``: totals and each line with the factor it used. Raises ActivitiesInvalid."""
    gwp = gwp_values(selectors.gwp_set_by_code(code=gwp_code))
    factors = selectors.factors_by_codes(codes=[a["factor"] for a in items])
    errors, activities = {}, []
    for index, item in enumerate(items):
        factor = factors.get(item["factor"])
        if factor is None:
            errors[f"activities.{index}.factor"] = [unknown_factor(item["factor"]).message()]
            continue
        fdata = factor_data(factor)
        if problem := gwp_problem(gases=fdata.gases, gwp=gwp, gwp_code=gwp_code):
            errors[f"activities.{index}.factor"] = [problem.message()]
        elif problem := unit_problem(unit=item["unit"], factor_code=fdata.code, factor_unit=fdata.unit):
            errors[f"activities.{index}.unit"] = [problem.message()]
        else:
            activities.append(
                Activity(
                    source=item["source"],
                    category=item["category"],
                    factor=fdata,
                    quantity=item["quantity"],
                    unit=item["unit"],
                    uncertainty=item.get("uncertainty", Decimal(0)),
                )
            )
    if errors:
        raise ActivitiesInvalid(errors)
    result = calculate(activities, gwp)
    lines = [
        {
            "source": line.source,
            "category": line.category,
            "tco2e": t4(line.tco2e),
            "by_gas": {g: t4(v) for g, v in line.tco2e_by_gas.items()},
            "factor": factor_snapshot(line.factor, factors[line.factor.code]),
        }
        for line in result.lines
    ]
    return {
        "total_tco2e": t4(result.total),
        "by_category": {c: t4(v) for c, v in sorted(result.by_category.items())},
        "by_gas": {g: t4(v) for g, v in sorted(result.by_gas.items())},
        "lines": lines,
        "gwp": gwp_code,
        "uncertainty": None if result.uncertainty is None else f"{result.uncertainty.quantize(Decimal('0.01'))}",
    }
