"""Load the factor sets and GWP sets kept as YAML in carbon/data/ (a data migration calls this, so a bare
``migrate`` has the whole library). Only what is missing is created: later sets are added in the admin."""

from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml

from carbon.calc.units import normalise_unit

DATA = Path(__file__).resolve().parent / "data"


def _read(name: str):
    with (DATA / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def factor_sets() -> list[dict]:
    sets = []
    for path in sorted(DATA.glob("factors-*.yaml")):
        data = _read(path.name)
        sets.extend(data if isinstance(data, list) else [data])
    return sets


@cache
def methodology() -> dict:
    data = _read("methodology.yaml")
    return {
        "grade_bands": [(Decimal(b["max"]), b["grade"]) for b in data["quality_grades"]],
        "activity_uncertainty": {int(k): Decimal(v) for k, v in data["activity_uncertainty_defaults"].items()},
    }


def load_library(*, gwp_set, gwp_value, factor_set, factor, factor_gas) -> int:
    made = 0
    for spec in _read("gwp.yaml"):
        gset, _ = gwp_set.objects.get_or_create(
            code=spec["code"], defaults={"title": spec["title"], "source": spec["source"], "year": spec["year"]}
        )
        for gas, value in spec["values"].items():
            gwp_value.objects.get_or_create(gwp_set=gset, gas=gas, defaults={"value": Decimal(value)})
    # the migration that first loads the library runs before FactorSet has data_year (a later one sets it)
    with_data_year = any(f.name == "data_year" for f in factor_set._meta.get_fields())
    for spec in factor_sets():
        set_fields = {
            "title": spec["title"],
            "source_document": spec["source_document"],
            "year": spec["year"],
            "note": spec.get("note") or {},
        }
        if with_data_year:
            set_fields["data_year"] = spec.get("data_year")
        fset, _ = factor_set.objects.get_or_create(code=spec["code"], defaults=set_fields)
        defaults = spec.get("defaults", {})
        for item in spec["factors"]:
            if factor.objects.filter(code=item["code"]).exists():
                continue
            row = factor.objects.create(
                factor_set=fset,
                code=item["code"],
                name=item["name"],
                ipcc_name=item.get("ipcc_name", ""),
                kind=item["kind"],
                unit=normalise_unit(item["unit"]),
                uncertainty=Decimal(str(item.get("uncertainty", defaults.get("uncertainty", "0")))),
                quality=int(item.get("quality", defaults.get("quality", 2))),
            )
            for gas, value in item["gases"].items():
                factor_gas.objects.create(factor=row, gas=gas, value=Decimal(str(value)))
            made += 1
    return made
