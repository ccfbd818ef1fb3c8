"""Units of activity data, converted exactly (Decimal). A unit that does not fit the factor is an error.

度 is a kWh for electricity and a cubic metre for water: it converts to whichever the factor is in.
"""

from decimal import Decimal

# canonical unit → {spelling: how many canonical units one of it is}
UNITS: dict[str, dict[str, Decimal]] = {
    "kWh": {"kwh": Decimal(1), "度": Decimal(1), "mwh": Decimal(1000), "千度": Decimal(1000), "gwh": Decimal(10**6)},
    "L": {"l": Decimal(1), "公升": Decimal(1), "kl": Decimal(1000), "公秉": Decimal(1000), "千公升": Decimal(1000)},
    "m3": {"m3": Decimal(1), "m³": Decimal(1), "立方公尺": Decimal(1), "度": Decimal(1), "千立方公尺": Decimal(1000),
           "km3": Decimal(1000), "千m3": Decimal(1000)},
    "kg": {"kg": Decimal(1), "公斤": Decimal(1), "t": Decimal(1000), "公噸": Decimal(1000), "tonne": Decimal(1000),
           "g": Decimal("0.001")},
    "GJ": {"gj": Decimal(1), "mj": Decimal("0.001"), "tj": Decimal(1000)},
    "tkm": {"tkm": Decimal(1), "延噸公里": Decimal(1)},
    "km": {"km": Decimal(1), "公里": Decimal(1)},
}  # fmt: skip
CANONICAL = {name.lower(): name for name in UNITS} | {"m^3": "m3", "kl": "L"}


class UnitError(ValueError):
    def __init__(self, given: str, wanted: str):
        super().__init__(f"{given!r} cannot be converted to {wanted}")
        self.given, self.wanted = given, wanted


def normalise_unit(text: str) -> str:
    """A factor's unit as stored (kWh, L, m3, kg…)."""
    cleaned = str(text).strip()
    for canonical in UNITS:
        if cleaned.lower() == canonical.lower():
            return canonical
    raise UnitError(text, "a known unit")


def convert(quantity: Decimal, unit: str, to: str) -> Decimal:
    """``quantity`` in ``unit`` expressed in the factor's unit ``to`` (exact)."""
    table = UNITS.get(to)
    key = str(unit).strip()
    if table is None:
        raise UnitError(unit, to)
    scale = table.get(key) or table.get(key.lower())
    if scale is None:
        raise UnitError(unit, to)
    return quantity * scale


PRETTY = {"kwh": "kWh", "mwh": "MWh", "gwh": "GWh", "l": "L", "kl": "kL", "gj": "GJ", "mj": "MJ", "tj": "TJ"}


def spellings(to: str) -> list[str]:
    """The units a form offers for a factor's unit: the factor's own first."""
    others = sorted({PRETTY.get(k, k) for k in UNITS.get(to, {})} - {to})
    return [to, *others]
