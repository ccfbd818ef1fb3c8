"""Tables of the ISO 14064-1 report built from the recalculated activity lines (the snapshot keeps totals
only): direct emissions per gas and the appendix's activity data grouped by source."""

from decimal import Decimal
from itertools import zip_longest

from django.utils.translation import gettext as _

from carbon.calc.compute import CO2E

from .figures import MAIN_GASES, ZERO, gas_family, kg, percent, share, tco2e


def gas_label(gas: str) -> str:
    return _("CO2e (factors given as CO2 equivalents)") if gas == CO2E else gas


def direct_by_gas(result) -> list[dict] | None:
    if result is None:
        return None
    tonnes: dict[str, Decimal] = {}
    masses: dict[str, Decimal] = {}
    for line in result.lines:
        if line.category != "1":
            continue
        for gas, value in line.tco2e_by_gas.items():
            family = gas_family(gas)
            tonnes[family] = tonnes.get(family, ZERO) + value
            masses[family] = masses.get(family, ZERO) + line.mass_kg[gas]
    families = list(MAIN_GASES) + sorted(set(tonnes) - set(MAIN_GASES))
    total = sum(tonnes.values(), ZERO)
    return [
        {
            "gas": gas_label(f),
            "tco2e": tco2e(tonnes.get(f, ZERO)),
            "kg": kg(masses.get(f, ZERO)),
            "share": percent(share(tonnes.get(f, ZERO), total)),
            "quantified": f in tonnes,
        }
        for f in families
    ]


def activity_rows(result, units: dict[str, str]) -> list[dict] | None:
    if result is None:
        return None
    lines = sorted(result.lines, key=lambda line: (line.category, line.source, line.month))
    return [
        {
            "source": line.source,
            "month": line.month,
            "quantity": f"{line.quantity.normalize():,f}",
            "unit": units.get(line.factor.code, line.factor.unit),
            "factor": line.factor.code,
            "tco2e": tco2e(line.tco2e),
        }
        for line in lines
    ]


def activity_groups(rows: list[dict] | None) -> list[dict] | None:
    """The appendix's activity rows grouped by source (consecutive rows of one source, factor and unit): the
    source, factor and unit said once above its months, not repeated in every row; ``lines`` pairs the months
    for a table of two months a line (the second of the last line None when their number is odd)."""
    if rows is None:
        return None
    groups: list[dict] = []
    for row in rows:
        key = (row["source"], row["factor"], row["unit"])
        if not groups or groups[-1]["key"] != key:
            groups.append(
                {"key": key, "source": row["source"], "factor": row["factor"], "unit": row["unit"], "rows": []}
            )
        groups[-1]["rows"].append(row)
    for group in groups:  # two months a line: the first half of the months on the left, the second on the right
        half = (len(group["rows"]) + 1) // 2
        left, right = group["rows"][:half], group["rows"][half:]
        group["lines"] = list(zip_longest(left, right))
    return groups
